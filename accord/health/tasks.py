import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import actions, results
from .models import Wave


@periodic("health.daily", every="day", at=dt.time(6, 30))
@task()
def health_daily(slot: str) -> dict:
    """Open waves whose day has come, remind respondents, close waves past their date, and
    remind owners of health actions due soon or overdue. Idempotent: reminders are spaced by the
    policy and notifications are deduplicated per day and step."""
    now = dt.datetime.fromisoformat(slot)
    done = actions.run_daily(now=now)
    done["action_reminders"] = actions.remind_actions(today=now.date())
    # A safety net: headlines a failed job or a policy change left missing or stale.
    done["headlines"] = results.store_stale_headlines()
    return done


@task()
def store_wave_headlines(wave_ids: list[int]) -> int:
    """After waves close: keep their headline results for the heatmap and the dashboard."""
    return results.store_headlines(list(Wave.objects.filter(pk__in=wave_ids)))


@task()
def refresh_headlines() -> int:
    """After the anonymity or gap rules change: recompute every stale headline."""
    return results.store_stale_headlines()
