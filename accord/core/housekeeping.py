"""What the daily housekeeping job forgets, by the ACCORD_RETENTION_* policy (in days).

Only finished work goes: tasks still waiting or running, notifications still to be emailed and
the audit trail (never pruned) stay. Core prunes its own task results and scheduled runs; the
apps above it register theirs (accord.core.registry.register_retention: notifications). Sign-in
attempts are pruned by their own job (people.prune_login_attempts) under
ACCORD_RETENTION_LOGIN_ATTEMPTS_DAYS."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import ScheduledRun
from .registry import RETENTION


def _before(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


def prune(*, now: dt.datetime | None = None) -> dict:
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    tasks, _ = (
        DBTaskResult.objects.finished()
        .filter(finished_at__lt=_before(now, settings.ACCORD_RETENTION_TASK_RESULTS_DAYS))
        .delete()
    )
    runs, _ = (
        ScheduledRun.objects.filter(
            slot__lt=_before(now, settings.ACCORD_RETENTION_SCHEDULED_RUNS_DAYS)
        )
        .exclude(status__in=[ScheduledRun.Status.ENQUEUED, ScheduledRun.Status.RUNNING])
        .delete()
    )
    return {
        "task_results": tasks,
        "scheduled_runs": runs,
        **{name: prune_app(now) for name, prune_app in RETENTION.items()},
    }
