"""Writes of the executive pack: the company's template uploaded (checked), a pack requested by a
person and built in the background for their scope, kept to download again. Atomic, audited."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core import audit

from .models import PackExport, PackFormat, PackStatus, PackTemplate

logger = logging.getLogger(__name__)


def can_manage_templates(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.can_manage_portfolio))


def current_template() -> bytes | None:
    """The content of the company's active template, or None for Accord's own."""
    from accord.core.files import open_stored

    template = PackTemplate.objects.filter(active=True).select_related("file").first()
    if template is None:
        return None
    with open_stored(template.file) as handle:
        return handle.read()


def check_template(content: bytes) -> None:
    """ValidationError({"file": ...}) unless python-pptx opens it with every layout needed."""
    from .pack_pptx import open_template

    open_template(content)


@transaction.atomic
def template_upload(*, actor, name: str, upload) -> PackTemplate:
    from accord.core.files import read_limited, store_upload

    if not can_manage_templates(actor):
        raise PermissionDenied(_("Only the alliance leader changes the executive pack's template."))
    if not (name or "").strip():
        raise ValidationError({"name": _("Name the template.")})
    if not (upload.name or "").lower().endswith(".pptx"):
        raise ValidationError({"file": _("Upload a PowerPoint template saved as .pptx.")})
    content = read_limited(upload)
    check_template(content)
    upload.seek(0)
    stored = store_upload(actor=actor, upload=upload, allow=("pptx",))
    PackTemplate.objects.filter(active=True).update(active=False)
    template = PackTemplate.objects.create(
        name=name.strip(), file=stored, uploaded_by=actor, active=True
    )
    audit.record_create(actor=actor, obj=template, fields=["name", "file", "active"])
    return template


@transaction.atomic
def pack_request(*, actor, fmt: str, as_of: dt.date | None = None) -> PackExport:
    """Queue a pack for `actor`; the job builds it. Returns at once."""
    from .tasks import build_pack

    if actor is None or not actor.is_authenticated or not actor.is_internal:
        raise PermissionDenied(_("The executive pack is internal to our company."))
    if fmt not in PackFormat.values:
        raise ValidationError({"format": _("Choose PowerPoint (pptx) or PDF (pdf).")})
    export = PackExport.objects.create(
        requested_by=actor, as_of=as_of or timezone.localdate(), format=fmt
    )
    audit.record_create(actor=actor, obj=export, fields=["as_of", "format", "status"])
    pk = export.pk
    transaction.on_commit(lambda: build_pack.enqueue(export_id=pk))
    return export


def _progress(export_id: int, step: int, steps: int) -> None:
    PackExport.objects.filter(pk=export_id).update(step=step, steps=steps)


def pack_build(export_id: int) -> PackExport:
    """Build the pack through its requester's scope and keep the file (the job's body)."""
    from accord.core.files import store_upload

    from . import pack

    export = PackExport.objects.select_related("requested_by").get(pk=export_id)
    if not export.is_active:
        return export
    PackExport.objects.filter(pk=export_id).update(status=PackStatus.RUNNING, step=0, steps=1)
    user = export.requested_by
    try:
        # The pack is a document for its requester: written in their language.
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            built = pack.build(user, as_of=export.as_of)
            steps = len(built.slides) + 1
            _progress(export_id, 1, steps)
            if export.format == PackFormat.PPTX:
                content = pack.to_pptx(
                    built,
                    template=current_template(),
                    progress=lambda done: done % 5 == 0 and _progress(export_id, 1 + done, steps),
                )
            else:
                content = pack.to_pdf_bytes(built)
        with transaction.atomic():
            stored = store_upload(
                actor=user,
                upload=SimpleUploadedFile(export.filename, content),
                allow=("pptx",),
                private=True,
            )
            PackExport.objects.filter(pk=export_id).update(
                status=PackStatus.DONE,
                file=stored,
                step=steps,
                steps=steps,
                finished_at=timezone.now(),
            )
    except Exception as error:  # the requester sees why; the log keeps the trace
        logger.exception("Executive pack %s failed", export_id)
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        PackExport.objects.filter(pk=export_id).update(
            status=PackStatus.FAILED,
            error=f"The pack could not be built: {message[:500]}",
            finished_at=timezone.now(),
        )
    return PackExport.objects.get(pk=export_id)
