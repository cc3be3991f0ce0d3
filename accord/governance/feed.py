"""Governance entries of the calendar feeds (the contracts app builds the ICS): meetings, with
their time and time zone, and open action items, each with the reminders governance sends."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from .models import ActionItem, Meeting, MeetingStatus
from .reminders import DUE_SOON_DAYS

# An action item is reminded DUE_SOON_DAYS before and on its due day (reminders.py).
ACTION_ALARMS = (dt.timedelta(days=-DUE_SOON_DAYS), dt.timedelta(0))


def meeting_alarms() -> tuple[dt.timedelta, ...]:
    return tuple(dt.timedelta(minutes=-m) for m in settings.ACCORD_MEETING_ALARM_MINUTES)


def calendar_entries(user, start: dt.date, end: dt.date, *, alliance=None, mine_only=False):
    """Dicts describing this person's meetings and action items between two dates.

    Personal feed (`mine_only`): the meetings they are invited to and the actions they own;
    an alliance's feed: its meetings and open actions. Always within what `user` may see.
    """
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(status=MeetingStatus.SCHEDULED)
        .filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .select_related("alliance", "committee")
    )
    actions = (
        ActionItem.objects.visible_to(user)
        .open()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("alliance")
    )
    if alliance is not None:
        meetings = meetings.filter(alliance=alliance)
        actions = actions.filter(alliance=alliance)
    if mine_only:
        meetings = meetings.filter(attendance__user=user)
        actions = actions.filter(owner=user)
    from .invitations import meeting_uid

    entries = [
        {
            # The invitation's UID: a client that accepted it shows one event, not two.
            "uid": meeting_uid(m),
            "day": m.starts_at.date(),
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "time_zone": m.time_zone,
            "title": f"{m.title} ({m.alliance.name})",
            "kind": "meeting",
            "url": m.get_absolute_url(),
            "alliance": m.alliance.name,
            "detail": f"{m.committee.name} · {m.location}".strip(" ·"),
            "alarms": meeting_alarms(),
        }
        for m in meetings[:5000]
    ]
    entries += [
        {
            "uid": f"action-{a.pk}-{a.due_on:%Y%m%d}",
            "day": a.due_on,
            "title": _("Action due: %(title)s (%(alliance)s)")
            % {"title": a.title, "alliance": a.alliance.name},
            "kind": "action",
            "url": a.get_absolute_url(),
            "alliance": a.alliance.name,
            "detail": a.description[:500],
            "alarms": ACTION_ALARMS,
        }
        for a in actions[:5000]
    ]
    return entries
