"""Writes to decisions and action items.

Every lifecycle change goes through `open_move`, which checks the model's allowed transitions.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.actions import (
    Entry,
    assign,
    open_update,
    require_reason,
    save_create,
    save_update,
    update_entry,
)
from accord.core.versioning import lock
from accord.notifications.actions import notifications_resolve_for, subject_of

from .. import chat, reminders
from ..models import (
    ACTION_TRANSITIONS,
    DECISION_TRANSITIONS,
    SLOW_DECISION_DAYS,
    ActionItem,
    ActionStatus,
    Decision,
    DecisionStatus,
    Meeting,
)
from ..models.common import today
from .common import check_committee, check_person, check_program, open_move, scope
from .minutes import require_minutes_open

# --- Decisions ------------------------------------------------------------------------------

DECISION_FIELDS = [
    "committee",
    "meeting",
    "agenda_item",
    "program",
    "title",
    "description",
    "area",
    "status",
    "raised_on",
    "raised_by",
    "due_on",
    "proposed_on",
    "decided_on",
    "decided_by",
    "outcome",
    "rationale",
    "outside_charter",
    "is_internal",
]
DECISION_EDITABLE = [
    "committee",
    "program",
    "title",
    "description",
    "area",
    "due_on",
    "is_internal",
]


def _meeting_date(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def _attach_meeting(record, meeting: Meeting | None, agenda_item=None) -> None:
    """A record made in a meeting belongs to the meeting's body, and is internal if it is;
    made under one of its agenda items, it is listed under that item in the minutes."""
    if meeting is None:
        if agenda_item is not None:
            raise ValidationError({"agenda_item": _("An agenda item needs its meeting.")})
        return
    if agenda_item is not None:
        if agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"agenda_item": _("That agenda item is not on this meeting.")})
        record.agenda_item = agenda_item
    if meeting.alliance_id != record.alliance_id:
        raise ValidationError({"meeting": _("That meeting belongs to another alliance.")})
    require_minutes_open(meeting)
    record.meeting = meeting
    record.committee = meeting.committee
    if meeting.is_internal:
        record.is_internal = True


def _check_decision(decision: Decision, relations: dict | None = None) -> None:
    check_committee(decision.alliance, decision.committee)
    decision.program = check_program(decision.alliance, decision.program, decision.committee)
    decision.full_clean()


def _check_decision_edit(decision: Decision, relations: dict) -> None:
    if decision.status == DecisionStatus.DECIDED:
        raise ValidationError({"status": _("A decided decision cannot be edited.")})
    _check_decision(decision)


DECISION = Entry(
    Decision, DECISION_FIELDS, editable=DECISION_EDITABLE, check=_check_decision_edit, scope=scope
)


@transaction.atomic
def decision_create(
    *, actor, alliance, data: dict, meeting: Meeting | None = None, agenda_item=None
) -> Decision:
    """Raise a decision with a body (or in a meeting, under one of its agenda items)."""
    decision = Decision(alliance=alliance, raised_by=actor, status=DecisionStatus.RAISED)
    assign(decision, data, [*DECISION_EDITABLE, "raised_on"])
    decision.title = (decision.title or "").strip()
    _attach_meeting(decision, meeting, agenda_item)
    if meeting is not None and "raised_on" not in data:
        decision.raised_on = _meeting_date(meeting)
    _check_decision(decision)
    return save_create(DECISION, decision, actor=actor)


@transaction.atomic
def decision_update(
    *, actor, decision: Decision, data: dict, expected_version=None, reason=""
) -> Decision:
    return update_entry(
        DECISION, decision, actor=actor, data=data, expected_version=expected_version, reason=reason
    )


@transaction.atomic
def decision_transition(
    *,
    actor,
    decision: Decision,
    status: str,
    outcome: str = "",
    rationale: str = "",
    reason: str = "",
    meeting: Meeting | None = None,
    on: dt.date | None = None,
    expected_version=None,
) -> Decision:
    """Move a decision along raised → proposed → decided / deferred / escalated.

    Deciding records the body, the date and the rationale, and flags a matter the body's charter
    does not give it (`outside_charter`). Escalating hands it to the body's escalation level.
    """
    decision, before = open_move(DECISION, decision, status, DECISION_TRANSITIONS, expected_version)
    if meeting is not None:
        if meeting.alliance_id != decision.alliance_id:
            raise ValidationError({"meeting": _("That meeting belongs to another alliance.")})
        require_minutes_open(meeting)
    on = on or (_meeting_date(meeting) if meeting is not None else today())
    if on < decision.raised_on:
        raise ValidationError(
            {
                "decided_on": _("The decision was raised on %(raised_on)s.")
                % {"raised_on": decision.raised_on}
            }
        )
    if status == DecisionStatus.PROPOSED:
        decision.proposed_on = on
    elif status == DecisionStatus.DECIDED:
        if decision.committee is None:
            raise ValidationError(
                {"committee": _("Say which body decides before recording the decision.")}
            )
        outcome = (outcome or "").strip()
        if not outcome:
            raise ValidationError({"outcome": _("Say what was decided.")})
        decision.outcome = outcome
        decision.rationale = (rationale or "").strip()
        decision.decided_on = on
        decision.decided_by = decision.committee
        decision.outside_charter = decision.area not in (decision.committee.decides or [])
        decision.slow = (on - decision.raised_on).days > SLOW_DECISION_DAYS
        if meeting is not None:
            decision.meeting = meeting
            if decision.agenda_item_id is None:
                # Decided on the meeting where it is on the agenda: the item shows it taken.
                decision.agenda_item = (
                    meeting.agenda_items.filter(decision=decision).order_by("position").first()
                )
    elif status == DecisionStatus.DEFERRED:
        reason = require_reason(reason, "deferring the decision")
    elif status == DecisionStatus.ESCALATED:
        reason = require_reason(reason, "escalating the decision")
        target = decision.committee.escalates_to if decision.committee else None
        if target is None:
            raise ValidationError(
                {
                    "status": (
                        _("%(body)s has no escalation path in its charter.")
                        % {"body": decision.committee}
                        if decision.committee
                        else _("This decision has no escalation path in its charter.")
                    )
                }
            )
        decision.committee = target
    decision.status = status
    decision.full_clean()
    save_update(DECISION, decision, before, actor=actor, reason=reason or rationale)
    if status == DecisionStatus.DECIDED:
        chat.decision_taken(decision)
    return decision


@transaction.atomic
def decision_record(
    *, actor, meeting: Meeting, data: dict, outcome: str, rationale: str = "", agenda_item=None
) -> Decision:
    """A decision raised and taken in the same meeting, recorded inline in its minutes (under
    the agenda item it was taken on, if given)."""
    decision = decision_create(
        actor=actor,
        alliance=meeting.alliance,
        data=data,
        meeting=meeting,
        agenda_item=agenda_item,
    )
    decision = decision_transition(
        actor=actor, decision=decision, status=DecisionStatus.PROPOSED, meeting=meeting
    )
    return decision_transition(
        actor=actor,
        decision=decision,
        status=DecisionStatus.DECIDED,
        outcome=outcome,
        rationale=rationale,
        meeting=meeting,
    )


# --- Action items ---------------------------------------------------------------------------

ACTION_FIELDS = [
    "committee",
    "meeting",
    "agenda_item",
    "decision",
    "program",
    "title",
    "description",
    "owner",
    "due_on",
    "status",
    "completed_on",
    "is_internal",
]
ACTION_EDITABLE = [
    "committee",
    "decision",
    "program",
    "title",
    "description",
    "owner",
    "due_on",
    "is_internal",
]


def _check_action(action: ActionItem) -> None:
    check_committee(action.alliance, action.committee)
    if action.decision is not None and action.decision.alliance_id != action.alliance_id:
        raise ValidationError({"decision": _("That decision belongs to another alliance.")})
    action.program = check_program(action.alliance, action.program, action.committee)
    check_person(
        action.alliance,
        action.owner,
        field="owner",
        internal_only=action.is_internal,
        program=action.program,
    )


ACTION = Entry(ActionItem, ACTION_FIELDS, editable=ACTION_EDITABLE, scope=scope)


@transaction.atomic
def action_create(
    *, actor, alliance, data: dict, meeting: Meeting | None = None, agenda_item=None
) -> ActionItem:
    action = ActionItem(alliance=alliance)
    assign(action, data, ACTION_EDITABLE)
    action.title = (action.title or "").strip()
    _attach_meeting(action, meeting, agenda_item)
    if action.owner_id is None:
        raise ValidationError({"owner": _("Name the person who owns this action.")})
    _check_action(action)
    action.full_clean()
    save_create(ACTION, action, actor=actor)
    reminders.action_assigned(action)
    return action


@transaction.atomic
def action_update(
    *, actor, action: ActionItem, data: dict, expected_version=None, reason=""
) -> ActionItem:
    action, before = open_update(ACTION, action, expected_version)
    owner_before = action.owner_id
    assign(action, data, ACTION_EDITABLE)
    if action.meeting_id and action.meeting.is_internal:
        action.is_internal = True
    _check_action(action)
    action.full_clean()
    save_update(ACTION, action, before, actor=actor, reason=reason)
    if action.owner_id != owner_before:
        reminders.action_assigned(action)
    return action


@transaction.atomic
def action_set_status(
    *,
    actor,
    action: ActionItem,
    status: str,
    on: dt.date | None = None,
    expected_version=None,
    reason="",
) -> ActionItem:
    action, before = open_move(ACTION, action, status, ACTION_TRANSITIONS, expected_version)
    action.status = status
    action.completed_on = (on or today()) if status == ActionStatus.DONE else None
    save_update(ACTION, action, before, actor=actor, reason=reason)
    if status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        # Done (or dropped) by anyone: the owner's "action for you" reminders are resolved.
        notifications_resolve_for(subject=subject_of(action))
    return action


@transaction.atomic
def action_snooze(*, actor, action: ActionItem, until: dt.date, reason: str):
    """Take an open action out of My week until `until`, with a reason (audited)."""
    from accord.core.snooze import check_snooze, record_snooze

    from ..models import ActionSnooze

    reason = check_snooze(until, reason, today())
    action = lock(ActionItem, action.pk)
    if not action.is_open:
        raise ValidationError(
            {
                "status": _("This action is %(status)s, not open.")
                % {"status": action.get_status_display().lower()}
            }
        )
    snooze = ActionSnooze.objects.create(action=action, until=until, reason=reason, by=actor)
    record_snooze(actor=actor, obj=action, until=until, reason=reason, **scope(action))
    return snooze
