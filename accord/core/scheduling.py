"""Periodic jobs on top of django-tasks, which has no scheduler of its own.

A job registers itself with `@periodic(...)` on a django-tasks task. `accord scheduler` (started by
`make run`; run one or more in production, or `accord scheduler --once` from cron) calls
`enqueue_due()`, which hands each job's latest due slot to the task queue exactly once: the slot
is claimed by inserting a ScheduledRun row under a unique constraint. After downtime only the
latest missed slot is enqueued, so each job must catch up by itself (it is given its slot and
looks at what is due up to then), and must be idempotent.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from dataclasses import dataclass

from django.apps import apps
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
    """Register a django-tasks task to run every hour/day/week. The task receives `slot` (ISO)."""

    def register(task):
        REGISTRY[name] = Schedule(name=name, task=task, every=every, at=at, weekday=weekday)
        return task

    return register


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
