import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import throttling


@periodic("people.prune_login_attempts", every="day", at=dt.time(3, 30))
@task()
def prune_login_attempts(slot: str) -> int:
    """Forget sign-in attempts older than the review period; idempotent."""
    return throttling.prune(now=dt.datetime.fromisoformat(slot))
