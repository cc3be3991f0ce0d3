"""The top search: one query across the portfolio, grouped by kind of record.

Every kind searches through its own scoped QuerySet (`visible_to(user)` then the kind's named
`search`), so a person finds exactly what the kind's own list would show them for the same `q`;
a kind with a list filtered by `q` links to it ("see all").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.contracts.models import DefinedTerm, Obligation
from accord.correspondence.models import EmailMessage
from accord.governance.models import Decision, Issue, Meeting
from accord.knowledge.models import Lesson
from accord.portfolio.models import Alliance

PER_KIND = 5
MIN_LENGTH = 2


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str
    # (user, text) -> the scoped matches, in the order the results are shown.
    matches: Callable[[object, str], QuerySet]
    # obj -> a short line under the title (the alliance, the date...).
    describe: Callable[[object], str]
    # The list page filtered by ?q= ("see all"), or None when the kind has no such list.
    list_url_name: str | None = None
    internal_only: bool = False


def _alliance_of(obj) -> str:
    return obj.alliance.name if getattr(obj, "alliance_id", None) else ""


def _email(email) -> str:
    return f"{email.alliance.name} · {email.from_address} · {email.received_at:%d %b %Y}"


def _term(term) -> str:
    return f"{term.alliance.name} · {term.agreement} § {term.section}"


SEARCH_SOURCES: list[SearchSource] = [
    SearchSource(
        "alliances",
        _("Alliances"),
        lambda user, text: Alliance.objects.visible_to(user).search(text, user).order_by("name"),
        lambda a: a.get_stage_display(),
        "portfolio:alliance_list",
    ),
    SearchSource(
        "lessons",
        _("Lessons learned"),
        lambda user, text: Lesson.objects.visible_to(user).search(text).select_related("alliance"),
        _alliance_of,
        "knowledge:lesson_list",
    ),
    SearchSource(
        "meetings",
        _("Meetings"),
        lambda user, text: (
            Meeting.objects.visible_to(user)
            .search(text)
            .select_related("alliance", "committee")
            .order_by("-starts_at", "-pk")
        ),
        lambda m: f"{m.alliance.name} · {m.committee.name} · {m.starts_at:%Y-%m-%d}",
        "governance:meeting_list",
    ),
    SearchSource(
        "decisions",
        _("Decisions"),
        lambda user, text: (
            Decision.objects.visible_to(user)
            .search(text)
            .select_related("alliance")
            .order_by("-raised_on", "-pk")
        ),
        lambda d: f"{d.alliance.name} · {d.get_status_display()}",
        "governance:decision_list",
    ),
    SearchSource(
        "issues",
        _("Issues"),
        lambda user, text: (
            Issue.objects.visible_to(user)
            .search(text)
            .select_related("alliance")
            .order_by("-raised_on", "-pk")
        ),
        lambda i: f"{i.alliance.name} · {i.get_status_display()}",
        "governance:issue_list",
    ),
    SearchSource(
        "obligations",
        _("Obligations"),
        lambda user, text: (
            Obligation.objects.visible_to(user)
            .search(text)
            .select_related("alliance")
            .order_by("title", "pk")
        ),
        _alliance_of,
        "contracts:obligation_list",
        internal_only=True,
    ),
    SearchSource(
        "terms",
        _("Defined terms"),
        lambda user, text: (
            DefinedTerm.objects.visible_to(user)
            .search(text)
            .select_related("alliance", "agreement")
            .order_by("term", "pk")
        ),
        _term,
        "contracts:term_list",
        internal_only=True,
    ),
    SearchSource(
        "emails",
        _("Email"),
        lambda user, text: (
            EmailMessage.objects.visible_to(user)
            .search(text)
            .select_related("alliance")
            .order_by("-received_at", "-pk")
        ),
        _email,
        internal_only=True,
    ),
]


@dataclass
class KindResults:
    source: SearchSource
    count: int
    rows: list  # [(title, url, description)], at most PER_KIND
    see_all_url: str | None

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)


def _url(obj) -> str:
    if isinstance(obj, DefinedTerm):
        return f"{reverse('contracts:term_list')}?{urlencode({'q': obj.term})}"
    return obj.get_absolute_url()


def search(user, text: str, *, per_kind: int = PER_KIND) -> list[KindResults]:
    """Each kind with at least one match the person may see: its count, its first rows, and a
    link to its list filtered by the same text."""
    text = " ".join((text or "").split())
    if len(text) < MIN_LENGTH or not user.is_authenticated:
        return []
    results = []
    for source in SEARCH_SOURCES:
        if source.internal_only and not user.is_internal:
            continue
        matches = source.matches(user, text)
        count = matches.count()
        if not count:
            continue
        rows = [
            (getattr(obj, "title", None) or str(obj), _url(obj), source.describe(obj))
            for obj in matches[:per_kind]
        ]
        see_all = (
            f"{reverse(source.list_url_name)}?{urlencode({'q': text})}"
            if source.list_url_name
            else None
        )
        results.append(KindResults(source, count, rows, see_all))
    return results
