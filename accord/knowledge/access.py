"""Who may do what with lessons, playbooks, tasks, roles and templates.

Every object a user asks for comes through a `get_<thing>_for_user` helper: out of scope is a
404, in scope but read-only a 403.

- Lessons: anyone internal reads them (firewall rules apart, see models/lessons.py); leaders,
  admins and managers record them about any alliance, contributors about the alliances they run;
  the author or a leader edits one. Promoting a lesson into a playbook is a leader's decision.
- Playbooks and the templates library: internal users read them; leaders and admins change them.
- Applying a playbook, ticking off tasks, editing an alliance's RACI: whoever may edit the
  alliance (portfolio's rule: leaders, admins, and the people who run it). Executives read.
- Partner users: only lessons explicitly shared with their alliance.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accord.people.models import Role
from accord.portfolio.access import can_edit_alliance, get_alliance_for_user, is_responsible_for

from .models import (
    Deliverable,
    DocumentTemplate,
    Lesson,
    Playbook,
    PlaybookApplication,
    PlaybookTask,
    RaciEntry,
    RoleHolder,
)


def can_record_lesson(user, alliance=None) -> bool:
    if not user.is_active or not user.is_internal:
        return False
    if user.role in (Role.ADMIN, Role.LEADER, Role.MANAGER):
        return True
    if user.role == Role.CONTRIBUTOR and alliance is not None:
        return is_responsible_for(user, alliance)
    return False


def can_edit_lesson(user, lesson: Lesson) -> bool:
    if not user.is_active or not user.is_internal:
        return False
    return user.can_manage_portfolio or (
        lesson.author_id == user.pk and user.role != Role.EXECUTIVE
    )


def can_promote_lesson(user) -> bool:
    return user.can_manage_portfolio


def can_edit_playbooks(user) -> bool:
    return user.can_manage_portfolio


def can_edit_library(user) -> bool:
    return user.can_manage_portfolio


def can_work_on(user, alliance) -> bool:
    """Apply packages, tick off tasks, keep the RACI and templates of this alliance."""
    return user.is_internal and can_edit_alliance(user, alliance)


def get_lesson_for_user(user, pk, *, write: bool = False) -> Lesson:
    lesson = get_object_or_404(
        Lesson.objects.visible_to(user).select_related("alliance", "program", "author"), pk=pk
    )
    if write and not can_edit_lesson(user, lesson):
        raise PermissionDenied(_("Only the lesson's author or an alliance leader changes it."))
    return lesson


def get_playbook_for_user(user, pk, *, write: bool = False) -> Playbook:
    playbook = get_object_or_404(Playbook.objects.visible_to(user), pk=pk)
    if write and not can_edit_playbooks(user):
        raise PermissionDenied(_("Only alliance leaders change playbooks."))
    return playbook


def get_deliverable_for_user(user, pk, *, write: bool = False) -> Deliverable:
    deliverable = get_object_or_404(
        Deliverable.objects.filter(playbook__in=Playbook.objects.visible_to(user)).select_related(
            "playbook"
        ),
        pk=pk,
    )
    if write and not can_edit_playbooks(user):
        raise PermissionDenied(_("Only alliance leaders change playbooks."))
    return deliverable


def get_application_for_user(user, pk, *, write: bool = False) -> PlaybookApplication:
    application = get_object_or_404(
        PlaybookApplication.objects.visible_to(user).select_related("alliance", "playbook"),
        pk=pk,
    )
    if write and not can_work_on(user, application.alliance):
        raise PermissionDenied(_("You can view this alliance's playbook but not change it."))
    return application


def get_task_for_user(user, pk, *, write: bool = False) -> PlaybookTask:
    task = get_object_or_404(
        PlaybookTask.objects.visible_to(user).select_related("alliance", "application"), pk=pk
    )
    if write and not (can_work_on(user, task.alliance) or task.owner_id == user.pk):
        raise PermissionDenied(_("You can view this task but not change it."))
    return task


def get_raci_entry_for_user(user, pk, *, write: bool = False) -> RaciEntry:
    entry = get_object_or_404(RaciEntry.objects.visible_to(user).select_related("alliance"), pk=pk)
    if write and not can_work_on(user, entry.alliance):
        raise PermissionDenied(_("You can view this alliance's roles but not change them."))
    return entry


def get_role_holder_for_user(user, pk, *, write: bool = False) -> RoleHolder:
    holder = get_object_or_404(
        RoleHolder.objects.visible_to(user).select_related("alliance", "user"), pk=pk
    )
    if write and not can_work_on(user, holder.alliance):
        raise PermissionDenied(_("You can view this alliance's roles but not change them."))
    return holder


def get_template_for_user(user, pk, *, write: bool = False) -> DocumentTemplate:
    template = get_object_or_404(DocumentTemplate.objects.visible_to(user), pk=pk)
    if write and not can_edit_library(user):
        raise PermissionDenied(_("Only alliance leaders change the templates library."))
    return template


def get_internal_alliance_for_user(user, pk, *, write: bool = False):
    """An alliance page of internal practice (playbook, roles, dossier): partners get a 403."""
    alliance = get_alliance_for_user(user, pk)
    if not user.is_internal:
        raise PermissionDenied(_("This part of the alliance is internal to our company."))
    if write and not can_work_on(user, alliance):
        raise PermissionDenied(_("You can view this alliance but not change it."))
    return alliance


def may_keep_profiles(user) -> bool:
    """Territory profiles are the alliance function's: leaders, admins and alliance managers."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_internal
        and user.role in (Role.ADMIN, Role.LEADER, Role.MANAGER)
    )


def get_territory_profile_for_user(user, pk, *, write: bool = False):
    from .models import TerritoryProfile

    profile = get_object_or_404(
        TerritoryProfile.objects.visible_to(user).select_related("territory", "owner"), pk=pk
    )
    if write and not may_keep_profiles(user):
        raise PermissionDenied(_("Territory profiles are kept by leaders and alliance managers."))
    return profile
