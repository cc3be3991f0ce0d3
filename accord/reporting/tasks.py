import datetime as dt

from django_tasks import task

from accord.core.scheduling import periodic

from . import actions, weekly


@periodic("reporting.weekly_note", every="week", at=dt.time(6, 0), weekday=0)
@task()
def draft_weekly_note(slot: str) -> int:
    """Mondays: the draft of last week's note for the leader to annotate and approve.

    Idempotent: a note already drafted for that week is rewritten only while still a draft.
    """
    week_start, _ = weekly.previous_week(dt.datetime.fromisoformat(slot).date())
    from .models import WeeklyNote

    existing = WeeklyNote.objects.filter(week_start=week_start).first()
    if existing is not None and not existing.is_draft:
        return existing.pk
    return actions.note_generate(actor=None, week_start=week_start).pk


@task()
def run_tracker_import(import_id: int) -> str:
    """Apply a tracker import in the background (all rows or none); returns its final status."""
    return actions.import_run(import_id).status


@task()
def build_pack(export_id: int) -> str:
    """Build a requested executive pack in the background; returns its final status."""
    from . import pack_actions

    return pack_actions.pack_build(export_id).status
