"""Pieces shared by the value pages."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

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
    kind: Entity(label, form, get, name, create=create, update=update, delete=delete)
    for kind, label, form, get, name, create, update, delete in (
        (
            "payments",
            "payment",
            PaymentForm,
            access.get_payment_for_user,
            "payment",
            actions.payment_create,
            actions.payment_update,
            actions.payment_delete,
        ),
        (
            "royalties",
            "royalty report",
            RoyaltyForm,
            access.get_royalty_for_user,
            "report",
            actions.royalty_report_create,
            actions.royalty_report_update,
            actions.royalty_report_delete,
        ),
        (
            "detail-rules",
            "counting rule",
            DetailRuleForm,
            access.get_detail_rule_for_user,
            "rule",
            actions.detail_rule_create,
            actions.detail_rule_update,
            actions.detail_rule_delete,
        ),
        (
            "detail-minimums",
            "contracted minimum",
            DetailMinimumForm,
            access.get_detail_minimum_for_user,
            "minimum",
            actions.detail_minimum_create,
            actions.detail_minimum_update,
            actions.detail_minimum_delete,
        ),
        (
            "outcomes",
            "outcome measure",
            OutcomeForm,
            access.get_outcome_for_user,
            "outcome",
            actions.outcome_create,
            actions.outcome_update,
            actions.outcome_delete,
        ),
        (
            "loe",
            "loss-of-exclusivity date",
            LoeForm,
            access.get_loe_for_user,
            "loe",
            actions.loe_create,
            actions.loe_update,
            actions.loe_delete,
        ),
    )
}


def _entry(kind) -> Entity:
    return entity_of(ENTRIES, kind, "No such kind of value record.")


def _require_internal(user):
    if not sees_value(user):
        raise PermissionDenied("Deal values are internal to our company.")


def _form_page(request, context, form):
    """A value form page; after a concurrent edit, `conflict` is the record as saved now."""
    return render_form(request, "value/form.html", context, form, conflict_key="conflict")


def _tab_url(alliance_id) -> str:
    return reverse("value:alliance_value", args=[alliance_id])
