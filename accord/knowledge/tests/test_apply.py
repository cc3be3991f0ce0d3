"""Applying a playbook: tasks with owners and due dates, idempotence, versioning, re-apply."""

import datetime as dt

import pytest

from accord.core.models import AuditEvent
from accord.knowledge import actions, hooks
from accord.knowledge.models import (
    Anchor,
    Cadence,
    PlaybookApplication,
    PlaybookTask,
    RoleGroup,
    TaskStatus,
)
from accord.knowledge.standard import install_standard_playbooks

from .factories import DeliverableFactory, PlaybookFactory

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def launch(world):
    playbook = PlaybookFactory(name="Launch")
    DeliverableFactory(
        playbook=playbook, title="Contacts list", anchor=Anchor.START, offset_days=21, order=1
    )
    DeliverableFactory(
        playbook=playbook,
        title="Charter agreed",
        anchor=Anchor.SIGNING,
        offset_days=30,
        order=2,
        owner_role=RoleGroup.PROJECT_MANAGEMENT,
    )
    DeliverableFactory(
        playbook=playbook,
        title="Return of rights",
        anchor=Anchor.START,
        offset_days=60,
        order=3,
        owner_role=RoleGroup.BUSINESS_DEVELOPMENT,
    )
    return playbook


def test_applying_creates_tasks_with_due_dates_and_owners(world, launch):
    alliance = (
        world.alliance_b
    )  # effective 2024-03-01; Manager B runs it, the contributor is designated
    application, created = actions.playbook_apply(
        actor=world.leader,
        alliance=alliance,
        playbook=launch,
        start_date=dt.date(2026, 3, 1),
        today=TODAY,
    )
    assert created is True
    assert application.revision == 1
    tasks = {t.title: t for t in PlaybookTask.objects.filter(application=application)}
    assert sorted(tasks) == ["Charter agreed", "Contacts list", "Return of rights"]
    assert tasks["Contacts list"].due_date == dt.date(2026, 3, 22)
    assert tasks["Charter agreed"].due_date == dt.date(2024, 3, 31)  # signing + 30
    assert tasks["Return of rights"].due_date == dt.date(2026, 4, 30)
    assert tasks["Contacts list"].owner == world.manager_b
    assert tasks["Charter agreed"].owner == world.contributor  # project management: designated
    assert tasks["Return of rights"].owner == world.manager_b  # BD unnamed: whoever runs it
    assert all(t.status == TaskStatus.OPEN for t in tasks.values())
    assert (
        AuditEvent.objects.filter(
            alliance_id=alliance.pk, content_type__model="playbooktask", action="create"
        )
        .values("object_id")
        .distinct()
        .count()
        == 3
    )


def test_a_named_role_holder_owns_that_partys_tasks(world, launch):
    actions.role_holder_add(
        actor=world.leader,
        alliance=world.alliance_b,
        group=RoleGroup.BUSINESS_DEVELOPMENT,
        user=world.executive,
        title="BD lead",
    )
    application, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    task = application.tasks.get(title="Return of rights")
    assert task.owner == world.executive


def test_applying_twice_does_not_duplicate(world, launch):
    first, created = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    again, created_again = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    assert created is True and created_again is False
    assert again.pk == first.pk
    assert PlaybookApplication.objects.count() == 1
    assert PlaybookTask.objects.count() == 3
    actions.application_sync(application=first, today=TODAY)
    assert PlaybookTask.objects.count() == 3


def test_default_start_of_a_launch_is_the_effective_date(world, launch):
    application, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    assert application.start_date == dt.date(2024, 3, 1)
    package = PlaybookFactory(name="Pkg", kind="service_package", package="simple", lifecycle="")
    DeliverableFactory(playbook=package)
    applied, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=package, today=TODAY
    )
    assert applied.start_date == TODAY


def test_undated_until_signed_then_dated_by_the_daily_roll(world, launch):
    alliance = world.alliance_b
    alliance.effective_date = None
    alliance.stage = "pre_deal"
    alliance.save()
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=alliance,
        playbook=launch,
        start_date=dt.date(2026, 3, 1),
        today=TODAY,
    )
    charter = application.tasks.get(title="Charter agreed")
    assert charter.due_date is None
    alliance.effective_date = dt.date(2026, 2, 1)
    alliance.save()
    result = actions.application_sync(application=application, today=TODAY)
    charter.refresh_from_db()
    assert (result.created, result.dated) == (0, 1)
    assert charter.due_date == dt.date(2026, 3, 3)


def test_recurring_deliverables_roll_forward_within_the_horizon(world, settings):
    settings.ACCORD_PLAYBOOK_HORIZON_DAYS = 90
    playbook = PlaybookFactory(
        name="Package", kind="service_package", package="complex", lifecycle=""
    )
    DeliverableFactory(
        playbook=playbook,
        title="Quarterly review",
        anchor=Anchor.SIGNING,
        offset_days=0,
        cadence=Cadence.QUARTERLY,
    )
    world.alliance_b.effective_date = dt.date(2025, 1, 15)
    world.alliance_b.save()
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=dt.date(2025, 3, 1),
        today=dt.date(2025, 6, 1),
    )
    dates = list(application.tasks.order_by("due_date").values_list("due_date", flat=True))
    # Every quarter from signing, none before the start (1 March), up to 90 days after 1 June.
    assert dates == [dt.date(2025, 4, 15), dt.date(2025, 7, 15)]
    actions.application_sync(application=application, today=dt.date(2025, 9, 1))
    dates = list(application.tasks.order_by("due_date").values_list("due_date", flat=True))
    assert dates == [dt.date(2025, 4, 15), dt.date(2025, 7, 15), dt.date(2025, 10, 15)]


def test_each_jsc_waits_for_meetings_then_follows_them(world, monkeypatch):
    playbook = PlaybookFactory(
        name="JSC support", kind="service_package", package="typical", lifecycle=""
    )
    DeliverableFactory(
        playbook=playbook, title="Agenda out", anchor=Anchor.EACH_JSC, offset_days=-10
    )
    application, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=playbook, today=TODAY
    )
    assert application.tasks.count() == 0
    meetings = {world.alliance_b.pk: [(7, dt.date(2026, 4, 20)), (9, dt.date(2026, 7, 20))]}
    monkeypatch.setattr(hooks, "JSC_MEETING_PROVIDERS", [lambda a: meetings.get(a.pk, [])])
    actions.application_sync(application=application, today=TODAY)
    tasks = list(application.tasks.order_by("due_date").values_list("occurrence", "due_date"))
    assert tasks == [("jsc:7", dt.date(2026, 4, 10)), ("jsc:9", dt.date(2026, 7, 10))]


def test_changing_the_playbook_does_not_rewrite_applied_tasks(world, launch):
    application, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    contacts = launch.deliverables.get(title="Contacts list")
    actions.deliverable_update(
        actor=world.leader,
        deliverable=contacts,
        data={"title": "Contacts and escalation list", "offset_days": 14},
    )
    launch.refresh_from_db()
    application.refresh_from_db()
    assert (launch.revision, application.revision) == (2, 1)
    assert application.is_outdated
    task = application.tasks.get(deliverable_key=contacts.pk)
    assert task.title == "Contacts list"
    actions.application_sync(application=application, today=TODAY)
    task.refresh_from_db()
    assert task.title == "Contacts list"


def test_reapply_updates_open_tasks_keeps_done_ones_and_withdraws_removed(world, launch):
    start = dt.date(2026, 3, 1)
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=launch,
        start_date=start,
        today=TODAY,
    )
    contacts = application.tasks.get(title="Contacts list")
    done = application.tasks.get(title="Charter agreed")
    actions.task_update(actor=world.manager_b, task=done, data={"status": TaskStatus.DONE})
    actions.deliverable_update(
        actor=world.leader,
        deliverable=launch.deliverables.get(title="Contacts list"),
        data={"offset_days": 14, "title": "Contacts and escalation list"},
    )
    actions.deliverable_update(
        actor=world.leader,
        deliverable=launch.deliverables.get(title="Charter agreed"),
        data={"title": "Charter signed by both co-chairs"},
    )
    actions.deliverable_retire(
        actor=world.leader, deliverable=launch.deliverables.get(title="Return of rights")
    )
    actions.deliverable_create(
        actor=world.leader,
        playbook=launch,
        data={"title": "Joint goals", "anchor": Anchor.START, "offset_days": 45},
    )
    result = actions.application_reapply(
        actor=world.leader, application=application, reason="Launch template updated", today=TODAY
    )
    assert (result.created, result.changed, result.withdrawn) == (1, 1, 1)
    contacts.refresh_from_db()
    done.refresh_from_db()
    assert contacts.title == "Contacts and escalation list"
    assert contacts.due_date == dt.date(2026, 3, 15)
    assert done.title == "Charter agreed" and done.status == TaskStatus.DONE
    assert application.tasks.get(title="Return of rights").status == TaskStatus.WITHDRAWN
    assert application.tasks.get(title="Joint goals").due_date == dt.date(2026, 4, 15)
    application.refresh_from_db()
    assert application.revision == 5
    event = AuditEvent.objects.filter(
        content_type__model="playbookapplication", object_id=str(application.pk), action="update"
    ).first()
    assert event.reason.startswith(
        "Launch template updated (1 task(s) added, 1 updated, 1 withdrawn)"
    )


def test_reapply_needs_a_reason_and_a_newer_revision(world, launch):
    from django.core.exceptions import ValidationError

    application, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    with pytest.raises(ValidationError) as error:
        actions.application_reapply(actor=world.leader, application=application, reason="")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.application_reapply(
            actor=world.leader, application=application, reason="just because"
        )
    assert "already has revision 1" in error.value.message_dict["revision"][0]


def test_ticking_off_records_who_and_when(world, launch):
    application, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    task = application.tasks.get(title="Contacts list")
    task = actions.task_update(
        actor=world.manager_b, task=task, data={"status": "done"}, expected_version=1
    )
    assert (task.status, task.completed_by, task.version) == ("done", world.manager_b, 2)
    assert task.completed_at is not None
    task = actions.task_update(actor=world.manager_b, task=task, data={"status": "open"})
    assert (task.completed_by, task.completed_at) == (None, None)


def test_a_partner_cannot_own_a_task(world, launch):
    from django.core.exceptions import ValidationError

    application, _ = actions.playbook_apply(
        actor=world.leader, alliance=world.alliance_b, playbook=launch, today=TODAY
    )
    task = application.tasks.first()
    with pytest.raises(ValidationError) as error:
        actions.task_update(actor=world.leader, task=task, data={"owner": world.partner_b})
    assert "owner" in error.value.message_dict
    task.refresh_from_db()
    assert task.owner == world.manager_b and task.version == 1


def test_standard_playbooks_install_and_apply(world):
    created = install_standard_playbooks(actor=world.leader)
    assert [p.name for p in created][:3] == [
        "Complex alliance service package (Tier 1)",
        "Typical alliance service package (Tier 2)",
        "Simple alliance service package (Tier 3)",
    ]
    assert all(p.revision == 1 for p in created)
    launch = next(p for p in created if p.lifecycle == "launch")
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_a,
        playbook=launch,
        start_date=dt.date(2026, 1, 1),
        today=TODAY,
    )
    early = application.tasks.filter(due_date__lte=dt.date(2026, 2, 15)).count()
    assert early == 11  # the 45-day early deliverables
    assert application.tasks.order_by("-due_date").first().due_date == dt.date(2026, 4, 11)
    assert install_standard_playbooks(actor=world.leader) == []


def test_each_jsc_ignores_meetings_held_before_the_plan_started(world, monkeypatch):
    """Applying a package in June does not invent a missed 'agenda out' for January's JSC."""
    playbook = PlaybookFactory(
        name="JSC support", kind="service_package", package="typical", lifecycle=""
    )
    DeliverableFactory(
        playbook=playbook, title="Agenda out", anchor=Anchor.EACH_JSC, offset_days=-10
    )
    meetings = {
        world.alliance_b.pk: [
            (5, dt.date(2026, 1, 20)),
            (7, dt.date(2026, 4, 20)),
            (9, dt.date(2026, 7, 20)),
        ]
    }
    monkeypatch.setattr(hooks, "JSC_MEETING_PROVIDERS", [lambda a: meetings.get(a.pk, [])])
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=dt.date(2026, 4, 20),
        today=TODAY,
    )
    tasks = list(application.tasks.order_by("due_date").values_list("occurrence", "due_date"))
    assert tasks == [("jsc:7", dt.date(2026, 4, 10)), ("jsc:9", dt.date(2026, 7, 10))]
