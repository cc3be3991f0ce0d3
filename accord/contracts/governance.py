"""The contracts register's side of governance (registered in apps.py when governance is installed).

- A body's charter cadence ("the JSC meets at least twice a year") is an obligation in the
  register: created, kept in step and terminated through the register's own actions, found again
  by its `source` ("governance.committee:<id>").
- Meeting packs list the register's dates (obligations due, milestone forecasts, rights expiring)
  in the window — only in packs for our side: the register is internal, so a joint pack shown to
  the partner gets nothing from here.
"""

from __future__ import annotations

from django.utils import timezone

from . import actions, services
from .models import Category, DueRule, Obligation, Party, Period, State

# Meetings a year → the period within which one meeting is due. Cadences that no calendar
# period expresses (three or six a year) are tracked per year; governance counts the meetings.
PERIOD_FOR_CADENCE = {1: Period.YEAR, 2: Period.HALF_YEAR, 4: Period.QUARTER, 12: Period.MONTH}


def source_key(spec: dict) -> str:
    source = spec["source"]
    return f"{source['app']}.{source['model']}:{source['id']}"


def sync_cadence_obligation(*, actor, spec: dict) -> Obligation | None:
    """Create, update or terminate the register's obligation for a body's meeting cadence."""
    from accord.portfolio.models import Alliance

    key = source_key(spec)
    existing = Obligation.objects.filter(source=key).first()
    if not spec["active"]:
        if existing is not None and existing.state == State.OPEN:
            actions.obligation_set_state(
                actor=actor,
                obligation=existing,
                state=State.TERMINATED,
                reason="The body no longer has a meeting cadence (or was dissolved).",
            )
        return existing
    per_year = spec["meetings_per_year"]
    period = PERIOD_FOR_CADENCE.get(per_year, Period.YEAR)
    alliance = Alliance.objects.get(pk=spec["alliance_id"])
    # A charter need not say when the body was established: the periods then count from the
    # alliance's effective date, or from the day the cadence was first recorded.
    starts_on = spec["starts_on"] or (
        existing.recur_start
        if existing is not None
        else alliance.effective_date or timezone.localdate()
    )
    data = {
        "title": spec["title"],
        "description": (
            f"Charter meeting cadence: at least {per_year} meeting(s) a year. Mark each period "
            "complete with the meeting that fulfilled it."
        ),
        "section": (spec["clause"] or "Charter")[:60],
        "owed_by": Party.JOINT,
        "category": Category.GOVERNANCE,
        "rule": DueRule.RECURRING,
        "recur_period": period,
        "recur_offset_days": 0,
        "recur_start": starts_on,
        "recur_until": spec["ends_on"],
    }
    if existing is None:
        return actions.obligation_create(actor=actor, alliance=alliance, data=data, source=key)
    changed = {k: v for k, v in data.items() if getattr(existing, k) != v}
    if existing.state != State.OPEN:
        actions.obligation_set_state(
            actor=actor,
            obligation=existing,
            state=State.OPEN,
            reason="The body has a meeting cadence again.",
        )
    if changed:
        return actions.obligation_update(
            actor=actor,
            obligation=existing,
            data=changed,
            reason="The charter's meeting cadence changed.",
        )
    return existing


def key_dates(*, alliance, user, start, end, shared):
    from accord.governance.keydates import KeyDate

    if shared or not user.is_internal:
        return []
    return [
        KeyDate(
            date=entry.day, title=entry.title, kind=entry.kind.replace("_", " "), source="contracts"
        )
        for entry in services.calendar_entries(user, start, end, alliance=alliance)
    ]
