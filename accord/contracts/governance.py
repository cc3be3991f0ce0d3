"""The contracts register's side of governance (registered in apps.py when governance is installed).

- A body's charter cadence ("the JSC meets at least twice a year") is an obligation in the
  register: created, kept in step and terminated through the register's own actions, found again
  by its `source` ("governance.committee:<id>"). Its fulfilment is the meetings recorded as held
  for the body (governance.charter.cadence_standing, the reading the governance pages show):
  one source of truth, never completed by hand. A clause is one obligation: a governance
  obligation typed in for the same body is taken over, and a new one is refused.
- Meeting packs list the register's dates (obligations due, milestone forecasts, rights expiring)
  in the window — only in packs for our side: the register is internal, so a joint pack shown to
  the partner gets nothing from here.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import actions, services
from .models import Category, DueRule, Obligation, Party, Period, State

SOURCE_PREFIX = "governance.committee:"


def source_key(spec: dict) -> str:
    source = spec["source"]
    return f"{source['app']}.{source['model']}:{source['id']}"


def names_body(title: str, names) -> bool:
    """Does an obligation's title speak of this body ("JSC meets…", "the Joint Steering
    Committee shall meet…")?"""
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title or "", re.IGNORECASE)
        for name in names
        if name
    )


def _adoptable(alliance_id: int, names) -> Obligation | None:
    """A governance obligation typed in from the contract for this body before its charter
    was recorded: the cadence obligation takes it over rather than doubling it."""
    for candidate in Obligation.objects.filter(
        alliance_id=alliance_id, category=Category.GOVERNANCE, source=""
    ).exclude(state=State.TERMINATED):
        if names_body(candidate.title, names):
            return candidate
    return None


def duplicate_cadence(obligation: Obligation) -> None:
    """A clause is one obligation: a governance obligation about a body whose charter cadence
    the register already keeps (from its meetings) is refused, naming the one that exists."""
    from accord.governance.hooks import cadence_bodies

    if obligation.category != Category.GOVERNANCE or obligation.source:
        return
    for body_id, names in cadence_bodies(obligation.alliance_id):
        if not names_body(obligation.title, names):
            continue
        existing = (
            Obligation.objects.filter(source=f"{SOURCE_PREFIX}{body_id}")
            .exclude(state=State.TERMINATED)
            .first()
        )
        if existing is not None and existing.pk != obligation.pk:
            raise ValidationError(
                {
                    "title": f"“{existing.title}” is already in the register, kept by the "
                    "meetings recorded for that body: change its cadence in the body's charter."
                }
            )


def sync_cadence_obligation(*, actor, spec: dict) -> Obligation | None:
    """Create, update or terminate the register's obligation for a body's meeting cadence, and
    make its fulfilment follow the meetings held (spec["standing"]), nothing entered here."""
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
    if existing is None:
        existing = _adoptable(spec["alliance_id"], spec["names"])
        if existing is not None:
            actions.obligation_adopt(
                actor=actor,
                obligation=existing,
                source=key,
                reason="The body's charter cadence is now kept by its meetings.",
            )
    per_year = spec["meetings_per_year"]
    alliance = Alliance.objects.get(pk=spec["alliance_id"])
    standing = spec["standing"]
    # Counted from the body's establishment, the alliance's effective date or its first
    # meeting recorded here (charter.cadence_standing), else from the day it was recorded.
    starts_on = standing.start or (
        existing.recur_start
        if existing is not None and existing.recur_start
        else alliance.effective_date or timezone.localdate()
    )
    if existing is not None and existing.agreement_id:
        starts_on = max(starts_on, existing.agreement.effective_date)
    data = {
        "title": spec["title"],
        "description": (
            f"Charter meeting cadence: at least {per_year} meeting(s) a calendar year. Fulfilled "
            "by the meetings recorded as held for the body: a year is met when enough were held."
        ),
        "section": (spec["clause"] or "Charter")[:60],
        "owed_by": Party.JOINT,
        "category": Category.GOVERNANCE,
        "rule": DueRule.RECURRING,
        "recur_period": Period.YEAR,
        "recur_offset_days": 0,
        "recur_start": starts_on,
        "recur_until": spec["ends_on"],
    }
    if existing is None:
        existing = actions.obligation_create(actor=actor, alliance=alliance, data=data, source=key)
    else:
        if existing.state == State.TERMINATED:
            actions.obligation_set_state(
                actor=actor,
                obligation=existing,
                state=State.OPEN,
                reason="The body has a meeting cadence again.",
            )
        changed = {k: v for k, v in data.items() if getattr(existing, k) != v}
        if changed:
            existing = actions.obligation_update(
                actor=actor,
                obligation=existing,
                data=changed,
                reason="The charter's meeting cadence changed.",
            )
    return actions.obligation_follow_meetings(
        actor=actor, obligation=existing, met=standing.met, due_on=standing.due_on
    )


def key_dates(*, alliance, user, start, end, shared):
    from accord.governance.hooks import KeyDate

    if shared or not user.is_internal:
        return []
    return [
        KeyDate(
            date=entry.day, title=entry.title, kind=entry.kind.replace("_", " "), source="contracts"
        )
        for entry in services.calendar_entries(user, start, end, alliance=alliance)
    ]
