"""An alliance's Playbook, Roles, Lessons and Dossier tabs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core import documents
from accord.core.exceptions import ConflictError
from accord.core.forms import add_errors
from accord.core.generic import Entity, edit_page, flash
from accord.core.views import is_htmx
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions, dossiers, progress, relevance
from ..forms import (
    AdoptForm,
    ApplyForm,
    RaciEntryForm,
    ReapplyForm,
    RoleHolderForm,
    TaskForm,
)
from ..models import (
    Lesson,
    Playbook,
    PlaybookTask,
    RaciEntry,
    RoleHolder,
    TaskStatus,
    TemplateUse,
)

# --- Playbook tab ---------------------------------------------------------------------------


def _playbook_context(request, alliance, apply_form=None):
    user = request.user
    rows = progress.for_alliance(alliance, user)
    tasks = (
        PlaybookTask.objects.visible_to(user)
        .filter(alliance=alliance)
        .exclude(status=TaskStatus.WITHDRAWN)
        .select_related("owner", "topic", "template")
        .order_by("application_id", "due_date", "pk")
    )
    by_application: dict[int, list] = {}
    for task in tasks:
        by_application.setdefault(task.application_id, []).append(task)
    applied_ids = [application.playbook_id for application, _ in rows]
    return {
        "alliance": alliance,
        "applications": [
            (application, p, by_application.get(application.pk, [])) for application, p in rows
        ],
        "can_work": access.can_work_on(user, alliance),
        "apply_form": apply_form
        or ApplyForm(
            initial={"playbook": _suggested_playbook(alliance, applied_ids)},
        ),
        "reapply_form": ReapplyForm(),
    }


def _suggested_playbook(alliance, applied_ids):
    """The tier's service package, or the template of the alliance's stage, if not applied."""
    from accord.portfolio.models import SERVICE_PACKAGE_FOR_TIER, Tier

    candidates = Playbook.objects.active().exclude(pk__in=applied_ids)
    lifecycle = {"launch": "launch", "relaunch": "relaunch", "wind_down": "wind_down"}.get(
        alliance.stage
    )
    if alliance.stage == "terminated":
        lifecycle = "termination"
    if lifecycle:
        found = candidates.filter(lifecycle=lifecycle).first()
        if found:
            return found
    return candidates.filter(package=SERVICE_PACKAGE_FOR_TIER[Tier(alliance.tier)]).first()


@require_http_methods(["GET", "POST"])
def alliance_playbook(request, pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    form = None
    status = 200
    if request.method == "POST":
        if not access.can_work_on(request.user, alliance):
            raise PermissionDenied(_("You can view this alliance but not change it."))
        form = ApplyForm(request.POST)
        if form.is_valid():
            try:
                application, created = actions.playbook_apply(
                    actor=request.user,
                    alliance=alliance,
                    playbook=form.cleaned_data["playbook"],
                    start_date=form.cleaned_data.get("start_date"),
                )
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                if created:
                    messages.success(
                        request,
                        _("%(playbook)s applied: %(count)s tasks created.")
                        % {"playbook": application.playbook, "count": application.tasks.count()},
                    )
                else:
                    messages.warning(
                        request,
                        _("%(playbook)s was already applied: nothing changed.")
                        % {"playbook": application.playbook},
                    )
                return redirect("knowledge:alliance_playbook", pk=alliance.pk)
        else:
            status = 400
    return render(
        request,
        "knowledge/alliance_playbook.html",
        _playbook_context(request, alliance, form),
        status=status,
    )


@require_POST
def application_reapply(request, pk, application_pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    application = access.get_application_for_user(request.user, application_pk, write=True)
    if application.alliance_id != alliance.pk:
        return HttpResponseBadRequest(_("This playbook is applied to another alliance."))
    form = ReapplyForm(request.POST)
    if form.is_valid():
        flash(
            request,
            lambda: actions.application_reapply(
                actor=request.user, application=application, reason=form.cleaned_data["reason"]
            ),
            lambda result: (
                _(
                    "Re-applied: %(created)s task(s) added, %(changed)s updated, %(withdrawn)s withdrawn. Done tasks are unchanged."
                )
                % {
                    "created": result.created,
                    "changed": result.changed,
                    "withdrawn": result.withdrawn,
                }
            ),
        )
    else:
        messages.error(request, "Reason: " + "; ".join(form.errors.get("reason", [])))
    return redirect("knowledge:alliance_playbook", pk=alliance.pk)


@require_POST
def task_mark(request, pk, task_pk, status):
    """Tick off (or reopen, or mark not applicable) one task; htmx swaps just its row."""
    # The Playbook tab is internal: a partner of the alliance gets a 403, as on the tab itself.
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    task = access.get_task_for_user(request.user, task_pk, write=True)
    if task.alliance_id != alliance.pk or status not in (
        TaskStatus.DONE,
        TaskStatus.OPEN,
        TaskStatus.NOT_APPLICABLE,
    ):
        return HttpResponseBadRequest(_("No such task on this alliance."))
    error = None
    try:
        task = actions.task_update(
            actor=request.user,
            task=task,
            data={"status": status},
            expected_version=request.POST.get("version") or None,
        )
    except ConflictError as conflict:
        error = str(conflict)
        task = PlaybookTask.objects.select_related("owner", "topic", "template").get(pk=task.pk)
    if is_htmx(request):
        return render(
            request,
            "knowledge/_task_row.html",
            {"task": task, "alliance": alliance, "can_work": True, "error": error},
            status=409 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("“%(title)s”: %(status)s.")
            % {"title": task.title, "status": task.get_status_display().lower()},
        )
    return redirect("knowledge:alliance_playbook", pk=alliance.pk)


TASK = Entity("task", TaskForm, access, actions, form_scope=())


@require_http_methods(["GET", "POST"])
def task_edit(request, pk, task_pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    task = access.get_task_for_user(request.user, task_pk, write=request.method == "POST")
    if task.alliance_id != alliance.pk:
        return HttpResponseBadRequest(_("No such task on this alliance."))
    context = {"task": task, "alliance": alliance}
    then = reverse("knowledge:alliance_playbook", args=[alliance.pk])
    return edit_page(
        request,
        TASK,
        task,
        "knowledge/task_form.html",
        context=context,
        then=then,
        on_conflict="error",
    )


# --- Roles tab ------------------------------------------------------------------------------


def _roles_context(request, alliance, entry_form=None, holder_form=None):
    can_work = access.can_work_on(request.user, alliance)
    return {
        "alliance": alliance,
        "entries": RaciEntry.objects.visible_to(request.user).filter(alliance=alliance),
        "holders": RoleHolder.objects.visible_to(request.user)
        .filter(alliance=alliance)
        .select_related("user", "user__company"),
        "can_work": can_work,
        "entry_form": entry_form or (RaciEntryForm() if can_work else None),
        "holder_form": holder_form or (RoleHolderForm(alliance=alliance) if can_work else None),
    }


@require_http_methods(["GET", "POST"])
def alliance_roles(request, pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    entry_form = holder_form = None
    status = 200
    if request.method == "POST":
        alliance = access.get_internal_alliance_for_user(request.user, pk, write=True)
        what = request.POST.get("form")
        try:
            if what == "standard":
                created = actions.raci_adopt_standard(actor=request.user, alliance=alliance)
                messages.success(
                    request,
                    ngettext(
                        "%(n)s standard activities added.",
                        "%(n)s standard activities added.",
                        len(created),
                    )
                    % {"n": len(created)},
                )
                return redirect("knowledge:alliance_roles", pk=alliance.pk)
            if what == "holder":
                holder_form = RoleHolderForm(request.POST, alliance=alliance)
                if holder_form.is_valid():
                    actions.role_holder_add(
                        actor=request.user, alliance=alliance, **holder_form.cleaned_data
                    )
                    messages.success(request, _("Role filled."))
                    return redirect("knowledge:alliance_roles", pk=alliance.pk)
                status = 400
            else:
                entry_form = RaciEntryForm(request.POST)
                if entry_form.is_valid():
                    actions.raci_entry_create(
                        actor=request.user, alliance=alliance, data=entry_form.action_data()
                    )
                    messages.success(request, _("Activity added to the RACI."))
                    return redirect("knowledge:alliance_roles", pk=alliance.pk)
                status = 400
        except ValidationError as error:
            add_errors(holder_form if what == "holder" else entry_form, error)
            status = 400
    return render(
        request,
        "knowledge/alliance_roles.html",
        _roles_context(request, alliance, entry_form, holder_form),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def raci_entry_edit(request, pk, entry_pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    entry = access.get_raci_entry_for_user(request.user, entry_pk, write=request.method == "POST")
    if entry.alliance_id != alliance.pk:
        return HttpResponseBadRequest(_("No such activity on this alliance."))
    form = RaciEntryForm(request.POST or None, instance=entry)
    status = 200
    if request.method == "POST":
        if "delete" in request.POST:
            actions.raci_entry_delete(actor=request.user, entry=entry)
            messages.success(
                request, _("“%(activity)s” removed from the RACI.") % {"activity": entry.activity}
            )
            return redirect("knowledge:alliance_roles", pk=alliance.pk)
        if form.is_valid():
            try:
                actions.raci_entry_update(
                    actor=request.user,
                    entry=entry,
                    data=form.action_data(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except ConflictError as error:
                add_errors(form, error)
                status = 409
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("RACI saved."))
                return redirect("knowledge:alliance_roles", pk=alliance.pk)
        if form.errors and status == 200:
            status = 400
    return render(
        request,
        "knowledge/raci_form.html",
        {"form": form, "entry": entry, "alliance": alliance},
        status=status,
    )


@require_POST
def role_holder_remove(request, pk, holder_pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    holder = access.get_role_holder_for_user(request.user, holder_pk, write=True)
    if holder.alliance_id != alliance.pk:
        return HttpResponseBadRequest(_("No such role on this alliance."))
    actions.role_holder_remove(actor=request.user, holder=holder)
    messages.success(request, _("%(user)s no longer fills that role.") % {"user": holder.user})
    return redirect("knowledge:alliance_roles", pk=alliance.pk)


# --- Lessons tab ----------------------------------------------------------------------------


@require_GET
def alliance_lessons(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    user = request.user
    context = {
        "alliance": alliance,
        "lessons": Lesson.objects.visible_to(user).for_alliance(alliance).with_list_data(),
        "relevant": relevance.relevant_lessons(alliance, user, limit=10)
        if user.is_internal
        else [],
        "can_record": access.can_record_lesson(user, alliance),
    }
    return render(request, "knowledge/alliance_lessons.html", context)


# --- Templates in use -----------------------------------------------------------------------


@require_POST
def alliance_template_adopt(request, pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk, write=True)
    form = AdoptForm(request.POST)
    if form.is_valid():
        flash(
            request,
            lambda: actions.template_adopt(
                actor=request.user, alliance=alliance, template=form.cleaned_data["template"]
            ),
            lambda use: (
                _("%(alliance)s now uses %(version)s.")
                % {"alliance": alliance, "version": use.version}
            ),
        )
    else:
        messages.error(request, "Template: " + "; ".join(form.errors.get("template", [])))
    return redirect("knowledge:alliance_dossier", pk=alliance.pk)


# --- Dossier --------------------------------------------------------------------------------


@require_GET
def alliance_dossier(request, pk):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    context = {
        "alliance": alliance,
        "sections": dossiers.sections(alliance, request.user),
        "uses": TemplateUse.objects.visible_to(request.user)
        .filter(alliance=alliance)
        .select_related("template", "version", "version__file")
        .prefetch_related("template__versions"),
        "adopt_form": AdoptForm() if access.can_work_on(request.user, alliance) else None,
    }
    return render(request, "knowledge/alliance_dossier.html", context)


@require_GET
def alliance_dossier_file(request, pk, fmt):
    alliance = access.get_internal_alliance_for_user(request.user, pk)
    if fmt not in ("pdf", "docx"):
        return HttpResponseBadRequest(_("Format: choose pdf or docx."))
    document = dossiers.build(alliance, request.user)
    return documents.response(document, fmt, dossiers.filename(alliance))
