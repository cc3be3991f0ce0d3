"""Governance's periodic jobs. Each receives its slot and catches up on everything due by then."""

import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import reminders


@periodic("governance.daily_reminders", every="day", at=dt.time(6, 30))
@task()
def daily_reminders(slot: str) -> dict:
    """Action items, risk reviews and communications under review, as of the slot's day."""
    from django.utils import timezone

    return reminders.daily(timezone.localdate(dt.datetime.fromisoformat(slot)))


@periodic("governance.escalation_watch", every="hour", at=dt.time(0, 20))
@task()
def escalation_watch(slot: str) -> int:
    """Issues that have outstayed their body's time limit, as of the slot."""
    return reminders.escalation_alerts(dt.datetime.fromisoformat(slot))


@task()
def send_invitation(meeting_id: int, method: str, sequence: int, user_ids: list | None) -> int:
    """Email a meeting's calendar invitation or cancellation to its attendees."""
    from . import invitations

    return invitations.send(meeting_id, method, sequence, user_ids)
