"""What the daily housekeeping job forgets, by the ACCORD_RETENTION_* policy (in days).

Only finished work goes: tasks still waiting or running, notifications still to be emailed and
the audit trail (never pruned) stay. Sign-in attempts are pruned by their own job
(people.prune_login_attempts) under ACCORD_RETENTION_LOGIN_ATTEMPTS_DAYS."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import ScheduledRun


def _before(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


def prune(*, now: dt.datetime | None = None) -> dict:
    from django_tasks_db.models import DBTaskResult

    from accord.notifications.models import Notification

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
    notifications, _ = (
        Notification.objects.filter(
            created_at__lt=_before(now, settings.ACCORD_RETENTION_NOTIFICATIONS_DAYS)
        )
        .exclude(
            email_status__in=[
                Notification.Email.PENDING,
                Notification.Email.SENDING,
                Notification.Email.DIGEST,
            ]
        )
        .delete()
    )
    return {"task_results": tasks, "scheduled_runs": runs, "notifications": notifications}
