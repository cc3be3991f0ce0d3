"""Periodic jobs on top of django-tasks, which has no scheduler of its own.

A job registers itself with `@periodic(...)` on a django-tasks task. `accord scheduler` (started by
`make run`; run one or more in production, or `accord scheduler --once` from cron) calls
`enqueue_due()`, which hands each job's latest due slot to the task queue exactly once: the slot
is claimed by inserting a ScheduledRun row under a unique constraint. After downtime only the
latest missed slot is enqueued, so each job must catch up by itself (it is given its slot and
looks at what is due up to then), and must be idempotent.

Each slot runs once however many workers there are: a run first claims its ScheduledRun row
(a conditional UPDATE on its attempt number), so a task handed out twice does nothing the
second time. A run that raises is retried ACCORD_JOB_RETRIES times with a growing delay; the
row keeps the outcome, and after the last attempt the administrators are notified.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    name: str
    task: object  # a django_tasks Task
    every: str  # "hour", "day" or "week"
    at: dt.time = dt.time(6, 0)
    weekday: int = 0  # Monday, for weekly jobs

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        """The most recent scheduled time at or before `now`, in the deployment's time zone."""
        local = timezone.localtime(now)
        if self.every == "hour":
            slot = local.replace(minute=self.at.minute, second=0, microsecond=0)
            if slot > local:
                slot -= dt.timedelta(hours=1)
            return slot
        slot = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.every == "day":
            return slot if slot <= local else slot - dt.timedelta(days=1)
        if self.every == "week":
            slot -= dt.timedelta(days=(slot.weekday() - self.weekday) % 7)
            return slot if slot <= local else slot - dt.timedelta(days=7)
        raise ValueError(f"unknown period {self.every!r}")


REGISTRY: dict[str, Schedule] = {}


def periodic(name: str, *, every: str, at: dt.time = dt.time(6, 0), weekday: int = 0):
    """Register a django-tasks task to run every hour/day/week. The task receives `slot` (ISO).

    The task returned runs the function once per slot and attempt, records the outcome on the
    slot's ScheduledRun row and retries it on failure (see the module's docstring)."""

    def register(task):
        # Registered again (a test, a reload): wrap the job's own function, not the wrapper.
        original = getattr(task.func, "periodic_original", task.func)
        task = dataclasses.replace(task, func=_once_per_slot(name, original))
        REGISTRY[name] = Schedule(name=name, task=task, every=every, at=at, weekday=weekday)
        return task

    return register


def retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait after failed attempt number `attempt`: 1, 4, 16… minutes, at most 4 h."""
    return dt.timedelta(minutes=min(4 ** (attempt - 1), 240))


def _once_per_slot(name: str, func):
    # functools.wraps keeps the function's module and name, so the task's path (what the queue
    # stores and the worker imports) stays that of the job's own module.
    @functools.wraps(func)
    def run(slot: str, attempt: int = 1):
        rows = ScheduledRun.objects.filter(job=name, slot=dt.datetime.fromisoformat(slot))
        claimed = rows.filter(
            attempts=attempt - 1,
            status__in=[ScheduledRun.Status.ENQUEUED, ScheduledRun.Status.RETRYING],
        ).update(status=ScheduledRun.Status.RUNNING, attempts=attempt)
        if not claimed and rows.exists():
            log.warning("%s for %s attempt %s has already run: skipped", name, slot, attempt)
            return None
        try:
            result = func(slot=slot)
        except Exception as error:
            _failed(name, slot, attempt, error, rows)
            raise
        rows.update(status=ScheduledRun.Status.SUCCEEDED, finished_at=timezone.now(), error="")
        return result

    run.periodic_original = func
    return run


def _failed(name: str, slot: str, attempt: int, error: Exception, rows) -> None:
    description = f"{type(error).__name__}: {error}"[:2000]
    log.error("%s for %s failed (attempt %s): %s", name, slot, attempt, description)
    if attempt <= settings.ACCORD_JOB_RETRIES:
        rows.update(status=ScheduledRun.Status.RETRYING, error=description)
        task = REGISTRY[name].task
        if task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + retry_delay(attempt))
        task.enqueue(slot=slot, attempt=attempt + 1)
        return
    rows.update(status=ScheduledRun.Status.FAILED, finished_at=timezone.now(), error=description)
    report_failure(name, slot, attempt, description)


def report_failure(name: str, slot: str, attempts: int, description: str) -> None:
    """Tell whoever listens that a job gave up: notifications tells every active administrator,
    in their inbox and by email (accord.core.registry.register_job_failure_listener)."""
    from .registry import JOB_FAILURE_LISTENERS

    for listener in JOB_FAILURE_LISTENERS:
        listener(name, slot, attempts, description)


def enqueue_unless_waiting(task, **kwargs):
    """Enqueue `task` unless a run of it is already waiting in the database queue (that run will
    see the work too); returns the new result, or None."""
    from django_tasks_db import DatabaseBackend

    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        if (
            DBTaskResult.objects.ready()
            .filter(task_path=task.module_path, backend_name=backend.alias)
            .exists()
        ):
            return None
    return task.enqueue(**kwargs)


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("accord."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tasks":
                    raise


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose latest slot has not been claimed yet; returns the jobs enqueued."""
    autodiscover()
    now = now or timezone.now()
    enqueued = []
    for schedule in REGISTRY.values():
        slot = schedule.latest_slot(now)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=schedule.name, slot=slot)
                result = schedule.task.enqueue(slot=slot.isoformat())
                ScheduledRun.objects.filter(pk=run.pk).update(
                    task_id=str(getattr(result, "id", ""))
                )
        except IntegrityError:
            continue
        log.info("enqueued %s for %s", schedule.name, slot.isoformat())
        enqueued.append(schedule.name)
    return enqueued
