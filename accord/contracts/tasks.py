import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import reminders


@periodic("contracts.reminders", every="day", at=dt.time(6, 30))
@task()
def send_contract_reminders(slot: str) -> int:
    """Daily: reminders for what is upcoming, due and overdue (idempotent, catches up by itself)."""
    return reminders.send_reminders(today=dt.datetime.fromisoformat(slot).date())


@task()
def run_presigning_review(review_id: int) -> str:
    """Read a pre-signing review's files and compare them; returns the review's final status."""
    from .actions.presigning import presigning_review_run

    return presigning_review_run(review_id).status


@task()
def read_agreement_import(import_id: int) -> str:
    """Read an uploaded agreement in the background; returns the import's final status."""
    from . import actions

    return actions.agreement_import_run(import_id).status


@periodic("contracts.chat_deadlines", every="day", at=dt.time(6, 45))
@task()
def post_chat_deadlines(slot: str) -> int:
    """Daily: deadlines coming within each chat channel's horizon are posted there once."""
    from . import chat

    return chat.announce_deadlines(dt.datetime.fromisoformat(slot).date())
