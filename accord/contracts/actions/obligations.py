"""Obligations and the contract events that start their clocks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import (
    Entry,
    create_entry,
    delete_entry,
    open_update,
    program_scope,
    require_reason,
    save_update,
    update_entry,
)
from accord.core.scoping import require_cleared
from accord.core.versioning import bump, lock
from accord.notifications.actions import notifications_resolve_for, subject_of

from .. import rules
from ..models import (
    REASON_STATES,
    ContractEvent,
    DueRule,
    Milestone,
    Obligation,
    ObligationCompletion,
    Right,
    State,
)
from .fields import (
    OBLIGATION_AUDIT,
    OBLIGATION_FIELDS,
    RULE_FIELDS,
    _check_agreement,
    _check_program,
    _require_section,
)

# --- Obligations ----------------------------------------------------------------------------

# Another record's duties whose fulfilment that record keeps (a body's charter cadence is
# fulfilled by the meetings held): never completed by hand, their due date set by it.
FOLLOWS_MEETINGS = "governance.committee:"

# Checks that refuse an obligation doubling one another app keeps (registered in apps.py):
# `check(obligation)` raises ValidationError naming the existing one.
DUPLICATE_CHECKS: list = []


def follows_meetings(obligation: Obligation) -> bool:
    return obligation.source.startswith(FOLLOWS_MEETINGS)


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
    if follows_meetings(obligation) and obligation.pk:
        return  # its due date follows the meetings held (obligation_follow_meetings)
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
            {"rule": _("The due date falls outside the calendar: check the numbers of days.")}
        ) from error
    obligation.due_date, obligation.period_end = due.due_date, due.period_end
    obligation.due_at = rules.due_instant(due.due_date, obligation.time_zone)


def _validate_obligation(obligation: Obligation, relations: dict | None = None) -> None:
    _check_agreement(obligation.agreement, obligation.alliance)
    _check_program(obligation.program, obligation.alliance)
    if (
        obligation.notice_reference_right_id
        and obligation.notice_reference_right.alliance_id != obligation.alliance_id
    ):
        raise ValidationError(
            {"notice_reference_right": _("This right belongs to another alliance.")}
        )
    right = obligation.notice_reference_right if obligation.notice_reference_right_id else None
    if (
        right is not None
        and right.program_id
        and right.program.is_firewalled
        and right.program_id != obligation.program_id
    ):
        # Shown to everyone who sees the obligation, the right would leak its program.
        raise ValidationError(
            {
                "notice_reference_right": _(
                    "A right of a firewalled program can only be the "
                    "reference of an obligation of that same program."
                )
            }
        )
    require_cleared(obligation.program, obligation.owner, field="owner")
    if obligation.owner_id and obligation.owner.is_partner:
        raise ValidationError(
            {
                "owner": _(
                    "The owner is one of our people (a partner's duty still has an owner here)."
                )
            }
        )
    _require_section(obligation)
    for check in DUPLICATE_CHECKS:
        check(obligation)
    _clear_other_rules(obligation)
    obligation.full_clean(exclude=["alliance"])
    _derive_due(obligation)


OBLIGATION = Entry(
    Obligation,
    OBLIGATION_AUDIT,
    editable=OBLIGATION_FIELDS,
    check=_validate_obligation,
    scope=program_scope,
    noun="an obligation",
)


@transaction.atomic
def obligation_create(*, actor, alliance, data: dict, source: str = "") -> Obligation:
    """Create an obligation of an alliance (under one of its agreements, or none: e.g. a charter)."""
    obligation = Obligation(alliance=alliance, source=source)
    return create_entry(OBLIGATION, obligation, actor=actor, data=data)


@transaction.atomic
def obligation_update(
    *, actor, obligation: Obligation, data: dict, expected_version=None, reason=""
) -> Obligation:
    return update_entry(
        OBLIGATION,
        obligation,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


def _recompute(obligation: Obligation, *, actor, reason: str) -> None:
    before = audit.snapshot(obligation, ["due_date"])
    _derive_due(obligation)
    obligation.save(update_fields=["due_date", "due_at", "period_end", "recur_start"])
    audit.record_update(
        actor=actor, obj=obligation, before=before, reason=reason, **program_scope(obligation)
    )


@transaction.atomic
def obligation_delete(*, actor, obligation: Obligation, reason: str) -> None:
    delete_entry(OBLIGATION, obligation, actor=actor, reason=reason)


def _not_open(obligation: Obligation) -> str:
    """Why a closed obligation cannot be done or snoozed, as a whole sentence per state."""
    messages = {
        State.COMPLETED: _("This obligation is completed, not open."),
        State.WAIVED: _("This obligation is waived, not open."),
        State.AMENDED: _("This obligation is amended, not open."),
        State.IN_DISPUTE: _("This obligation is in dispute, not open."),
        State.TERMINATED: _("This obligation is terminated, not open."),
    }
    return messages.get(obligation.state) or _("This obligation is not open.")


@transaction.atomic
def obligation_complete(
    *, actor, obligation: Obligation, completed_on: dt.date, evidence: str, evidence_upload=None
) -> Obligation:
    """Record that an obligation (or this period of a recurring one) was done, with evidence."""
    obligation, before = open_update(OBLIGATION, obligation)
    if obligation.state != State.OPEN:
        raise ValidationError({"state": _not_open(obligation)})
    if follows_meetings(obligation):
        raise ValidationError(
            {
                "completed_on": _(
                    "This cadence is fulfilled by the meetings recorded for the body: "
                    "mark the meeting held in Governance and the register follows."
                )
            }
        )
    evidence = (evidence or "").strip()
    if not evidence and evidence_upload is None:
        raise ValidationError(
            {
                "evidence": _(
                    "Say how it was done (e.g. “report sent to Kestrel on 12 May”) or attach proof."
                )
            }
        )
    if completed_on is None:
        raise ValidationError({"completed_on": _("Give the date it was done.")})
    if completed_on > timezone.localdate():
        raise ValidationError(
            {"completed_on": _("An obligation cannot be completed in the future.")}
        )
    if obligation.agreement_id and completed_on < obligation.agreement.effective_date:
        raise ValidationError({"completed_on": _("This date is before the agreement took effect.")})
    stored = None
    if evidence_upload is not None:
        from accord.core.files import store_upload

        stored = store_upload(
            actor=actor,
            upload=evidence_upload,
            alliance_id=obligation.alliance_id,
            program_id=obligation.program_id,
        )
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
    save_update(OBLIGATION, obligation, before, actor=actor, reason=evidence)
    # Done (this period), whoever recorded it: the reminders about it are resolved.
    notifications_resolve_for(subject=subject_of(obligation))
    return obligation


@transaction.atomic
def obligation_adopt(*, actor, obligation: Obligation, source: str, reason: str) -> Obligation:
    """Another record takes over keeping an obligation typed in by hand (e.g. the cadence clause
    of a body whose charter is now recorded): one clause stays one obligation."""
    obligation = lock(Obligation, obligation.pk)
    before = audit.snapshot(obligation, ["source"])
    obligation.source = source
    bump(obligation)
    obligation.save(update_fields=["source", "version", "updated_at"])
    audit.record_update(
        actor=actor, obj=obligation, before=before, reason=reason, **program_scope(obligation)
    )
    return obligation


@transaction.atomic
def obligation_follow_meetings(
    *, actor, obligation: Obligation, met: list, due_on: dt.date | None
) -> Obligation:
    """A cadence obligation's fulfilment, from the meetings held (governance's cadence standing):
    one completion per year met, with the meeting that met it, and the next due date. Notices
    about a year now met are resolved."""
    obligation = lock(Obligation, obligation.pk)
    before = audit.snapshot(obligation, ["due_date", "completed_on"])
    completed_before = obligation.completed_on
    wanted = {
        dt.date(year, 12, 31): (met_on, f"{held} of {required} meeting(s) held in {year}.")
        for year, met_on, held, required in met
    }
    have = {c.period_end: c for c in obligation.completions.all()}
    for period_end, completion in have.items():
        if (
            period_end not in wanted
            or (
                completion.completed_on,
                completion.evidence,
            )
            != wanted[period_end]
        ):
            completion.delete()
    for period_end, (met_on, evidence) in wanted.items():
        current = have.get(period_end)
        if current is None or (current.completed_on, current.evidence) != (met_on, evidence):
            ObligationCompletion.objects.create(
                obligation=obligation,
                due_date=period_end,
                period_end=period_end,
                completed_on=met_on,
                evidence=evidence,
                completed_by=None,
            )
    latest = max((met_on for met_on, _ in wanted.values()), default=None)
    moved = obligation.due_date != due_on
    obligation.due_date, obligation.period_end = due_on, due_on
    obligation.due_at = rules.due_instant(due_on, obligation.time_zone)
    obligation.completed_on = latest
    obligation.evidence = wanted[max(wanted)][1] if wanted else ""
    if moved or completed_before != latest:
        bump(obligation)
        obligation.save()
        audit.record_update(
            actor=actor,
            obj=obligation,
            before=before,
            reason="Follows the meetings recorded as held for the body.",
            **program_scope(obligation),
        )
    if moved:
        notifications_resolve_for(subject=subject_of(obligation))
    return obligation


@transaction.atomic
def obligation_set_state(*, actor, obligation: Obligation, state: str, reason: str) -> Obligation:
    """Waive, amend, dispute or terminate an obligation, or reopen it: always with a reason."""
    reason = require_reason(reason, _("changing an obligation's status"))
    if state not in (*REASON_STATES, State.OPEN):
        raise ValidationError(
            {
                "state": _(
                    "Choose waived, amended, in dispute, terminated or open (use complete for done)."
                )
            }
        )
    obligation, before = open_update(OBLIGATION, obligation, fields=["state", "state_reason"])
    obligation.state = state
    obligation.state_reason = "" if state == State.OPEN else reason
    if state == State.OPEN:
        obligation.completed_on = None
        _derive_due(obligation)
    save_update(OBLIGATION, obligation, before, actor=actor, reason=reason)
    if state != State.OPEN:
        notifications_resolve_for(subject=subject_of(obligation))
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
            {"name": _("Name the event as the agreement does (e.g. First Commercial Sale).")}
        )
    if occurred_on is None:
        raise ValidationError({"occurred_on": _("Give the date the event happened.")})
    if occurred_on > timezone.localdate():
        raise ValidationError(
            {
                "occurred_on": _(
                    "An event is recorded once it has happened: this date is in the future."
                )
            }
        )
    _check_agreement(agreement, alliance)
    _check_program(program, alliance)
    start = agreement.effective_date if agreement else None
    if start and occurred_on < start:
        raise ValidationError(
            {
                "occurred_on": _(
                    "The event (%(date)s) is before the agreement took effect (%(start)s)."
                )
                % {"date": f"{occurred_on:%Y-%m-%d}", "start": f"{start:%Y-%m-%d}"}
            }
        )
    duplicate = ContractEvent.objects.filter(alliance=alliance, name__iexact=name, program=program)
    if duplicate.exists():
        raise ValidationError(
            {
                "name": (
                    _("“%(name)s” is already recorded for this alliance and program.")
                    if program
                    else _("“%(name)s” is already recorded for this alliance.")
                )
                % {"name": name}
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
            **program_scope(milestone),
        )


@transaction.atomic
def event_delete(*, actor, event: ContractEvent, reason: str) -> None:
    """Remove an event recorded in error: what counted from it goes back to waiting."""
    reason = require_reason(reason, _("removing an event"))
    event = lock(ContractEvent, event.pk)
    audit.record_delete(
        actor=actor,
        obj=event,
        fields=["name", "occurred_on"],
        reason=reason,
        **program_scope(event),
    )
    name, alliance_id = event.name, event.alliance_id
    event.delete()
    for obligation in Obligation.objects.filter(
        alliance_id=alliance_id, rule=DueRule.EVENT, state=State.OPEN, trigger_event__iexact=name
    ).select_related("agreement"):
        _recompute(obligation, actor=actor, reason=f"{name} removed: {reason}")


# --- Snoozing (My week) ---------------------------------------------------------------------


@transaction.atomic
def obligation_snooze(*, actor, obligation: Obligation, until: dt.date, reason: str):
    """Take an open obligation out of My week until `until`, with a reason (audited)."""
    from accord.core.snooze import check_snooze, record_snooze

    from ..models import ObligationSnooze

    reason = check_snooze(until, reason, timezone.localdate())
    obligation = lock(Obligation, obligation.pk)
    if obligation.state != State.OPEN:
        raise ValidationError({"state": _not_open(obligation)})
    snooze = ObligationSnooze.objects.create(
        obligation=obligation, until=until, reason=reason, by=actor
    )
    record_snooze(
        actor=actor, obj=obligation, until=until, reason=reason, **program_scope(obligation)
    )
    return snooze
