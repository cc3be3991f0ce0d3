"""My week: everything that needs a person (or a leader's whole team), from every app's
registered source (accord.core.registry.WEEK_SOURCES), grouped into day buckets.

The window runs from today to two weeks ahead; anything due before today is overdue. Each
source answers with one query or two (set-based, whatever the number of rows), so the page's
query count does not grow with what is on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accord.core import registry

HORIZON_DAYS = 14
THIS_WEEK_DAYS = 6  # today + 6: the seven days from today

BUCKETS = (
    ("overdue", _("Overdue")),
    ("today", _("Today")),
    ("week", _("This week")),
    ("next", _("Next two weeks")),
)


@dataclass
class Bucket:
    key: str
    label: str
    rows: list = field(default_factory=list)


@dataclass
class Week:
    today: dt.date
    end: dt.date
    buckets: list[Bucket]
    counts: dict  # kind -> number of rows
    sources: list  # the sources this person sees, in order

    @property
    def total(self) -> int:
        return sum(len(bucket.rows) for bucket in self.buckets)


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, today + dt.timedelta(days=HORIZON_DAYS)


def bucket_of(due, today: dt.date) -> str:
    if due is None:
        return "week"
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if due <= today + dt.timedelta(days=THIS_WEEK_DAYS):
        return "week"
    return "next"


def sources_for(user) -> list:
    return registry.for_user(registry.WEEK_SOURCES, user)


def build(viewer, people, *, today: dt.date, alliance=None, kind: str = "") -> Week:
    """The rows that need `people` (a person, or a queryset of people), as `viewer` sees them."""
    start, end = window(today)
    filters = {"alliance": alliance.pk if alliance is not None else None}
    sources = sources_for(viewer)
    buckets = {key: Bucket(key, label) for key, label in BUCKETS}
    counts = {}
    for source in sources:
        if kind and source.kind != kind:
            continue
        rows = source.rows(viewer, people, start, end, filters)
        counts[source.kind] = len(rows)
        for row in rows:
            buckets[bucket_of(row.due, today)].rows.append((source, row))
    for bucket in buckets.values():
        bucket.rows.sort(key=lambda pair: (pair[1].due or today, pair[0].order, pair[1].pk))
    return Week(
        today=today, end=end, buckets=list(buckets.values()), counts=counts, sources=sources
    )
