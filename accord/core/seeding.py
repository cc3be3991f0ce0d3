"""The seed framework: `accord seed` runs each Accord app's `seed` module in INSTALLED_APPS order
(`seed_<size>(ctx)`, then every `finish_<size>(ctx)`).

An app that has demo data defines `seed_demo(ctx)` and/or `seed_bigpharma(ctx)` in `<app>/seed.py`;
what it creates that later apps need goes into `ctx.objects`. The content it writes (names, texts,
day offsets, amounts) lives in `<app>/data/demo.json` (and `bigpharma.json`), read by `load_data`:
the seed modules hold only how it is written. A seed module may also answer `already_seeded()`
(the database holds what it would load: portfolio's, when there are alliances) and
`demo_logins()` (the demo accounts that exist, for `accord serve` to print).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import random
from dataclasses import dataclass, field
from importlib import resources

from django.apps import apps
from django.utils import timezone


@dataclass
class SeedContext:
    size: str
    today: dt.date = field(default_factory=timezone.localdate)
    rng: random.Random = field(default_factory=lambda: random.Random(20261123))
    objects: dict = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (who, email, password)
    notes: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def last_week(self, weekday: int) -> int:
        """How many days ago that weekday (0 = Monday) of the last full week was: the week the
        demo's draft weekly note covers, so what happened then is in it."""
        return self.today.weekday() + 7 - weekday


def load_data(app: str, name: str = "demo"):
    """The content of `<app>/data/<name>.json`, e.g. `load_data("accord.portfolio")`."""
    path = resources.files(app).joinpath("data", f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def seed_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        try:
            yield config.label, importlib.import_module(f"{config.name}.seed")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.seed":
                raise


def run(ctx: SeedContext, log=print) -> SeedContext:
    for label, module in seed_modules():
        seeder = getattr(module, f"seed_{ctx.size}", None)
        if seeder is None:
            continue
        started = timezone.now()
        seeder(ctx)
        log(f"  {label}: {(timezone.now() - started).total_seconds():.1f}s")
    # A second pass, in the same order, for what an app can only settle once the apps after it
    # have seeded (e.g. playbook tasks for the JSC meetings governance records).
    for _label, module in seed_modules():
        finisher = getattr(module, f"finish_{ctx.size}", None)
        if finisher is not None:
            finisher(ctx)
    return ctx


def already_seeded() -> bool:
    """Whether the database already holds a portfolio, as the apps' seed modules tell."""
    return any(
        module.already_seeded() for _, module in seed_modules() if hasattr(module, "already_seeded")
    )


def demo_logins() -> list[tuple[str, str, str]]:
    """(who, email, password) of the demo accounts in this database."""
    return [
        login
        for _, module in seed_modules()
        if hasattr(module, "demo_logins")
        for login in module.demo_logins()
    ]
