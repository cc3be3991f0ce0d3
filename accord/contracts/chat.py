"""Register deadlines for the teams' chat channels (accord.notifications.chat)."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accord.notifications.chat import announce
from accord.notifications.models import ChatChannel, ChatEvent

from .models import Obligation, State


def announce_deadlines(today: dt.date) -> int:
    """Post each open obligation once, to each channel, when it comes within the channel's
    horizon (its `deadline_days`). The register is internal: never to a partner-shared channel.
    Returns how many posts were queued."""
    horizons = [
        channel.deadline_days
        for channel in ChatChannel.objects.active()
        if ChatEvent.DEADLINE_SOON in channel.events
    ]
    if not horizons:
        return 0
    due = (
        Obligation.objects.filter(state=State.OPEN)
        .filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=max(horizons)))
        .select_related("alliance")
        .order_by("due_date", "pk")
    )
    queued = 0
    for obligation in due:
        days = (obligation.due_date - today).days
        date = dateformat.format(obligation.due_date, pgettext("date format", "d M Y"))
        values = {"days": days, "date": date, "title": obligation.title}
        if days == 0:
            title = _("Due today (%(date)s): %(title)s") % values
        else:
            title = (
                ngettext(
                    "Due in %(days)s day (%(date)s): %(title)s",
                    "Due in %(days)s days (%(date)s): %(title)s",
                    days,
                )
                % values
            )
        queued += len(
            announce(
                event=ChatEvent.DEADLINE_SOON,
                title=title,
                url=obligation.get_absolute_url(),
                dedupe_key=f"contracts.obligation:{obligation.pk}:{obligation.due_date}",
                alliance_id=obligation.alliance_id,
                program_id=obligation.program_id,
                shared=False,
                due_in_days=days,
            )
        )
    return queued
