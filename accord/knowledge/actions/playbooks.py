from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import Entry, assign, create_entry, open_update, save_create, save_update
from accord.core.versioning import bump, check_version, lock
from accord.people.models import User
from accord.portfolio.models import RESPONSIBLE_ROLES, Alliance, AllianceMember, MemberRole

from .. import timing
from ..hooks import jsc_meetings
from ..models import (
    Deliverable,
    Lifecycle,
    Playbook,
    PlaybookApplication,
    PlaybookTask,
    RoleGroup,
    RoleHolder,
    TaskStatus,
    TemplateUse,
)

PLAYBOOK_FIELDS = ["name", "kind", "package", "lifecycle", "description", "is_active"]
DELIVERABLE_FIELDS = [
    "order",
    "title",
    "description",
    "topic",
    "owner_role",
    "anchor",
    "offset_days",
    "cadence",
    "template",
]
TASK_FIELDS = ["status", "owner", "due_date", "note"]
TASK_AUDITED = ["title", "due_date", "owner", "status"]
APPLICATION_FIELDS = ["playbook", "revision", "start_date"]
PLAYBOOK = Entry(Playbook, PLAYBOOK_FIELDS)
DELIVERABLE = Entry(Deliverable, DELIVERABLE_FIELDS)


# --- Playbooks and their deliverables -------------------------------------------------------


@transaction.atomic
def playbook_create(*, actor, data: dict, deliverables: list[dict] = ()) -> Playbook:
    """A new playbook, at revision 1 with the deliverables given."""
    playbook = create_entry(PLAYBOOK, Playbook(), actor=actor, data=data)
    for order, item in enumerate(deliverables, start=1):
        deliverable = Deliverable(playbook=playbook, order=order * 10)
        create_entry(DELIVERABLE, deliverable, actor=actor, data=item)
    return playbook


@transaction.atomic
def playbook_update(*, actor, playbook: Playbook, data: dict, expected_version=None, reason=""):
    playbook, before = open_update(PLAYBOOK, playbook, expected_version)
    if "kind" in data and data["kind"] != playbook.kind and playbook.applications.exists():
        raise ValidationError({"kind": _("This playbook is applied to alliances: keep its kind.")})
    assign(playbook, data, PLAYBOOK_FIELDS)
    playbook.full_clean()
    return save_update(PLAYBOOK, playbook, before, actor=actor, reason=reason)


def _new_revision(actor, playbook_id: int, reason: str) -> Playbook:
    playbook = lock(Playbook, playbook_id)
    before = audit.snapshot(playbook, ["revision"])
    playbook.revision += 1
    bump(playbook)
    playbook.save(update_fields=["revision", "version", "updated_at"])
    audit.record_update(actor=actor, obj=playbook, before=before, reason=reason)
    return playbook


@transaction.atomic
def deliverable_create(*, actor, playbook: Playbook, data: dict, reason: str = "") -> Deliverable:
    deliverable = Deliverable(playbook=playbook)
    assign(deliverable, data, DELIVERABLE_FIELDS)
    deliverable.full_clean()
    save_create(DELIVERABLE, deliverable, actor=actor, reason=reason)
    _new_revision(actor, playbook.pk, reason or f"Added “{deliverable.title}”")
    return deliverable


@transaction.atomic
def deliverable_update(
    *, actor, deliverable: Deliverable, data: dict, expected_version=None, reason: str = ""
) -> Deliverable:
    deliverable, before = open_update(DELIVERABLE, deliverable, expected_version)
    if not deliverable.is_active:
        raise ValidationError({"title": _("This deliverable was removed from its playbook.")})
    assign(deliverable, data, DELIVERABLE_FIELDS)
    deliverable.full_clean()
    if audit.snapshot(deliverable, DELIVERABLE_FIELDS) == before:
        return deliverable
    deliverable.revision += 1
    save_update(DELIVERABLE, deliverable, before, actor=actor, reason=reason)
    _new_revision(actor, deliverable.playbook_id, reason or f"Changed “{deliverable.title}”")
    return deliverable


@transaction.atomic
def deliverable_retire(*, actor, deliverable: Deliverable, reason: str = "") -> Deliverable:
    """Remove a deliverable from its playbook (kept for the tasks already made from it)."""
    deliverable, before = open_update(DELIVERABLE, deliverable, fields=["is_active"])
    if not deliverable.is_active:
        return deliverable
    deliverable.is_active = False
    save_update(DELIVERABLE, deliverable, before, actor=actor, reason=reason)
    _new_revision(actor, deliverable.playbook_id, reason or f"Removed “{deliverable.title}”")
    return deliverable


# --- Applying a playbook to an alliance -----------------------------------------------------


def default_start(alliance: Alliance, playbook: Playbook, today: dt.date) -> dt.date:
    """A launch counts from signing; a service package or another template from today."""
    if playbook.lifecycle == Lifecycle.LAUNCH and alliance.effective_date:
        return alliance.effective_date
    return today


def owners_for(alliance: Alliance, fallback=None) -> dict[str, User | None]:
    """Who each party's deliverables fall to on this alliance.

    The person named for the party on the alliance's Roles page comes first. Otherwise:
    alliance management → our alliance manager, else the designated person; project management →
    the designated person, else the alliance manager; business development and functional leads
    → the alliance manager or designated person who will chase them. Deliverables of the partner
    are owned by our alliance manager, who obtains them from the partner (tasks are internal).
    With nobody on the alliance, the person applying the playbook owns them.
    """
    named: dict[str, User] = {}
    for holder in (
        RoleHolder.objects.filter(alliance=alliance, user__is_active=True)
        .exclude(group=RoleGroup.PARTNER)
        .select_related("user")
        .order_by("pk")
    ):
        named.setdefault(holder.group, holder.user)
    members = {
        member.role: member.user
        for member in AllianceMember.objects.filter(
            alliance=alliance, role__in=RESPONSIBLE_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("-since", "-pk")
    }
    manager = members.get(MemberRole.ALLIANCE_MANAGER)
    designated = members.get(MemberRole.DESIGNATED_PERSON)
    runner = manager or designated
    if fallback is not None and not fallback.is_internal:
        fallback = None
    return {
        RoleGroup.ALLIANCE_MANAGEMENT: named.get(RoleGroup.ALLIANCE_MANAGEMENT)
        or runner
        or fallback,
        RoleGroup.PROJECT_MANAGEMENT: named.get(RoleGroup.PROJECT_MANAGEMENT)
        or designated
        or manager
        or fallback,
        RoleGroup.BUSINESS_DEVELOPMENT: named.get(RoleGroup.BUSINESS_DEVELOPMENT)
        or runner
        or fallback,
        RoleGroup.FUNCTIONAL_LEADS: named.get(RoleGroup.FUNCTIONAL_LEADS) or runner or fallback,
        RoleGroup.PARTNER: runner or fallback,
    }


@dataclass
class SyncResult:
    created: int = 0
    dated: int = 0
    changed: int = 0
    withdrawn: int = 0
    reopened: int = 0
    waiting_for_meetings: int = 0
    rows: list = field(default_factory=list)


def _task_for(application, item: dict, occurrence: str, due, owners, live_ids) -> PlaybookTask:
    return PlaybookTask(
        alliance_id=application.alliance_id,
        application=application,
        deliverable_id=item["id"] if item["id"] in live_ids else None,
        deliverable_key=item["id"],
        deliverable_revision=item["revision"],
        occurrence=occurrence,
        title=item["title"],
        description=item["description"],
        topic_id=item["topic_id"],
        owner_role=item["owner_role"],
        owner=owners.get(item["owner_role"]),
        due_date=due,
        template_id=item["template_id"],
    )


def _sync(
    actor, application: PlaybookApplication, *, today: dt.date, previous: dict | None = None
) -> SyncResult:
    """Make the application's tasks match its snapshot. Never touches closed tasks.

    `previous` (re-apply only) is the old snapshot by deliverable id: open tasks of deliverables
    that are gone are withdrawn, open tasks of changed deliverables take the new wording, owner
    party and due date; deliverables that are new get their tasks.
    """
    alliance = application.alliance
    horizon = today + dt.timedelta(days=settings.ACCORD_PLAYBOOK_HORIZON_DAYS)
    meetings = jsc_meetings(alliance)
    owners = owners_for(alliance, fallback=actor)
    existing = {
        (task.deliverable_key, task.occurrence): task
        for task in PlaybookTask.objects.filter(application=application)
    }
    result = SyncResult()
    wanted: set[tuple[int, str]] = set()
    new_tasks, changed_tasks = [], []
    current_ids = {item["id"] for item in application.snapshot}
    live_ids = set(Deliverable.objects.filter(pk__in=current_ids).values_list("pk", flat=True))
    for item in application.snapshot:
        found = timing.occurrences(
            item,
            signing=alliance.effective_date,
            start=application.start_date,
            jsc_meetings=meetings,
            horizon=horizon,
            not_before=application.start_date,
        )
        if item["anchor"] == "each_jsc" and not found:
            result.waiting_for_meetings += 1
        changed_item = previous is not None and (
            item["id"] in previous and previous[item["id"]]["revision"] != item["revision"]
        )
        for occurrence, due in found:
            key = (item["id"], occurrence)
            wanted.add(key)
            task = existing.get(key)
            if task is None:
                new_tasks.append(_task_for(application, item, occurrence, due, owners, live_ids))
                continue
            if task.status == TaskStatus.WITHDRAWN and previous is not None:
                task.status = TaskStatus.OPEN
                result.reopened += 1
                changed_item = True
            if task.status != TaskStatus.OPEN:
                continue
            if changed_item:
                task.title = item["title"]
                task.description = item["description"]
                task.topic_id = item["topic_id"]
                task.template_id = item["template_id"]
                task.deliverable_revision = item["revision"]
                if task.owner_role != item["owner_role"]:
                    task.owner_role = item["owner_role"]
                    task.owner = owners.get(item["owner_role"])
                task.due_date = due
                changed_tasks.append(task)
                result.changed += 1
            elif task.due_date is None and due is not None:
                # The anchor date became known (e.g. the agreement was signed): date the task.
                task.due_date = due
                changed_tasks.append(task)
                result.dated += 1
    if previous is not None:
        for key, task in existing.items():
            gone = key[0] not in current_ids
            rescheduled = key[0] in current_ids and key not in wanted
            if (gone or rescheduled) and task.status == TaskStatus.OPEN:
                task.status = TaskStatus.WITHDRAWN
                changed_tasks.append(task)
                result.withdrawn += 1
    now = timezone.now()
    for task in changed_tasks:
        task.version += 1
        task.updated_at = now
    PlaybookTask.objects.bulk_update(
        changed_tasks,
        [
            "title",
            "description",
            "topic",
            "template",
            "deliverable_revision",
            "owner_role",
            "owner",
            "due_date",
            "status",
            "version",
            "updated_at",
        ],
        batch_size=500,
    )
    created = PlaybookTask.objects.bulk_create(new_tasks, batch_size=500)
    result.created = len(created)
    rows = []
    for task in created:
        rows += audit.build(
            actor=actor,
            obj=task,
            action=audit.AuditEvent.Action.CREATE,
            changes={
                name: ("", value)
                for name, value in audit.snapshot(task, TASK_AUDITED).items()
                if value
            },
            alliance_id=application.alliance_id,
        )
    audit.save(rows)
    _adopt_templates(actor, application)
    return result


def _adopt_templates(actor, application) -> None:
    """The library documents the playbook's deliverables use become the alliance's (if new)."""
    from ..models import DocumentTemplate

    wanted = {item["template_id"] for item in application.snapshot if item["template_id"]}
    if not wanted:
        return
    used = set(
        TemplateUse.objects.filter(
            alliance=application.alliance, template_id__in=wanted
        ).values_list("template_id", flat=True)
    )
    for template in DocumentTemplate.objects.filter(pk__in=wanted - used).prefetch_related(
        "versions"
    ):
        version = template.current_version
        if version is None:
            continue
        use = TemplateUse.objects.create(
            alliance=application.alliance, template=template, version=version, adopted_by=actor
        )
        audit.record_create(
            actor=actor, obj=use, fields=["template", "version"], alliance_id=use.alliance_id
        )


@transaction.atomic
def playbook_apply(
    *, actor, alliance: Alliance, playbook: Playbook, start_date: dt.date | None = None, today=None
) -> tuple[PlaybookApplication, bool]:
    """Apply a playbook: its tasks with owners and due dates. Applying again changes nothing.

    Returns (application, created). The application keeps the deliverables as they are now.
    """
    today = today or timezone.localdate()
    existing = PlaybookApplication.objects.filter(alliance=alliance, playbook=playbook).first()
    if existing is not None:
        return existing, False
    playbook = Playbook.objects.get(pk=playbook.pk)
    if not playbook.is_active:
        raise ValidationError(
            {"playbook": _("%(playbook)s is no longer in use.") % {"playbook": playbook}}
        )
    deliverables = list(playbook.deliverables.filter(is_active=True).order_by("order", "pk"))
    if not deliverables:
        raise ValidationError(
            {"playbook": _("%(playbook)s has no deliverables to apply.") % {"playbook": playbook}}
        )
    application = PlaybookApplication(
        alliance=alliance,
        playbook=playbook,
        revision=playbook.revision,
        start_date=start_date or default_start(alliance, playbook, today),
        snapshot=[d.as_snapshot() for d in deliverables],
        applied_by=actor,
    )
    application.full_clean()
    application.save()
    audit.record_create(
        actor=actor, obj=application, fields=APPLICATION_FIELDS, alliance_id=alliance.pk
    )
    _sync(actor, application, today=today)
    return application, True


@transaction.atomic
def application_reapply(
    *, actor, application: PlaybookApplication, reason: str, today=None
) -> SyncResult:
    """Bring an alliance up to its playbook's current revision, explicitly and on the record.

    Done tasks stay as they are; open tasks follow the new revision; removed deliverables'
    open tasks are withdrawn; new deliverables get tasks.
    """
    from accord.core.actions import require_reason

    reason = require_reason(reason, "re-applying the playbook")
    today = today or timezone.localdate()
    application = lock(PlaybookApplication, application.pk)
    playbook = Playbook.objects.get(pk=application.playbook_id)
    if application.revision == playbook.revision:
        raise ValidationError(
            {
                "revision": _("This alliance already has revision %(revision)s of %(playbook)s.")
                % {"revision": playbook.revision, "playbook": playbook}
            }
        )
    previous = {item["id"]: item for item in application.snapshot}
    before = audit.snapshot(application, APPLICATION_FIELDS)
    application.snapshot = [
        d.as_snapshot() for d in playbook.deliverables.filter(is_active=True).order_by("order")
    ]
    application.revision = playbook.revision
    application.applied_by = actor
    application.applied_at = timezone.now()
    bump(application)
    application.save()
    result = _sync(actor, application, today=today, previous=previous)
    audit.record_update(
        actor=actor,
        obj=application,
        before=before,
        reason=(
            f"{reason} ({result.created} task(s) added, {result.changed} updated, "
            f"{result.withdrawn} withdrawn)"
        ),
        alliance_id=application.alliance_id,
    )
    return result


@transaction.atomic
def application_sync(*, application: PlaybookApplication, today=None) -> SyncResult:
    """The daily roll: recurring occurrences within the horizon, each new JSC, newly known dates.

    It follows the application's own snapshot, never the playbook's newer revision.
    """
    application = lock(PlaybookApplication, application.pk)
    return _sync(None, application, today=today or timezone.localdate())


# --- Tasks ----------------------------------------------------------------------------------


@transaction.atomic
def task_update(*, actor, task: PlaybookTask, data: dict, expected_version=None, reason=""):
    """Tick off, reopen, reassign, re-date or annotate a task."""
    task = lock(PlaybookTask, task.pk)
    check_version(task, expected_version)
    before = audit.snapshot(task, TASK_FIELDS)
    was = task.status
    assign(task, data, TASK_FIELDS)
    if task.status == TaskStatus.WITHDRAWN and was != TaskStatus.WITHDRAWN:
        raise ValidationError(
            {"status": _("Tasks are withdrawn only by re-applying the playbook.")}
        )
    if task.owner is not None:
        owner = task.owner
        if not owner.is_active or not owner.is_internal:
            raise ValidationError(
                {"owner": _("%(owner)s cannot own an internal task.") % {"owner": owner}}
            )
        if not Alliance.objects.visible_to(owner).filter(pk=task.alliance_id).exists():
            raise ValidationError(
                {"owner": _("%(owner)s cannot see this alliance.") % {"owner": owner}}
            )
    if task.status in (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE) and was not in (
        TaskStatus.DONE,
        TaskStatus.NOT_APPLICABLE,
    ):
        task.completed_at = timezone.now()
        task.completed_by = actor
    elif task.status == TaskStatus.OPEN:
        task.completed_at = None
        task.completed_by = None
    task.full_clean()
    bump(task)
    task.save()
    audit.record_update(
        actor=actor, obj=task, before=before, reason=reason, alliance_id=task.alliance_id
    )
    return task
