"""Pre-signing reviews: start one from uploaded files, run it in the background, dismiss a finding."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit, files
from accord.core.actions import program_scope, require_reason
from accord.core.versioning import lock

from .. import access, extraction
from ..models import (
    DocumentRole,
    PresigningDocument,
    PresigningFinding,
    PresigningReview,
    ReviewStatus,
)
from .fields import (
    _check_program,
)

logger = logging.getLogger(__name__)
MAX_PLANS = 5
READABLE = ("txt", "pdf", "docx")
PDF_PAGES_CHECKED = 5


def _readable(upload, field: str) -> None:
    """Refuse, naming the field, a file that is not a readable TXT, PDF or DOCX with text in it
    (a scanned PDF without a text layer is refused here, before anything is stored)."""
    try:
        name = files.clean_name(upload.name)
        content = files.read_limited(upload)
        kind = files.detect(content, name).kind
    except ValidationError as error:
        raise ValidationError(
            {
                field: _("“%(name)s”: %(errors)s")
                % {"name": upload.name, "errors": " ".join(error.messages)}
            }
        ) from error
    if kind not in READABLE:
        raise ValidationError(
            {
                field: _(
                    "“%(name)s” is a %(kind)s file: upload the text as PDF, Word (DOCX) or TXT."
                )
                % {"name": name, "kind": kind.upper()}
            }
        )
    try:
        if kind == "pdf":
            import io

            import pdfplumber

            with pdfplumber.open(io.BytesIO(content)) as pdf:
                text = "".join(
                    (page.extract_text() or "") for page in pdf.pages[:PDF_PAGES_CHECKED]
                )
        else:
            text = extraction.read_text(content, kind)
    except Exception as error:  # a malformed PDF or DOCX the parsers cannot read
        raise ValidationError(
            {field: _("“%(name)s” could not be read; try a Word or text copy.") % {"name": name}}
        ) from error
    if len(text.split()) < 5:
        raise ValidationError(
            {
                field: (
                    _(
                        "“%(name)s” has no text layer (a scanned image?): Accord reads the words, "
                        "not pictures of them. Upload the Word file, or a PDF run through OCR."
                    )
                    if kind == "pdf"
                    else _("“%(name)s” has no text to read.")
                )
                % {"name": name}
            }
        )
    upload.seek(0)


@transaction.atomic
def presigning_review_start(
    *, actor, alliance, agreement_file, plan_files, program=None, title: str = ""
) -> PresigningReview:
    """Keep the draft agreement and its plans (checked like every upload) and queue the reading."""
    if not access.can_edit_register(actor, alliance):
        raise PermissionDenied(_("You cannot review agreements for this alliance."))
    _check_program(program, alliance)
    errors: dict[str, list[str]] = {}
    plan_files = [f for f in plan_files or [] if f is not None]
    if agreement_file is None:
        errors["agreement"] = [_("Choose the draft agreement's file.")]
    if not plan_files:
        errors["plans"] = [_("Choose at least one plan (work plan, budget, annex).")]
    elif len(plan_files) > MAX_PLANS:
        errors["plans"] = [_("Choose at most %(n)s plans at a time.") % {"n": MAX_PLANS}]
    checks = [(agreement_file, "agreement")] if agreement_file is not None else []
    checks += [(upload, "plans") for upload in plan_files] if "plans" not in errors else []
    for upload, field in checks:
        try:
            _readable(upload, field)
        except ValidationError as error:
            for message in error.message_dict[field]:
                errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    scope = {"alliance_id": alliance.pk, "program_id": program.pk if program else None}
    review = PresigningReview.objects.create(
        alliance=alliance,
        program=program,
        title=(title or "").strip()[:250] or f"Review of {files.clean_name(agreement_file.name)}",
        created_by=actor,
    )
    for position, (upload, role) in enumerate(
        [(agreement_file, DocumentRole.AGREEMENT)] + [(p, DocumentRole.PLAN) for p in plan_files]
    ):
        stored = files.store_upload(actor=actor, upload=upload, **scope)
        PresigningDocument.objects.create(review=review, position=position, role=role, file=stored)
    audit.record_create(
        actor=actor, obj=review, fields=["title", "status", "program"], **program_scope(review)
    )
    pk = review.pk
    transaction.on_commit(lambda: _enqueue(pk))
    return review


def _enqueue(pk: int) -> None:
    from ..tasks import run_presigning_review

    run_presigning_review.enqueue(review_id=pk)


def presigning_review_run(review_id: int) -> PresigningReview:
    """The job's work: read every file, compare, and keep the findings (all or none)."""
    from ..presigning.compare import compare

    claimed = PresigningReview.objects.filter(pk=review_id, status=ReviewStatus.QUEUED).update(
        status=ReviewStatus.RUNNING
    )
    review = PresigningReview.objects.select_related("created_by").get(pk=review_id)
    if not claimed:
        return review
    documents = list(review.documents.select_related("file"))
    error = ""
    try:
        for document in documents:
            with files.open_stored(document.file) as handle:
                document.text = extraction.read_text(handle.read(), document.file.kind)
            if not document.text.strip():
                raise ValueError(_("“%(name)s” has no text to read.") % {"name": document.file})
        found = compare(documents[0].text, [d.text for d in documents[1:]])
    except Exception as failure:  # the outcome is recorded on the review for its author
        logger.exception("Pre-signing review %s failed", review_id)
        error = (
            str(failure)
            if isinstance(failure, ValueError)
            else _("The files could not be read; try Word or text copies.")
        )
        found = []
    with transaction.atomic():
        review = lock(PresigningReview, review_id)
        before = audit.snapshot(review, ["status", "error"])
        if not error:
            from ..presigning.reader import read_definitions

            for document in documents:
                document.defined_terms = len(read_definitions(document.text))
                document.save(update_fields=["text", "defined_terms"])
            PresigningFinding.objects.bulk_create(
                [_finding(review, documents, finding) for finding in found]
            )
        review.status = ReviewStatus.FAILED if error else ReviewStatus.DONE
        review.error = error
        review.finished_at = timezone.now()
        review.save(update_fields=["status", "error", "finished_at"])
        audit.record_update(
            actor=review.created_by, obj=review, before=before, **program_scope(review)
        )
    return review


def _passage(text: str, start: int, end: int) -> str:
    return text[start:end].strip()[:4000]


def _finding(review, documents, found) -> PresigningFinding:
    plan = documents[found.plan]
    other = documents[found.other] if found.other is not None else None
    return PresigningFinding(
        review=review,
        kind=found.kind,
        term=found.term[:300],
        detail=found.detail,
        nearest=found.nearest[:200],
        plan_document=plan,
        plan_start=found.plan_start,
        plan_end=found.plan_end,
        plan_passage=_passage(plan.text, found.plan_start, found.plan_end),
        other_document=other,
        other_start=found.other_start,
        other_end=found.other_end,
        other_passage=_passage(other.text, found.other_start, found.other_end) if other else "",
    )


@transaction.atomic
def presigning_finding_dismiss(*, actor, finding: PresigningFinding, reason: str):
    """Set a finding aside with the reason (e.g. "the Parties agreed this wording at the JSC")."""
    review = finding.review
    if not access.can_edit_register(actor, review.alliance):
        raise PermissionDenied(_("You cannot change this review."))
    reason = require_reason(reason, _("dismissing this finding"))
    finding = lock(PresigningFinding, finding.pk)
    if finding.dismissed_at:
        raise ValidationError({"reason": _("This finding is already dismissed.")})
    before = audit.snapshot(finding, ["dismissed_at", "dismiss_reason"])
    finding.dismissed_at = timezone.now()
    finding.dismissed_by = actor
    finding.dismiss_reason = reason
    finding.save(update_fields=["dismissed_at", "dismissed_by", "dismiss_reason"])
    audit.record_update(
        actor=actor, obj=finding, before=before, reason=reason, **program_scope(review)
    )
    return finding
