"""Governance's part of the alliance's first screen (registered in apps.py).

- status signal: issues escalated and not resolved, for many alliances in one query;
- key dates: the next meetings, decisions needed by a date, actions overdue;
- recent business events: decisions taken, issues escalated, meetings held.

Everything goes through the records' own `visible_to(user)`: a partner user sees only their
alliance's joint records, and records of a firewalled program reach only the cleared.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.registry import BusinessEvent, KeyDateItem
from accord.core.visibility import read_once

from .models import ActionItem, Decision, Issue, Meeting
from .models.issues import IssueStatus
from .models.meetings import MeetingStatus
from .models.records import DecisionStatus


def escalated_counts(alliance_ids, user) -> dict[int, int]:
    """The issues escalated and not resolved, by alliance: the status signal and the governance
    panel show this one figure (read once in a request that writes nothing)."""
    ids = tuple(sorted(alliance_ids))
    return read_once(
        ("escalated-issues", user.pk, ids),
        lambda: dict(
            Issue.objects.visible_to(user)
            .escalated()
            .filter(alliance_id__in=ids)
            .order_by()
            .values("alliance_id")
            .annotate(n=Count("pk"))
            .values_list("alliance_id", "n")
        ),
    )


def upcoming_meetings(alliance, user) -> list:
    """The alliance's next five scheduled meetings this person sees, soonest first: the key
    dates list them and the governance panel names the first (read once, as above)."""
    return read_once(
        ("upcoming-meetings", user.pk, alliance.pk),
        lambda: list(Meeting.objects.visible_to(user).filter(alliance=alliance).upcoming()[:5]),
    )


def status_signals(alliance_ids, user) -> dict[int, dict]:
    return {
        alliance_id: {"escalated_issues": n}
        for alliance_id, n in escalated_counts(alliance_ids, user).items()
    }


def key_dates(alliance, user, today, until) -> list[KeyDateItem]:
    items = []
    # The first five to come, those up to `until` (the ordering puts them first).
    meetings = [
        m
        for m in upcoming_meetings(alliance, user)
        if timezone.localtime(m.starts_at).date() <= until
    ]
    for m in meetings:
        items.append(KeyDateItem.of(m, timezone.localtime(m.starts_at).date(), "meeting"))
    decisions = (
        Decision.objects.visible_to(user)
        .pending()
        .filter(alliance=alliance, due_on__isnull=False, due_on__lte=until)
        .order_by("due_on", "pk")[:20]
    )
    for d in decisions:
        items.append(KeyDateItem.of(d, d.due_on, "decision due", overdue=d.due_on < today))
    actions = (
        ActionItem.objects.visible_to(user)
        .filter(alliance=alliance)
        .overdue(today)
        .order_by("due_on", "pk")[:20]
    )
    for a in actions:
        items.append(KeyDateItem.of(a, a.due_on, "action", overdue=True))
    return items


def recent_events(alliance, user, since) -> list[BusinessEvent]:
    events = []
    decided = (
        Decision.objects.visible_to(user)
        .filter(alliance=alliance, status=DecisionStatus.DECIDED, decided_on__gte=since)
        .order_by("-decided_on", "-pk")[:20]
    )
    for d in decided:
        events.append(
            BusinessEvent(
                d.decided_on,
                _("Decision taken: %(title)s") % {"title": d.title},
                "decision taken",
                d.get_absolute_url(),
            )
        )
    escalated = (
        Issue.objects.visible_to(user)
        .filter(alliance=alliance, status=IssueStatus.ESCALATED, level_since__date__gte=since)
        .select_related("level")
        .order_by("-level_since", "-pk")[:20]
    )
    for i in escalated:
        events.append(
            BusinessEvent(
                timezone.localtime(i.level_since).date(),
                (
                    _("Issue escalated to %(body)s: %(title)s")
                    % {"body": i.level.name, "title": i.title}
                    if i.level_id
                    else _("Issue escalated: %(title)s") % {"title": i.title}
                ),
                "issue escalated",
                i.get_absolute_url(),
            )
        )
    held = (
        Meeting.objects.visible_to(user)
        .filter(alliance=alliance, status=MeetingStatus.HELD, starts_at__date__gte=since)
        .order_by("-starts_at")[:20]
    )
    for m in held:
        events.append(
            BusinessEvent(
                timezone.localtime(m.starts_at).date(),
                _("Meeting held: %(title)s") % {"title": m.title},
                "meeting held",
                m.get_absolute_url(),
            )
        )
    return events
