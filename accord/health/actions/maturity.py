"""Writes for the maturity self-assessment and benchmark imports."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import Entry, open_update, save_update

from .. import maturity
from ..models import BenchmarkEntry, BenchmarkSet, MaturityAssessment

ASSESSMENT_FIELDS = ["title", "assessed_on", "status"]


@transaction.atomic
def assessment_create(*, actor, data: dict) -> MaturityAssessment:
    assessment = MaturityAssessment(
        title=(data.get("title") or "").strip(),
        assessed_on=data.get("assessed_on") or timezone.localdate(),
        created_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    audit.record_create(actor=actor, obj=assessment, fields=ASSESSMENT_FIELDS)
    return assessment


def _clean_answers(raw: dict) -> dict:
    answers, errors = {}, {}
    for key in raw:
        if key not in maturity.QUESTION_KEYS:
            errors[key] = _("Unknown question.")
    for key in maturity.QUESTION_KEYS:
        value = raw.get(key)
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number not in (1, 2, 3, 4, 5):
            errors[key] = _("Answer from 1 to 5.")
        else:
            answers[key] = number
    if errors:
        raise ValidationError(errors)
    return answers


ASSESSMENT = Entry(MaturityAssessment, ASSESSMENT_FIELDS)
ANSWERED = ["answers", "status"]


@transaction.atomic
def assessment_answer(
    *,
    actor,
    assessment: MaturityAssessment,
    answers: dict,
    expected_version=None,
    complete: bool = False,
) -> MaturityAssessment:
    assessment, before = open_update(ASSESSMENT, assessment, expected_version, fields=ANSWERED)
    if assessment.status == MaturityAssessment.Status.COMPLETED:
        raise ValidationError({"status": _("This assessment is completed.")})
    assessment.answers = {**assessment.answers, **_clean_answers(answers)}
    if complete:
        missing = [k for k in maturity.QUESTION_KEYS if k not in assessment.answers]
        if missing:
            raise ValidationError(
                {missing[0]: _("Answer every question first (%(n)s left).") % {"n": len(missing)}}
            )
        assessment.facts = maturity.measure_facts()
        assessment.scores = maturity.score(assessment.answers, assessment.facts)
        assessment.status = MaturityAssessment.Status.COMPLETED
        assessment.completed_at = timezone.now()
    return save_update(ASSESSMENT, assessment, before, actor=actor)


@transaction.atomic
def benchmark_import(*, actor, name: str, source_name: str, rows: list[dict]) -> BenchmarkSet:
    """All rows or none: the rows are validated again here, whatever parsed them."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the benchmark, e.g. Index 2026 cohort.")})
    if not rows:
        raise ValidationError({"file": _("There are no rows to import.")})
    benchmark = BenchmarkSet.objects.create(
        name=name[:200],
        source_name=(source_name or "")[:255],
        imported_at=timezone.now(),
        imported_by=actor,
    )
    entries = []
    for number, row in enumerate(rows, start=1):
        entry = BenchmarkEntry(
            benchmark=benchmark,
            organisation=row.get("organisation", ""),
            assessed_on=dt.date.fromisoformat(row["assessed_on"])
            if row.get("assessed_on")
            else None,
            capacity=row.get("capacity"),
            digital=row.get("digital"),
            outcomes=row.get("outcomes"),
            index=row.get("index"),
        )
        try:
            entry.full_clean(exclude=["benchmark"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "file": _("Row %(number)s: %(items)s")
                    % {"number": number, "items": "; ".join(error.messages)}
                }
            ) from None
        entries.append(entry)
    if len({e.organisation for e in entries}) != len(entries):
        raise ValidationError({"file": _("An organisation appears twice.")})
    BenchmarkEntry.objects.bulk_create(entries)
    audit.record(
        actor=actor,
        obj=benchmark,
        action="import",
        changes={"rows": ("", str(len(entries)))},
        reason=f"Imported from {source_name}",
    )
    return benchmark


@transaction.atomic
def benchmark_delete(*, actor, benchmark: BenchmarkSet) -> None:
    audit.record_delete(actor=actor, obj=benchmark, fields=["name", "source_name"])
    benchmark.delete()
