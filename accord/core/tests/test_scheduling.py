import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django_tasks import task

from accord.core import scheduling
from accord.core.models import ScheduledRun

RUNS = []


@task()
def record_run(slot: str) -> None:
    RUNS.append(slot)


UTC = ZoneInfo("UTC")


@pytest.fixture
def daily(settings, monkeypatch):
    """Only this test's job is registered (the real ones would be enqueued too)."""
    settings.TIME_ZONE = "UTC"
    RUNS.clear()
    monkeypatch.setattr(scheduling, "REGISTRY", {})
    monkeypatch.setattr(scheduling, "autodiscover", lambda: None)
    scheduling.periodic("test.daily", every="day", at=dt.time(7, 0))(record_run)


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("every", "now", "slot"),
    [
        ("day", "2026-11-23 06:59", "2026-11-22 07:00"),
        ("day", "2026-11-23 07:00", "2026-11-23 07:00"),
        ("hour", "2026-11-23 07:59", "2026-11-23 07:00"),
        ("week", "2026-11-23 08:00", "2026-11-23 07:00"),  # a Monday
        ("week", "2026-11-22 08:00", "2026-11-16 07:00"),  # the Sunday before
    ],
)
def test_latest_slot(settings, every, now, slot):
    settings.TIME_ZONE = "UTC"
    schedule = scheduling.Schedule(name="x", task=None, every=every, at=dt.time(7, 0))
    assert schedule.latest_slot(at(now)) == at(slot)


def test_a_slot_is_enqueued_once_however_often_the_scheduler_looks(db, daily):
    assert scheduling.enqueue_due(at("2026-11-23 07:01")) == ["test.daily"]
    assert scheduling.enqueue_due(at("2026-11-23 07:02")) == []
    assert scheduling.enqueue_due(at("2026-11-23 23:59")) == []
    assert RUNS == ["2026-11-23T07:00:00+00:00"]
    assert scheduling.enqueue_due(at("2026-11-24 07:00")) == ["test.daily"]
    assert ScheduledRun.objects.count() == 2


def test_after_downtime_only_the_latest_missed_slot_runs(db, daily):
    scheduling.enqueue_due(at("2026-11-20 08:00"))
    scheduling.enqueue_due(at("2026-11-23 09:00"))  # three days later
    assert RUNS == ["2026-11-20T07:00:00+00:00", "2026-11-23T07:00:00+00:00"]


def test_two_schedulers_cannot_both_claim_a_slot(db, daily):
    ScheduledRun.objects.create(job="test.daily", slot=at("2026-11-23 07:00"))  # the other one won
    assert scheduling.enqueue_due(at("2026-11-23 07:30")) == []
    assert RUNS == []


def test_the_real_jobs_are_discovered():
    scheduling.autodiscover()
    assert {"notifications.daily_digest", "notifications.retry_failed_emails"} <= set(
        scheduling.REGISTRY
    )
