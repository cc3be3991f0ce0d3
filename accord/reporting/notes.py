"""A weekly note as a document (PDF through accord.core.documents) and as the email's text."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.core.documents import Document, to_pdf

from .models import NoteAnnotation, NoteLine, Section, WeeklyNote


def annotations_by_key(note: WeeklyNote) -> dict[tuple[int | None, str], str]:
    return {
        (a.alliance_id, a.section): a.text
        for a in NoteAnnotation.objects.filter(note=note).only("alliance_id", "section", "text")
    }


def note_lines(note: WeeklyNote, *, with_removed: bool = False):
    """The note's lines in order (section, text, url of the record), as edited by the leader;
    removed lines left out unless asked for. What every rendering of the note reads."""
    lines = NoteLine.objects.filter(note=note).order_by("position", "pk")
    return lines if with_removed else lines.filter(removed=False)


def _lines_by_block(note: WeeklyNote, with_removed: bool) -> dict[tuple[int | None, str], list]:
    grouped: dict[tuple[int | None, str], list] = {}
    for line in note_lines(note, with_removed=with_removed):
        grouped.setdefault((line.alliance_id, line.section), []).append(line)
    return grouped


def sections(
    note: WeeklyNote, annotations=None, *, records: bool = False, with_removed: bool = False
):
    """(block, [(section label, sentences, annotation)]) for each alliance, in the note's order.

    Sentences are the lines' texts (strings); `records=True` gives the NoteLine records (text,
    url) instead, and `with_removed=True` the removed ones too (the leader's draft page). A
    note written before lines were stored reads its generated content (strings)."""
    annotations = annotations_by_key(note) if annotations is None else annotations
    has_lines = NoteLine.objects.filter(note=note).exists()
    grouped = _lines_by_block(note, with_removed) if has_lines else {}
    result = []
    for block in note.content:
        parts = []
        for section in Section:
            if has_lines:
                lines = grouped.get((block["alliance_id"], section.value), [])
                sentences = lines if records else [line.text for line in lines]
            else:
                sentences = block.get(section.value, [])
            text = annotations.get((block["alliance_id"], section.value), "")
            if sentences or text:
                parts.append((section, sentences, text))
        if parts or with_removed:
            result.append((block, parts))
    return result


def title(note: WeeklyNote) -> str:
    return _("Partnerships: the week of %(week)s") % {
        "week": date_format(note.week_start, pgettext("date format", "j F Y"))
    }


def period(note: WeeklyNote) -> str:
    """ "3 Nov to 9 Nov 2025", in the reader's language."""
    return _("%(start)s to %(end)s") % {
        "start": date_format(note.week_start, pgettext("date format", "j M")),
        "end": date_format(note.week_end, pgettext("date format", "j M Y")),
    }


def document(note: WeeklyNote) -> Document:
    annotations = annotations_by_key(note)
    doc = Document(
        title=title(note),
        subtitle=f"{period(note)} · {note.get_status_display()}",
        footer=_("Internal. Firewalled programs are never reported in this note."),
    )
    general = annotations.get((None, Section.HAPPENED), "")
    if general:
        doc.paragraph(general)
    blocks = sections(note, annotations)
    if not blocks:
        doc.paragraph(_("Nothing to report this week."), muted=True)
    for block, parts in blocks:
        doc.heading(
            _("%(name)s (Tier %(tier)s)") % {"name": block["name"], "tier": block["tier"]}, level=2
        )
        for section, sentences, text in parts:
            doc.paragraph(section.label, muted=True)
            if sentences:
                doc.bullets(sentences)
            if text:
                doc.paragraph(_("Note: %(text)s") % {"text": text})
    return doc


def pdf_bytes(note: WeeklyNote) -> bytes:
    return to_pdf(document(note))


def plain_text(note: WeeklyNote) -> str:
    annotations = annotations_by_key(note)
    lines = [title(note), ""]
    general = annotations.get((None, Section.HAPPENED), "")
    if general:
        lines += [general, ""]
    blocks = sections(note, annotations)
    if not blocks:
        lines.append(_("Nothing to report this week."))
    for block, parts in blocks:
        lines.append(_("%(name)s (Tier %(tier)s)") % {"name": block["name"], "tier": block["tier"]})
        for section, sentences, text in parts:
            lines.append(f"  {section.label}:")
            lines += [f"  - {sentence}" for sentence in sentences]
            if text:
                lines.append("  " + _("Note: %(text)s") % {"text": text})
        lines.append("")
    lines.append(_("The PDF is attached. Firewalled programs are never reported in this note."))
    return "\n".join(lines)
