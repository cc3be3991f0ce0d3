import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import actions


@periodic("health.daily", every="day", at=dt.time(6, 30))
@task()
def health_daily(slot: str) -> dict:
    """Open waves whose day has come, remind respondents, close waves past their date, and
    remind owners of health actions due soon or overdue. Idempotent: reminders are spaced by the
    policy and notifications are deduplicated per day and step."""
    now = dt.datetime.fromisoformat(slot)
    done = actions.run_daily(now=now)
    done["action_reminders"] = actions.remind_actions(today=now.date())
    return done
