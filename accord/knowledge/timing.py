"""When a deliverable is due: pure date arithmetic, tested on its own.

Anchors: *signing* is the alliance's effective date; *start* is the date the applied plan counts
from (the launch date for a launch or a service package, the relaunch or wind-down date
otherwise); *each JSC* is every Joint Steering Committee meeting that the governance app reports
through `hooks.register_jsc_meetings` (none until that app exists: such deliverables wait).
Recurring deliverables get one task per occurrence up to a rolling horizon; the daily job
extends it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from .models import CADENCE_MONTHS, Anchor, Cadence

ONCE = "once"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def occurrences(
    item: dict,
    *,
    signing: dt.date | None,
    start: dt.date | None,
    jsc_meetings: Iterable[tuple[int, dt.date]] = (),
    horizon: dt.date,
    not_before: dt.date | None = None,
) -> list[tuple[str, dt.date | None]]:
    """(occurrence key, due date) for each task a snapshot deliverable calls for by `horizon`.

    A one-off deliverable whose anchor date is unknown still gets its task, undated. A recurring
    one gets its first occurrence on or after `not_before` (the plan's start: applying a package
    to a three-year-old alliance does not invent three years of missed reviews), then every
    occurrence due by the horizon. A deliverable tied to each JSC follows the meetings held on or
    after `not_before`, for the same reason.
    """
    offset = dt.timedelta(days=item.get("offset_days") or 0)
    anchor = item["anchor"]
    if anchor == Anchor.EACH_JSC:
        # Like a recurring deliverable: meetings held before the plan started call for nothing.
        return [
            (f"jsc:{meeting_id}", day + offset)
            for meeting_id, day in jsc_meetings
            if not_before is None or day >= not_before
        ]
    base = signing if anchor == Anchor.SIGNING else start
    cadence = item.get("cadence") or Cadence.ONCE
    if cadence == Cadence.ONCE:
        return [(ONCE, base + offset if base else None)]
    if base is None:
        return []
    step = CADENCE_MONTHS[Cadence(cadence)]
    found, index = [], 0
    while True:
        due = add_months(base, step * index) + offset
        index += 1
        if not_before is not None and due < not_before:
            continue
        if found and due > horizon:
            return found
        found.append((due.isoformat(), due))


def timing_label(anchor: str, offset_days: int, cadence: str) -> str:
    """'45 days after signing', 'every quarter from the start', '7 days before each JSC'."""
    names = {
        Anchor.SIGNING: "signing",
        Anchor.START: "the start",
        Anchor.EACH_JSC: "each JSC",
    }
    name = names.get(anchor, anchor)
    days = offset_days or 0
    if days == 0:
        when = f"at {name}"
    elif days > 0:
        when = f"{days} day{'s' if days != 1 else ''} after {name}"
    else:
        when = f"{-days} day{'s' if days != -1 else ''} before {name}"
    if cadence and cadence != Cadence.ONCE:
        return f"{Cadence(cadence).label.lower()}, first {when}"
    return when
