"""The weekly note as its readers get it by email (HTML) and as the attached PDF."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from accord.core.documents import PDF_TYPE

from .. import note_email
from .notes import _note


@require_GET
def note_email_view(request, pk):
    note = _note(request, pk)
    return HttpResponse(note_email.html(note, request.user))


@require_GET
def note_letter_pdf(request, pk):
    note = _note(request, pk)
    reply = HttpResponse(note_email.pdf_bytes(note, request.user), content_type=PDF_TYPE)
    reply["Content-Disposition"] = (
        f'attachment; filename="weekly-note-{note.week_start:%Y-%m-%d}-letter.pdf"'
    )
    return reply
