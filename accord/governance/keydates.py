"""Key dates of an alliance for meeting packs, gathered from every app that knows some.

INTEGRATION POINT: an app registers a provider in its AppConfig.ready():

    from accord.governance.keydates import KeyDate, register_key_dates_provider
    register_key_dates_provider(my_provider)

`my_provider(*, alliance, user, start, end, shared)` returns KeyDates between `start` and `end`
(inclusive) that `user` may see; when `shared` is True the list goes to the partner (a joint
meeting's pack), so internal-only dates and firewalled programs must be left out. The contracts
register will add notice deadlines and milestones this way; governance adds its own below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class KeyDate:
    date: dt.date
    title: str
    kind: str  # e.g. "meeting", "decision due", "review period ends", "notice deadline"
    source: str = "governance"


PROVIDERS: list[Callable] = []


def register_key_dates_provider(provider: Callable) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def key_dates(*, alliance, user, start: dt.date, end: dt.date, shared: bool) -> list[KeyDate]:
    found = []
    for provider in PROVIDERS:
        found.extend(provider(alliance=alliance, user=user, start=start, end=end, shared=shared))
    return sorted(found, key=lambda item: (item.date, item.kind, item.title))


def _shared_only(queryset, shared: bool):
    """For a pack going to the partner: nothing internal, nothing on a firewalled program."""
    if not shared:
        return queryset
    return queryset.filter(is_internal=False).exclude(program__is_firewalled=True)


def governance_key_dates(*, alliance, user, start, end, shared) -> list[KeyDate]:
    from .models import Communication, Decision, Meeting

    dates = []
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(alliance=alliance, status="scheduled")
        .filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .select_related("committee")
    )
    if shared:
        meetings = meetings.filter(is_internal=False).exclude(
            committee__program__is_firewalled=True
        )
    for meeting in meetings:
        dates.append(
            KeyDate(timezone.localtime(meeting.starts_at).date(), meeting.title, "meeting")
        )
    decisions = _shared_only(
        Decision.objects.visible_to(user)
        .pending()
        .filter(alliance=alliance, due_on__gte=start, due_on__lte=end),
        shared,
    )
    dates += [KeyDate(d.due_on, d.title, "decision needed") for d in decisions]
    reviews = _shared_only(
        Communication.objects.visible_to(user)
        .under_review()
        .filter(alliance=alliance, review_due_on__gte=start, review_due_on__lte=end),
        shared,
    )
    dates += [KeyDate(c.review_due_on, c.title, "review period ends") for c in reviews]
    return dates
