"""Practice and knowledge's background jobs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_tasks import task

from accord.core.scheduling import periodic


@periodic("knowledge.playbook_daily", every="day", at=dt.time(6, 30))
@task()
def playbook_daily(slot: str | None = None) -> dict:
    """Roll every applied playbook forward, remind task owners, ask for closing lessons.

    Idempotent: tasks are unique per occurrence and notifications per dedupe key; after
    downtime the single catch-up run finds everything due or late up to its slot.
    """
    today = (
        timezone.localtime(dt.datetime.fromisoformat(slot)).date() if slot else timezone.localdate()
    )
    return {
        "synced": roll_applications(today),
        "reminded": remind_task_owners(today),
        "prompted": prompt_for_lessons(),
    }


def roll_applications(today: dt.date) -> int:
    from .actions import application_sync
    from .models import PlaybookApplication

    created = 0
    for application in PlaybookApplication.objects.exclude(alliance__stage="terminated").order_by(
        "pk"
    ):
        created += application_sync(application=application, today=today).created
    return created


def remind_task_owners(today: dt.date) -> int:
    from accord.notifications.actions import notify

    from .models import PlaybookTask

    sent = 0
    soon = today + dt.timedelta(days=settings.ACCORD_TASK_REMINDER_DAYS)
    tasks = (
        PlaybookTask.objects.open()
        .filter(owner__isnull=False, due_date__isnull=False, due_date__lte=soon)
        .select_related("owner", "alliance")
        .order_by("due_date", "pk")
    )
    for task_ in tasks:
        late = task_.due_date < today
        url = reverse("knowledge:alliance_playbook", args=[task_.alliance_id])
        kind = "knowledge.task_late" if late else "knowledge.task_due"

        def title(task_=task_, late=late):
            return (
                _("Late since %(date)s: %(title)s (%(alliance)s)")
                if late
                else _("Due %(date)s: %(title)s (%(alliance)s)")
            ) % {
                "date": date_format(task_.due_date, pgettext("date format", "d M")),
                "title": task_.title,
                "alliance": task_.alliance.name,
            }

        sent += len(
            notify(
                recipients=[task_.owner],
                kind=kind,
                title=title,
                body=task_.description,
                url=url,
                dedupe_key=f"knowledge.task.{task_.pk}.{'late' if late else 'due'}.{task_.due_date}",
                alliance_id=task_.alliance_id,
            )
        )
    return sent


def prompt_for_lessons() -> int:
    """Alliances winding down or terminated that taught us nothing yet: ask who ran them."""
    from django.db.models import Exists, OuterRef

    from accord.notifications.actions import notify
    from accord.portfolio.models import RESPONSIBLE_ROLES, Alliance, AllianceMember, Stage

    from .hooks import lesson_prompt_url
    from .models import Lesson, SourceType

    sent = 0
    closing = (
        Alliance.objects.filter(stage__in=[Stage.WIND_DOWN, Stage.TERMINATED])
        .exclude(Exists(Lesson.objects.filter(alliance=OuterRef("pk"))))
        .order_by("pk")
    )
    for alliance in closing:
        people = [
            member.user
            for member in AllianceMember.objects.filter(
                alliance=alliance, role__in=RESPONSIBLE_ROLES
            ).select_related("user")
        ]
        sent += len(
            notify(
                recipients=people,
                kind="knowledge.lesson_prompt",
                title=lambda alliance=alliance: (
                    _("%(alliance)s is %(stage)s: what did it teach us?")
                    % {"alliance": alliance.name, "stage": alliance.get_stage_display().lower()}
                ),
                url=lesson_prompt_url(
                    source_type=SourceType.ALLIANCE, source_id=alliance.pk, alliance_id=alliance.pk
                ),
                dedupe_key=f"knowledge.lesson_prompt.{alliance.pk}.{alliance.stage}",
                alliance_id=alliance.pk,
            )
        )
    return sent


@periodic("knowledge.territory_reviews", every="day", at=dt.time(6, 40))
@task()
def territory_reviews(slot: str | None = None) -> dict:
    """Remind owners of territory profiles past their review date (once per review date)."""
    from .actions import territory_profiles_remind

    today = (
        timezone.localtime(dt.datetime.fromisoformat(slot)).date() if slot else timezone.localdate()
    )
    return {"reminded": territory_profiles_remind(today=today)}
