"""`accord bench`: seed the benchmark portfolio, then time requests in-process.

Each Accord app may define `<app>/bench.py` with `scenarios(ctx) -> list[Scenario]`. Server time
is measured around Django's handler (no network, no browser): what the server spends per request.
"""

from __future__ import annotations

import importlib
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient


@dataclass
class Scenario:
    name: str
    run: Callable[[], object]  # performs one request (or operation) and returns its response
    repeat: int = 30
    check: Callable[[object], bool] | None = None


@dataclass
class Result:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    runs: int


@dataclass
class BenchContext:
    objects: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


SECURE = {"secure": True}  # the site answers HTTPS only


def signed_in(user) -> Client:
    """A page client signed in as `user`."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def with_token(key: str) -> APIClient:
    """An API client that sends `key` as its bearer token."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def get(client, url, **params):
    """A scenario's run: one GET of `url` with the query `params`."""
    return lambda: client.get(url, params, **SECURE)


def app_scenarios(ctx: BenchContext) -> list[Scenario]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.bench":
                raise
            continue
        found += module.scenarios(ctx)
    return found


def measure(scenario: Scenario) -> Result:
    response = scenario.run()  # warm-up, and the correctness check
    status = getattr(response, "status_code", 200)
    if status != 200 or (scenario.check and not scenario.check(response)):
        raise RuntimeError(f"{scenario.name}: unexpected response {status}")
    timings = []
    counter = QueryCounter()
    # An execute wrapper, not CaptureQueriesContext: Django clears the query log at the start
    # of every request, and wrappers survive the connection being closed and reopened.
    with connection.execute_wrapper(counter):
        for _ in range(scenario.repeat):
            start = time.perf_counter()
            scenario.run()
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Result(
        scenario.name,
        statistics.median(timings),
        p95,
        counter.count // scenario.repeat,
        scenario.repeat,
    )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kb = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
            memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("show server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    return f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}; {database}"
