"""Pieces shared by the value pages."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.generic import Entity, entity_of, render_form

from .. import access, actions
from ..forms import (
    DetailMinimumForm,
    DetailRuleForm,
    LoeForm,
    OutcomeForm,
    PaymentForm,
    RoyaltyForm,
)
from ..models import (
    sees_value,
)

ENTRIES = {
    "payments": Entity("payment", PaymentForm, access, actions, label=gettext_lazy("payment")),
    "royalties": Entity(
        "report",
        RoyaltyForm,
        access,
        actions,
        label=gettext_lazy("royalty report"),
        prefix="royalty_report",
        getter="get_royalty_for_user",
    ),
    "detail-rules": Entity(
        "rule",
        DetailRuleForm,
        access,
        actions,
        label=gettext_lazy("counting rule"),
        prefix="detail_rule",
    ),
    "detail-minimums": Entity(
        "minimum",
        DetailMinimumForm,
        access,
        actions,
        label=gettext_lazy("contracted minimum"),
        prefix="detail_minimum",
    ),
    "outcomes": Entity(
        "outcome", OutcomeForm, access, actions, label=gettext_lazy("outcome measure")
    ),
    "loe": Entity("loe", LoeForm, access, actions, label=gettext_lazy("loss-of-exclusivity date")),
}


def _entry(kind) -> Entity:
    return entity_of(ENTRIES, kind, "No such kind of value record.")


def _require_internal(user):
    if not sees_value(user):
        raise PermissionDenied(_("Deal values are internal to our company."))


def _form_page(request, context, form):
    """A value form page; after a concurrent edit, `conflict` is the record as saved now."""
    return render_form(request, "value/form.html", context, form, conflict_key="conflict")


def _tab_url(alliance_id) -> str:
    return reverse("value:alliance_value", args=[alliance_id])
