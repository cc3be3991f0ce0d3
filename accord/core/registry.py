"""Where apps plug into shared pages and into the foundation without core importing them.

Core is the ground floor: it imports no other Accord app (accord/core/tests/test_import_graph.py).
Each app registers, in its AppConfig.ready(), the sidebar links it owns, the tabs it adds to an
alliance, and the panels it shows on the alliance overview; base templates render what is
registered, filtered for the person looking. The same way, the apps above core tell it what it
cannot know itself: who sees which alliance and program (portfolio), whose audit trail an
object's access rules decide, what every page's frame shows, what housekeeping forgets and who
hears of a failed job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

# The sidebar's sections, in the order they are shown. A NavItem names one of them.
NAV_GROUPS = (
    gettext_noop("My work"),
    gettext_noop("Portfolio"),
    gettext_noop("Contracts"),
    gettext_noop("Governance"),
    gettext_noop("Health"),
    gettext_noop("Value & reporting"),
    gettext_noop("Knowledge"),
    gettext_noop("Admin"),
)


# Compared and hashed by identity (eq=False): the sidebar is cached per set of links shown.
@dataclass(frozen=True, eq=False)
class NavItem:
    label: str
    url_name: str
    order: int  # the place within its group
    match: str  # the page is "current" when the path starts with this ("/" only on "/" itself)
    group: str = "Portfolio"
    internal_only: bool = False
    partner_label: str | None = None
    # Finer than internal_only, for pages that answer 403 to some internal roles: only these
    # roles see the link (None: every role internal_only allows); staff_only: Django's admin.
    roles: tuple[str, ...] | None = None
    staff_only: bool = False

    def __post_init__(self):
        if self.group not in NAV_GROUPS:
            raise ValueError(f"{self.label}: unknown navigation group {self.group!r}")

    def shown_to(self, user) -> bool:
        """Whether this person may open the page: no link is shown that would answer 403."""
        if not user.is_authenticated:
            return False
        if self.internal_only and not user.is_internal:
            return False
        if self.roles is not None and user.role not in self.roles:
            return False
        return not (self.staff_only and not user.is_staff)

    def is_current(self, path: str) -> bool:
        return path == "/" if self.match == "/" else path.startswith(self.match)


@dataclass(frozen=True)
class AllianceTab:
    label: str
    url_name: str  # reversed with the alliance's pk
    order: int
    match: str  # the tab is current when this occurs in the path
    internal_only: bool = False


@dataclass(frozen=True)
class Panel:
    """A panel on an alliance's (or a program's) page."""

    template: str
    order: int
    # (alliance or program, user) -> context for the template, or None to show nothing.
    context: Callable[[object, object], dict | None]
    internal_only: bool = False


AlliancePanel = ProgramPanel = Panel


@dataclass(frozen=True)
class MeetingLink:
    """A button on the governance meeting page (reversed with the meeting's pk)."""

    label: str
    url_name: str
    order: int
    internal_only: bool = False


NAV: list[NavItem] = []
MEETING_LINKS: list[MeetingLink] = []
# Buttons on the governance issue page, the same shape (reversed with the issue's pk).
ISSUE_LINKS: list[MeetingLink] = []
ALLIANCE_TABS: list[AllianceTab] = []
ALLIANCE_PANELS: list[AlliancePanel] = []
PROGRAM_PANELS: list[ProgramPanel] = []


def _add(registry: list, item) -> None:
    if item not in registry:
        registry.append(item)
        registry.sort(key=lambda entry: entry.order)


def register_nav(**kwargs) -> None:
    """Add a sidebar link; registering a URL name again replaces its earlier link."""
    item = NavItem(**kwargs)
    NAV[:] = [entry for entry in NAV if entry.url_name != item.url_name]
    _add(NAV, item)


def register_alliance_tab(**kwargs) -> None:
    _add(ALLIANCE_TABS, AllianceTab(**kwargs))


def register_meeting_link(**kwargs) -> None:
    _add(MEETING_LINKS, MeetingLink(**kwargs))


def register_issue_link(**kwargs) -> None:
    _add(ISSUE_LINKS, MeetingLink(**kwargs))


def register_alliance_panel(**kwargs) -> None:
    _add(ALLIANCE_PANELS, AlliancePanel(**kwargs))


def register_program_panel(**kwargs) -> None:
    _add(PROGRAM_PANELS, ProgramPanel(**kwargs))


# The further fields of a link (register_navs) that only our side sees.
INTERNAL = {"internal_only": True}


def register_navs(group: str, *links: tuple, **shared) -> None:
    """Several sidebar links of one group, in this order: each (label, url_name, order, match),
    optionally followed by a dict of its further NavItem fields; `shared` go to every one."""
    for label, url_name, order, match, *more in links:
        extra = {**shared, **(more[0] if more else {})}
        register_nav(label=label, url_name=url_name, order=order, match=match, group=group, **extra)


def register_alliance_tabs(*tabs: tuple, **shared) -> None:
    """Several tabs of the alliance page, in this order: each (label, url_name, order, match)."""
    for label, url_name, order, match in tabs:
        register_alliance_tab(label=label, url_name=url_name, order=order, match=match, **shared)


def register_alliance_panels(*panels: tuple, **shared) -> None:
    """Several panels of the alliance page, in this order: each (template, order, context)."""
    for template, order, context in panels:
        register_alliance_panel(template=template, order=order, context=context, **shared)


def for_user(items, user):
    return [item for item in items if user.is_internal or not item.internal_only]


# --- The alliance's first screen: status signals, key dates, recent business events -----------
# Each domain app registers, in its AppConfig.ready(), functions that answer for a whole list of
# alliances at once (a fixed number of queries, whatever the number of alliances), scoped to the
# person looking. accord.portfolio.status reads them; portfolio never imports a domain app.


@dataclass(frozen=True)
class KeyDateItem:
    """A dated thing on the alliance page: due, forecast, scheduled, or already overdue."""

    date: object  # datetime.date
    title: str
    kind: str  # "notice deadline", "obligation", "milestone", "meeting", "decision due", ...
    url: str = ""
    overdue: bool = False
    # A template rendering one-step actions for this row (e.g. mark a milestone achieved),
    # included with `item` in its context; empty for none.
    actions_template: str = ""
    obj: object = None

    @classmethod
    def of(cls, record, date, kind: str, **fields) -> KeyDateItem:
        """A record's key date, linked to its page, under its own title unless one is given."""
        fields.setdefault("title", record.title)
        return cls(date=date, kind=kind, url=record.get_absolute_url(), **fields)


@dataclass(frozen=True)
class BusinessEvent:
    """Something that happened in an alliance, worded for the business, linked to its record."""

    date: object  # datetime.date
    text: str
    kind: str  # "decision taken", "milestone met", "milestone slipped", ...
    url: str = ""


# (alliance_ids: list[int], user) -> {alliance_id: {signal name: value}}
STATUS_SIGNALS: list[Callable] = []
# (alliance, user, today, until) -> list[KeyDateItem]: overdue items and those due until `until`
KEY_DATES: list[Callable] = []
# (alliance, user, since) -> list[BusinessEvent] on or after `since`
RECENT_EVENTS: list[Callable] = []


def register_status_signals(provider: Callable) -> None:
    if provider not in STATUS_SIGNALS:
        STATUS_SIGNALS.append(provider)


def register_key_dates(provider: Callable) -> None:
    if provider not in KEY_DATES:
        KEY_DATES.append(provider)


def register_recent_events(provider: Callable) -> None:
    if provider not in RECENT_EVENTS:
        RECENT_EVENTS.append(provider)


def register_status(module) -> None:
    """What an app's `status` module adds to the alliance's first screen
    (accord.portfolio.status): its status_signals, and its key_dates and recent_events if any."""
    register_status_signals(module.status_signals)
    if hasattr(module, "key_dates"):
        register_key_dates(module.key_dates)
    if hasattr(module, "recent_events"):
        register_recent_events(module.recent_events)


# --- My week --------------------------------------------------------------------------------
# Each domain app contributes the rows of the home page ("My week": everything that needs a
# person, by due day) through a source registered in its AppConfig.ready(). A source's `rows`
# is `(viewer, people, start, end, filters) -> list[WeekRow]`: what needs any of `people` (a
# person, or a queryset of people for a leader's team view), as far as `viewer` may see it,
# due on or before `end` (overdue included); `filters` holds "alliance" (an id) at most. Each
# source builds its rows from the named QuerySet method its list page's "Mine" filter uses.
# A source that can have many rows (a leader's team has thousands) is a `WeekQuery`, so that
# the page counts them all but builds only the rows it shows.


@dataclass(frozen=True)
class WeekRow:
    kind: str  # the source's kind, e.g. "obligation"
    pk: int
    title: str
    url: str
    due: object  # a date; None sorts with "this week" (e.g. a survey without a closing date)
    alliance_id: int | None
    alliance_name: str
    who: str = ""  # whose it is: a person's name, or e.g. "Alliance managers"
    detail: str = ""
    done: bool = False  # the row can be marked done inline by this viewer
    done_field: str = ""  # a field the inline "done" asks for (e.g. "evidence")
    snooze: bool = False  # the row can be snoozed (with a reason) by this viewer

    @property
    def key(self) -> str:
        """The row's id on the page, e.g. "obligation-12" (unique across sources)."""
        return f"{self.kind}-{self.pk}"

    @classmethod
    def of(cls, kind: str, record, **fields) -> WeekRow:
        """The row of a record of an alliance: its id, title, page and alliance taken from it."""
        return cls(
            kind=kind,
            pk=record.pk,
            title=record.title,
            url=record.get_absolute_url(),
            alliance_id=record.alliance_id,
            alliance_name=record.alliance.name,
            **fields,
        )


@dataclass(frozen=True)
class WeekQuery:
    """A source's rows in two steps, so that a team's thousands of rows cost what the page
    shows: `select(viewer, people, start, end, filters)` is the QuerySet of what needs the
    people (as in `rows`), `due` the field or annotation holding each one's due date, and
    `build(viewer, records)` the rows of some of those records. My week reads every (due, id)
    pair to count and order them, then builds rows for the ones it shows only. A due date the
    database cannot give is worked out by `due_of(values, end)` from the `due_fields` of each.

    Called like a plain `rows` function, it builds every row."""

    select: Callable
    due: str
    build: Callable
    due_of: Callable | None = None
    due_fields: tuple = ()

    def __call__(self, viewer, people, start, end, filters) -> list[WeekRow]:
        return self.build(viewer, list(self.select(viewer, people, start, end, filters)))

    def keys(self, selected, end) -> list[tuple]:
        """(due, id) of every record `select` chose (`selected`: what it returned)."""
        light = selected.select_related(None)
        if self.due_of is None:
            return list(light.values_list(self.due, "pk"))
        return [(self.due_of(row, end), row["pk"]) for row in light.values("pk", *self.due_fields)]

    def rows_of(self, viewer, selected, pks) -> list[WeekRow]:
        """The rows of some of the records `select` chose, by id."""
        return self.build(viewer, list(selected.filter(pk__in=pks)))


@dataclass(frozen=True)
class WeekSource:
    kind: str
    label: str  # plural, e.g. "Obligations"
    order: int
    rows: Callable
    noun: str = ""  # one row's kind, e.g. "Obligation" (the label when empty)
    # (actor, pk, data) -> None, raising ValidationError / PermissionDenied / Http404.
    mark_done: Callable | None = None
    # (actor, pk, until, reason) -> None, same.
    snooze: Callable | None = None
    internal_only: bool = True


WEEK_SOURCES: list[WeekSource] = []


def register_week_source(**kwargs) -> None:
    source = WeekSource(**kwargs)
    if all(existing.kind != source.kind for existing in WEEK_SOURCES):
        WEEK_SOURCES.append(source)
        WEEK_SOURCES.sort(key=lambda entry: entry.order)


def register_week_sources(*sources: tuple, **shared) -> None:
    """Several sections of "My week", in this order: each (kind, noun, label, order, rows);
    `shared` fields (mark_done, snooze, internal_only) go to every one."""
    for kind, noun, label, order, rows in sources:
        register_week_source(kind=kind, noun=noun, label=label, order=order, rows=rows, **shared)


def week_source(kind: str) -> WeekSource | None:
    return next((source for source in WEEK_SOURCES if source.kind == kind), None)


# The page `/` renders: reporting registers it (core cannot import the apps above it).
HOME_VIEWS: list[Callable] = []


def people_ids(who):
    """A person, or a queryset or list of people, as a value `user__in=` accepts."""
    from django.db.models import QuerySet

    if isinstance(who, QuerySet):
        return who.values("pk")
    if hasattr(who, "pk"):
        return [who.pk]
    return [getattr(person, "pk", person) for person in who]


def nav_for(user) -> list[tuple[str, list[NavItem]]]:
    """The sidebar this person sees: (group, links) in NAV_GROUPS order, empty groups left out."""
    shown = [item for item in NAV if item.shown_to(user)]
    groups = []
    for group in NAV_GROUPS:
        items = sorted((item for item in shown if item.group == group), key=lambda i: i.order)
        if items:
            groups.append((group, items))
    return groups


# --- Who sees which alliance and program ------------------------------------------------------
# Core's records (audit events, stored files) and people's pages carry alliance and program ids,
# but who may see an alliance or a firewalled program is the portfolio's rule: accord.portfolio
# registers it here in its AppConfig.ready(), and core and people ask `scope()`.


@dataclass(frozen=True)
class Scope:
    # (user) -> QuerySet of the alliances this person may see
    alliances: Callable
    # (user) -> QuerySet of the programs this person may see (alliance and firewall applied)
    programs: Callable
    # (user) -> QuerySet of the firewalled programs this person is not cleared for, whatever
    # their role or alliances: what an alliance's history hides from them
    uncleared_programs: Callable
    # (user, pk) -> the alliance, or Http404 when this person may not see it
    get_alliance: Callable


SCOPE: list[Scope] = []


def register_scope(**kwargs) -> None:
    SCOPE[:] = [Scope(**kwargs)]


def scope() -> Scope:
    if not SCOPE:
        raise ImproperlyConfigured(
            "No app registered who sees which alliance: accord.portfolio does, in its "
            "AppConfig.ready(); is it in INSTALLED_APPS?"
        )
    return SCOPE[0]


# --- The audit trail of one object ------------------------------------------------------------
# "app_label.model" -> (user, pk) -> the object, or Http404 / PermissionDenied: objects whose own
# access rules decide who reads their trail (accord.core.audit_trail); any other object's trail
# is for reviewers only.
AUDITED_OBJECTS: dict[str, Callable] = {}


def register_audited_object(label: str, get_for_user: Callable) -> None:
    AUDITED_OBJECTS[label] = get_for_user


# --- The frame of every page ------------------------------------------------------------------
# name -> (request) -> value: what base.html shows on every page besides the sidebar (the own
# company's name, the unread notifications), read by accord.core.context_processors once per
# request. A provider that costs a query returns a callable, which templates call only if they
# show it.
FRAME_CONTEXT: dict[str, Callable] = {}


def register_frame_context(name: str, provider: Callable) -> None:
    FRAME_CONTEXT[name] = provider


# --- Housekeeping and periodic jobs -----------------------------------------------------------
# name -> (now) -> how many rows it forgot: each app's retention, run by the daily housekeeping
# job (accord.core.housekeeping) beside core's own.
RETENTION: dict[str, Callable] = {}
# (name, slot, attempts, description) -> None: told when a periodic job gives up
# (accord.core.scheduling.report_failure).
JOB_FAILURE_LISTENERS: list[Callable] = []


def register_retention(name: str, prune: Callable) -> None:
    RETENTION[name] = prune


def register_job_failure_listener(listener: Callable) -> None:
    if listener not in JOB_FAILURE_LISTENERS:
        JOB_FAILURE_LISTENERS.append(listener)


# --- Alliance glossary ----------------------------------------------------------------------
# The app that keeps an alliance's glossary registers `(alliance, user) -> list[(word, meaning)]`
# (the words a reader may see, each with the meaning to show beside it); core's `glossary`
# template tag highlights them in user text (minutes, decisions, obligations, milestones…).
GLOSSARY_PROVIDERS: list[Callable] = []


def register_glossary(provider: Callable) -> None:
    if provider not in GLOSSARY_PROVIDERS:
        GLOSSARY_PROVIDERS.append(provider)


def glossary_words(alliance, user) -> list[tuple[str, str]]:
    words: list[tuple[str, str]] = []
    for provider in GLOSSARY_PROVIDERS:
        words.extend(provider(alliance, user))
    return words
