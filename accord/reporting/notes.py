"""A weekly note as a document (PDF through accord.core.documents) and as the email's text."""

from __future__ import annotations

from accord.core.documents import Document, to_pdf

from .models import NoteAnnotation, Section, WeeklyNote


def annotations_by_key(note: WeeklyNote) -> dict[tuple[int | None, str], str]:
    return {
        (a.alliance_id, a.section): a.text
        for a in NoteAnnotation.objects.filter(note=note).only("alliance_id", "section", "text")
    }


def sections(note: WeeklyNote, annotations=None):
    """(block, [(section label, sentences, annotation)]) for each alliance, in the note's order."""
    annotations = annotations_by_key(note) if annotations is None else annotations
    result = []
    for block in note.content:
        parts = []
        for section in Section:
            sentences = block.get(section.value, [])
            text = annotations.get((block["alliance_id"], section.value), "")
            if sentences or text:
                parts.append((section, sentences, text))
        result.append((block, parts))
    return result


def title(note: WeeklyNote) -> str:
    return f"Partnerships: the week of {note.week_start:%-d %B %Y}"


def document(note: WeeklyNote) -> Document:
    annotations = annotations_by_key(note)
    doc = Document(
        title=title(note),
        subtitle=f"{note.week_start:%-d %b} to {note.week_end:%-d %b %Y} · {note.get_status_display()}",
        footer="Internal. Firewalled programs are never reported in this note.",
    )
    general = annotations.get((None, Section.HAPPENED), "")
    if general:
        doc.paragraph(general)
    if not note.content:
        doc.paragraph("Nothing to report this week.", muted=True)
    for block, parts in sections(note, annotations):
        doc.heading(f"{block['name']} (Tier {block['tier']})", level=2)
        for section, sentences, text in parts:
            doc.paragraph(section.label, muted=True)
            if sentences:
                doc.bullets(sentences)
            if text:
                doc.paragraph(f"Note: {text}")
    return doc


def pdf_bytes(note: WeeklyNote) -> bytes:
    return to_pdf(document(note))


def plain_text(note: WeeklyNote) -> str:
    annotations = annotations_by_key(note)
    lines = [title(note), ""]
    general = annotations.get((None, Section.HAPPENED), "")
    if general:
        lines += [general, ""]
    if not note.content:
        lines.append("Nothing to report this week.")
    for block, parts in sections(note, annotations):
        lines.append(f"{block['name']} (Tier {block['tier']})")
        for section, sentences, text in parts:
            lines.append(f"  {section.label}:")
            lines += [f"  - {sentence}" for sentence in sentences]
            if text:
                lines.append(f"  Note: {text}")
        lines.append("")
    lines.append("The PDF is attached. Firewalled programs are never reported in this note.")
    return "\n".join(lines)
