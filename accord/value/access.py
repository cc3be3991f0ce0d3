"""Fetching value records for a user: out of scope is a 404, in scope but read-only a 403.

Value is internal: partner users never reach it (404). Writes belong to whoever may edit the
alliance (its manager or designated person, leaders, admins); executives read only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accord.portfolio.access import can_edit_alliance, get_alliance_for_user

from .models import CashFlow, ExclusivityLoss, Forecast, Payment, RoyaltyReport, sees_value


def get_value_alliance(user, pk, *, write: bool = False):
    if not sees_value(user):
        raise Http404("No alliance matches the given query.")
    return get_alliance_for_user(user, pk, write=write)


def can_edit_value(user, alliance) -> bool:
    return sees_value(user) and can_edit_alliance(user, alliance)


def can_record_rates(user) -> bool:
    """Exchange rates serve the whole portfolio: leaders and admins record them."""
    return sees_value(user) and user.can_manage_portfolio


def _check(user, obj, write: bool):
    if write and not can_edit_value(user, obj.alliance):
        raise PermissionDenied(_("You can view this alliance's value but not change it."))
    return obj


def get_forecast_for_user(user, pk, *, write: bool = False) -> Forecast:
    forecast = get_object_or_404(
        Forecast.objects.visible_to(user).select_related("alliance"), pk=pk
    )
    return _check(user, forecast, write)


def _scoped(model, user, pk, write):
    from accord.portfolio.models import Alliance

    obj = get_object_or_404(
        model.objects.visible_to(user)
        .filter(alliance__in=Alliance.objects.visible_to(user))
        .select_related("alliance"),
        pk=pk,
    )
    return _check(user, obj, write)


def get_cash_flow_for_user(user, pk, *, write: bool = False) -> CashFlow:
    return _scoped(CashFlow, user, pk, write)


def get_payment_for_user(user, pk, *, write: bool = False) -> Payment:
    return _scoped(Payment, user, pk, write)


def get_royalty_for_user(user, pk, *, write: bool = False) -> RoyaltyReport:
    return _scoped(RoyaltyReport, user, pk, write)


def get_loe_for_user(user, pk, *, write: bool = False) -> ExclusivityLoss:
    return _scoped(ExclusivityLoss, user, pk, write)


def get_detail_rule_for_user(user, pk, *, write: bool = False):
    from .models import DetailRule

    return _scoped(DetailRule, user, pk, write)


def get_detail_minimum_for_user(user, pk, *, write: bool = False):
    from .models import DetailMinimum

    return _scoped(DetailMinimum, user, pk, write)


def get_detail_for_user(user, pk, *, write: bool = False):
    from .models import DetailActual

    return _scoped(DetailActual, user, pk, write)


def get_outcome_for_user(user, pk, *, write: bool = False):
    from .models import OutcomeMeasure

    return _scoped(OutcomeMeasure, user, pk, write)
