"""Every write to the contract register: views, the API, jobs, seeds and other apps come here.

Each action runs in one transaction, validates with the model's rules and the due-rule engine,
derives the stored due date, and writes its audit records in that same transaction, so a bad
rule or date leaves nothing behind.

Entry points for other apps (documented in the README of this app's docstring below):
- `obligation_create(actor=, alliance=, agreement=None, data=)`: e.g. the governance app creates
  "governance cadence" obligations from a committee charter (category="governance",
  agreement=None, section="Charter § 3"); the reminder job then reminds their owners.
- `event_record(...)`: record that an event happened; dormant obligations and milestones that
  count from it come alive.
- `accord.contracts.reminders.remind(...)`: the reminder cadence for any dated item.
- `Milestone.objects.paid_between(start, end)`: realised milestone payments for the value app.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accord.core import audit
from accord.core.versioning import bump, check_version, lock

from . import conflicts, rules
from .models import (
    REASON_STATES,
    Agreement,
    CalendarFeed,
    Category,
    ContractEvent,
    DefinedTerm,
    DueRule,
    Milestone,
    Obligation,
    ObligationCompletion,
    Party,
    Restriction,
    Right,
    RightState,
    State,
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


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": f"Give a reason for {what} (at least 5 characters)."})
    return reason


def _split(data: dict, m2m: set[str]) -> tuple[dict, dict]:
    scalars = {k: v for k, v in data.items() if k not in m2m}
    relations = {k: list(v) for k, v in data.items() if k in m2m}
    return scalars, relations


def _assign(instance, scalars: dict, allowed) -> None:
    allowed = set(allowed)
    for name, value in scalars.items():
        if name not in allowed:
            raise ValidationError({name: "This field cannot be set here."})
        setattr(instance, name, value)


def _scope(obj) -> dict:
    return {"alliance_id": obj.alliance_id, "program_id": getattr(obj, "program_id", None)}


def _check_agreement(agreement, alliance) -> None:
    if agreement is not None and agreement.alliance_id != alliance.pk:
        raise ValidationError({"agreement": "This agreement belongs to another alliance."})


def _check_program(program, alliance) -> None:
    if program is not None and program.alliance_id != alliance.pk:
        raise ValidationError({"program": "This program belongs to another alliance."})


def _require_section(obj) -> None:
    if getattr(obj, "agreement_id", None) and not (obj.section or "").strip():
        raise ValidationError({"section": "Cite the clause of the agreement (e.g. § 4.2)."})


# --- Agreements -----------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, actor, alliance, data: dict) -> Agreement:
    scalars, relations = _split(data, AGREEMENT_M2M)
    agreement = Agreement(alliance=alliance)
    _assign(agreement, scalars, AGREEMENT_FIELDS)
    agreement.full_clean()
    agreement.save()
    for name, values in relations.items():
        getattr(agreement, name).set(values)
    audit.record_create(
        actor=actor, obj=agreement, fields=AGREEMENT_FIELDS, alliance_id=alliance.pk
    )
    _sync_renewal_notice(actor=actor, agreement=agreement)
    return agreement


@transaction.atomic
def agreement_update(
    *, actor, agreement: Agreement, data: dict, expected_version=None, reason=""
) -> Agreement:
    agreement = lock(Agreement, agreement.pk)
    check_version(agreement, expected_version)
    before = audit.snapshot(agreement, AGREEMENT_FIELDS)
    scalars, relations = _split(data, AGREEMENT_M2M)
    _assign(agreement, scalars, AGREEMENT_FIELDS)
    agreement.full_clean()
    _check_entries_after_start(agreement)
    bump(agreement)
    agreement.save()
    for name, values in relations.items():
        getattr(agreement, name).set(values)
    audit.record_update(
        actor=actor, obj=agreement, before=before, reason=reason, alliance_id=agreement.alliance_id
    )
    _sync_renewal_notice(actor=actor, agreement=agreement)
    for obligation in agreement.obligations.filter(state=State.OPEN).exclude(
        source__startswith="renewal-notice:"
    ):
        _recompute(obligation, actor=actor, reason="agreement changed")
    return agreement


def _check_entries_after_start(agreement: Agreement) -> None:
    early = agreement.obligations.filter(rule=DueRule.FIXED, due_on__lt=agreement.effective_date)
    if early.exists():
        first = early.order_by("due_on").first()
        raise ValidationError(
            {
                "effective_date": f"Obligation “{first}” is due {first.due_on:%Y-%m-%d}, before this effective date."
            }
        )


@transaction.atomic
def agreement_delete(*, actor, agreement: Agreement, reason: str) -> None:
    reason = _require_reason(reason, "deleting an agreement")
    agreement = lock(Agreement, agreement.pk)
    if agreement.amendments.exists():
        raise ValidationError(
            {"amends": "Amendments or side letters refer to this agreement: delete them first."}
        )
    audit.record_delete(
        actor=actor,
        obj=agreement,
        fields=AGREEMENT_FIELDS,
        reason=reason,
        alliance_id=agreement.alliance_id,
    )
    agreement.delete()


@transaction.atomic
def agreement_attach(*, actor, agreement: Agreement, upload):
    """Store an uploaded document (through the shared safe-file checks) and attach it."""
    from accord.core.files import store_upload

    stored = store_upload(actor=actor, upload=upload, alliance_id=agreement.alliance_id)
    agreement.documents.add(stored)
    audit.record(
        actor=actor,
        obj=agreement,
        action="attach",
        changes={"documents": ("", stored.original_name)},
        alliance_id=agreement.alliance_id,
    )
    return stored


def _sync_renewal_notice(*, actor, agreement: Agreement) -> None:
    """The notice period to stop a renewal is itself a notice deadline: keep its obligation."""
    source = f"renewal-notice:{agreement.pk}"
    existing = Obligation.objects.filter(source=source).first()
    wanted = (
        agreement.auto_renews
        and agreement.renewal_notice_days is not None
        and agreement.expiry_date
    )
    if not wanted:
        if existing and existing.state == State.OPEN:
            before = audit.snapshot(existing, ["state", "state_reason"])
            existing.state, existing.state_reason = (
                State.AMENDED,
                "The agreement no longer renews with notice.",
            )
            existing.save(update_fields=["state", "state_reason"])
            audit.record_update(actor=actor, obj=existing, before=before, **_scope(existing))
        return
    data = {
        "agreement": agreement,
        "title": f"Notice to stop renewal of {agreement.title}"[:250],
        "description": (
            f"The agreement renews automatically for {agreement.renewal_term_months or 'a further'} "
            f"month(s) unless notice is given at least {agreement.renewal_notice_days} days before "
            f"it expires on {agreement.expiry_date:%Y-%m-%d}. Decide whether to renew."
        ),
        "section": agreement.term_section,
        "owed_by": Party.JOINT,
        "category": Category.NOTIFICATION,
        "rule": DueRule.NOTICE,
        "notice_reference_date": agreement.expiry_date,
        "notice_days": agreement.renewal_notice_days,
    }
    if existing is None:
        obligation_create(actor=actor, alliance=agreement.alliance, data=data, source=source)
    else:
        Obligation.objects.filter(pk=existing.pk, state=State.AMENDED).update(
            state=State.OPEN, state_reason=""
        )
        obligation_update(
            actor=actor, obligation=existing, data=data, reason="agreement term changed"
        )


# --- Defined terms --------------------------------------------------------------------------


@transaction.atomic
def defined_term_create(*, actor, agreement: Agreement, data: dict) -> DefinedTerm:
    term = DefinedTerm(agreement=agreement, alliance_id=agreement.alliance_id)
    _assign(term, data, TERM_FIELDS)
    term.full_clean()
    term.save()
    audit.record_create(
        actor=actor, obj=term, fields=TERM_FIELDS, alliance_id=agreement.alliance_id
    )
    return term


@transaction.atomic
def defined_term_update(*, actor, term: DefinedTerm, data: dict) -> DefinedTerm:
    term = lock(DefinedTerm, term.pk)
    before = audit.snapshot(term, TERM_FIELDS)
    _assign(term, data, TERM_FIELDS)
    term.full_clean()
    term.save()
    audit.record_update(actor=actor, obj=term, before=before, alliance_id=term.alliance_id)
    return term


@transaction.atomic
def defined_term_delete(*, actor, term: DefinedTerm, reason: str = "") -> None:
    term = lock(DefinedTerm, term.pk)
    audit.record_delete(
        actor=actor, obj=term, fields=TERM_FIELDS, reason=reason, alliance_id=term.alliance_id
    )
    term.delete()


# --- Obligations ----------------------------------------------------------------------------


def _event_date(obligation: Obligation) -> dt.date | None:
    if not obligation.trigger_event.strip():
        return None
    events = ContractEvent.objects.filter(
        alliance_id=obligation.alliance_id, name__iexact=obligation.trigger_event.strip()
    )
    if obligation.program_id:
        events = events.filter(Q(program__isnull=True) | Q(program_id=obligation.program_id))
    return events.order_by("occurred_on").values_list("occurred_on", flat=True).first()


def _reference_date(obligation: Obligation) -> dt.date | None:
    if obligation.notice_reference_right_id:
        return (
            Right.objects.filter(pk=obligation.notice_reference_right_id)
            .values_list("window_closes", flat=True)
            .first()
        )
    return obligation.notice_reference_date


def _clear_other_rules(obligation: Obligation) -> None:
    """Fields of the rules not chosen are emptied, so a stale date cannot resurface."""
    keep = RULE_FIELDS.get(obligation.rule, set())
    for rule_fields in RULE_FIELDS.values():
        for name in rule_fields - keep:
            field = Obligation._meta.get_field(name)
            setattr(obligation, name, "" if field.get_internal_type() == "CharField" else None)


def _derive_due(obligation: Obligation) -> None:
    """Validate the rule and store its current due date and due instant on the obligation."""
    if (
        obligation.rule == DueRule.RECURRING
        and not obligation.recur_start
        and obligation.agreement_id
    ):
        obligation.recur_start = obligation.agreement.effective_date
    reference = _reference_date(obligation) if obligation.rule == DueRule.NOTICE else None
    rules.validate_rule(obligation, agreement=obligation.agreement, reference_date=reference)
    try:
        if obligation.rule == DueRule.RECURRING:
            last = obligation.completions.order_by("-period_end").first() if obligation.pk else None
            due = (
                rules.next_due_after(obligation, last.period_end)
                if last and last.period_end
                else rules.first_due(obligation)
            )
        else:
            due = rules.first_due(
                obligation,
                event_date=_event_date(obligation) if obligation.rule == DueRule.EVENT else None,
                reference_date=reference,
            )
    except OverflowError as error:
        raise ValidationError(
            {"rule": "The due date falls outside the calendar: check the numbers of days."}
        ) from error
    obligation.due_date, obligation.period_end = due.due_date, due.period_end
    obligation.due_at = rules.due_instant(due.due_date, obligation.time_zone)


def _validate_obligation(obligation: Obligation) -> None:
    _check_agreement(obligation.agreement, obligation.alliance)
    _check_program(obligation.program, obligation.alliance)
    if (
        obligation.notice_reference_right_id
        and obligation.notice_reference_right.alliance_id != obligation.alliance_id
    ):
        raise ValidationError({"notice_reference_right": "This right belongs to another alliance."})
    if obligation.owner_id and obligation.owner.is_partner:
        raise ValidationError(
            {"owner": "The owner is one of our people (a partner's duty still has an owner here)."}
        )
    _require_section(obligation)
    _clear_other_rules(obligation)
    obligation.full_clean(exclude=["alliance"])
    _derive_due(obligation)


@transaction.atomic
def obligation_create(*, actor, alliance, data: dict, source: str = "") -> Obligation:
    """Create an obligation of an alliance (under one of its agreements, or none: e.g. a charter)."""
    obligation = Obligation(alliance=alliance, source=source)
    _assign(obligation, data, OBLIGATION_FIELDS)
    _validate_obligation(obligation)
    obligation.save()
    audit.record_create(actor=actor, obj=obligation, fields=OBLIGATION_AUDIT, **_scope(obligation))
    return obligation


@transaction.atomic
def obligation_update(
    *, actor, obligation: Obligation, data: dict, expected_version=None, reason=""
) -> Obligation:
    obligation = lock(Obligation, obligation.pk)
    check_version(obligation, expected_version)
    before = audit.snapshot(obligation, OBLIGATION_AUDIT)
    _assign(obligation, data, OBLIGATION_FIELDS)
    _validate_obligation(obligation)
    bump(obligation)
    obligation.save()
    audit.record_update(
        actor=actor, obj=obligation, before=before, reason=reason, **_scope(obligation)
    )
    return obligation


def _recompute(obligation: Obligation, *, actor, reason: str) -> None:
    before = audit.snapshot(obligation, ["due_date"])
    _derive_due(obligation)
    obligation.save(update_fields=["due_date", "due_at", "period_end", "recur_start"])
    audit.record_update(
        actor=actor, obj=obligation, before=before, reason=reason, **_scope(obligation)
    )


@transaction.atomic
def obligation_delete(*, actor, obligation: Obligation, reason: str) -> None:
    reason = _require_reason(reason, "deleting an obligation")
    obligation = lock(Obligation, obligation.pk)
    audit.record_delete(
        actor=actor, obj=obligation, fields=OBLIGATION_AUDIT, reason=reason, **_scope(obligation)
    )
    obligation.delete()


@transaction.atomic
def obligation_complete(
    *, actor, obligation: Obligation, completed_on: dt.date, evidence: str, evidence_upload=None
) -> Obligation:
    """Record that an obligation (or this period of a recurring one) was done, with evidence."""
    obligation = lock(Obligation, obligation.pk)
    if obligation.state != State.OPEN:
        raise ValidationError(
            {"state": f"This obligation is {obligation.get_state_display().lower()}, not open."}
        )
    evidence = (evidence or "").strip()
    if not evidence and evidence_upload is None:
        raise ValidationError(
            {
                "evidence": "Say how it was done (e.g. “report sent to Kestrel on 12 May”) or attach proof."
            }
        )
    if completed_on is None:
        raise ValidationError({"completed_on": "Give the date it was done."})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "An obligation cannot be completed in the future."})
    if obligation.agreement_id and completed_on < obligation.agreement.effective_date:
        raise ValidationError({"completed_on": "This date is before the agreement took effect."})
    stored = None
    if evidence_upload is not None:
        from accord.core.files import store_upload

        stored = store_upload(
            actor=actor,
            upload=evidence_upload,
            alliance_id=obligation.alliance_id,
            program_id=obligation.program_id,
        )
    before = audit.snapshot(obligation, OBLIGATION_AUDIT)
    ObligationCompletion.objects.create(
        obligation=obligation,
        due_date=obligation.due_date,
        period_end=obligation.period_end,
        completed_on=completed_on,
        evidence=evidence or f"See {stored.original_name}",
        evidence_file=stored,
        completed_by=actor,
    )
    obligation.completed_on, obligation.evidence, obligation.evidence_file = (
        completed_on,
        evidence,
        stored,
    )
    if obligation.rule == DueRule.RECURRING and obligation.period_end:
        nxt = rules.next_due(obligation)
        obligation.due_date, obligation.period_end = nxt.due_date, nxt.period_end
        obligation.due_at = rules.due_instant(nxt.due_date, obligation.time_zone)
        if nxt.due_date is None:
            obligation.state = State.COMPLETED
    else:
        obligation.state = State.COMPLETED
    bump(obligation)
    obligation.save()
    audit.record_update(
        actor=actor, obj=obligation, before=before, reason=evidence, **_scope(obligation)
    )
    return obligation


@transaction.atomic
def obligation_set_state(*, actor, obligation: Obligation, state: str, reason: str) -> Obligation:
    """Waive, amend, dispute or terminate an obligation, or reopen it: always with a reason."""
    reason = _require_reason(reason, "changing an obligation's status")
    if state not in (*REASON_STATES, State.OPEN):
        raise ValidationError(
            {
                "state": "Choose waived, amended, in dispute, terminated or open (use complete for done)."
            }
        )
    obligation = lock(Obligation, obligation.pk)
    before = audit.snapshot(obligation, ["state", "state_reason"])
    obligation.state = state
    obligation.state_reason = "" if state == State.OPEN else reason
    if state == State.OPEN:
        obligation.completed_on = None
        _derive_due(obligation)
    bump(obligation)
    obligation.save()
    audit.record_update(
        actor=actor, obj=obligation, before=before, reason=reason, **_scope(obligation)
    )
    return obligation


# --- Events ---------------------------------------------------------------------------------


@transaction.atomic
def event_record(
    *,
    actor,
    alliance,
    name: str,
    occurred_on: dt.date,
    agreement=None,
    program=None,
    note: str = "",
) -> ContractEvent:
    """Record that an event happened; obligations and milestones that count from it come alive."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(
            {"name": "Name the event as the agreement does (e.g. First Commercial Sale)."}
        )
    if occurred_on is None:
        raise ValidationError({"occurred_on": "Give the date the event happened."})
    if occurred_on > timezone.localdate():
        raise ValidationError(
            {
                "occurred_on": "An event is recorded once it has happened: this date is in the future."
            }
        )
    _check_agreement(agreement, alliance)
    _check_program(program, alliance)
    start = agreement.effective_date if agreement else None
    if start and occurred_on < start:
        raise ValidationError(
            {
                "occurred_on": f"The event ({occurred_on:%Y-%m-%d}) is before the agreement took effect ({start:%Y-%m-%d})."
            }
        )
    duplicate = ContractEvent.objects.filter(alliance=alliance, name__iexact=name, program=program)
    if duplicate.exists():
        raise ValidationError(
            {
                "name": f"“{name}” is already recorded for this alliance{' and program' if program else ''}."
            }
        )
    event = ContractEvent.objects.create(
        alliance=alliance,
        agreement=agreement,
        program=program,
        name=name,
        occurred_on=occurred_on,
        note=note,
        recorded_by=actor,
    )
    audit.record_create(
        actor=actor,
        obj=event,
        fields=["name", "occurred_on", "note"],
        alliance_id=alliance.pk,
        program_id=program.pk if program else None,
    )
    _apply_event(actor=actor, event=event)
    return event


def _apply_event(*, actor, event: ContractEvent) -> None:
    waiting = Obligation.objects.filter(
        alliance_id=event.alliance_id,
        rule=DueRule.EVENT,
        state=State.OPEN,
        trigger_event__iexact=event.name,
    )
    if event.program_id:
        waiting = waiting.filter(Q(program__isnull=True) | Q(program_id=event.program_id))
    for obligation in waiting.select_related("agreement"):
        _recompute(obligation, actor=actor, reason=f"{event.name} recorded")
    milestones = Milestone.objects.filter(
        alliance_id=event.alliance_id, trigger_event__iexact=event.name, achieved_on__isnull=True
    )
    if event.program_id:
        milestones = milestones.filter(Q(program__isnull=True) | Q(program_id=event.program_id))
    for milestone in milestones:
        before = audit.snapshot(milestone, ["achieved_on"])
        milestone.achieved_on = event.occurred_on
        bump(milestone)
        milestone.save(update_fields=["achieved_on", "version", "updated_at"])
        audit.record_update(
            actor=actor,
            obj=milestone,
            before=before,
            reason=f"{event.name} recorded",
            **_scope(milestone),
        )


@transaction.atomic
def event_delete(*, actor, event: ContractEvent, reason: str) -> None:
    """Remove an event recorded in error: what counted from it goes back to waiting."""
    reason = _require_reason(reason, "removing an event")
    event = lock(ContractEvent, event.pk)
    audit.record_delete(
        actor=actor,
        obj=event,
        fields=["name", "occurred_on"],
        reason=reason,
        alliance_id=event.alliance_id,
        program_id=event.program_id,
    )
    name, alliance_id = event.name, event.alliance_id
    event.delete()
    for obligation in Obligation.objects.filter(
        alliance_id=alliance_id, rule=DueRule.EVENT, state=State.OPEN, trigger_event__iexact=name
    ).select_related("agreement"):
        _recompute(obligation, actor=actor, reason=f"{name} removed: {reason}")


# --- Milestones -----------------------------------------------------------------------------


def _validate_milestone(milestone: Milestone, relations: dict) -> None:
    _check_agreement(milestone.agreement, milestone.alliance)
    _check_program(milestone.program, milestone.alliance)
    for term in relations.get("defined_terms", []):
        if term.alliance_id != milestone.alliance_id:
            raise ValidationError(
                {"defined_terms": f"“{term}” is defined in another alliance's agreement."}
            )
    milestone.currency = (milestone.currency or "").upper()
    milestone.paid_currency = (milestone.paid_currency or "").upper()
    milestone.threshold_currency = (milestone.threshold_currency or "").upper()
    milestone.full_clean(exclude=["alliance"])
    start = milestone.agreement.effective_date
    for field in ("achieved_on", "invoiced_on", "paid_on"):
        value = getattr(milestone, field)
        if value and value < start:
            raise ValidationError(
                {field: f"This date is before the agreement took effect ({start:%Y-%m-%d})."}
            )


@transaction.atomic
def milestone_create(*, actor, alliance, data: dict) -> Milestone:
    scalars, relations = _split(data, MILESTONE_M2M)
    milestone = Milestone(alliance=alliance)
    _assign(milestone, scalars, MILESTONE_FIELDS)
    _validate_milestone(milestone, relations)
    milestone.save()
    for name, values in relations.items():
        getattr(milestone, name).set(values)
    audit.record_create(actor=actor, obj=milestone, fields=MILESTONE_FIELDS, **_scope(milestone))
    return milestone


@transaction.atomic
def milestone_update(
    *, actor, milestone: Milestone, data: dict, expected_version=None, reason=""
) -> Milestone:
    milestone = lock(Milestone, milestone.pk)
    check_version(milestone, expected_version)
    before = audit.snapshot(milestone, MILESTONE_FIELDS)
    scalars, relations = _split(data, MILESTONE_M2M)
    _assign(milestone, scalars, MILESTONE_FIELDS)
    _validate_milestone(milestone, relations)
    bump(milestone)
    milestone.save()
    for name, values in relations.items():
        getattr(milestone, name).set(values)
    audit.record_update(
        actor=actor, obj=milestone, before=before, reason=reason, **_scope(milestone)
    )
    return milestone


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone, reason: str) -> None:
    reason = _require_reason(reason, "deleting a milestone")
    milestone = lock(Milestone, milestone.pk)
    audit.record_delete(
        actor=actor, obj=milestone, fields=MILESTONE_FIELDS, reason=reason, **_scope(milestone)
    )
    milestone.delete()


# --- Rights ---------------------------------------------------------------------------------


def _validate_dated_entry(entry, start_field: str) -> None:
    start = entry.agreement.effective_date
    value = getattr(entry, start_field)
    if value and value < start:
        raise ValidationError(
            {
                start_field: f"This date ({value:%Y-%m-%d}) is before the agreement took effect ({start:%Y-%m-%d})."
            }
        )


def _validate_right(right: Right) -> None:
    _check_agreement(right.agreement, right.alliance)
    _check_program(right.program, right.alliance)
    right.full_clean(exclude=["alliance"])
    _validate_dated_entry(right, "window_opens")
    _validate_dated_entry(right, "window_closes")


def _refresh_notices(right: Right, *, actor) -> None:
    for obligation in right.notice_obligations.filter(state=State.OPEN).select_related("agreement"):
        _recompute(obligation, actor=actor, reason=f"window of {right} changed")


@transaction.atomic
def right_create(*, actor, alliance, data: dict) -> Right:
    scalars, relations = _split(data, RIGHT_M2M)
    right = Right(alliance=alliance)
    _assign(right, scalars, RIGHT_FIELDS)
    _validate_right(right)
    right.save()
    for name, values in relations.items():
        getattr(right, name).set(values)
    audit.record_create(actor=actor, obj=right, fields=RIGHT_FIELDS, **_scope(right))
    return right


@transaction.atomic
def right_update(*, actor, right: Right, data: dict, expected_version=None, reason="") -> Right:
    right = lock(Right, right.pk)
    check_version(right, expected_version)
    before = audit.snapshot(right, RIGHT_FIELDS)
    scalars, relations = _split(data, RIGHT_M2M)
    _assign(right, scalars, RIGHT_FIELDS)
    _validate_right(right)
    bump(right)
    right.save()
    for name, values in relations.items():
        getattr(right, name).set(values)
    audit.record_update(actor=actor, obj=right, before=before, reason=reason, **_scope(right))
    _refresh_notices(right, actor=actor)
    return right


@transaction.atomic
def right_exercise(*, actor, right: Right, exercised_on: dt.date, note: str = "") -> Right:
    right = lock(Right, right.pk)
    if right.state != RightState.AVAILABLE:
        raise ValidationError(
            {"state": f"This right is {right.get_state_display().lower()}: it cannot be exercised."}
        )
    if right.window_closes and exercised_on > right.window_closes:
        raise ValidationError(
            {"exercised_on": f"The window closed on {right.window_closes:%Y-%m-%d}."}
        )
    return right_update(
        actor=actor,
        right=right,
        data={"state": RightState.EXERCISED, "exercised_on": exercised_on},
        reason=note or "exercised",
    )


@transaction.atomic
def right_delete(*, actor, right: Right, reason: str) -> None:
    reason = _require_reason(reason, "deleting a right")
    right = lock(Right, right.pk)
    audit.record_delete(actor=actor, obj=right, fields=RIGHT_FIELDS, reason=reason, **_scope(right))
    right.delete()


# --- Restrictions ---------------------------------------------------------------------------


def _validate_restriction(restriction: Restriction) -> None:
    _check_agreement(restriction.agreement, restriction.alliance)
    restriction.full_clean(exclude=["alliance"])
    _validate_dated_entry(restriction, "starts_on")
    if not (restriction.target_list() or restriction.mechanism_list() or restriction.field_list()):
        raise ValidationError(
            {
                "targets": "Say what the restriction covers: at least a target, a mechanism or a field."
            }
        )


@transaction.atomic
def restriction_create(*, actor, alliance, data: dict) -> Restriction:
    scalars, relations = _split(data, RESTRICTION_M2M)
    restriction = Restriction(alliance=alliance)
    _assign(restriction, scalars, RESTRICTION_FIELDS)
    _validate_restriction(restriction)
    restriction.save()
    for name, values in relations.items():
        getattr(restriction, name).set(values)
    conflicts.rebuild_scope(restriction)
    audit.record_create(
        actor=actor, obj=restriction, fields=RESTRICTION_FIELDS, alliance_id=alliance.pk
    )
    return restriction


@transaction.atomic
def restriction_update(
    *, actor, restriction: Restriction, data: dict, expected_version=None, reason=""
) -> Restriction:
    restriction = lock(Restriction, restriction.pk)
    check_version(restriction, expected_version)
    before = audit.snapshot(restriction, RESTRICTION_FIELDS)
    scalars, relations = _split(data, RESTRICTION_M2M)
    _assign(restriction, scalars, RESTRICTION_FIELDS)
    _validate_restriction(restriction)
    bump(restriction)
    restriction.save()
    for name, values in relations.items():
        getattr(restriction, name).set(values)
    conflicts.rebuild_scope(restriction)
    audit.record_update(
        actor=actor,
        obj=restriction,
        before=before,
        reason=reason,
        alliance_id=restriction.alliance_id,
    )
    return restriction


@transaction.atomic
def restriction_delete(*, actor, restriction: Restriction, reason: str) -> None:
    reason = _require_reason(reason, "deleting a restriction")
    restriction = lock(Restriction, restriction.pk)
    audit.record_delete(
        actor=actor,
        obj=restriction,
        fields=RESTRICTION_FIELDS,
        reason=reason,
        alliance_id=restriction.alliance_id,
    )
    restriction.delete()


# --- Calendar feeds -------------------------------------------------------------------------


@transaction.atomic
def feed_create(*, actor, name: str, alliance=None) -> tuple[CalendarFeed, str]:
    """A new secret feed address; the token is returned once and only its hash is kept."""
    name = (name or "").strip() or (
        f"{alliance} contract dates" if alliance else "My contract dates"
    )
    token, digest = CalendarFeed.new_token()
    feed = CalendarFeed.objects.create(
        user=actor, alliance=alliance, name=name[:100], token_hash=digest, prefix=token[:8]
    )
    audit.record_create(
        actor=actor,
        obj=feed,
        fields=["name", "prefix"],
        alliance_id=alliance.pk if alliance else None,
    )
    return feed, token


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> CalendarFeed:
    feed = lock(CalendarFeed, feed.pk)
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor, obj=feed, action="revoke", changes={}, alliance_id=feed.alliance_id
        )
    return feed
