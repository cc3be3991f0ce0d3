"""Value jobs: keep the stored value summaries (accord/value/summaries.py) up to date."""

import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import summaries


@task()
def refresh_value_summaries(alliance_ids: list[int]) -> int:
    """After a cash flow, forecast, payment, royalty report, LOE date or register milestone of
    these alliances changed: recompute their stored value summaries."""
    return summaries.store(alliance_ids)


@task()
def refresh_all_value_summaries() -> int:
    """After an exchange rate is recorded: every converted figure may change."""
    return summaries.store()


@periodic("value.daily", every="day", at=dt.time(0, 20))
@task()
def value_daily(slot: str) -> dict:
    """Figures "to date" move with the day: recompute every summary for the new day (and, as a
    safety net, any a failed job left stale)."""
    day = dt.datetime.fromisoformat(slot).date()
    return {"summaries": summaries.store_stale(as_of=day)}
