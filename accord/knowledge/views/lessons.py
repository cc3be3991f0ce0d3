from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accord.core.forms import ReasonForm, add_errors
from accord.core.generic import (
    Entity,
    delete_view,
    edit_view,
    filter_results,
    list_views,
)
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions, exports
from ..filters import LessonFilter
from ..forms import LessonForm, PromoteForm
from ..hooks import resolve_source
from ..models import Lesson, SourceType


def _filtered(request):
    lessons = Lesson.objects.visible_to(request.user).with_list_data()
    return filter_results(request, lessons, LessonFilter)


def _can_create(request) -> dict:
    return {"can_create": access.can_record_lesson(request.user)}


lesson_list, lesson_export = list_views(
    _filtered,
    "knowledge/lesson_list.html",
    "knowledge/_lesson_results.html",
    sheet=lambda request, results: exports.lessons_xlsx(results),
    extra=_can_create,
    export_context=_can_create,  # a bad filter shows the list page with what was wrong
)


def _source_from(request, user):
    """The source named in the query (?source_type=&source_id=), resolved for this user."""
    source_type = request.GET.get("source_type") or request.POST.get("source_type") or ""
    raw_id = request.GET.get("source_id") or request.POST.get("source_id") or ""
    if not source_type:
        return SourceType.OTHER, None, None
    if source_type not in SourceType.values:
        raise Http404(_("Unknown source type."))
    if not raw_id:
        return source_type, None, None
    try:
        source_id = int(raw_id)
    except ValueError as error:
        raise Http404(_("Unknown source.")) from error
    source = resolve_source(source_type, source_id, user)
    if source is None:
        raise Http404(_("No such source."))
    return source_type, source_id, source


@require_http_methods(["GET", "POST"])
def lesson_create(request):
    """Record a lesson; `?source_type=&source_id=` (from hooks.lesson_prompt_url) prefills it."""
    user = request.user
    source_type, source_id, source = _source_from(request, user)
    alliance = None
    if source is not None:
        alliance = source.alliance
    elif request.GET.get("alliance"):
        try:
            alliance = get_alliance_for_user(user, int(request.GET["alliance"]))
        except ValueError as error:
            raise Http404(_("No such alliance.")) from error
    if not access.can_record_lesson(user, alliance):
        raise PermissionDenied(_("You cannot record lessons here."))
    initial = {}
    if alliance is not None:
        initial = {
            "alliance": alliance,
            "phase": alliance.stage,
            "alliance_type": alliance.alliance_type,
            "therapeutic_areas": list(alliance.therapeutic_areas.all()),
        }
    if source is not None:
        initial.update(
            {
                "title": source.title,
                "context": source.context,
                "phase": source.phase or initial.get("phase", ""),
                "program": source.program,
            }
        )
    form = LessonForm(
        request.POST or None, initial=initial, user=user, lock_alliance=source is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            lesson = actions.lesson_create(
                actor=user,
                data=form.action_data(),
                source_type=source_type,
                source_id=source_id,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Lesson recorded. Thank you: it will outlive us all."))
            return redirect("knowledge:lesson_detail", pk=lesson.pk)
    context = {
        "form": form,
        "source": source,
        "source_type": source_type,
        "source_id": source_id,
    }
    return render(
        request, "knowledge/lesson_form.html", context, status=400 if form.errors else 200
    )


@require_GET
def lesson_detail(request, pk):
    lesson = access.get_lesson_for_user(request.user, pk)
    context = {
        "lesson": lesson,
        "changes": lesson.practice_changes.select_related("playbook", "decided_by", "deliverable"),
        "can_edit": access.can_edit_lesson(request.user, lesson),
        "can_promote": access.can_promote_lesson(request.user),
    }
    return render(request, "knowledge/lesson_detail.html", context)


LESSON = Entity("lesson", LessonForm, access, actions, form_scope=("user",))

lesson_edit = edit_view(LESSON, "knowledge/lesson_form.html", on_conflict="error")


lesson_delete = delete_view(
    LESSON,
    form_class=ReasonForm,
    then=lambda lesson: reverse("knowledge:lesson_list"),
    success=lambda lesson: _("Lesson deleted."),
)


@require_http_methods(["GET", "POST"])
def lesson_promote(request, pk):
    lesson = access.get_lesson_for_user(request.user, pk)
    if not access.can_promote_lesson(request.user):
        raise PermissionDenied(
            _("Promoting a lesson into a playbook is an alliance leader's call.")
        )
    form = PromoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.lesson_promote(
                actor=request.user,
                lesson=lesson,
                playbook=form.cleaned_data["playbook"],
                change=form.cleaned_data["change"],
                deliverable_data=form.deliverable_data(lesson),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Promoted into %(playbook)s (revision %(playbook_revision)s).")
                % {"playbook": change.playbook, "playbook_revision": change.playbook_revision},
            )
            return redirect("knowledge:lesson_detail", pk=lesson.pk)
    return render(
        request,
        "knowledge/lesson_promote.html",
        {"form": form, "lesson": lesson},
        status=400 if form.errors else 200,
    )
