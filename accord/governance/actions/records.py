"""Writes to decisions, action items, issues, risks and partner communications.

Every lifecycle change goes through `check_transition` with the model's allowed transitions.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.versioning import bump, check_version, lock

from .. import reminders
from ..models import (
    ACTION_TRANSITIONS,
    COMMUNICATION_TRANSITIONS,
    DECISION_TRANSITIONS,
    ISSUE_TRANSITIONS,
    SLOW_DECISION_DAYS,
    ActionItem,
    ActionStatus,
    Communication,
    CommunicationStatus,
    Decision,
    DecisionStatus,
    GovernanceSettings,
    Issue,
    IssueEscalation,
    IssueStatus,
    Meeting,
    ReviewOutcome,
    Risk,
    add_business_days,
    check_transition,
)
from ..models.common import today
from .common import assign, check_committee, check_person, check_program, require_reason, scope
from .meetings import require_minutes_open

# --- Decisions ------------------------------------------------------------------------------

DECISION_FIELDS = [
    "committee",
    "meeting",
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


def _attach_meeting(record, meeting: Meeting | None) -> None:
    """A record made in a meeting belongs to the meeting's body, and is internal if it is."""
    if meeting is None:
        return
    if meeting.alliance_id != record.alliance_id:
        raise ValidationError({"meeting": "That meeting belongs to another alliance."})
    require_minutes_open(meeting)
    record.meeting = meeting
    record.committee = meeting.committee
    if meeting.is_internal:
        record.is_internal = True


@transaction.atomic
def decision_create(*, actor, alliance, data: dict, meeting: Meeting | None = None) -> Decision:
    """Raise a decision with a body (or in a meeting)."""
    decision = Decision(alliance=alliance, raised_by=actor, status=DecisionStatus.RAISED)
    assign(decision, data, [*DECISION_EDITABLE, "raised_on"])
    decision.title = (decision.title or "").strip()
    _attach_meeting(decision, meeting)
    if meeting is not None and "raised_on" not in data:
        decision.raised_on = _meeting_date(meeting)
    check_committee(alliance, decision.committee)
    decision.program = check_program(alliance, decision.program, decision.committee)
    decision.full_clean()
    decision.save()
    audit.record_create(actor=actor, obj=decision, fields=DECISION_FIELDS, **scope(decision))
    return decision


@transaction.atomic
def decision_update(
    *, actor, decision: Decision, data: dict, expected_version=None, reason=""
) -> Decision:
    decision = lock(Decision, decision.pk)
    check_version(decision, expected_version)
    if decision.status == DecisionStatus.DECIDED:
        raise ValidationError({"status": "A decided decision cannot be edited."})
    before = audit.snapshot(decision, DECISION_FIELDS)
    assign(decision, data, DECISION_EDITABLE)
    check_committee(decision.alliance, decision.committee)
    decision.program = check_program(decision.alliance, decision.program, decision.committee)
    decision.full_clean()
    bump(decision)
    decision.save()
    audit.record_update(actor=actor, obj=decision, before=before, reason=reason, **scope(decision))
    return decision


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
    decision = lock(Decision, decision.pk)
    check_version(decision, expected_version)
    check_transition(decision, "status", status, DECISION_TRANSITIONS)
    if meeting is not None:
        if meeting.alliance_id != decision.alliance_id:
            raise ValidationError({"meeting": "That meeting belongs to another alliance."})
        require_minutes_open(meeting)
    on = on or (_meeting_date(meeting) if meeting is not None else today())
    if on < decision.raised_on:
        raise ValidationError({"decided_on": f"The decision was raised on {decision.raised_on}."})
    before = audit.snapshot(decision, DECISION_FIELDS)
    if status == DecisionStatus.PROPOSED:
        decision.proposed_on = on
    elif status == DecisionStatus.DECIDED:
        if decision.committee is None:
            raise ValidationError(
                {"committee": "Say which body decides before recording the decision."}
            )
        outcome = (outcome or "").strip()
        if not outcome:
            raise ValidationError({"outcome": "Say what was decided."})
        decision.outcome = outcome
        decision.rationale = (rationale or "").strip()
        decision.decided_on = on
        decision.decided_by = decision.committee
        decision.outside_charter = decision.area not in (decision.committee.decides or [])
        decision.slow = (on - decision.raised_on).days > SLOW_DECISION_DAYS
        if meeting is not None:
            decision.meeting = meeting
    elif status == DecisionStatus.DEFERRED:
        reason = require_reason(reason, "deferring the decision")
    elif status == DecisionStatus.ESCALATED:
        reason = require_reason(reason, "escalating the decision")
        target = decision.committee.escalates_to if decision.committee else None
        if target is None:
            raise ValidationError(
                {
                    "status": f"{decision.committee or 'This decision'} has no escalation path in its charter."
                }
            )
        decision.committee = target
    decision.status = status
    decision.full_clean()
    bump(decision)
    decision.save()
    audit.record_update(
        actor=actor, obj=decision, before=before, reason=reason or rationale, **scope(decision)
    )
    return decision


@transaction.atomic
def decision_record(
    *, actor, meeting: Meeting, data: dict, outcome: str, rationale: str = ""
) -> Decision:
    """A decision raised and taken in the same meeting, recorded inline in its minutes."""
    decision = decision_create(actor=actor, alliance=meeting.alliance, data=data, meeting=meeting)
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
        raise ValidationError({"decision": "That decision belongs to another alliance."})
    action.program = check_program(action.alliance, action.program, action.committee)
    check_person(action.alliance, action.owner, field="owner", internal_only=action.is_internal)


@transaction.atomic
def action_create(*, actor, alliance, data: dict, meeting: Meeting | None = None) -> ActionItem:
    action = ActionItem(alliance=alliance)
    assign(action, data, ACTION_EDITABLE)
    action.title = (action.title or "").strip()
    _attach_meeting(action, meeting)
    if action.owner_id is None:
        raise ValidationError({"owner": "Name the person who owns this action."})
    _check_action(action)
    action.full_clean()
    action.save()
    audit.record_create(actor=actor, obj=action, fields=ACTION_FIELDS, **scope(action))
    reminders.action_assigned(action)
    return action


@transaction.atomic
def action_update(
    *, actor, action: ActionItem, data: dict, expected_version=None, reason=""
) -> ActionItem:
    action = lock(ActionItem, action.pk)
    check_version(action, expected_version)
    before = audit.snapshot(action, ACTION_FIELDS)
    owner_before = action.owner_id
    assign(action, data, ACTION_EDITABLE)
    if action.meeting_id and action.meeting.is_internal:
        action.is_internal = True
    _check_action(action)
    action.full_clean()
    bump(action)
    action.save()
    audit.record_update(actor=actor, obj=action, before=before, reason=reason, **scope(action))
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
    action = lock(ActionItem, action.pk)
    check_version(action, expected_version)
    check_transition(action, "status", status, ACTION_TRANSITIONS)
    before = audit.snapshot(action, ACTION_FIELDS)
    action.status = status
    action.completed_on = (on or today()) if status == ActionStatus.DONE else None
    bump(action)
    action.save()
    audit.record_update(actor=actor, obj=action, before=before, reason=reason, **scope(action))
    return action


# --- Issues ---------------------------------------------------------------------------------

ISSUE_FIELDS = [
    "program",
    "title",
    "description",
    "area",
    "severity",
    "raised_by",
    "raised_on",
    "status",
    "level",
    "level_since",
    "resolution",
    "resolved_on",
    "closed_on",
    "is_internal",
]
ISSUE_EDITABLE = ["program", "title", "description", "area", "severity", "is_internal"]


def _check_issue(issue: Issue) -> None:
    check_committee(issue.alliance, issue.level, field="level")
    issue.program = check_program(issue.alliance, issue.program, issue.level)


@transaction.atomic
def issue_create(*, actor, alliance, data: dict, now: dt.datetime | None = None) -> Issue:
    now = now or timezone.now()
    issue = Issue(alliance=alliance, raised_by=actor, level_since=now)
    assign(issue, data, [*ISSUE_EDITABLE, "level", "raised_on"])
    if "raised_on" not in data:
        issue.raised_on = timezone.localdate(now)
    issue.title = (issue.title or "").strip()
    _check_issue(issue)
    issue.full_clean()
    issue.save()
    if issue.level is not None:
        IssueEscalation.objects.create(
            issue=issue, to_level=issue.level, at=now, by=actor, reason="Raised"
        )
    audit.record_create(actor=actor, obj=issue, fields=ISSUE_FIELDS, **scope(issue))
    return issue


@transaction.atomic
def issue_update(*, actor, issue: Issue, data: dict, expected_version=None, reason="") -> Issue:
    issue = lock(Issue, issue.pk)
    check_version(issue, expected_version)
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError({"status": "A closed issue cannot be edited."})
    before = audit.snapshot(issue, ISSUE_FIELDS)
    assign(issue, data, ISSUE_EDITABLE)
    _check_issue(issue)
    issue.full_clean()
    bump(issue)
    issue.save()
    audit.record_update(actor=actor, obj=issue, before=before, reason=reason, **scope(issue))
    return issue


@transaction.atomic
def issue_assign_level(
    *, actor, issue: Issue, level, reason: str, now: dt.datetime | None = None
) -> Issue:
    """Put an unresolved issue with a body (first assignment, or a correction); the clock restarts."""
    reason = require_reason(reason, "moving the issue to another body")
    issue = lock(Issue, issue.pk)
    if not issue.is_unresolved:
        raise ValidationError({"level": "Only an unresolved issue moves between bodies."})
    if level is None or (issue.level_id == level.pk):
        raise ValidationError({"level": "Choose a different body."})
    now = now or timezone.now()
    before = audit.snapshot(issue, ISSUE_FIELDS)
    previous = issue.level
    issue.level = level
    _check_issue(issue)
    days = issue.days_at_level(now) if previous else None
    issue.level_since = now
    bump(issue)
    issue.save()
    IssueEscalation.objects.create(
        issue=issue,
        from_level=previous,
        to_level=level,
        at=now,
        by=actor,
        reason=reason,
        days_at_previous_level=days,
    )
    audit.record_update(actor=actor, obj=issue, before=before, reason=reason, **scope(issue))
    return issue


@transaction.atomic
def issue_escalate(
    *, actor, issue: Issue, reason: str, now: dt.datetime | None = None, expected_version=None
) -> Issue:
    """Take an unresolved issue one level up the body's escalation path; the clock restarts there."""
    reason = require_reason(reason, "escalating the issue")
    issue = lock(Issue, issue.pk)
    check_version(issue, expected_version)
    check_transition(issue, "status", IssueStatus.ESCALATED, ISSUE_TRANSITIONS)
    if issue.level is None:
        raise ValidationError({"level": "Put the issue with a body before escalating it."})
    target = issue.level.escalates_to
    if target is None:
        raise ValidationError(
            {
                "level": f"{issue.level} is the last level of the escalation path: there is nowhere higher to go."
            }
        )
    now = now or timezone.now()
    before = audit.snapshot(issue, ISSUE_FIELDS)
    days = issue.days_at_level(now)
    previous = issue.level
    issue.status = IssueStatus.ESCALATED
    issue.level = target
    issue.program = check_program(issue.alliance, issue.program, target)
    issue.level_since = now
    bump(issue)
    issue.save()
    IssueEscalation.objects.create(
        issue=issue,
        from_level=previous,
        to_level=target,
        at=now,
        by=actor,
        reason=reason,
        days_at_previous_level=days,
    )
    audit.record_update(actor=actor, obj=issue, before=before, reason=reason, **scope(issue))
    return issue


@transaction.atomic
def issue_resolve(
    *, actor, issue: Issue, resolution: str, on: dt.date | None = None, expected_version=None
) -> Issue:
    issue = lock(Issue, issue.pk)
    check_version(issue, expected_version)
    check_transition(issue, "status", IssueStatus.RESOLVED, ISSUE_TRANSITIONS)
    resolution = (resolution or "").strip()
    if len(resolution) < 5:
        raise ValidationError(
            {"resolution": "Say how the issue was resolved (at least 5 characters)."}
        )
    before = audit.snapshot(issue, ISSUE_FIELDS)
    issue.status = IssueStatus.RESOLVED
    issue.resolution = resolution
    issue.resolved_on = on or today()
    bump(issue)
    issue.save()
    audit.record_update(actor=actor, obj=issue, before=before, **scope(issue))
    return issue


@transaction.atomic
def issue_reopen(*, actor, issue: Issue, reason: str, now: dt.datetime | None = None) -> Issue:
    reason = require_reason(reason, "reopening the issue")
    issue = lock(Issue, issue.pk)
    check_transition(issue, "status", IssueStatus.OPEN, ISSUE_TRANSITIONS)
    before = audit.snapshot(issue, ISSUE_FIELDS)
    issue.status = IssueStatus.OPEN
    issue.resolved_on = None
    issue.level_since = now or timezone.now()
    bump(issue)
    issue.save()
    audit.record_update(actor=actor, obj=issue, before=before, reason=reason, **scope(issue))
    return issue


@transaction.atomic
def issue_close(*, actor, issue: Issue, on: dt.date | None = None) -> Issue:
    """Close a resolved issue (the page then prompts for a lesson learned)."""
    issue = lock(Issue, issue.pk)
    check_transition(issue, "status", IssueStatus.CLOSED, ISSUE_TRANSITIONS)
    before = audit.snapshot(issue, ISSUE_FIELDS)
    issue.status = IssueStatus.CLOSED
    issue.closed_on = on or today()
    bump(issue)
    issue.save()
    audit.record_update(actor=actor, obj=issue, before=before, **scope(issue))
    return issue


# --- Risks ----------------------------------------------------------------------------------

RISK_FIELDS = [
    "program",
    "title",
    "description",
    "area",
    "likelihood",
    "impact",
    "mitigation",
    "owner",
    "review_on",
    "status",
]


def _check_risk(risk: Risk) -> None:
    risk.program = check_program(risk.alliance, risk.program)
    check_person(risk.alliance, risk.owner, field="owner", internal_only=True)


@transaction.atomic
def risk_create(*, actor, alliance, data: dict) -> Risk:
    risk = Risk(alliance=alliance)
    assign(risk, data, [name for name in RISK_FIELDS if name != "status"])
    if risk.owner_id is None:
        raise ValidationError({"owner": "Name the person who owns this risk."})
    _check_risk(risk)
    risk.full_clean()
    risk.save()
    audit.record_create(actor=actor, obj=risk, fields=RISK_FIELDS, **scope(risk))
    return risk


@transaction.atomic
def risk_update(*, actor, risk: Risk, data: dict, expected_version=None, reason="") -> Risk:
    risk = lock(Risk, risk.pk)
    check_version(risk, expected_version)
    before = audit.snapshot(risk, RISK_FIELDS)
    assign(risk, data, RISK_FIELDS)
    _check_risk(risk)
    risk.full_clean()
    bump(risk)
    risk.save()
    audit.record_update(actor=actor, obj=risk, before=before, reason=reason, **scope(risk))
    return risk


# --- Partner communications -----------------------------------------------------------------

COMMUNICATION_FIELDS = [
    "program",
    "title",
    "kind",
    "proposed_by",
    "summary",
    "planned_release_on",
    "status",
    "reviewers",
    "submitted_on",
    "review_business_days",
    "review_due_on",
    "outcome",
    "outcome_notes",
    "concluded_on",
    "is_internal",
]
COMMUNICATION_EDITABLE = [
    "program",
    "title",
    "kind",
    "proposed_by",
    "summary",
    "planned_release_on",
    "is_internal",
]


def _check_communication(communication: Communication, reviewers) -> None:
    from .common import party_ids

    alliance = communication.alliance
    communication.program = check_program(alliance, communication.program)
    if communication.proposed_by_id and communication.proposed_by_id not in party_ids(alliance):
        raise ValidationError(
            {"proposed_by": "The proposing party must be a party to this alliance."}
        )
    for person in reviewers:
        check_person(alliance, person, field="reviewers", internal_only=communication.is_internal)
        if person.company_id == communication.proposed_by_id:
            raise ValidationError(
                {
                    "reviewers": f"{person} works for the proposing party: reviewers come from the other party."
                }
            )


@transaction.atomic
def communication_create(*, actor, alliance, data: dict) -> Communication:
    data = dict(data)
    reviewers = list(data.pop("reviewers", []) or [])
    communication = Communication(alliance=alliance)
    assign(communication, data, COMMUNICATION_EDITABLE)
    communication.title = (communication.title or "").strip()
    if communication.proposed_by_id is None:
        raise ValidationError({"proposed_by": "Say which party wants to publish."})
    _check_communication(communication, reviewers)
    communication.full_clean()
    communication.save()
    communication.reviewers.set(reviewers)
    audit.record_create(
        actor=actor, obj=communication, fields=COMMUNICATION_FIELDS, **scope(communication)
    )
    return communication


@transaction.atomic
def communication_update(
    *, actor, communication: Communication, data: dict, expected_version=None, reason=""
) -> Communication:
    communication = lock(Communication, communication.pk)
    check_version(communication, expected_version)
    if communication.status not in (CommunicationStatus.DRAFT, CommunicationStatus.UNDER_REVIEW):
        raise ValidationError(
            {
                "status": f"A communication whose review is {communication.get_status_display().lower()} cannot be edited."
            }
        )
    data = dict(data)
    reviewers = data.pop("reviewers", None)
    before = audit.snapshot(communication, COMMUNICATION_FIELDS)
    assign(communication, data, COMMUNICATION_EDITABLE)
    reviewers = list(communication.reviewers.all()) if reviewers is None else list(reviewers)
    _check_communication(communication, reviewers)
    communication.full_clean()
    bump(communication)
    communication.save()
    communication.reviewers.set(reviewers)
    audit.record_update(
        actor=actor, obj=communication, before=before, reason=reason, **scope(communication)
    )
    return communication


@transaction.atomic
def communication_submit(
    *, actor, communication: Communication, on: dt.date | None = None
) -> Communication:
    """Send for review: the agreement's review period runs from today in business days."""
    communication = lock(Communication, communication.pk)
    check_transition(
        communication, "status", CommunicationStatus.UNDER_REVIEW, COMMUNICATION_TRANSITIONS
    )
    reviewers = list(communication.reviewers.all())
    if not reviewers:
        raise ValidationError({"reviewers": "Name at least one reviewer from the other party."})
    _check_communication(communication, reviewers)
    terms = GovernanceSettings.for_alliance(communication.alliance)
    on = on or today()
    before = audit.snapshot(communication, COMMUNICATION_FIELDS)
    communication.status = CommunicationStatus.UNDER_REVIEW
    communication.submitted_on = on
    communication.review_business_days = terms.disclosure_review_business_days
    communication.review_due_on = add_business_days(
        on, terms.disclosure_review_business_days, terms.business_calendar
    )
    bump(communication)
    communication.save()
    audit.record_update(actor=actor, obj=communication, before=before, **scope(communication))
    reminders.review_requested(communication)
    return communication


@transaction.atomic
def communication_conclude(
    *, actor, communication: Communication, outcome: str, notes: str = "", on: dt.date | None = None
) -> Communication:
    communication = lock(Communication, communication.pk)
    check_transition(
        communication, "status", CommunicationStatus.CONCLUDED, COMMUNICATION_TRANSITIONS
    )
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": f"Choose an outcome: {', '.join(ReviewOutcome.values)}."})
    notes = (notes or "").strip()
    if outcome != ReviewOutcome.APPROVED and len(notes) < 5:
        raise ValidationError(
            {"notes": "Say what the reviewers asked for (at least 5 characters)."}
        )
    before = audit.snapshot(communication, COMMUNICATION_FIELDS)
    communication.status = CommunicationStatus.CONCLUDED
    communication.outcome = outcome
    communication.outcome_notes = notes
    communication.concluded_on = on or today()
    bump(communication)
    communication.save()
    audit.record_update(actor=actor, obj=communication, before=before, **scope(communication))
    return communication


@transaction.atomic
def communication_withdraw(*, actor, communication: Communication, reason: str) -> Communication:
    reason = require_reason(reason, "withdrawing the communication")
    communication = lock(Communication, communication.pk)
    check_transition(
        communication, "status", CommunicationStatus.WITHDRAWN, COMMUNICATION_TRANSITIONS
    )
    before = audit.snapshot(communication, COMMUNICATION_FIELDS)
    communication.status = CommunicationStatus.WITHDRAWN
    bump(communication)
    communication.save()
    audit.record_update(
        actor=actor, obj=communication, before=before, reason=reason, **scope(communication)
    )
    return communication
