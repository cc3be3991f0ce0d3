"""Agreement imports: start one (the upload, checked and kept), read it in the background, and
confirm a finding once a person has saved the register entry it became."""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import audit
from accord.core.versioning import lock

from .. import extraction
from ..models import Agreement, AgreementImport, ImportFinding, ImportStatus

logger = logging.getLogger(__name__)

KINDS = ("txt", "pdf", "docx")
NO_TEXT_LAYER = gettext_lazy(
    "This PDF has no text layer (it looks like a scan), so there is nothing to read. Run it "
    "through OCR first, or upload the Word or text version of the agreement."
)
NO_TEXT = gettext_lazy("This file contains no text to read.")
UNREADABLE = gettext_lazy("This file could not be read as an agreement; try a text or Word copy.")


def _require_editor(actor, alliance) -> None:
    from ..access import can_edit_register

    if not can_edit_register(actor, alliance):
        raise PermissionDenied(_("You cannot import agreements into this alliance's register."))


def has_text(content: bytes, kind: str) -> bool:
    """Whether the file has any text to read: a PDF's first pages are checked for a text layer
    (a scan has none); a TXT or DOCX is read whole."""
    if kind == "pdf":
        import pdfplumber

        with pdfplumber.open(__import__("io").BytesIO(content)) as pdf:
            return any((page.extract_text() or "").strip() for page in pdf.pages[:5])
    return bool(extraction.read_text(content, kind).strip())


@transaction.atomic
def agreement_import_start(*, actor, alliance, upload) -> AgreementImport:
    """Check the upload like every file, make sure it has text, keep it, and queue the reading.
    A refused file leaves no record and no stored file behind."""
    from accord.core.files import clean_name, detect, read_limited, store_upload

    from ..tasks import read_agreement_import

    _require_editor(actor, alliance)
    name = clean_name(upload.name)
    content = read_limited(upload)
    kind = detect(content, name).kind
    if kind not in KINDS:
        raise ValidationError(
            {"file": _("Import reads agreements as text, PDF or Word (DOCX) files.")}
        )
    try:
        readable = has_text(content, kind)
    except Exception as error:  # a malformed PDF or DOCX the parsers cannot read
        raise ValidationError({"file": UNREADABLE}) from error
    if not readable:
        raise ValidationError({"file": NO_TEXT_LAYER if kind == "pdf" else NO_TEXT})
    upload.seek(0)
    stored = store_upload(actor=actor, upload=upload, alliance_id=alliance.pk)
    agreement_import = AgreementImport.objects.create(
        alliance=alliance, file=stored, created_by=actor
    )
    audit.record_create(
        actor=actor, obj=agreement_import, fields=["file", "status"], alliance_id=alliance.pk
    )
    pk = agreement_import.pk
    transaction.on_commit(lambda: read_agreement_import.enqueue(import_id=pk))
    return agreement_import


def _parties(found) -> None:
    """Match the preamble's parties to known companies; the rest are offered as new."""
    from accord.portfolio.models import Company

    from ..importing import parties

    companies = list(Company.objects.values_list("pk", "name"))
    for f in found:
        if f.category != "Parties":
            continue
        matched = parties.match(f.text, companies)
        f.value = "; ".join(
            f"{p.name} (known)" if p.company_id else f"{p.name} (new)" for p in matched
        )[:500]
        f.how = f.how or "matched to companies by name, ignoring case, punctuation and suffixes"
        f.prefill = {
            "parties": [p.company_id for p in matched if p.company_id],
            "new": [p.name for p in matched if not p.company_id],
        }


def agreement_import_run(import_id: int) -> AgreementImport:
    """The job's work: read the kept file, find the clauses chunk by chunk (saving progress),
    and keep the findings; a file that cannot be read ends as "failed" with why."""
    from accord.core.storage import file_storage

    from ..importing import document

    claimed = AgreementImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.READING, progress=0
    )
    agreement_import = AgreementImport.objects.select_related("file").get(pk=import_id)
    if not claimed:
        return agreement_import

    def progress(percent: int) -> None:
        AgreementImport.objects.filter(pk=import_id).update(progress=min(99, 5 + percent * 9 // 10))

    try:
        with file_storage().open(agreement_import.file.path, "rb") as handle:
            content = handle.read()
        text = extraction.read_text(content, agreement_import.file.kind)
        if not text.strip():
            raise ValidationError(NO_TEXT_LAYER)
        progress(0)
        found = document.read(text, progress)
        _parties(found)
    except Exception as error:
        logger.warning("Agreement import %s failed", import_id, exc_info=True)
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else UNREADABLE
        return _finish(import_id, ImportStatus.FAILED, error=message)
    with transaction.atomic():
        ImportFinding.objects.filter(agreement_import_id=import_id).delete()
        ImportFinding.objects.bulk_create(
            ImportFinding(
                agreement_import_id=import_id,
                category=f.category[:60],
                target=f.target,
                field=f.field[:60],
                start=f.start,
                end=f.end,
                text=f.text,
                value=f.value[:500],
                how=f.how[:500],
                score=f.score,
                prefill=f.prefill,
            )
            for f in found
        )
        return _finish(import_id, ImportStatus.DONE, text=text)


@transaction.atomic
def _finish(import_id: int, status: str, *, error: str = "", text: str = "") -> AgreementImport:
    agreement_import = lock(AgreementImport, import_id)
    before = audit.snapshot(agreement_import, ["status", "error"])
    agreement_import.status = status
    agreement_import.error = error
    agreement_import.text = text
    agreement_import.progress = 100 if status == ImportStatus.DONE else agreement_import.progress
    agreement_import.save(update_fields=["status", "error", "text", "progress"])
    audit.record_update(
        actor=None, obj=agreement_import, before=before, alliance_id=agreement_import.alliance_id
    )
    return agreement_import


@transaction.atomic
def import_finding_confirm(*, actor, finding: ImportFinding, entry) -> ImportFinding:
    """Link a finding to the register entry a person saved from it (in the same transaction as
    that save): the entry then shows which clause it came from."""
    finding = ImportFinding.objects.select_for_update().get(pk=finding.pk)
    agreement_import = finding.agreement_import
    _require_editor(actor, agreement_import.alliance)
    if finding.confirmed_id:
        raise ValidationError({"finding": _("This clause is already in the register.")})
    if getattr(entry, "alliance_id", None) != agreement_import.alliance_id:
        raise ValidationError({"finding": _("The entry belongs to another alliance.")})
    before = audit.snapshot(finding, ["confirmed_type", "confirmed_id"])
    finding.confirmed_type = ContentType.objects.get_for_model(entry)
    finding.confirmed_id = entry.pk
    finding.confirmed_by = actor
    finding.confirmed_at = timezone.now()
    finding.save(update_fields=["confirmed_type", "confirmed_id", "confirmed_by", "confirmed_at"])
    audit.record_update(
        actor=actor, obj=finding, before=before, alliance_id=agreement_import.alliance_id
    )
    if isinstance(entry, Agreement) and not agreement_import.agreement_id:
        agreement_import = lock(AgreementImport, agreement_import.pk)
        before = audit.snapshot(agreement_import, ["agreement"])
        agreement_import.agreement = entry
        agreement_import.save(update_fields=["agreement"])
        audit.record_update(
            actor=actor, obj=agreement_import, before=before, alliance_id=entry.alliance_id
        )
    return finding
