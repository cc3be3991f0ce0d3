"""My week: everything that needs a person (or a leader's whole team), from every app's
registered source (accord.core.registry.WEEK_SOURCES), grouped into day buckets.

The window runs from today to two weeks ahead; anything due before today is overdue. Each
source answers with one query or two (set-based, whatever the number of rows), so the page's
query count does not grow with what is on it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accord.core import freshness, registry
from accord.people.models import Role

HORIZON_DAYS = 14
THIS_WEEK_DAYS = 6  # today + 6: the seven days from today
# The week page lists the first rows of each bucket (the most overdue first) with the bucket's
# count and a link to the whole bucket, which is paged: a leader's team can have thousands
# of overdue rows, and nobody reads a 5 MB page.
SHOWN_PER_BUCKET = 10
BUCKET_PAGE_SIZE = 50

BUCKETS = (
    ("overdue", _("Overdue")),
    ("today", _("Today")),
    ("week", _("This week")),
    ("next", _("Next two weeks")),
)


@dataclass
class Entry:
    """One thing that needs someone: known by its due day and id first, its row built when
    it is shown (registry.WeekQuery), or at once for a source that has only `rows`."""

    due: dt.date | None
    source: object  # registry.WeekSource
    pk: int
    row: object = None  # registry.WeekRow, once built

    def kept(self) -> tuple:
        return (self.due, self.source.kind, self.pk, self.row)


@dataclass
class Bucket:
    key: str
    label: str
    entries: list = field(default_factory=list)  # every one, in order
    shown_count: int = SHOWN_PER_BUCKET

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def rows(self) -> list:
        """(source, row) of the entries whose rows were built: all of them, unless the week
        was built to show the first few of each bucket."""
        return [(entry.source, entry.row) for entry in self.entries if entry.row is not None]

    @property
    def shown(self) -> list:
        """The rows the week page lists: the first few, by due day."""
        return self.rows[: self.shown_count]

    @property
    def more(self) -> int:
        """How many rows the week page leaves to the bucket's own (paged) list."""
        return max(self.count - self.shown_count, 0)


@dataclass
class Week:
    today: dt.date
    end: dt.date
    buckets: list[Bucket]
    counts: dict  # kind -> number of rows
    sources: list  # the sources this person sees, in order
    bucket: Bucket | None = None  # when one bucket is asked for, whole (the view pages it)
    viewer: object = None
    selected: dict = field(default_factory=dict)  # kind -> what a WeekQuery source selected
    asked: tuple = ()  # (viewer, people, start, end, filters): what the sources were asked

    @property
    def total(self) -> int:
        return sum(bucket.count for bucket in self.buckets)

    def fill(self, entries) -> list:
        """Build the rows of these entries that are not built yet (one query per source), and
        return their (source, row) pairs in order."""
        missing = defaultdict(list)
        for entry in entries:
            if entry.row is None:
                missing[entry.source.kind].append(entry)
        for group in missing.values():
            source = group[0].source
            if source.kind not in self.selected:  # a week kept in the cache: select again
                self.selected[source.kind] = source.rows.select(*self.asked)
            built = source.rows.rows_of(
                self.viewer, self.selected[source.kind], [entry.pk for entry in group]
            )
            by_pk = {row.pk: row for row in built}
            for entry in group:
                entry.row = by_pk.get(entry.pk)
        return [(entry.source, entry.row) for entry in entries if entry.row is not None]

    def kept(self) -> dict:
        """What the cache keeps of this week: every entry as (due, kind, id, row or None)."""
        return {
            "buckets": [
                (bucket.key, bucket.shown_count, [entry.kept() for entry in bucket.entries])
                for bucket in self.buckets
            ],
            "counts": self.counts,
        }

    @classmethod
    def restored(cls, kept: dict, *, viewer, asked: tuple, today: dt.date) -> Week:
        """The week `kept()` described, for the same person and question."""
        sources = sources_for(viewer)
        by_kind = {source.kind: source for source in sources}
        buckets = [
            Bucket(
                key,
                bucket_label(key),
                # A kind this person no longer has a source for (the release changed) is left
                # out rather than failing the page.
                [
                    Entry(due, by_kind[kind], pk, row)
                    for due, kind, pk, row in entries
                    if kind in by_kind
                ],
                shown_count,
            )
            for key, shown_count, entries in kept["buckets"]
        ]
        return cls(
            today=today,
            end=window(today)[1],
            buckets=buckets,
            counts=kept["counts"],
            sources=sources,
            viewer=viewer,
            asked=asked,
        )


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, today + dt.timedelta(days=HORIZON_DAYS)


def bucket_label(key: str) -> str:
    return dict(BUCKETS)[key]


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


def question(viewer, people, *, today: dt.date, alliance=None) -> tuple:
    """What every source is asked: (viewer, people, start, end, filters)."""
    start, end = window(today)
    return (viewer, people, start, end, {"alliance": alliance.pk if alliance is not None else None})


def build(
    viewer, people, *, today: dt.date, alliance=None, kind: str = "", shown: int | None = None
) -> Week:
    """The rows that need `people` (a person, or a queryset of people), as `viewer` sees them.

    Every entry is counted and ordered; rows are built for the first `shown` of each bucket
    (every row when None): a source with a WeekQuery reads only (due, id) pairs for the rest."""
    asked = question(viewer, people, today=today, alliance=alliance)
    end = asked[3]
    sources = sources_for(viewer)
    buckets = {key: Bucket(key, label) for key, label in BUCKETS}
    counts, selected = {}, {}
    for source in sources:
        if kind and source.kind != kind:
            continue
        if isinstance(source.rows, registry.WeekQuery):
            selected[source.kind] = source.rows.select(*asked)
            keys = source.rows.keys(selected[source.kind], end)
            entries = [Entry(due, source, pk) for due, pk in keys]
        else:
            entries = [Entry(row.due, source, row.pk, row) for row in source.rows(*asked)]
        counts[source.kind] = len(entries)
        for entry in entries:
            buckets[bucket_of(entry.due, today)].entries.append(entry)
    week = Week(
        today=today,
        end=end,
        buckets=list(buckets.values()),
        counts=counts,
        sources=sources,
        viewer=viewer,
        selected=selected,
        asked=asked,
    )
    wanted = []
    for bucket in week.buckets:
        bucket.entries.sort(key=lambda entry: (entry.due or today, entry.source.order, entry.pk))
        bucket.shown_count = bucket.count if shown is None else shown
        wanted += bucket.entries[: bucket.shown_count]
    week.fill(wanted)  # one read per source for every bucket's shown rows
    return week


# --- What a person asks for (the page and the API) ----------------------------------------------

TEAM_ROLES = (Role.LEADER, Role.ADMIN)  # they see the whole team's week


@dataclass
class Asked:
    form: object  # forms.WeekFilterForm, bound to what was asked (None: nothing asked)
    week: Week
    team: bool
    person: object  # the one person of the team asked for, or None
    page: object = None  # a Page of (source, row) when one bucket was asked for
    valid: bool = True


def ask(user, data) -> Asked:
    """My week for `user` as `data` (a query dict) asks: filtered by alliance, kind and (for a
    leader) person; the first rows of each bucket, or one bucket whole, paged by `page`. A bad
    filter gives the form's errors and no rows."""
    from django.core.paginator import Paginator
    from django.utils import timezone

    from accord.people.models import User

    from .forms import WeekFilterForm

    team = user.role in TEAM_ROLES
    form = WeekFilterForm(data or None, user=user, team=team)
    today = timezone.localdate()
    if form.is_bound and not form.is_valid():
        return Asked(form, build(user, User.objects.none(), today=today), team, None, valid=False)
    found = form.cleaned_data if form.is_bound else {}
    person, bucket = found.get("person"), found.get("bucket", "")
    people = (person if person is not None else User.objects.assignable()) if team else user
    alliance, kind = found.get("alliance"), found.get("kind", "")

    def answer() -> dict:
        shown = 0 if bucket else SHOWN_PER_BUCKET
        return build(user, people, today=today, alliance=alliance, kind=kind, shown=shown).kept()

    # Kept in the shared cache until any change is committed (accord.core.freshness): the
    # page is read far more often than the records it lists change.
    parts = (today, getattr(person, "pk", None), getattr(alliance, "pk", None), kind, bucket)
    week = Week.restored(
        freshness.kept("my-week", user, parts, answer),
        viewer=user,
        asked=question(user, people, today=today, alliance=alliance),
        today=today,
    )
    page = None
    if bucket:
        week.bucket = next(b for b in week.buckets if b.key == bucket)
        page = Paginator(week.bucket.entries, BUCKET_PAGE_SIZE).get_page(data.get("page"))
        page.object_list = week.fill(page.object_list)  # this page's rows, read now
    return Asked(form, week, team, person, page)
