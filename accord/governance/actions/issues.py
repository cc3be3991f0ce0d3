"""Writes to issues (raise, escalate up the charter's path, resolve, close) and risks."""

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

from .. import chat
from ..models import (
    ISSUE_TRANSITIONS,
    Issue,
    IssueEscalation,
    IssueStatus,
    Risk,
)
from ..models.common import today
from .common import check_committee, check_person, check_program, open_move, scope

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
    "owner",
    "target_on",
    "resolution",
    "resolved_on",
    "closed_on",
    "is_internal",
]
ISSUE_EDITABLE = [
    "program",
    "title",
    "description",
    "area",
    "severity",
    "owner",
    "target_on",
    "is_internal",
]


def _check_issue(issue: Issue) -> None:
    check_committee(issue.alliance, issue.level, field="level")
    issue.program = check_program(issue.alliance, issue.program, issue.level)
    # The owner is one of our people who can see the issue (cleared for a firewalled program).
    check_person(
        issue.alliance, issue.owner, field="owner", internal_only=True, program=issue.program
    )


def _check_issue_edit(issue: Issue, relations: dict) -> None:
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError({"status": _("A closed issue cannot be edited.")})
    _check_issue(issue)
    issue.full_clean()


ISSUE = Entry(Issue, ISSUE_FIELDS, editable=ISSUE_EDITABLE, check=_check_issue_edit, scope=scope)


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
    save_create(ISSUE, issue, actor=actor)
    if issue.level is not None:
        IssueEscalation.objects.create(
            issue=issue, to_level=issue.level, at=now, by=actor, reason="Raised"
        )
    return issue


@transaction.atomic
def issue_update(*, actor, issue: Issue, data: dict, expected_version=None, reason="") -> Issue:
    return update_entry(
        ISSUE, issue, actor=actor, data=data, expected_version=expected_version, reason=reason
    )


def _move(issue: Issue, before: dict, *, actor, previous, now, days, reason: str) -> None:
    """Save an issue now at another body: its clock restarts, and the move is on record."""
    issue.level_since = now
    save_update(ISSUE, issue, before, actor=actor, reason=reason)
    IssueEscalation.objects.create(
        issue=issue,
        from_level=previous,
        to_level=issue.level,
        at=now,
        by=actor,
        reason=reason,
        days_at_previous_level=days,
    )


@transaction.atomic
def issue_assign_level(
    *, actor, issue: Issue, level, reason: str, now: dt.datetime | None = None
) -> Issue:
    """Put an unresolved issue with a body (first assignment, or a correction); the clock restarts."""
    reason = require_reason(reason, "moving the issue to another body")
    issue, before = open_update(ISSUE, issue)
    if not issue.is_unresolved:
        raise ValidationError({"level": _("Only an unresolved issue moves between bodies.")})
    if level is None or (issue.level_id == level.pk):
        raise ValidationError({"level": _("Choose a different body.")})
    now = now or timezone.now()
    previous = issue.level
    issue.level = level
    _check_issue(issue)
    days = issue.days_at_level(now) if previous else None
    _move(issue, before, actor=actor, previous=previous, now=now, days=days, reason=reason)
    return issue


@transaction.atomic
def issue_escalate(
    *, actor, issue: Issue, reason: str, now: dt.datetime | None = None, expected_version=None
) -> Issue:
    """Take an unresolved issue one level up the body's escalation path; the clock restarts there."""
    reason = require_reason(reason, "escalating the issue")
    issue, before = open_move(
        ISSUE, issue, IssueStatus.ESCALATED, ISSUE_TRANSITIONS, expected_version
    )
    if issue.level is None:
        raise ValidationError({"level": _("Put the issue with a body before escalating it.")})
    target = issue.level.escalates_to
    if target is None:
        raise ValidationError(
            {
                "level": _(
                    "%(level)s is the last level of the escalation path: there is nowhere higher to go."
                )
                % {"level": issue.level}
            }
        )
    now = now or timezone.now()
    days = issue.days_at_level(now)
    previous = issue.level
    issue.status = IssueStatus.ESCALATED
    issue.level = target
    issue.program = check_program(issue.alliance, issue.program, target)
    _move(issue, before, actor=actor, previous=previous, now=now, days=days, reason=reason)
    chat.issue_escalated(issue)
    return issue


@transaction.atomic
def issue_resolve(
    *, actor, issue: Issue, resolution: str, on: dt.date | None = None, expected_version=None
) -> Issue:
    issue, before = open_move(
        ISSUE, issue, IssueStatus.RESOLVED, ISSUE_TRANSITIONS, expected_version
    )
    resolution = (resolution or "").strip()
    if len(resolution) < 5:
        raise ValidationError(
            {"resolution": _("Say how the issue was resolved (at least 5 characters).")}
        )
    issue.status = IssueStatus.RESOLVED
    issue.resolution = resolution
    issue.resolved_on = on or today()
    return save_update(ISSUE, issue, before, actor=actor)


@transaction.atomic
def issue_reopen(*, actor, issue: Issue, reason: str, now: dt.datetime | None = None) -> Issue:
    reason = require_reason(reason, "reopening the issue")
    issue, before = open_move(ISSUE, issue, IssueStatus.OPEN, ISSUE_TRANSITIONS)
    issue.status = IssueStatus.OPEN
    issue.resolved_on = None
    issue.level_since = now or timezone.now()
    return save_update(ISSUE, issue, before, actor=actor, reason=reason)


@transaction.atomic
def issue_close(*, actor, issue: Issue, on: dt.date | None = None) -> Issue:
    """Close a resolved issue (the page then prompts for a lesson learned)."""
    issue, before = open_move(ISSUE, issue, IssueStatus.CLOSED, ISSUE_TRANSITIONS)
    issue.status = IssueStatus.CLOSED
    issue.closed_on = on or today()
    return save_update(ISSUE, issue, before, actor=actor)


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
    check_person(risk.alliance, risk.owner, field="owner", internal_only=True, program=risk.program)


def _check_risk_edit(risk: Risk, relations: dict) -> None:
    _check_risk(risk)
    risk.full_clean()


RISK = Entry(Risk, RISK_FIELDS, check=_check_risk_edit, scope=scope)


@transaction.atomic
def risk_create(*, actor, alliance, data: dict) -> Risk:
    risk = Risk(alliance=alliance)
    assign(risk, data, [name for name in RISK_FIELDS if name != "status"])
    if risk.owner_id is None:
        raise ValidationError({"owner": _("Name the person who owns this risk.")})
    _check_risk_edit(risk, {})
    return save_create(RISK, risk, actor=actor)


@transaction.atomic
def risk_update(*, actor, risk: Risk, data: dict, expected_version=None, reason="") -> Risk:
    return update_entry(
        RISK, risk, actor=actor, data=data, expected_version=expected_version, reason=reason
    )
