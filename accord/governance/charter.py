"""Reading governance against the charter: membership deviations, meeting cadence, quorum,
decision latency and how often the partners met face to face. Pure functions of loaded rows.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from accord.portfolio.models import AllianceMember, Company

from .models import (
    SLOW_DECISION_DAYS,
    VOTING_ROLES,
    Committee,
    CommitteeMember,
    CommitteeRole,
    MeetingModality,
    MeetingStatus,
)


def parties(alliance) -> list[Company]:
    """Our company first, then the alliance's partners: the parties that hold seats."""
    own = Company.objects.filter(kind=Company.Kind.OWN).first()
    return ([own] if own else []) + list(alliance.partners.order_by("name"))


# --- Membership against the charter ---------------------------------------------------------


@dataclass
class SeatCount:
    company: Company
    voting: int = 0
    co_chairs: int = 0
    people: list = field(default_factory=list)


def seat_counts(committee: Committee, memberships: Iterable[CommitteeMember], companies) -> list:
    counts = {company.pk: SeatCount(company) for company in companies}
    for membership in memberships:
        seat = counts.get(membership.user.company_id)
        if seat is None:
            continue
        seat.people.append(membership)
        if membership.role in VOTING_ROLES:
            seat.voting += 1
        if membership.role == CommitteeRole.CO_CHAIR:
            seat.co_chairs += 1
    return list(counts.values())


def charter_warnings(
    committee: Committee,
    memberships: Iterable[CommitteeMember],
    companies: list[Company],
    team_user_ids: set[int],
) -> list[str]:
    """Where the current membership deviates from the charter, in words an AM can act on.

    `memberships` are the body's current seats (with users and their companies loaded),
    `companies` the alliance's parties, `team_user_ids` the people on the alliance's team.
    """
    memberships = list(memberships)
    warnings = []
    low, high = committee.min_members_per_party, committee.max_members_per_party
    for seat in seat_counts(committee, memberships, companies):
        name = seat.company.name
        if low and seat.voting < low:
            warnings.append(
                ngettext(
                    "%(party)s has %(n)s voting member; the charter requires at least %(low)s.",
                    "%(party)s has %(n)s voting members; the charter requires at least %(low)s.",
                    seat.voting,
                )
                % {"party": name, "n": seat.voting, "low": low}
            )
        if high and seat.voting > high:
            warnings.append(
                gettext("%(party)s has %(n)s voting members; the charter allows at most %(high)s.")
                % {"party": name, "n": seat.voting, "high": high}
            )
        if seat.co_chairs == 0:
            warnings.append(gettext("%(party)s has no co-chair.") % {"party": name})
        elif seat.co_chairs > 1:
            warnings.append(
                gettext("%(party)s has %(n)s co-chairs; the charter expects one.")
                % {"party": name, "n": seat.co_chairs}
            )
    party_ids = {company.pk for company in companies}
    for membership in memberships:
        user = membership.user
        if not user.is_active:
            warnings.append(
                gettext("%(person)s has left %(company)s: the account is no longer active.")
                % {"person": user, "company": user.company}
            )
        elif user.company_id not in party_ids:
            warnings.append(
                gettext("%(person)s works for %(company)s, which is not a party to this alliance.")
                % {"person": user, "company": user.company}
            )
        elif user.is_partner and user.pk not in team_user_ids:
            warnings.append(
                gettext("%(person)s (%(company)s) is no longer on the alliance team.")
                % {"person": user, "company": user.company}
            )
    return warnings


def alliance_team_ids(alliance) -> set[int]:
    return set(AllianceMember.objects.filter(alliance=alliance).values_list("user_id", flat=True))


# --- Meeting cadence ------------------------------------------------------------------------


CADENCE_STATUS_LABELS = {
    "met": gettext_lazy("met"),
    "missed": gettext_lazy("missed"),
    "on track": gettext_lazy("on track"),
    "at risk": gettext_lazy("at risk"),
}


@dataclass
class CadenceYear:
    year: int
    required: int
    held: int
    scheduled: int  # still to come this year
    status: str  # met, missed, on track, at risk

    @property
    def is_problem(self) -> bool:
        return self.status in ("missed", "at risk")

    @property
    def status_label(self) -> str:
        """The status as shown to people (status itself is compared in code)."""
        return CADENCE_STATUS_LABELS.get(self.status, self.status)


def cadence_compliance(
    committee: Committee,
    meetings: Iterable,
    *,
    on: dt.date,
    start: dt.date | None = None,
    years: int = 3,
) -> list[CadenceYear]:
    """Meetings held against the charter's minimum, per calendar year (latest first).

    A year the body existed only in part requires a pro-rated number of meetings (rounded up);
    counting starts when the body was established, or at its first meeting recorded in Accord.
    `meetings` are the body's meetings (anything with `starts_at` and `status`).
    """
    per_year = committee.meetings_per_year
    if not per_year:
        return []
    start = start or committee.established_on or committee.alliance.effective_date or on
    end = committee.dissolved_on if committee.dissolved_on and committee.dissolved_on < on else on
    held, scheduled = defaultdict(int), defaultdict(int)
    days = [(timezone.localtime(m.starts_at).date(), m.status) for m in meetings]
    if days:
        # Years before the first meeting recorded in Accord are not judged: the body's earlier
        # history was kept elsewhere.
        start = max(start, min(day for day, _ in days))
    for day, status in days:
        if status == MeetingStatus.HELD:
            held[day.year] += 1
        elif status == MeetingStatus.SCHEDULED and day >= on:
            scheduled[day.year] += 1
    rows = []
    for year in range(end.year, max(start.year, end.year - years + 1) - 1, -1):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        active_from = max(first, start)
        active_days = (last - active_from).days + 1
        required = math.ceil(per_year * active_days / ((last - first).days + 1))
        done = held[year]
        if done >= required:
            status = "met"
        elif year < on.year or (committee.dissolved_on and committee.dissolved_on <= on):
            status = "missed"
        else:
            status = "on track" if done + scheduled[year] >= required else "at risk"
        rows.append(CadenceYear(year, required, done, scheduled[year], status))
    return rows


@dataclass
class CadenceStanding:
    """The one reading of a body's cadence that both the governance pages and the contracts
    register's cadence obligation use (so the two can never disagree).

    `rows` are `cadence_compliance`'s years (latest first); `due_on` is the end of the earliest
    judged year whose minimum is not met (past: the duty is overdue; this year: it is due by
    31 December), or the end of next year when every judged year is met; `met` lists, oldest
    first, each year met with the day of the meeting that met it.
    """

    rows: list[CadenceYear]
    start: dt.date | None
    due_on: dt.date | None
    met: list[tuple[int, dt.date, int, int]]  # (year, met on, held, required)

    @property
    def missed(self) -> list[CadenceYear]:
        return [row for row in self.rows if row.status == "missed"]

    @property
    def is_overdue(self) -> bool:
        return bool(self.missed)


def cadence_standing(committee: Committee, meetings: Iterable, *, on: dt.date) -> CadenceStanding:
    """Where a body stands against its charter cadence, from the meetings recorded for it."""
    meetings = list(meetings)
    rows = cadence_compliance(committee, meetings, on=on)
    if not rows:
        return CadenceStanding(rows=[], start=None, due_on=None, met=[])
    held_days = defaultdict(list)
    for meeting in meetings:
        if meeting.status == MeetingStatus.HELD:
            day = timezone.localtime(meeting.starts_at).date()
            held_days[day.year].append(day)
    start = committee.established_on or committee.alliance.effective_date or on
    if meetings:
        start = max(start, min(timezone.localtime(m.starts_at).date() for m in meetings))
    oldest = rows[-1].year
    start = max(start, dt.date(oldest, 1, 1))
    met, due_on = [], None
    for row in reversed(rows):  # oldest first
        if row.held >= row.required:
            days = sorted(held_days[row.year])
            met.append((row.year, days[row.required - 1], row.held, row.required))
        elif due_on is None:
            due_on = dt.date(row.year, 12, 31)
    if due_on is None:
        due_on = dt.date(rows[0].year + 1, 12, 31)
    return CadenceStanding(rows=rows, start=start, due_on=due_on, met=met)


# --- Quorum ---------------------------------------------------------------------------------


def quorum(committee: Committee, attendance: Iterable, companies: list[Company]) -> list[str]:
    """The parties short of the charter's quorum at a meeting (empty: quorum was met)."""
    needed = committee.quorum_per_party
    present = defaultdict(int)
    for row in attendance:
        if row.attended and row.role in VOTING_ROLES:
            present[row.company_id] += 1
    return [
        gettext("%(party)s: %(present)s of %(needed)s required")
        % {"party": company.name, "present": present[company.pk], "needed": needed}
        for company in companies
        if present[company.pk] < needed
    ]


# --- Decision latency -----------------------------------------------------------------------


@dataclass
class Latency:
    label: str
    decided: int
    median_days: float | None
    mean_days: float | None
    max_days: int | None
    slow: int
    pending: int
    oldest_pending_days: int | None


def latency_by(rows: Iterable[dict], key: str, labels: dict, *, on: dt.date) -> list[Latency]:
    """Latency (raised → decided) per group, from value rows of decisions.

    Each row has `key`, `status`, `raised_on` and `decided_on`. Groups are sorted slowest first.
    """
    decided, pending = defaultdict(list), defaultdict(list)
    for row in rows:
        if row["decided_on"] is not None:
            decided[row[key]].append((row["decided_on"] - row["raised_on"]).days)
        elif row["status"] != "decided":
            pending[row[key]].append((on - row["raised_on"]).days)
    result = []
    for group in set(decided) | set(pending):
        days = decided[group]
        result.append(
            Latency(
                label=labels.get(group, gettext("No body"))
                if group is not None
                else gettext("No body"),
                decided=len(days),
                median_days=statistics.median(days) if days else None,
                mean_days=round(statistics.fmean(days), 1) if days else None,
                max_days=max(days) if days else None,
                slow=sum(1 for d in days if d > SLOW_DECISION_DAYS)
                + sum(1 for d in pending[group] if d > SLOW_DECISION_DAYS),
                pending=len(pending[group]),
                oldest_pending_days=max(pending[group]) if pending[group] else None,
            )
        )
    result.sort(key=lambda item: (-(item.median_days or 0), -(item.oldest_pending_days or 0)))
    return result


# --- Face to face ---------------------------------------------------------------------------


@dataclass
class ModalityPeriod:
    label: str
    in_person: int = 0
    hybrid: int = 0
    virtual: int = 0

    @property
    def total(self) -> int:
        return self.in_person + self.hybrid + self.virtual


def quarter_of(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def modality_by_quarter(meetings: Iterable, *, on: dt.date, quarters: int = 4) -> list:
    """Held meetings per quarter by modality, for the last `quarters` quarters (latest first)."""
    labels, year, quarter = [], on.year, (on.month - 1) // 3 + 1
    for _ in range(quarters):
        labels.append(f"{year} Q{quarter}")
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    periods = {label: ModalityPeriod(label) for label in labels}
    fields = {
        MeetingModality.IN_PERSON: "in_person",
        MeetingModality.HYBRID: "hybrid",
        MeetingModality.VIRTUAL: "virtual",
    }
    for meeting in meetings:
        if meeting.status != MeetingStatus.HELD:
            continue
        period = periods.get(quarter_of(timezone.localtime(meeting.starts_at).date()))
        if period is not None:
            name = fields[meeting.modality]
            setattr(period, name, getattr(period, name) + 1)
    return [periods[label] for label in labels]
