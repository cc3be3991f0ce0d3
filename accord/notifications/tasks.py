import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import actions


@task()
def send_pending_emails() -> int:
    return actions.send_pending_emails()


@periodic("notifications.retry_failed_emails", every="hour", at=dt.time(0, 15))
@task()
def retry_failed_emails(slot: str) -> int:
    return actions.send_pending_emails()


@periodic("notifications.daily_digest", every="day", at=dt.time(7, 0))
@task()
def send_daily_digests(slot: str) -> int:
    return actions.send_digests(now=dt.datetime.fromisoformat(slot))


@task()
def post_chat_delivery(delivery_id: int) -> str:
    """Post one notice to its chat channel (one attempt; a failure schedules the next)."""
    from . import chat

    return chat.post_delivery(delivery_id)
