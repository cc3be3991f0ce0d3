"""Reminders that fire: an escalating cadence before a due date, then repeated overdue notices.

`send_reminders(today=)` is run by the daily job (tasks.py). It selects, in one indexed query,
every open obligation due within the longest reminder horizon or already overdue, works out for
each the single reminder that applies today, and sends it through `notifications.notify`, whose
dedupe key makes a second run on the same day send nothing. A missed run needs no replay: the
step that applies is computed from the dates, so the next run sends the reminder now due (not
every step that was skipped).

Cadence (per obligation category, `ReminderPolicy`; defaults 30, 14, 7, 1 days before):
- before the due date, the owner (or, without one, the alliance's managers) hears once per step;
- once overdue, the owner hears every `overdue_owner_every_days` (default daily) and the alliance
  managers every `overdue_manager_every_days` (default weekly).

Other apps remind through `remind(...)` with their own subject key (e.g. governance action items).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accord.notifications.actions import notify, subject_of
from accord.notifications.models import Notification
from accord.portfolio.models import AllianceMember, MemberRole

from .models import Obligation, ReminderPolicy, State

DEFAULT_STEPS = (30, 14, 7, 1)


@dataclass(frozen=True)
class Cadence:
    days_before: tuple[int, ...] = DEFAULT_STEPS
    overdue_owner_every_days: int = 1
    overdue_manager_every_days: int = 7

    @property
    def horizon(self) -> int:
        return max(self.days_before, default=0)


def cadences() -> dict[str, Cadence]:
    """Cadence by obligation category; key "" is the default."""
    found = {"": Cadence()}
    for policy in ReminderPolicy.objects.all():
        found[policy.category] = Cadence(
            tuple(policy.steps()),
            policy.overdue_owner_every_days,
            policy.overdue_manager_every_days,
        )
    return found


@dataclass(frozen=True)
class Step:
    key: str  # stable part of the dedupe key
    audience: str  # "owner" or "managers"
    days_left: int


def steps_for(due_date: dt.date, today: dt.date, cadence: Cadence) -> list[Step]:
    """The reminders that apply today for something due on `due_date` (at most one per audience)."""
    days_left = (due_date - today).days
    if days_left >= 0:
        reached = [d for d in cadence.days_before if d >= days_left]
        if not reached:
            return []
        return [Step(f"before-{min(reached)}", "owner", days_left)]
    late = -days_left
    return [
        Step(f"overdue-owner-{(late - 1) // cadence.overdue_owner_every_days}", "owner", days_left),
        Step(
            f"overdue-manager-{(late - 1) // cadence.overdue_manager_every_days}",
            "managers",
            days_left,
        ),
    ]


def describe(days_left: int) -> str:
    if days_left > 1:
        return ngettext("due in %(n)s day", "due in %(n)s days", days_left) % {"n": days_left}
    if days_left == 1:
        return _("due tomorrow")
    if days_left == 0:
        return _("due today")
    return ngettext("overdue by %(n)s day", "overdue by %(n)s days", -days_left) % {"n": -days_left}


def long_date(day: dt.date) -> str:
    """ "Monday 07 December 2026", in the active language."""
    return dateformat.format(day, pgettext("date format", "l d F Y"))


def remind(
    *,
    subject_key: str,
    title: str,
    due_date: dt.date,
    today: dt.date,
    owners: Iterable,
    managers: Iterable = (),
    url: str = "",
    body: str = "",
    alliance_id: int | None = None,
    program_id: int | None = None,
    cadence: Cadence | None = None,
    kind: str = "contracts.reminder",
    subject: str = "",
) -> int:
    """Send today's reminder for one dated item; returns how many notifications were created.

    `subject_key` identifies the item (e.g. "governance:action:42"); the due date is part of the
    dedupe key, so moving the date starts the cadence again.
    """
    cadence = cadence or Cadence()
    owners = [u for u in owners if u is not None]
    managers = [u for u in managers if u is not None and u not in owners]
    sent = 0
    for step in steps_for(due_date, today, cadence):
        # Nobody owns it: the managers are its owners (and are not escalated to on top).
        owner_step = step.audience == "owner"
        people = (owners or managers) if owner_step else (managers if owners else [])
        if not people:
            continue
        created = notify(
            recipients=people,
            kind=f"{kind}.{'overdue' if step.days_left < 0 else 'upcoming'}",
            title=lambda step=step: (
                _("%(title)s: %(when)s") % {"title": title, "when": describe(step.days_left)}
            ),
            dedupe_key=f"{subject_key}:{due_date:%Y-%m-%d}:{step.key}"[:200],
            body=body or (lambda: _("Due %(date)s.") % {"date": long_date(due_date)}),
            url=url,
            alliance_id=alliance_id,
            program_id=program_id,
            subject=subject,
        )
        sent += len(created)
    return sent


def candidates(today: dt.date, horizon_days: int):
    """Open obligations that are overdue or due within the horizon: one indexed range query."""
    return (
        Obligation.objects.filter(state=State.OPEN, due_date__isnull=False)
        .filter(due_date__lte=today + dt.timedelta(days=horizon_days))
        .select_related("owner", "alliance", "agreement")
        .order_by("due_date", "pk")
    )


def _managers_by_alliance(alliance_ids: set[int]) -> dict[int, list]:
    members = (
        AllianceMember.objects.filter(alliance_id__in=alliance_ids, user__is_active=True)
        .filter(Q(role=MemberRole.ALLIANCE_MANAGER) | Q(role=MemberRole.DESIGNATED_PERSON))
        .select_related("user")
        .order_by("role")
    )
    found: dict[int, list] = {}
    for member in members:
        found.setdefault(member.alliance_id, [])
        if member.user not in found[member.alliance_id]:
            found[member.alliance_id].append(member.user)
    return found


def _already_sent(keys: list[str]) -> set[str]:
    sent = set()
    for start in range(0, len(keys), 500):
        sent |= set(
            Notification.objects.filter(dedupe_key__in=keys[start : start + 500]).values_list(
                "dedupe_key", flat=True
            )
        )
    return sent


def _obligation_body(obligation) -> str:
    values = {
        "category": obligation.get_category_display(),
        "alliance": obligation.alliance,
        "agreement": obligation.agreement,
        "section": obligation.section,
        "date": long_date(obligation.due_date),
    }
    if obligation.agreement_id:
        return (
            _("%(category)s obligation of %(alliance)s, %(agreement)s %(section)s. Due %(date)s.")
            % values
        )
    return _("%(category)s obligation of %(alliance)s. Due %(date)s.") % values


def send_reminders(*, today: dt.date | None = None) -> int:
    """The daily job: every reminder that applies today, each sent once; returns how many."""
    today = today or timezone.localdate()
    by_category = cadences()
    horizon = max(c.horizon for c in by_category.values())
    items = list(candidates(today, horizon))
    plans = []
    for obligation in items:
        cadence = by_category.get(obligation.category, by_category[""])
        for step in steps_for(obligation.due_date, today, cadence):
            key = f"contracts:obligation:{obligation.pk}:{obligation.due_date:%Y-%m-%d}:{step.key}"
            plans.append((obligation, cadence, key))
    sent_keys = _already_sent([key for _, _, key in plans])
    todo = {}
    for obligation, cadence, key in plans:
        if key not in sent_keys:
            todo[obligation.pk] = (obligation, cadence)
    managers = _managers_by_alliance({o.alliance_id for o, _ in todo.values()})
    sent = 0
    for obligation, cadence in todo.values():
        sent += remind(
            subject_key=f"contracts:obligation:{obligation.pk}",
            title=obligation.title,
            due_date=obligation.due_date,
            today=today,
            owners=[obligation.owner] if obligation.owner_id else [],
            managers=managers.get(obligation.alliance_id, []),
            url=reverse("contracts:obligation_detail", args=[obligation.pk]),
            body=_obligation_body(obligation),
            alliance_id=obligation.alliance_id,
            program_id=obligation.program_id,
            cadence=cadence,
            kind="obligation",
            subject=subject_of(obligation),
        )
    return sent
