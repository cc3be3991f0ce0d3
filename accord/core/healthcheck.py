"""What /healthz checks: the database answers, the task queue is being worked (no ready task has
waited longer than ACCORD_HEALTH_MAX_TASK_WAIT_MINUTES) and the shared cache answers.

The answer is public (load balancers do not sign in), so a failure names the check and the kind
of error only; the details go to the log."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.utils import timezone

log = logging.getLogger(__name__)


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def tasks(now: dt.datetime | None = None) -> dict:
    """The queue's backlog: how long the oldest task that could run has been waiting."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    default_task_backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(default_task_backend, DatabaseBackend):
        return {"status": "ok", "queue": "none (tasks run immediately)"}
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    ready = DBTaskResult.objects.ready().filter(backend_name=default_task_backend.alias)
    since = ready.aggregate(
        queued=Min("enqueued_at", filter=_undeferred()),
        deferred=Min("run_after", filter=~_undeferred()),
    )
    waiting_since = min((v for v in since.values() if v is not None), default=None)
    wait = (now - waiting_since).total_seconds() if waiting_since else 0
    limit = settings.ACCORD_HEALTH_MAX_TASK_WAIT_MINUTES * 60
    result = {
        "status": "ok" if wait <= limit else "fail",
        "oldest_wait_seconds": max(0, round(wait)),
        "max_wait_seconds": limit,
    }
    if result["status"] == "fail":
        result["error"] = "tasks are waiting: is a worker (accord db_worker) running?"
    return result


def _undeferred():
    from django.db.models import Q
    from django_tasks_db.models import get_date_max

    return Q(run_after=get_date_max())


def shared_cache() -> dict:
    key = f"accord:healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 30)
    answered = cache.get(key)
    cache.delete(key)
    if answered != "1":
        return {"status": "fail", "error": "the cache did not keep a value"}
    return {"status": "ok"}


CHECKS = {"database": database, "tasks": tasks, "cache": shared_cache}


def run_checks() -> dict:
    checks = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception as error:  # a health check reports failures, it does not raise them
            log.exception("health check %s failed", name)
            checks[name] = {"status": "fail", "error": type(error).__name__}
    healthy = all(check["status"] == "ok" for check in checks.values())
    return {"status": "ok" if healthy else "fail", "checks": checks}
