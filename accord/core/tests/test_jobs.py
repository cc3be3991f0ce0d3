"""Periodic jobs under several workers: each slot and attempt runs once, failures are retried
with backoff and reported to administrators, housekeeping prunes by the retention policy; the
shared cache from ACCORD_CACHE_URL; /healthz; JSON logs."""

import datetime as dt
import json
import logging
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks import task

from accord.config.settings import cache_settings
from accord.conftest import login
from accord.core import healthcheck, scheduling
from accord.core.logs import JsonFormatter
from accord.core.models import ScheduledRun
from accord.notifications.models import Notification

from .test_hardening import production_env, run_python

UTC = ZoneInfo("UTC")
CALLS = []
FAILURES = {"left": 0}


@task()
def flaky_job(slot: str) -> str:
    CALLS.append(slot)
    if FAILURES["left"]:
        FAILURES["left"] -= 1
        raise RuntimeError("the partner portal timed out")
    return "done"


@pytest.fixture
def job(settings, monkeypatch):
    """Only this test's job is registered; it fails as often as FAILURES says."""
    settings.TIME_ZONE = "UTC"
    settings.ACCORD_JOB_RETRIES = 2
    CALLS.clear()
    FAILURES["left"] = 0
    monkeypatch.setattr(scheduling, "REGISTRY", {})
    monkeypatch.setattr(scheduling, "autodiscover", lambda: None)
    return scheduling.periodic("test.flaky", every="day", at=dt.time(7, 0))(flaky_job)


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def run_row():
    return ScheduledRun.objects.values("status", "attempts", "error").get()


def test_the_registered_task_keeps_the_jobs_own_path(job):
    assert job.module_path == "accord.core.tests.test_jobs.flaky_job"
    assert scheduling.REGISTRY["test.flaky"].task is job


def test_a_successful_run_records_its_outcome(db, job):
    assert scheduling.enqueue_due(at("2026-11-23 07:01")) == ["test.flaky"]
    assert CALLS == ["2026-11-23T07:00:00+00:00"]
    assert run_row() == {"status": "succeeded", "attempts": 1, "error": ""}
    assert ScheduledRun.objects.get().finished_at is not None


def test_a_slot_handed_out_twice_runs_once(db, job):
    scheduling.enqueue_due(at("2026-11-23 07:01"))
    # A second delivery of the same task (another worker, a replayed queue row) does nothing.
    assert job.call(slot="2026-11-23T07:00:00+00:00") is None
    assert job.call(slot="2026-11-23T07:00:00+00:00", attempt=1) is None
    assert CALLS == ["2026-11-23T07:00:00+00:00"]
    assert run_row()["attempts"] == 1


def test_a_failed_run_is_retried_and_succeeds(db, world, job):
    FAILURES["left"] = 1
    scheduling.enqueue_due(at("2026-11-23 07:01"))
    assert len(CALLS) == 2
    assert run_row() == {"status": "succeeded", "attempts": 2, "error": ""}
    assert not Notification.objects.filter(kind="jobs.failed").exists()


def test_a_run_that_keeps_failing_gives_up_and_tells_the_administrators(db, world, job):
    FAILURES["left"] = 10
    scheduling.enqueue_due(at("2026-11-23 07:01"))
    assert len(CALLS) == 3  # the first attempt and ACCORD_JOB_RETRIES=2 retries
    assert run_row() == {
        "status": "failed",
        "attempts": 3,
        "error": "RuntimeError: the partner portal timed out",
    }
    told = Notification.objects.filter(kind="jobs.failed")
    assert [(n.recipient.email, n.title) for n in told] == [
        (world.admin.email, "Periodic job test.flaky failed for 2026-11-23 07:00")
    ]
    assert told.get().body.startswith(
        "It failed 3 times; the last error was: RuntimeError: the partner portal timed out"
    )


def test_with_the_database_queue_a_retry_waits_for_its_backoff(db, world, job, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    slot = "2026-11-23T07:00:00+00:00"
    ScheduledRun.objects.create(job="test.flaky", slot=at("2026-11-23 07:00"))
    FAILURES["left"] = 1
    before = timezone.now()
    with pytest.raises(RuntimeError):
        job.call(slot=slot)
    retry = DBTaskResult.objects.get()
    assert (retry.task_path, retry.status) == ("accord.core.tests.test_jobs.flaky_job", "READY")
    assert retry.args_kwargs == {"args": [], "kwargs": {"slot": slot, "attempt": 2}}
    assert before + dt.timedelta(minutes=1) <= retry.run_after
    assert retry.run_after <= timezone.now() + dt.timedelta(minutes=1)
    assert run_row() == {
        "status": "retrying",
        "attempts": 1,
        "error": "RuntimeError: the partner portal timed out",
    }
    assert job.call(slot=slot, attempt=2) == "done"
    assert run_row()["status"] == "succeeded"


def test_retry_delays_grow_and_are_capped():
    assert [scheduling.retry_delay(n) for n in (1, 2, 3, 4, 5, 9)] == [
        dt.timedelta(minutes=m) for m in (1, 4, 16, 64, 240, 240)
    ]


def test_the_housekeeping_job_is_registered():
    scheduling.autodiscover()
    assert scheduling.REGISTRY["core.housekeeping"].every == "day"


# --- Housekeeping ---------------------------------------------------------------------------


def test_housekeeping_prunes_only_finished_work_past_its_retention(db, world, settings):
    from django_tasks_db.models import DBTaskResult

    from accord.core.housekeeping import prune

    settings.ACCORD_RETENTION_TASK_RESULTS_DAYS = 30
    settings.ACCORD_RETENTION_SCHEDULED_RUNS_DAYS = 90
    settings.ACCORD_RETENTION_NOTIFICATIONS_DAYS = 400
    now = at("2026-11-23 03:45")

    def result(status, days_ago):
        when = now - dt.timedelta(days=days_ago)
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="accord.core.tasks.housekeeping",
            backend_name="default",
            run_after=when,
            finished_at=when if status in ("SUCCESSFUL", "FAILED") else None,
        )

    old_ok, old_failed = result("SUCCESSFUL", 31), result("FAILED", 31)
    recent, waiting = result("SUCCESSFUL", 29), result("READY", 100)
    for job, days, status in [
        ("a", 91, "succeeded"),
        ("b", 91, "running"),
        ("c", 89, "failed"),
    ]:
        ScheduledRun.objects.create(job=job, slot=now - dt.timedelta(days=days), status=status)
    Notification.objects.all().delete()
    for key, days, email in [
        ("old-sent", 401, "sent"),
        ("old-skipped", 401, "skipped"),
        ("old-pending", 401, "pending"),
        ("old-digest", 401, "digest"),
        ("recent", 399, "sent"),
    ]:
        Notification.objects.create(
            recipient=world.manager_a,
            kind="info",
            title=key,
            dedupe_key=key,
            email_status=email,
            created_at=now - dt.timedelta(days=days),
        )
    assert prune(now=now) == {"task_results": 2, "scheduled_runs": 1, "notifications": 2}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old_ok.pk, old_failed.pk]).exists()
    assert sorted(ScheduledRun.objects.values_list("job", flat=True)) == ["b", "c"]
    assert sorted(Notification.objects.values_list("dedupe_key", flat=True)) == [
        "old-digest",
        "old-pending",
        "recent",
    ]
    assert prune(now=now) == {"task_results": 0, "scheduled_runs": 0, "notifications": 0}


def test_login_attempts_follow_their_retention_setting(db, settings):
    from accord.people import throttling
    from accord.people.models import LoginAttempt

    settings.ACCORD_RETENTION_LOGIN_ATTEMPTS_DAYS = 10
    now = timezone.now()
    for days in (11, 9):
        attempt = LoginAttempt.objects.create(account=f"{days}@meridian.test")
        LoginAttempt.objects.filter(pk=attempt.pk).update(at=now - dt.timedelta(days=days))
    assert throttling.prune(now=now) == 1
    assert list(LoginAttempt.objects.values_list("account", flat=True)) == ["9@meridian.test"]


# --- The shared cache -----------------------------------------------------------------------


def test_cache_urls():
    assert cache_settings("db://", allow_memory=False) == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "accord_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
    assert cache_settings("db://shared_cache", allow_memory=False)["LOCATION"] == "shared_cache"
    assert cache_settings("redis://cache.internal:6379/2", allow_memory=False) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
    }
    assert cache_settings("locmem://", allow_memory=True) == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    }
    with pytest.raises(ImproperlyConfigured, match="per process"):
        cache_settings("locmem://", allow_memory=False)
    with pytest.raises(ImproperlyConfigured, match="must start with db:// or redis://"):
        cache_settings("memcached://127.0.0.1:11211", allow_memory=False)


def test_production_shares_its_cache_through_the_database_by_default(tmp_path):
    code = """
import django, json
django.setup()
from django.conf import settings
print(json.dumps(settings.CACHES["default"]))
"""
    env = production_env(tmp_path)
    assert json.loads(run_python(code, env)) == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "accord_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
    env["ACCORD_CACHE_URL"] = "redis://127.0.0.1:6379/5"
    assert json.loads(run_python(code, env))["BACKEND"] == (
        "django.core.cache.backends.redis.RedisCache"
    )


def test_migrate_creates_the_database_cache_table(db):
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection

    assert "accord_cache" in connection.introspection.table_names()
    shared = DatabaseCache("accord_cache", {})
    shared.set("accord:test", 42, 30)
    assert DatabaseCache("accord_cache", {}).get("accord:test") == 42


# --- /healthz -------------------------------------------------------------------------------


def test_healthz_answers_json_naming_each_check(db):
    response = login(None).get("/healthz")
    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "tasks": {"status": "ok", "queue": "none (tasks run immediately)"},
            "cache": {"status": "ok"},
        },
    }


def test_healthz_fails_when_tasks_wait_too_long(db, settings):
    from django_tasks_db.models import DBTaskResult, get_date_max

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.ACCORD_HEALTH_MAX_TASK_WAIT_MINUTES = 15
    now = timezone.now()
    waiting = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="accord.notifications.tasks.send_pending_emails",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=now - dt.timedelta(minutes=14))
    assert healthcheck.tasks(now) == {
        "status": "ok",
        "oldest_wait_seconds": 840,
        "max_wait_seconds": 900,
    }
    # A deferred task counts from when it became ready, not from when it was queued.
    deferred = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="accord.core.tasks.housekeeping",
        backend_name="default",
        run_after=now - dt.timedelta(minutes=2),
    )
    DBTaskResult.objects.filter(pk=deferred.pk).update(enqueued_at=now - dt.timedelta(hours=5))
    assert healthcheck.tasks(now)["oldest_wait_seconds"] == 840
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=now - dt.timedelta(minutes=16))
    response = login(None).get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["tasks"]["status"] == "fail"
    assert body["checks"]["tasks"]["error"] == (
        "tasks are waiting: is a worker (accord db_worker) running?"
    )
    assert (body["checks"]["database"], body["checks"]["cache"]) == (
        {"status": "ok"},
        {"status": "ok"},
    )


def test_healthz_names_a_failed_database_or_cache_without_details(db, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda key, default=None: None)
    body = login(None).get("/healthz").json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"] == {
        "status": "fail",
        "error": "the cache did not keep a value",
    }

    def refused():
        raise OperationalError("could not connect to server at db.internal:5432")

    monkeypatch.setitem(healthcheck.CHECKS, "database", refused)
    response = login(None).get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "status": "fail",
        "error": "OperationalError",
    }
    assert "db.internal" not in response.content.decode()


# --- JSON logs ------------------------------------------------------------------------------


def test_json_logs_one_object_per_request(db, settings, caplog):
    settings.ACCORD_LOG_FORMAT = "json"
    with caplog.at_level(logging.INFO, logger="accord.request"):
        response = login(None).get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a")
    assert response["X-Request-ID"] == "lb-7f3a"
    [record] = [r for r in caplog.records if r.name == "accord.request"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert dt.datetime.fromisoformat(entry.pop("time")).utcoffset() == dt.timedelta(0)
    assert entry.pop("duration_ms") >= 0
    assert entry == {
        "level": "INFO",
        "logger": "accord.request",
        "message": "GET /healthz 200",
        "request_id": "lb-7f3a",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
    }


def test_json_log_lines_carry_the_request_id_and_reject_forged_ones(db, settings, caplog):
    from accord.core.logs import request_id

    token = request_id.set("abc123")
    try:
        record = logging.LogRecord(
            "accord.x", logging.WARNING, __file__, 1, "hello %s", ("you",), None
        )
        assert json.loads(JsonFormatter().format(record))["request_id"] == "abc123"
    finally:
        request_id.reset(token)
    settings.ACCORD_LOG_FORMAT = "text"
    response = login(None).get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level": "forged"}')
    assert len(response["X-Request-ID"]) == 32  # a fresh id instead of the forged one
