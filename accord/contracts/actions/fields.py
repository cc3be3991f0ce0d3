"""The editable fields of each register entry (the forms and the API use the same lists) and the
checks shared by the contract register's actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import (
    DueRule,
)

AGREEMENT_FIELDS = [
    "kind",
    "title",
    "amends",
    "parties",
    "signature_date",
    "effective_date",
    "expiry_date",
    "auto_renews",
    "renewal_term_months",
    "renewal_notice_days",
    "governing_law",
    "term_section",
    "summary",
]
AGREEMENT_M2M = {"parties"}
TERM_FIELDS = ["term", "definition", "section"]
OBLIGATION_FIELDS = [
    "agreement",
    "program",
    "title",
    "description",
    "section",
    "owed_by",
    "category",
    "owner",
    "rule",
    "due_on",
    "recur_period",
    "recur_offset_days",
    "recur_start",
    "recur_until",
    "trigger_event",
    "event_offset_days",
    "notice_reference_date",
    "notice_reference_right",
    "notice_days",
    "business_days",
    "holiday_calendar",
    "time_zone",
]
OBLIGATION_AUDIT = [
    *OBLIGATION_FIELDS,
    "due_date",
    "state",
    "state_reason",
    "completed_on",
    "evidence",
]
RULE_FIELDS = {
    DueRule.FIXED: {"due_on"},
    DueRule.RECURRING: {"recur_period", "recur_offset_days", "recur_start", "recur_until"},
    DueRule.EVENT: {"trigger_event", "event_offset_days"},
    DueRule.NOTICE: {"notice_reference_date", "notice_reference_right", "notice_days"},
}
MILESTONE_FIELDS = [
    "agreement",
    "program",
    "kind",
    "title",
    "definition",
    "defined_terms",
    "section",
    "trigger_event",
    "sales_threshold",
    "threshold_currency",
    "amount_status",
    "amount",
    "currency",
    "payer",
    "payee",
    "forecast_date",
    "achieved_on",
    "invoiced_on",
    "invoiced_amount",
    "paid_on",
    "paid_amount",
    "paid_currency",
    "disputed",
    "dispute_reason",
]
MILESTONE_M2M = {"defined_terms"}
RIGHT_FIELDS = [
    "agreement",
    "program",
    "kind",
    "holder",
    "title",
    "section",
    "clause_text",
    "targets",
    "mechanisms",
    "fields",
    "exclusivity",
    "territories",
    "window_opens",
    "window_closes",
    "state",
    "exercised_on",
    "state_reason",
]
RIGHT_M2M = {"territories"}
RESTRICTION_FIELDS = [
    "agreement",
    "kind",
    "bound",
    "title",
    "section",
    "clause_text",
    "targets",
    "mechanisms",
    "fields",
    "territories",
    "starts_on",
    "ends_on",
    "state",
    "state_reason",
]
RESTRICTION_M2M = {"territories"}


def _check_agreement(agreement, alliance) -> None:
    if agreement is not None and agreement.alliance_id != alliance.pk:
        raise ValidationError({"agreement": _("This agreement belongs to another alliance.")})


def _check_program(program, alliance) -> None:
    if program is not None and program.alliance_id != alliance.pk:
        raise ValidationError({"program": _("This program belongs to another alliance.")})


def _require_section(obj) -> None:
    if getattr(obj, "agreement_id", None) and not (obj.section or "").strip():
        raise ValidationError({"section": _("Cite the clause of the agreement (e.g. § 4.2).")})
