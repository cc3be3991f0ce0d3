"""Demo weekly notes: last week's draft for Helen Park to annotate, and the week before,
approved and archived (the executive Richard Hale is subscribed); the leader's annotations are
data/demo.json."""

from __future__ import annotations

import datetime as dt

from accord.core.seeding import load_data
from accord.people.models import Role, User

from . import actions, weekly
from .models import Section, WeeklyNote

DEMO = load_data("accord.reporting")


def seed_demo(ctx) -> None:
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    executive = User.objects.filter(role=Role.EXECUTIVE).order_by("pk").first()
    if leader is None:
        return
    last_week, _ = weekly.previous_week(ctx.today)
    week_before = last_week - dt.timedelta(days=7)
    if executive is not None:
        actions.note_subscribe(actor=leader, user=executive, subscribe=True)
    archived = actions.note_generate(actor=leader, week_start=week_before)
    actions.note_annotate(
        actor=leader,
        note=archived,
        section=Section.HAPPENED,
        text=DEMO["annotations"]["portfolio"],
    )
    if archived.content:
        first = archived.content[0]
        actions.note_annotate(
            actor=leader,
            note=archived,
            section=Section.HAPPENED,
            alliance=_alliance(first["alliance_id"]),
            text=DEMO["annotations"]["first_alliance"].format(name=first["name"]),
        )
    # Archived without email: nobody is listening to a demo's SMTP server.
    actions.note_approve(actor=leader, note=archived, send=False)
    draft = actions.note_generate(actor=leader, week_start=last_week)
    ctx.objects["weekly_note_draft"] = draft
    ctx.notes.append(
        f"reporting: weekly note of {week_before:%-d %b} approved and archived; the draft of "
        f"{last_week:%-d %b} ({len(draft.content)} alliances) waits for Helen Park at "
        f"/weekly-notes/{draft.pk}/ (Richard Hale is subscribed)."
    )
    assert WeeklyNote.objects.count() >= 2


def _alliance(pk):
    from accord.portfolio.models import Alliance

    return Alliance.objects.get(pk=pk)
