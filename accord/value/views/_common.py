"""Pieces shared by the value pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

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
    DetailMinimum,
    DetailRule,
    ExclusivityLoss,
    OutcomeMeasure,
    Payment,
    RoyaltyReport,
    sees_value,
)

ENTRIES = {
    "payments": {
        "form": PaymentForm,
        "model": Payment,
        "label": "payment",
        "get": access.get_payment_for_user,
        "create": actions.payment_create,
        "update": lambda **kw: actions.payment_update(payment=kw.pop("obj"), **kw),
        "delete": lambda **kw: actions.payment_delete(payment=kw.pop("obj"), **kw),
    },
    "royalties": {
        "form": RoyaltyForm,
        "model": RoyaltyReport,
        "label": "royalty report",
        "get": access.get_royalty_for_user,
        "create": actions.royalty_report_create,
        "update": lambda **kw: actions.royalty_report_update(report=kw.pop("obj"), **kw),
        "delete": lambda **kw: actions.royalty_report_delete(report=kw.pop("obj"), **kw),
    },
    "detail-rules": {
        "form": DetailRuleForm,
        "model": DetailRule,
        "label": "counting rule",
        "get": access.get_detail_rule_for_user,
        "create": actions.detail_rule_create,
        "update": lambda **kw: actions.detail_rule_update(rule=kw.pop("obj"), **kw),
        "delete": lambda **kw: actions.detail_rule_delete(rule=kw.pop("obj"), **kw),
    },
    "detail-minimums": {
        "form": DetailMinimumForm,
        "model": DetailMinimum,
        "label": "contracted minimum",
        "get": access.get_detail_minimum_for_user,
        "create": actions.detail_minimum_create,
        "update": lambda **kw: actions.detail_minimum_update(minimum=kw.pop("obj"), **kw),
        "delete": lambda **kw: actions.detail_minimum_delete(minimum=kw.pop("obj"), **kw),
    },
    "outcomes": {
        "form": OutcomeForm,
        "model": OutcomeMeasure,
        "label": "outcome measure",
        "get": access.get_outcome_for_user,
        "create": actions.outcome_create,
        "update": lambda **kw: actions.outcome_update(outcome=kw.pop("obj"), **kw),
        "delete": lambda **kw: actions.outcome_delete(outcome=kw.pop("obj"), **kw),
    },
    "loe": {
        "form": LoeForm,
        "model": ExclusivityLoss,
        "label": "loss-of-exclusivity date",
        "get": access.get_loe_for_user,
        "create": actions.loe_create,
        "update": lambda **kw: actions.loe_update(loe=kw.pop("obj"), **kw),
        "delete": lambda **kw: actions.loe_delete(loe=kw.pop("obj"), **kw),
    },
}


def _entry(kind):
    if kind not in ENTRIES:
        raise Http404("No such kind of value record.")
    return ENTRIES[kind]


def _require_internal(user):
    if not sees_value(user):
        raise PermissionDenied("Deal values are internal to our company.")


def _form_page(request, context, form, conflict=None):
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request, "value/form.html", {**context, "form": form, "conflict": conflict}, status=status
    )


def _tab_url(alliance_id) -> str:
    return reverse("value:alliance_value", args=[alliance_id])
