"""Reminders and alerts: action items coming due or overdue, issues past their body's time
limit, risk reviews, communications under review, minutes awaiting approval.

Every function is idempotent (each step has its own dedupe key, so `notify()` never repeats it)
and catches up: it looks at everything due up to the day or time it is given, so a run after
downtime sends what was missed. Nobody is told about a record they may not see.

INTEGRATION POINT: once the contracts register's reminder engine is merged, the lead may route
`action_reminders` through it; the steps and dedupe keys here are the ones to keep.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override, pgettext

from accord.notifications.actions import Text, notify, subject_of
from accord.notifications.models import Notification
from accord.portfolio.models import AllianceMember

from .models import (
    UNRESOLVED_ISSUE,
    ActionItem,
    CommitteeMember,
    Communication,
    CommunicationStatus,
    Issue,
    Minutes,
    Risk,
)

DUE_SOON_DAYS = 3


def who_can_see(record, people) -> list:
    """The people among `people` for whom `record` is in scope (internal flag, firewall, seat)."""
    model = type(record)
    seen, allowed = set(), []
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        if person.is_active and model.objects.visible_to(person).filter(pk=record.pk).exists():
            allowed.append(person)
    return allowed


def running_the_alliance(alliance_id) -> list:
    return [
        member.user
        for member in AllianceMember.objects.responsible()
        .filter(alliance_id=alliance_id)
        .select_related("user")
    ]


def co_chairs(committee, on: dt.date | None = None) -> list:
    if committee is None:
        return []
    return [
        seat.user
        for seat in CommitteeMember.objects.current(on)
        .co_chairs()
        .filter(committee=committee)
        .select_related("user")
    ]


def running_alliances(alliance_ids) -> dict[int, list]:
    """running_the_alliance() for many alliances in one query."""
    running: dict[int, list] = {}
    members = (
        AllianceMember.objects.responsible()
        .filter(alliance_id__in=set(alliance_ids))
        .select_related("user")
        .order_by("pk")
    )
    for member in members:
        running.setdefault(member.alliance_id, []).append(member.user)
    return running


@dataclass
class Step:
    """One reminder step for one record: who should hear of it, under which dedupe key."""

    record: object
    people: list
    kind: str
    title: Text  # a callable, written in each recipient's language (see notify())
    key: str
    body: Text = ""


def _already_told(steps: list[Step]) -> set[tuple[int, str]]:
    """(person, key) pairs notified before, in a few set-based queries (by the unique index)."""
    keys = sorted({step.key for step in steps})
    people = {p.pk for step in steps for p in step.people if p is not None}
    told = set()
    for start in range(0, len(keys), 500):
        told |= set(
            Notification.objects.filter(
                recipient_id__in=people, dedupe_key__in=keys[start : start + 500]
            ).values_list("recipient_id", "dedupe_key")
        )
    return told


def _send_steps(steps: list[Step]) -> int:
    """Send each step to those who have not had it yet. A re-run finds everyone already told
    before any per-person visibility work, so it costs a constant number of queries."""
    told = _already_told(steps)
    sent = 0
    for step in steps:
        people = [
            person
            for person in step.people
            if person is not None and person.is_active and (person.pk, step.key) not in told
        ]
        if people:
            sent += len(
                _send(
                    step.record,
                    people,
                    kind=step.kind,
                    title=step.title,
                    key=step.key,
                    body=step.body,
                )
            )
    return sent


def _send(record, people, *, kind, title, key, body=""):
    return notify(
        recipients=who_can_see(record, people),
        kind=kind,
        title=title,
        body=body,
        dedupe_key=key,
        url=record.get_absolute_url(),
        alliance_id=record.alliance_id,
        program_id=record.firewall_program_id,
        subject=subject_of(record),
    )


def in_site_language(function):
    """Titles are callables that notify() writes in each recipient's language; anything else is
    written in the site's language, whatever language the request or worker happens to have."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def _short(day: dt.date) -> str:
    """A day as notification titles show it ("Mon 07 Dec" in English)."""
    return date_format(day, pgettext("date format", "D d M"))


# --- Action items ---------------------------------------------------------------------------


@in_site_language
def action_assigned(action: ActionItem) -> list:
    return _send(
        action,
        [action.owner],
        kind="governance.action.assigned",
        title=lambda: (
            _("Action for you: %(title)s (due %(due)s)")
            % {"title": action.title, "due": f"{action.due_on:%Y-%m-%d}"}
        ),
        key=f"governance.action.{action.pk}.assigned.{action.owner_id}",
    )


@in_site_language
def action_reminders(on: dt.date) -> int:
    """Due within DUE_SOON_DAYS, due today, then overdue once a week until done."""
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    actions = list(
        ActionItem.objects.open()
        .filter(due_on__lte=soon)
        .select_related("owner", "alliance")
        .order_by("due_on", "pk")
    )
    running = running_alliances(a.alliance_id for a in actions if a.due_on < on)
    steps = []
    for action in actions:
        base = f"governance.action.{action.pk}.{action.due_on:%Y%m%d}"
        if action.due_on > on:
            steps.append(
                Step(
                    action,
                    [action.owner],
                    kind="governance.action.due_soon",
                    title=lambda action=action: (
                        _("Action due %(due)s: %(title)s")
                        % {"due": _short(action.due_on), "title": action.title}
                    ),
                    key=f"{base}.due-soon",
                )
            )
        elif action.due_on == on:
            steps.append(
                Step(
                    action,
                    [action.owner],
                    kind="governance.action.due",
                    title=lambda action=action: (
                        _("Action due today: %(title)s") % {"title": action.title}
                    ),
                    key=f"{base}.due",
                )
            )
        else:
            days = (on - action.due_on).days
            weeks = (days - 1) // 7  # one reminder on days 1, 8, 15… overdue
            steps.append(
                Step(
                    action,
                    [action.owner, *running.get(action.alliance_id, [])],
                    kind="governance.action.overdue",
                    title=lambda action=action, days=days: (
                        ngettext(
                            "Action overdue by %(days)s day: %(title)s (%(owner)s)",
                            "Action overdue by %(days)s days: %(title)s (%(owner)s)",
                            days,
                        )
                        % {"days": days, "title": action.title, "owner": action.owner}
                    ),
                    key=f"{base}.overdue.w{weeks}",
                )
            )
    return _send_steps(steps)


# --- Issues past their time limit -----------------------------------------------------------


@in_site_language
def escalation_alerts(now: dt.datetime) -> int:
    """Tell the alliance's managers and the co-chairs when an issue outstays its body's limit."""
    issues = [
        issue
        for issue in Issue.objects.filter(
            status__in=UNRESOLVED_ISSUE, level__escalation_days__isnull=False
        )
        .select_related("level", "level__escalates_to", "alliance")
        .order_by("pk")
        if issue.is_past_limit(now)
    ]
    running = running_alliances(issue.alliance_id for issue in issues)
    chairs: dict[int, list] = {}
    seats = (
        CommitteeMember.objects.current(timezone.localdate(now))
        .co_chairs()
        .filter(
            committee_id__in={
                pk for issue in issues for pk in (issue.level_id, issue.level.escalates_to_id)
            }
        )
        .select_related("user")
        .order_by("pk")
    )
    for seat in seats:
        chairs.setdefault(seat.committee_id, []).append(seat.user)
    steps = []
    for issue in issues:
        level, target = issue.level, issue.level.escalates_to
        days = issue.days_at_level(now)

        def body(level=level, target=target):
            if target:
                return _(
                    "The charter allows %(limit)s days at %(body)s; escalate to %(target)s."
                ) % {"limit": level.escalation_days, "body": level, "target": target}
            return _(
                "The charter allows %(limit)s days at %(body)s; it is at the last level: "
                "consider the dispute resolution clause."
            ) % {"limit": level.escalation_days, "body": level}

        steps.append(
            Step(
                issue,
                [
                    *running.get(issue.alliance_id, []),
                    *chairs.get(level.pk, []),
                    *(chairs.get(target.pk, []) if target else []),
                ],
                kind="governance.issue.limit_passed",
                title=lambda issue=issue, level=level, days=days: (
                    _("Issue unresolved at %(body)s for %(days)s days (limit %(limit)s): %(title)s")
                    % {
                        "body": level,
                        "days": days,
                        "limit": level.escalation_days,
                        "title": issue.title,
                    }
                ),
                body=body,
                key=f"governance.issue.{issue.pk}.limit.{level.pk}.{issue.level_since:%Y%m%d%H%M%S}",
            )
        )
    return _send_steps(steps)


# --- Risk reviews ---------------------------------------------------------------------------


@in_site_language
def risk_review_reminders(on: dt.date) -> int:
    risks = list(Risk.objects.review_due(on).select_related("owner").order_by("pk"))
    running = running_alliances(risk.alliance_id for risk in risks)
    return _send_steps(
        [
            Step(
                risk,
                [risk.owner, *running.get(risk.alliance_id, [])],
                kind="governance.risk.review",
                title=lambda risk=risk: (
                    _("Risk review due %(due)s: %(title)s")
                    % {"due": f"{risk.review_on:%Y-%m-%d}", "title": risk.title}
                ),
                key=f"governance.risk.{risk.pk}.review.{risk.review_on:%Y%m%d}",
            )
            for risk in risks
        ]
    )


# --- Communications under review ------------------------------------------------------------


def _review_requested_step(communication: Communication) -> Step:
    return Step(
        communication,
        list(communication.reviewers.all()),
        kind="governance.communication.review",
        title=lambda: (
            _("Please review by %(due)s: %(title)s")
            % {"due": _short(communication.review_due_on), "title": communication.title}
        ),
        key=f"governance.communication.{communication.pk}.requested.{communication.submitted_on:%Y%m%d}",
    )


@in_site_language
def review_requested(communication: Communication) -> list:
    step = _review_requested_step(communication)
    return _send(communication, step.people, kind=step.kind, title=step.title, key=step.key)


@in_site_language
def communication_reminders(on: dt.date) -> int:
    pending = list(
        Communication.objects.filter(status=CommunicationStatus.UNDER_REVIEW)
        .filter(Q(review_due_on__lte=on + dt.timedelta(days=1)))
        .prefetch_related("reviewers")
        .order_by("pk")
    )
    running = running_alliances(c.alliance_id for c in pending if c.review_due_on < on)
    steps = []
    for communication in pending:
        steps.append(_review_requested_step(communication))
        due = communication.review_due_on
        base = f"governance.communication.{communication.pk}.{due:%Y%m%d}"
        if due >= on:
            steps.append(
                Step(
                    communication,
                    list(communication.reviewers.all()),
                    kind="governance.communication.due",
                    title=lambda communication=communication, due=due: (
                        _("Review period ends %(due)s: %(title)s")
                        % {"due": _short(due), "title": communication.title}
                    ),
                    key=f"{base}.due-soon",
                )
            )
        else:
            steps.append(
                Step(
                    communication,
                    running.get(communication.alliance_id, []),
                    kind="governance.communication.expired",
                    title=lambda communication=communication, due=due: (
                        _("Review period ended %(due)s without an outcome: %(title)s")
                        % {"due": f"{due:%Y-%m-%d}", "title": communication.title}
                    ),
                    key=f"{base}.expired",
                )
            )
    return _send_steps(steps)


# --- Minutes awaiting approval --------------------------------------------------------------


def minutes_submitted(minutes: Minutes) -> list:
    meeting = minutes.meeting
    signed = set(minutes.signatures.values_list("company_id", flat=True))
    chairs = [user for user in co_chairs(meeting.committee) if user.company_id not in signed]
    return notify(
        recipients=who_can_see(meeting, chairs),
        kind="governance.minutes.approve",
        title=lambda: _("Minutes to approve: %(meeting)s") % {"meeting": meeting},
        dedupe_key=f"governance.minutes.{minutes.pk}.submitted.{minutes.submitted_at:%Y%m%d%H%M%S}",
        url=meeting.get_absolute_url(),
        alliance_id=meeting.alliance_id,
        program_id=meeting.firewall_program_id,
        subject=subject_of(minutes),
    )


def daily(on: dt.date) -> dict:
    return {
        "actions": action_reminders(on),
        "risks": risk_review_reminders(on),
        "communications": communication_reminders(on),
    }
