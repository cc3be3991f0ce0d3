"""What playbooks add to My week (accord.core.registry.WEEK_SOURCES): the open package tasks a
person owns, or whose role they hold on the alliance, due by the end of the window."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from accord.core.registry import WeekQuery, WeekRow
from accord.portfolio.access import editable_alliance_ids

from . import access, actions
from .models import PlaybookTask, TaskStatus


def _tasks(viewer, people, start, end, filters):
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
    return queryset


def _task_rows(viewer, found):
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
            detail=gettext("Playbook task"),
            done=viewer.is_internal and (t.alliance_id in editable or t.owner_id == viewer.pk),
        )
        for t in found
    ]


task_rows = WeekQuery(select=_tasks, due="due_date", build=_task_rows)


def mark_done(actor, pk, data):
    task = access.get_task_for_user(actor, pk, write=True)
    actions.task_update(actor=actor, task=task, data={"status": TaskStatus.DONE})


def territory_review_rows(viewer, people, start, end, filters):
    """Territory profiles the people own whose review date falls by the end of the week (or
    has passed). Not tied to one alliance: a filter on an alliance leaves them out."""
    from accord.core.registry import people_ids

    from .models import TerritoryProfile

    if filters.get("alliance"):
        return []
    queryset = (
        TerritoryProfile.objects.visible_to(viewer)
        .filter(owner__in=people_ids(people), review_on__lte=end)
        .select_related("territory", "owner")
        .order_by("review_on", "pk")
    )
    return [
        WeekRow(
            kind="territory_review",
            pk=p.pk,
            title=str(p.territory),
            url=p.get_absolute_url(),
            due=p.review_on,
            alliance_id=None,
            alliance_name="",
            who=str(p.owner),
            detail=gettext("Territory profile to review"),
        )
        for p in queryset
    ]


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
    register_week_source(
        kind="territory_review",
        noun="Territory profile review",
        label="Territory profile reviews",
        order=34,
        rows=territory_review_rows,
    )
