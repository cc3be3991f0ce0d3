"""Weekly notes: the archive, a note with its annotations, and the leader's steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.access import require_internal
from accord.core.documents import PDF_TYPE
from accord.core.forms import add_errors
from accord.core.generic import attempt, calling
from accord.portfolio.models import Alliance

from .. import actions, notes, weekly
from ..forms import AnnotationForm, GenerateForm, NoteLineForm
from ..models import NoteLine, NoteSubscription, Section, WeeklyNote


def _note(request, pk) -> WeeklyNote:
    require_internal(request.user, "The weekly note")
    return get_object_or_404(WeeklyNote.objects.visible_to(request.user), pk=pk)


def _require_editor(request):
    if not actions.can_edit_notes(request.user):
        raise PermissionDenied(
            _("Only the alliance leader annotates and approves the weekly note.")
        )


@require_GET
def note_list(request):
    return _list_page(request, GenerateForm(initial={"week_start": _last_week()}))


def _last_week():
    return weekly.previous_week(timezone.localdate())[0]


def _list_page(request, form, status=200):
    require_internal(request.user, "The weekly note")
    context = {
        "notes": WeeklyNote.objects.visible_to(request.user).select_related("approved_by"),
        "subscribed": NoteSubscription.objects.filter(user=request.user).exists(),
        "can_edit": actions.can_edit_notes(request.user),
        "form": form,
    }
    return render(request, "reporting/note_list.html", context, status=status)


@require_POST
def note_generate(request):
    require_internal(request.user, "The weekly note")
    _require_editor(request)
    form = GenerateForm(request.POST)
    return attempt(
        request,
        form,
        calling(actions.note_generate, "week_start", actor=request.user),
        success=_("The draft is written from the records of that week."),
        then=lambda note: note,
        rerender=lambda status: _list_page(request, form, status=status),
    )


@require_POST
def note_subscription(request):
    require_internal(request.user, "The weekly note")
    subscribe = request.POST.get("subscribe") == "1"
    actions.note_subscribe(actor=request.user, user=request.user, subscribe=subscribe)
    messages.success(
        request,
        _("You will receive the weekly note by email.")
        if subscribe
        else _("You no longer receive the weekly note."),
    )
    return redirect("reporting:note_list")


def _detail_page(request, note, form=None, status=200, line_form=None, line=None):
    editing = actions.can_edit_notes(request.user) and note.is_draft
    return render(
        request,
        "reporting/note_detail.html",
        {
            "note": note,
            "sections": notes.sections(note, records=True, with_removed=editing),
            "general": notes.annotations_by_key(note).get((None, Section.HAPPENED), ""),
            "can_edit": editing,
            "form": form or AnnotationForm(),
            "line_form": line_form,
            "failed_line": line,
            "Section": Section,
        },
        status=status,
    )


@require_GET
def note_detail(request, pk):
    return _detail_page(request, _note(request, pk))


@require_POST
def note_annotate(request, pk):
    note = _note(request, pk)
    _require_editor(request)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        alliance = None
        if form.cleaned_data["alliance"]:
            alliance = Alliance.objects.filter(pk=form.cleaned_data["alliance"]).first()
            if alliance is None:
                form.add_error("alliance", _("No such alliance in the note."))
        if form.is_valid():
            try:
                actions.note_annotate(
                    actor=request.user,
                    note=note,
                    section=form.cleaned_data["section"],
                    text=form.cleaned_data["text"],
                    alliance=alliance,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Note saved."))
                return redirect(note)
    return _detail_page(request, note, form, status=400)


@require_POST
def note_approve(request, pk):
    note = _note(request, pk)
    _require_editor(request)
    try:
        note = actions.note_approve(actor=request.user, note=note)
    except ValidationError as error:
        messages.error(request, _("; ").join(error.messages))
        return _detail_page(request, note, status=400)
    count = len(note.recipients.split()) if note.recipients else 0
    messages.success(
        request, _("Approved and emailed to %(count)s subscriber(s); archived.") % {"count": count}
    )
    return redirect(note)


@require_GET
def note_pdf(request, pk):
    note = _note(request, pk)
    reply = HttpResponse(notes.pdf_bytes(note), content_type=PDF_TYPE)
    reply["Content-Disposition"] = (
        f'attachment; filename="weekly-note-{note.week_start:%Y-%m-%d}.pdf"'
    )
    return reply


def _line(request, pk, line_pk) -> tuple[WeeklyNote, NoteLine]:
    note = _note(request, pk)
    _require_editor(request)
    return note, get_object_or_404(NoteLine, pk=line_pk, note=note)


@require_POST
def note_line_edit(request, pk, line_pk):
    note, line = _line(request, pk, line_pk)
    form = NoteLineForm(request.POST)
    return attempt(
        request,
        form,
        calling(actions.note_line_edit, "text", actor=request.user, line=line),
        success=_("Line changed."),
        then=f"{note.get_absolute_url()}#line-{line.pk}",
        rerender=lambda status: _detail_page(
            request, note, status=status, line_form=form, line=line
        ),
    )


@require_POST
def note_line_remove(request, pk, line_pk):
    note, line = _line(request, pk, line_pk)
    removed = request.POST.get("removed", "1") != "0"
    try:
        actions.note_line_remove(actor=request.user, line=line, removed=removed)
    except ValidationError as error:
        messages.error(request, _("; ").join(error.messages))
        return _detail_page(request, note, status=400)
    messages.success(request, _("Line removed from the note.") if removed else _("Line put back."))
    return redirect(f"{note.get_absolute_url()}#line-{line.pk}")
