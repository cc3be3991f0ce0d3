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

from django.utils.translation import gettext, ngettext

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
    days = offset_days or 0
    # Whole phrases for each anchor, so a translation never assembles one from pieces.
    if anchor == Anchor.SIGNING:
        at, after, before = (
            gettext("at signing"),
            ngettext("%(n)s day after signing", "%(n)s days after signing", days),
            ngettext("%(n)s day before signing", "%(n)s days before signing", -days),
        )
    elif anchor == Anchor.START:
        at, after, before = (
            gettext("at the start"),
            ngettext("%(n)s day after the start", "%(n)s days after the start", days),
            ngettext("%(n)s day before the start", "%(n)s days before the start", -days),
        )
    elif anchor == Anchor.EACH_JSC:
        at, after, before = (
            gettext("at each JSC"),
            ngettext("%(n)s day after each JSC", "%(n)s days after each JSC", days),
            ngettext("%(n)s day before each JSC", "%(n)s days before each JSC", -days),
        )
    else:
        at, after, before = (
            f"at {anchor}",
            f"%(n)s day{'s' if days != 1 else ''} after {anchor}",
            f"%(n)s day{'s' if days != -1 else ''} before {anchor}",
        )
    if days == 0:
        when = at
    elif days > 0:
        when = after % {"n": days}
    else:
        when = before % {"n": -days}
    if cadence and cadence != Cadence.ONCE:
        return gettext("%(cadence)s, first %(when)s") % {
            "cadence": Cadence(cadence).label.lower(),
            "when": when,
        }
    return when
