"""The daily job: rolls applied playbooks, reminds owners once, asks for closing lessons."""

import datetime as dt

from accord.knowledge import actions
from accord.knowledge.tasks import playbook_daily
from accord.notifications.models import Notification
from accord.portfolio.models import Stage

from .factories import DeliverableFactory, PlaybookFactory


def test_owners_are_reminded_before_the_due_date_and_when_late_once_each(world, settings):
    settings.ACCORD_TASK_REMINDER_DAYS = 7
    playbook = PlaybookFactory()
    DeliverableFactory(playbook=playbook, title="Charter agreed", offset_days=30)
    DeliverableFactory(playbook=playbook, title="Far away", offset_days=200)
    actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=dt.date(2026, 3, 1),
    )
    playbook_daily.call(slot="2026-03-20T06:30:00+00:00")
    assert Notification.objects.count() == 0
    playbook_daily.call(slot="2026-03-25T06:30:00+00:00")
    playbook_daily.call(slot="2026-03-26T06:30:00+00:00")
    notes = list(Notification.objects.values_list("recipient__email", "kind", "title"))
    assert notes == [
        (
            "manager.b@meridian.test",
            "knowledge.task_due",
            "Due 31 Mar: Charter agreed (Polaris IL-23 Co-development)",
        )
    ]
    playbook_daily.call(slot="2026-04-02T06:30:00+00:00")
    playbook_daily.call(slot="2026-04-03T06:30:00+00:00")
    late = Notification.objects.filter(kind="knowledge.task_late")
    assert list(late.values_list("title", flat=True)) == [
        "Late since 31 Mar: Charter agreed (Polaris IL-23 Co-development)"
    ]


def test_done_tasks_are_not_reminded(world):
    playbook = PlaybookFactory()
    DeliverableFactory(playbook=playbook, offset_days=1)
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=dt.date(2026, 3, 1),
    )
    actions.task_update(
        actor=world.manager_b, task=application.tasks.get(), data={"status": "done"}
    )
    playbook_daily.call(slot="2026-04-01T06:30:00+00:00")
    assert Notification.objects.filter(kind__startswith="knowledge.task").count() == 0


def test_closing_alliances_without_lessons_prompt_who_ran_them_once(world):
    world.alliance_b.stage = Stage.WIND_DOWN
    world.alliance_b.save()
    playbook_daily.call(slot="2026-04-01T06:30:00+00:00")
    playbook_daily.call(slot="2026-04-02T06:30:00+00:00")
    prompts = Notification.objects.filter(kind="knowledge.lesson_prompt")
    assert sorted(prompts.values_list("recipient__email", flat=True)) == [
        "manager.b@meridian.test",
        "pm@meridian.test",
    ]
    assert (
        prompts.first().url
        == f"/knowledge/lessons/new/?source_type=alliance&source_id={world.alliance_b.pk}&alliance={world.alliance_b.pk}"
    )
