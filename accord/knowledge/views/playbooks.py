from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import ReasonForm
from accord.core.generic import (
    Entity,
    action_data,
    edit_view,
    filter_results,
    form_view,
    perform,
    render_form,
)
from accord.core.views import paginate, render_list
from accord.portfolio.models import RESPONSIBLE_ROLES, Alliance, AllianceMember

from .. import access, actions, exports
from ..filters import ProgressFilter
from ..forms import DeliverableForm, PlaybookForm
from ..models import (
    Playbook,
    PlaybookApplication,
    PlaybookKind,
    PracticeChange,
    alliance_progress_queryset,
)


def _internal(request):
    if not request.user.is_internal:
        raise PermissionDenied(_("Playbooks are internal to our company."))


@require_GET
def playbook_list(request):
    _internal(request)
    playbooks = Playbook.objects.visible_to(request.user).with_counts()
    context = {
        "packages": [p for p in playbooks if p.kind == PlaybookKind.SERVICE_PACKAGE],
        "lifecycles": [p for p in playbooks if p.kind == PlaybookKind.LIFECYCLE],
        "can_edit": access.can_edit_playbooks(request.user),
        "recent_changes": PracticeChange.objects.select_related(
            "lesson", "playbook", "decided_by"
        ).filter(lesson__in=_visible_lessons(request.user))[:8],
    }
    return render(request, "knowledge/playbook_list.html", context)


def _visible_lessons(user):
    from ..models import Lesson

    return Lesson.objects.visible_to(user).values("pk")


@require_http_methods(["GET", "POST"])
def playbook_create(request):
    _internal(request)
    if not access.can_edit_playbooks(request.user):
        raise PermissionDenied(_("Only alliance leaders change playbooks."))
    form = PlaybookForm(request.POST or None)
    if request.method == "POST":
        done = perform(
            request,
            form,
            lambda data: actions.playbook_create(actor=request.user, data=action_data(form)),
            success=lambda playbook: (
                _("Playbook “%(playbook)s” created: add its deliverables.") % {"playbook": playbook}
            ),
            then=lambda playbook: playbook,
        )
        if done is not None:
            return done
    return render(
        request, "knowledge/playbook_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def playbook_detail(request, pk):
    """The playbook's deliverables; a leader adds one here (a new revision)."""
    playbook = access.get_playbook_for_user(request.user, pk)
    can_edit = access.can_edit_playbooks(request.user)
    form = None
    status = 200
    if can_edit:
        form = DeliverableForm(request.POST or None, prefix="new")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only alliance leaders change playbooks."))
        done = perform(
            request,
            form,
            lambda data: actions.deliverable_create(
                actor=request.user,
                playbook=playbook,
                data=form.action_data(),
                reason=data.get("reason", ""),
            ),
            success=lambda deliverable: (
                _(
                    "“%(deliverable)s” added: the playbook is now at revision %(revision)s. Alliances using it keep their revision until re-applied."
                )
                % {"deliverable": deliverable, "revision": playbook.revision + 1}
            ),
            then=playbook,
        )
        if done is not None:
            return done
        status = 400
    applications = (
        PlaybookApplication.objects.visible_to(request.user)
        .filter(playbook=playbook)
        .select_related("alliance")
        .with_progress()
    )
    context = {
        "playbook": playbook,
        "deliverables": playbook.deliverables.filter(is_active=True).select_related(
            "topic", "template"
        ),
        "retired": playbook.deliverables.filter(is_active=False),
        "applications": applications,
        "changes": playbook.practice_changes.select_related("lesson", "decided_by").filter(
            lesson__in=_visible_lessons(request.user)
        ),
        "can_edit": can_edit,
        "form": form,
    }
    return render(request, "knowledge/playbook_detail.html", context, status=status)


PLAYBOOK = Entity("playbook", PlaybookForm, access, actions, form_scope=())

playbook_edit = edit_view(PLAYBOOK, "knowledge/playbook_form.html", on_conflict="error")


@require_http_methods(["GET", "POST"])
def deliverable_edit(request, pk):
    deliverable = access.get_deliverable_for_user(request.user, pk, write=True)
    form = DeliverableForm(request.POST or None, instance=deliverable)
    return form_view(
        request,
        form,
        lambda data: actions.deliverable_update(
            actor=request.user,
            deliverable=deliverable,
            data=form.action_data(),
            expected_version=data.get("version"),
            reason=data.get("reason", ""),
        ),
        success=_("Deliverable saved."),
        then=reverse("knowledge:playbook_detail", args=[deliverable.playbook_id]),
        page=partial(
            render_form, request, "knowledge/deliverable_form.html", {"deliverable": deliverable}
        ),
    )


@require_POST
def deliverable_retire(request, pk):
    deliverable = access.get_deliverable_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actions.deliverable_retire(actor=request.user, deliverable=deliverable, reason=reason)
    messages.success(
        request, _("“%(deliverable)s” removed from the playbook.") % {"deliverable": deliverable}
    )
    return redirect("knowledge:playbook_detail", pk=deliverable.playbook_id)


@require_GET
def progress(request):
    """Which alliances are behind their package (e.g. Tier 1 and behind)."""
    _internal(request)
    alliances = alliance_progress_queryset(Alliance.objects.visible_to(request.user))
    responsible = AllianceMember.objects.filter(role__in=RESPONSIBLE_ROLES).select_related("user")
    alliances = alliances.prefetch_related(
        Prefetch("members", queryset=responsible, to_attr="responsible_members"),
        Prefetch(
            "playbooks",
            queryset=PlaybookApplication.objects.select_related("playbook").order_by("pk"),
            to_attr="applied",
        ),
    )
    filterset, results, status = filter_results(request, alliances, ProgressFilter)
    if status == 200 and "ordering" not in request.GET:
        results = results.order_by("-tasks_late", "tier", "name")
    if request.GET.get("export") == "xlsx" and status == 200:
        return exports.progress_xlsx(results)
    page = paginate(request, results)
    return render_list(
        request,
        "knowledge/progress.html",
        "knowledge/_progress_results.html",
        {"filter": filterset, "page": page, "total": page.paginator.count},
        status=status,
    )
