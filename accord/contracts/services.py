"""Read-side services: conflicts for each kind of record, the "may we…?" answer, unused rights,
calendar entries and realised milestone payments (the value app's entry point)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.cleaning import printable
from accord.portfolio.models import Program

from . import conflicts
from .conflicts import Overlap, Scope
from .models import Agreement, Milestone, Obligation, Restriction, Right, RightState, State


def program_conflicts(program: Program) -> list[Overlap]:
    return conflicts.find_overlaps(
        conflicts.program_scope(program, on=timezone.localdate()),
        exclude_alliance_id=program.alliance_id,
    )


def right_conflicts(right: Right) -> list[Overlap]:
    if right.state not in (RightState.AVAILABLE, RightState.EXERCISED):
        return []
    return conflicts.find_overlaps(
        conflicts.entry_scope(right), exclude_alliance_id=right.alliance_id
    )


@dataclass
class RestrictionCheck:
    restrictions: list[Overlap]
    programs: list[Program]
    hidden_programs: int  # firewalled programs in scope the viewer is not cleared for (not shown)


def restriction_conflicts(restriction: Restriction, user) -> RestrictionCheck:
    """Other agreements' restrictions this one overlaps, and our programs elsewhere inside it."""
    if restriction.state != "active" or restriction.bound not in conflicts.BINDING_US:
        return RestrictionCheck([], [], 0)
    scope = conflicts.entry_scope(restriction)
    overlaps = conflicts.find_overlaps(
        scope, exclude_alliance_id=restriction.alliance_id, exclude_restriction_id=restriction.pk
    )
    others = Program.objects.exclude(alliance_id=restriction.alliance_id).exclude(
        phase="discontinued"
    )
    everything = conflicts.programs_in_scope(scope, others)
    visible = set(
        Program.objects.visible_to(user)
        .values_list("pk", flat=True)
        .filter(pk__in=[p.pk for p in everything])
    )
    shown = [p for p in everything if p.pk in visible]
    return RestrictionCheck(overlaps, shown, len(everything) - len(shown))


def agreement_conflicts(agreement: Agreement, user) -> list[tuple[object, list[Overlap]]]:
    """Each right and restriction of the agreement that runs into another agreement."""
    found = []
    for right in agreement.rights.prefetch_related("territories"):
        if (
            right.program_id
            and not Program.objects.visible_to(user).filter(pk=right.program_id).exists()
        ):
            continue
        overlaps = right_conflicts(right)
        if overlaps:
            found.append((right, overlaps))
    for restriction in agreement.restrictions.prefetch_related("territories"):
        check = restriction_conflicts(restriction, user)
        if check.restrictions:
            found.append((restriction, check.restrictions))
    return found


@dataclass
class Answer:
    scope: Scope
    restrictions: list[Overlap]
    programs: list[Program]
    # How many there are, when the lists hold only the first ones (the page); else their lengths.
    restriction_count: int | None = None
    program_count: int | None = None

    def __post_init__(self):
        if self.restriction_count is None:
            self.restriction_count = len(self.restrictions)
        if self.program_count is None:
            self.program_count = len(self.programs)

    @property
    def allowed(self) -> bool:
        return not self.restriction_count

    # The page lists this many conflicts (a broad question can meet hundreds); the API all.
    SHOWN = 50

    @property
    def shown_restrictions(self) -> list[Overlap]:
        return self.restrictions[: self.SHOWN]

    @property
    def more_restrictions(self) -> int:
        return max(self.restriction_count - self.SHOWN, 0)

    @property
    def shown_programs(self) -> list[Program]:
        return self.programs[: self.SHOWN]

    @property
    def more_programs(self) -> int:
        return max(self.program_count - self.SHOWN, 0)


def may_we(scope: Scope, user, *, shown: int | None = None) -> Answer:
    """May we work on this target, in this field and territory, on this date? Across the portfolio.

    Every restriction that binds us is considered; programs already in the scope are listed if
    the viewer may see them. A firewalled program the viewer is not cleared for is left out
    without a trace: saying "a program you are not cleared for works on KRAS G12D" would leak
    exactly what the firewall protects. `shown`: the answer holds only the first so many
    restrictions and programs, and counts them all (the page, which lists `Answer.SHOWN`).
    """
    overlaps, restriction_count = conflicts.first_overlaps(scope, shown)
    programs, program_count = conflicts.first_programs_in_scope(
        scope, Program.objects.visible_to(user).exclude(phase="discontinued"), shown
    )
    return Answer(scope, overlaps, programs, restriction_count, program_count)


def unused_rights(user, today: dt.date | None = None):
    """Options, reservations and first rights nobody has used (open or lapsed within a year)."""
    today = today or timezone.localdate()
    return (
        Right.objects.visible_to(user)
        .unused(today)
        .with_list_data()
        .order_by("window_closes", "pk")
    )


def realised_payments(user=None, *, start: dt.date | None = None, end: dt.date | None = None):
    """Paid milestones with amount, currency and date, for value realised versus forecast."""
    qs = Milestone.objects.all() if user is None else Milestone.objects.visible_to(user)
    return (
        qs.paid_between(start, end)
        .select_related("alliance", "payer", "payee")
        .order_by("paid_on", "pk")
        .values(
            "pk",
            "alliance_id",
            "title",
            "kind",
            "paid_on",
            "paid_amount",
            "paid_currency",
            "currency",
            "payer__name",
            "payee__name",
        )
    )


# --- Calendar -------------------------------------------------------------------------------


@dataclass
class CalendarEntry:
    uid: str
    day: dt.date
    title: str
    kind: str
    url: str
    alliance: str
    detail: str = ""
    category: str = ""
    # A timed entry (a meeting): its start and end, and the zone it is held in.
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    time_zone: str = ""
    # Reminders (VALARM triggers), relative to the start: negative is before.
    alarms: tuple[dt.timedelta, ...] = ()


def _calendar_sets(user, start, end, alliance, mine_only):
    # Each obligation on the date it is measured against (an active variance's, as in My week).
    obligations = (
        Obligation.objects.visible_to(user)
        .filter(state=State.OPEN)
        .measured_due_between(start, end)
    )
    milestones = Milestone.objects.visible_to(user).filter(
        achieved_on__isnull=True, forecast_date__gte=start, forecast_date__lte=end
    )
    rights = Right.objects.visible_to(user).filter(
        state=RightState.AVAILABLE, window_closes__gte=start, window_closes__lte=end
    )
    if alliance is not None:
        obligations, milestones, rights = (
            qs.filter(alliance=alliance) for qs in (obligations, milestones, rights)
        )
    if mine_only:
        from accord.portfolio.models import RESPONSIBLE_ROLES, AllianceMember

        run = AllianceMember.objects.filter(user=user, role__in=RESPONSIBLE_ROLES).values(
            "alliance_id"
        )
        obligations = obligations.filter(Q(owner=user) | Q(owner__isnull=True, alliance_id__in=run))
        milestones = milestones.filter(alliance_id__in=run)
        rights = rights.filter(alliance_id__in=run)
    return obligations, milestones, rights


def calendar_month(user, start, end, *, alliance=None, mine_only=False, per_day: int = 6):
    """A month grid: at most `per_day` obligations a day (chosen in SQL) and each day's total."""
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    obligations, milestones, rights = _calendar_sets(user, start, end, alliance, mine_only)
    totals = dict(
        obligations.order_by()
        .values_list("measured_due_date")
        .annotate(n=Count("pk"))
        .values_list("measured_due_date", "n")
    )
    shown = obligations.annotate(
        nth=Window(RowNumber(), partition_by=[F("measured_due_date")], order_by=[F("pk").asc()])
    ).filter(nth__lte=per_day)
    entries = _entries(shown, milestones, rights)
    for entry in entries:
        if entry.kind != "obligation":
            totals[entry.day] = totals.get(entry.day, 0) + 1
    return entries, totals


def calendar_entries(
    user, start: dt.date, end: dt.date, *, alliance=None, mine_only: bool = False
) -> list[CalendarEntry]:
    """Obligation due dates, milestone forecasts and right expiries between two dates."""
    return _entries(*_calendar_sets(user, start, end, alliance, mine_only))


def _dated(record, kind: str, day, title: str, **fields) -> CalendarEntry:
    """A register record on the calendar: linked to its page, named with its alliance, its
    clause as the detail unless said otherwise."""
    fields.setdefault("uid", f"{kind}-{record.pk}")
    fields.setdefault("detail", record.section)
    return CalendarEntry(
        day=day,
        title=f"{title} ({record.alliance.name})",
        kind=kind,
        url=record.get_absolute_url(),
        alliance=record.alliance.name,
        **fields,
    )


def _entries(obligations, milestones, rights) -> list[CalendarEntry]:
    entries = [
        _dated(
            o,
            "obligation",
            o.measured_due_date,
            o.title,
            uid=f"obligation-{o.pk}-{o.measured_due_date:%Y%m%d}",
            detail=f"{o.get_category_display()} · {o.section}".strip(" ·"),
            category=o.category,
        )
        for o in obligations.select_related("alliance")[:5000]
    ]
    entries += [
        _dated(
            m,
            "milestone",
            m.forecast_date,
            _("Milestone forecast: %(title)s") % {"title": m.title},
        )
        for m in milestones.select_related("alliance")[:5000]
    ]
    entries += [
        _dated(
            r,
            "right",
            r.window_closes,
            _("%(kind)s expires: %(title)s") % {"kind": r.get_kind_display(), "title": r.title},
        )
        for r in rights.select_related("alliance")[:5000]
    ]
    return sorted(entries, key=lambda e: (e.day, e.kind, e.title))


def feed_entries(
    user, start: dt.date, end: dt.date, *, alliance=None, mine_only: bool = False
) -> list[CalendarEntry]:
    """What a calendar feed holds: the register's dates, and with governance installed the
    person's meetings and action items; each with reminders on the cadence Accord reminds on
    (the obligation category's reminder policy, or the default one)."""
    from django.apps import apps

    from .reminders import cadences

    by_category = cadences()
    entries = calendar_entries(user, start, end, alliance=alliance, mine_only=mine_only)
    for entry in entries:
        cadence = by_category.get(entry.category, by_category[""])
        entry.alarms = tuple(
            dt.timedelta(days=-d) for d in sorted(cadence.days_before, reverse=True)
        )
    if apps.is_installed("accord.governance"):
        from accord.governance import feed

        entries += [
            CalendarEntry(**found)
            for found in feed.calendar_entries(
                user, start, end, alliance=alliance, mine_only=mine_only
            )
        ]
    return sorted(entries, key=lambda e: (e.day, e.kind, e.title))


def _alarm(trigger: dt.timedelta, title: str):
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    alarm.add("description", title)
    return alarm


def ics(entries: list[CalendarEntry], name: str, base_url: str) -> bytes:
    """An iCalendar document that Outlook, Google and Apple subscribe to: all-day events for
    dates, timed events (in their own time zone) for meetings, each with its reminders."""
    import zoneinfo

    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Accord//Contract dates//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", printable(name))
    cal.add("x-published-ttl", "PT6H")
    stamp = timezone.now()
    for entry in entries:
        event = Event()
        # A meeting keeps its invitation's UID (already qualified), so the two are one event.
        event.add("uid", entry.uid if "@" in entry.uid else f"{entry.uid}@accord")
        event.add("dtstamp", stamp)
        if entry.starts_at is not None:
            zone = zoneinfo.ZoneInfo(entry.time_zone or settings.TIME_ZONE)
            event.add("dtstart", entry.starts_at.astimezone(zone))
            event.add("dtend", entry.ends_at.astimezone(zone))
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + dt.timedelta(days=1))
        # Text stored before input was cleaned may hold control characters: not in a feed.
        event.add("summary", printable(str(entry.title)))
        event.add(
            "description",
            printable(f"{entry.detail}\n{base_url.rstrip('/')}{entry.url}".strip()),
        )
        event.add("url", f"{base_url.rstrip('/')}{entry.url}")
        event.add("categories", [entry.kind])
        event.add("transp", "OPAQUE" if entry.starts_at is not None else "TRANSPARENT")
        for trigger in entry.alarms:
            event.add_component(_alarm(trigger, printable(str(entry.title))))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
