"""Documents kept on an alliance."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import program_scope, require_reason

from ..models import (
    Alliance,
    AllianceDocument,
    Program,
)

DOCUMENT_FIELDS = ["title", "program", "file"]


@transaction.atomic
def document_upload(
    *, actor, alliance: Alliance, upload, title: str = "", program: Program | None = None
) -> AllianceDocument:
    """Check and keep an uploaded file as one of the alliance's documents."""
    from accord.core.files import store_upload

    if program is not None and program.alliance_id != alliance.pk:
        raise ValidationError({"program": _("This program belongs to another alliance.")})
    stored = store_upload(
        actor=actor,
        upload=upload,
        alliance_id=alliance.pk,
        program_id=program.pk if program else None,
    )
    document = AllianceDocument(
        alliance=alliance,
        program=program,
        file=stored,
        title=(title or "").strip() or stored.original_name,
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    audit.record_create(
        actor=actor,
        obj=document,
        fields=DOCUMENT_FIELDS,
        alliance_id=alliance.pk,
        program_id=document.program_id,
    )
    return document


@transaction.atomic
def document_delete(*, actor, document: AllianceDocument, reason: str) -> None:
    """Remove a document and its file; the trail keeps its name, size and SHA-256."""
    from accord.core.files import delete_stored

    reason = require_reason(reason, "deleting a document")
    document = (
        AllianceDocument.objects.select_for_update().select_related("file").get(pk=document.pk)
    )
    stored = document.file
    audit.record_delete(
        actor=actor, obj=document, fields=DOCUMENT_FIELDS, reason=reason, **program_scope(document)
    )
    audit.record_delete(
        actor=actor,
        obj=stored,
        fields=["original_name", "kind", "size", "sha256"],
        reason=reason,
        **program_scope(document),
    )
    document.delete()
    stored.delete()
    delete_stored(stored)
