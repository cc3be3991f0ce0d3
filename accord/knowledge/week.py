"""What playbooks add to My week (accord.core.registry.WEEK_SOURCES): the open package tasks a
person owns, or whose role they hold on the alliance, due by the end of the window."""

from __future__ import annotations

from django.urls import reverse

from accord.core.registry import WeekRow
from accord.portfolio.access import editable_alliance_ids

from . import access, actions
from .models import PlaybookTask, TaskStatus


def task_rows(viewer, people, start, end, filters):
    queryset = (
        PlaybookTask.objects.visible_to(viewer)
        .mine(people)
        .open()
        .filter(due_date__lte=end)
        .select_related("alliance", "owner")
        .order_by("due_date", "pk")
    )
    alliance = filters.get("alliance")
    if alliance:
        queryset = queryset.filter(alliance_id=alliance)
    found = list(queryset)
    # Who may tick a task off: access.get_task_for_user(write=True)'s rule, for all rows at once.
    editable = editable_alliance_ids(viewer, {t.alliance_id for t in found})
    return [
        WeekRow(
            kind="task",
            pk=t.pk,
            title=t.title,
            url=reverse("knowledge:alliance_playbook", args=[t.alliance_id]),
            due=t.due_date,
            alliance_id=t.alliance_id,
            alliance_name=t.alliance.name,
            who=str(t.owner) if t.owner_id else t.get_owner_role_display(),
            detail="Playbook task",
            done=viewer.is_internal and (t.alliance_id in editable or t.owner_id == viewer.pk),
        )
        for t in found
    ]


def mark_done(actor, pk, data):
    task = access.get_task_for_user(actor, pk, write=True)
    actions.task_update(actor=actor, task=task, data={"status": TaskStatus.DONE})


def register() -> None:
    from accord.core.registry import register_week_source

    register_week_source(
        kind="task",
        noun="Playbook task",
        label="Playbook tasks",
        order=32,
        rows=task_rows,
        mark_done=mark_done,
    )
