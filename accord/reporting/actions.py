"""Every write of the reporting app: the weekly note's life (draft, annotate, approve and send),
subscriptions to it. Atomic and audited; views, the job and the seed call these."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.locales import for_reader
from accord.core.versioning import lock
from accord.portfolio.models import Alliance

from . import weekly
from .models import (
    ImportStatus,
    NoteAnnotation,
    NoteLine,
    NoteStatus,
    NoteSubscription,
    Section,
    TrackerImport,
    WeeklyNote,
)

MAX_ANNOTATION = 4000
MAX_LINE = 1000


def can_edit_notes(user) -> bool:
    """The alliance leader (and administrators) shape and approve the note."""
    return bool(user and user.is_authenticated and user.can_manage_portfolio)


def _require_editor(actor) -> None:
    if actor is not None and not can_edit_notes(actor):
        raise PermissionDenied(
            _("Only the alliance leader annotates and approves the weekly note.")
        )


def _require_draft(note: WeeklyNote) -> None:
    if not note.is_draft:
        raise ValidationError(
            {"status": _("This note was approved and sent: it no longer changes.")}
        )


@transaction.atomic
def note_generate(*, actor, week_start: dt.date) -> WeeklyNote:
    """Write (or rewrite, while still a draft) the note of the week starting `week_start`.

    The job calls it with actor=None each Monday; the leader may regenerate a draft to pick up
    late records. Annotations are kept.
    """
    _require_editor(actor)
    if week_start.weekday() != 0:
        raise ValidationError({"week_start": _("A week starts on a Monday.")})
    week_end = week_start + dt.timedelta(days=6)
    content, lines = weekly.compose_with_lines(week_start, week_end)
    existing = WeeklyNote.objects.filter(week_start=week_start).first()
    if existing is None:
        note = WeeklyNote.objects.create(week_start=week_start, week_end=week_end, content=content)
        _write_lines(note, lines)
        audit.record_create(actor=actor, obj=note, fields=["week_start", "week_end", "status"])
        return note
    note = lock(WeeklyNote, existing.pk)
    _require_draft(note)
    note.content = content
    note.generated_at = timezone.now()
    note.save(update_fields=["content", "generated_at"])
    _write_lines(note, lines)
    audit.record(
        actor=actor,
        obj=note,
        action="regenerate",
        changes={"generated_at": ("", note.generated_at.isoformat(timespec="seconds"))},
    )
    return note


def _write_lines(note: WeeklyNote, lines: list[dict]) -> None:
    """(Re)write the note's lines; a line generated again keeps the leader's edit or removal."""
    kept = {
        (line.alliance_id, line.section, line.generated_text): line
        for line in NoteLine.objects.filter(note=note)
    }
    new = []
    for position, line in enumerate(lines, start=1):
        before = kept.get((line["alliance_id"], line["section"], line["text"]))
        new.append(
            NoteLine(
                note=note,
                position=position,
                alliance_id=line["alliance_id"],
                section=line["section"],
                text=before.text if before else line["text"],
                generated_text=line["text"],
                url=line["url"][:300],
                removed=before.removed if before else False,
                edited_by_id=before.edited_by_id if before else None,
                edited_at=before.edited_at if before else None,
            )
        )
    NoteLine.objects.filter(note=note).delete()
    NoteLine.objects.bulk_create(new)


def _draft_line(actor, line: NoteLine) -> NoteLine:
    _require_editor(actor)
    lock(WeeklyNote, line.note_id)
    line = NoteLine.objects.select_related("note").get(pk=line.pk)
    _require_draft(line.note)
    return line


@transaction.atomic
def note_line_edit(*, actor, line: NoteLine, text: str) -> NoteLine:
    """Change the wording of one line of a draft note (empty text: say so, or remove it)."""
    line = _draft_line(actor, line)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("A line needs some text: remove the line instead.")})
    if len(text) > MAX_LINE:
        raise ValidationError(
            {"text": _("Keep a line under %(max)s characters.") % {"max": MAX_LINE}}
        )
    before = audit.snapshot(line, ["text"])
    line.text, line.edited_by, line.edited_at = text, actor, timezone.now()
    line.save(update_fields=["text", "edited_by", "edited_at"])
    audit.record_update(actor=actor, obj=line, before=before, alliance_id=line.alliance_id)
    return line


@transaction.atomic
def note_line_remove(*, actor, line: NoteLine, removed: bool = True) -> NoteLine:
    """Leave one line out of a draft note (or put it back, removed=False)."""
    line = _draft_line(actor, line)
    if line.removed == removed:
        return line
    before = audit.snapshot(line, ["removed"])
    line.removed, line.edited_by, line.edited_at = removed, actor, timezone.now()
    line.save(update_fields=["removed", "edited_by", "edited_at"])
    audit.record_update(actor=actor, obj=line, before=before, alliance_id=line.alliance_id)
    return line


@transaction.atomic
def note_annotate(
    *, actor, note: WeeklyNote, section: str, text: str, alliance: Alliance | None = None
) -> NoteAnnotation | None:
    """Set (or clear, with empty text) the leader's words on one section of the note."""
    _require_editor(actor)
    note = lock(WeeklyNote, note.pk)
    _require_draft(note)
    if section not in Section.values:
        raise ValidationError(
            {"section": _("“%(section)s” is not a section of the note.") % {"section": section}}
        )
    if alliance is not None and alliance.pk not in {b["alliance_id"] for b in note.content}:
        raise ValidationError({"alliance": _("This alliance is not in the note.")})
    text = (text or "").strip()
    if len(text) > MAX_ANNOTATION:
        raise ValidationError(
            {"text": _("Keep a note under %(max)s characters.") % {"max": MAX_ANNOTATION}}
        )
    existing = NoteAnnotation.objects.filter(note=note, alliance=alliance, section=section).first()
    scope = {"alliance_id": alliance.pk if alliance else None}
    if existing is None and not text:
        return None
    if existing is None:
        annotation = NoteAnnotation.objects.create(
            note=note, alliance=alliance, section=section, text=text, author=actor
        )
        audit.record_create(
            actor=actor, obj=annotation, fields=["note", "alliance", "section", "text"], **scope
        )
        return annotation
    if not text:
        audit.record_delete(actor=actor, obj=existing, fields=["text"], **scope)
        existing.delete()
        return None
    before = audit.snapshot(existing, ["text"])
    existing.text, existing.author, existing.updated_at = text, actor, timezone.now()
    existing.save(update_fields=["text", "author", "updated_at"])
    audit.record_update(actor=actor, obj=existing, before=before, **scope)
    return existing


@transaction.atomic
def note_approve(*, actor, note: WeeklyNote, send: bool = True) -> WeeklyNote:
    """Approve the draft: it is emailed (with its PDF) to every subscriber and archived.

    `send=False` archives without emailing (the demo seed: nobody is listening).
    """
    if actor is None:
        raise PermissionDenied(_("A person approves the weekly note."))
    _require_editor(actor)
    note = lock(WeeklyNote, note.pk)
    _require_draft(note)
    recipients = [
        s.user
        for s in NoteSubscription.objects.select_related("user").order_by("user__email")
        if s.user.is_active and s.user.is_internal
    ]
    before = audit.snapshot(note, ["status", "approved_by", "approved_at", "recipients"])
    note.status = NoteStatus.SENT
    note.approved_by = actor
    note.approved_at = timezone.now()
    note.recipients = "\n".join(user.email for user in recipients)
    note.save(update_fields=["status", "approved_by", "approved_at", "recipients"])
    audit.record_update(actor=actor, obj=note, before=before)
    if recipients and send:
        from . import note_email

        messages = []
        for user in recipients:
            with for_reader(user):
                messages.append(note_email.message(note, user))
        # Sent once the approval is committed: a failed transaction never mails anyone.
        transaction.on_commit(lambda: [m.send() for m in messages])
    return note


@transaction.atomic
def note_subscribe(*, actor, user, subscribe: bool) -> NoteSubscription | None:
    """Staff subscribe themselves (the leader may subscribe any executive) to the weekly note."""
    if actor is None or not actor.is_internal:
        raise PermissionDenied(_("The weekly note is internal to our company."))
    if user != actor and not can_edit_notes(actor):
        raise PermissionDenied(_("You may only change your own subscription."))
    if not user.is_internal:
        raise ValidationError({"user": _("Partner users do not receive the weekly note.")})
    existing = NoteSubscription.objects.filter(user=user).first()
    if subscribe and existing is None:
        subscription = NoteSubscription.objects.create(user=user)
        audit.record_create(actor=actor, obj=subscription, fields=["user"])
        return subscription
    if not subscribe and existing is not None:
        audit.record_delete(actor=actor, obj=existing, fields=["user"])
        existing.delete()
        return None
    return existing


# --- Tracker import -------------------------------------------------------------------------


def can_import(user) -> bool:
    """Importing creates and changes alliances across the portfolio: the leader's call."""
    return bool(user and user.is_authenticated and user.can_manage_portfolio)


def _require_importer(actor) -> None:
    if not can_import(actor):
        raise PermissionDenied(_("Only the alliance leader imports a tracker."))


@transaction.atomic
def import_upload(*, actor, upload) -> TrackerImport:
    """Read the uploaded tracker (size-limited, checked by content) and, only if it reads as a
    table, keep it and suggest a mapping: a refused file leaves nothing behind."""
    from accord.core.files import clean_name, detect, read_limited, store_upload

    from . import tracker

    _require_importer(actor)
    name = clean_name(upload.name)
    content = read_limited(upload)
    kind = detect(content, name).kind
    if kind not in ("xlsx", "txt"):
        raise ValidationError({"file": _("Upload the tracker as an Excel (.xlsx) or CSV file.")})
    headers, rows = tracker.parse_table(content, kind)
    stored = store_upload(actor=actor, upload=upload)
    tracker_import = TrackerImport.objects.create(
        file=stored,
        created_by=actor,
        headers=headers,
        mapping=tracker.suggest_mapping(headers),
        total_rows=len(rows),
    )
    audit.record_create(actor=actor, obj=tracker_import, fields=["file", "total_rows", "status"])
    return tracker_import


@transaction.atomic
def import_map(*, actor, tracker_import: TrackerImport, mapping: dict) -> TrackerImport:
    from . import tracker

    _require_importer(actor)
    tracker_import = lock(TrackerImport, tracker_import.pk)
    if tracker_import.status != ImportStatus.UPLOADED:
        raise ValidationError({"status": _("This import has already run.")})
    errors = {}
    for key, header in mapping.items():
        if key not in tracker.FIELD_BY_KEY:
            errors[key] = "Not a field the import fills."
        elif header and header not in tracker_import.headers:
            errors[key] = f"The tracker has no column “{header}”."
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(tracker_import, ["mapping"])
    tracker_import.mapping = {f.key: mapping.get(f.key, "") for f in tracker.FIELDS}
    tracker_import.save(update_fields=["mapping"])
    audit.record_update(actor=actor, obj=tracker_import, before=before)
    return tracker_import


@transaction.atomic
def import_commit(*, actor, tracker_import: TrackerImport) -> TrackerImport:
    """Queue the import: a background job applies every row or none."""
    from .tasks import run_tracker_import

    _require_importer(actor)
    tracker_import = lock(TrackerImport, tracker_import.pk)
    if tracker_import.status != ImportStatus.UPLOADED:
        raise ValidationError({"status": _("This import has already run.")})
    before = audit.snapshot(tracker_import, ["status"])
    tracker_import.status = ImportStatus.QUEUED
    tracker_import.processed_rows = 0
    tracker_import.save(update_fields=["status", "processed_rows"])
    audit.record_update(actor=actor, obj=tracker_import, before=before)
    pk = tracker_import.pk
    transaction.on_commit(lambda: run_tracker_import.enqueue(import_id=pk))
    return tracker_import


def import_run(tracker_import_id: int) -> TrackerImport:
    """The job's work: run the import as its author, recording progress and the outcome."""
    from . import tracker

    claimed = TrackerImport.objects.filter(pk=tracker_import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    tracker_import = TrackerImport.objects.select_related("created_by", "file").get(
        pk=tracker_import_id
    )
    if not claimed:
        return tracker_import

    def progress(done, total):
        if done == total or done % 25 == 0:
            TrackerImport.objects.filter(pk=tracker_import_id).update(
                processed_rows=done, total_rows=total
            )

    try:
        outcome = tracker.run(
            tracker_import, tracker_import.created_by, commit=True, progress=progress
        )
    except ValidationError as error:
        outcome = tracker.Outcome(
            [{"row": 0, "field": "File", "message": m} for m in error.messages], 0, 0, 0
        )
    with transaction.atomic():
        tracker_import = lock(TrackerImport, tracker_import_id)
        before = audit.snapshot(tracker_import, ["status", "created_count", "updated_count"])
        tracker_import.status = ImportStatus.FAILED if outcome.errors else ImportStatus.DONE
        tracker_import.errors = outcome.errors
        tracker_import.created_count = outcome.created
        tracker_import.updated_count = outcome.updated
        tracker_import.processed_rows = outcome.total
        tracker_import.finished_at = timezone.now()
        tracker_import.save()
        audit.record_update(actor=tracker_import.created_by, obj=tracker_import, before=before)
    return tracker_import
