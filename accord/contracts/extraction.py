"""Suggested register entries from an agreement's text, for a person to confirm.

`read_text()` turns an uploaded TXT, PDF (pdfplumber) or DOCX (python-docx) into text;
`suggest()` finds the clauses an alliance register needs with a clause model trained on CUAD
(`reading/model.py`: TF-IDF + logistic regression per category over sentences, calibrated, with
per-category thresholds chosen by grouped cross-validation) and reads values with transparent
rules (`reading/values.py`: dates, term, renewal, notice period, governing law). Nothing is
written: the pages and the API show the suggestions next to prefilled forms, and a person decides.

Redactions (`[***]`) are never guessed: a value inside one is reported as "redacted".

Measured against CUAD's expert labels with CUAD's own matching rule (see `evaluate()` and
docs/contracts-import.md). CUAD v1: Hendrycks, Burns, Chen & Ball, NeurIPS 2021; dataset by
The Atticus Project, CC BY 4.0.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .reading import values as _values
from .reading.evaluate import FOCUS, Score, cuad_match  # noqa: F401  (re-exported)
from .reading.segment import units as sentences  # noqa: F401  (re-exported)
from .reading.values import DATE, DATE_RE, PERIOD_RE, parse_date  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class Suggestion:
    category: str  # the CUAD category it answers, e.g. "Governing Law"
    field: str  # where it goes in the register, e.g. "agreement.governing_law", "restriction"
    text: str  # the clause as written
    start: int
    end: int
    value: str = ""  # a normalised answer when one can be read
    score: float = 1.0  # the model's calibrated probability; 1.0 for a value read by rule
    how: str = ""  # how a value was derived, e.g. "Effective Date 2019-03-01 + 5 years"


# Where each finding goes in the register: the value readers' fields, then the model's categories.
VALUE_FIELDS = {
    "Agreement Date": "agreement.signature_date",
    "Effective Date": "agreement.effective_date",
    "Expiration Date": "agreement.expiry_date",
    "Renewal Term": "agreement.renewal_term_months",
    "Notice Period To Terminate Renewal": "agreement.renewal_notice_days",
    "Governing Law": "agreement.governing_law",
}
MODEL_FIELDS = {
    "Exclusivity": "restriction",
    "Non-Compete": "restriction",
    "Competitive Restriction Exception": "restriction",
    "Rofr/Rofo/Rofn": "right",
    "License Grant": "right",
    "Non-Transferable License": "right",
    "Affiliate License-Licensor": "right",
    "Affiliate License-Licensee": "right",
    "Irrevocable Or Perpetual License": "right",
    "Ip Ownership Assignment": "right",
    "Joint Ip Ownership": "right",
    "Change Of Control": "notes",
    "Anti-Assignment": "notes",
    "Termination For Convenience": "notes",
    "Minimum Commitment": "notes",
    "Revenue/Profit Sharing": "notes",
    "Audit Rights": "notes",
    "Covenant Not To Sue": "notes",
    "Post-Termination Services": "notes",
}
# Dates, term, renewal, notice and governing law come from the value readers (VALUE_FIELDS).
MAX_UNIT_CHARS = 2500


def _parties(text: str) -> list[Suggestion]:
    head = text[:4000]
    match = re.search(
        r"\b(?:by\s+and\s+)?between\b(.{10,900}?)(?:\n\s*\n|WITNESSETH|RECITALS|W\s*I\s*T\s*N\s*E\s*S\s*S|\bWHEREAS\b)",
        head,
        re.I | re.S,
    )
    if not match:
        return []
    return [
        Suggestion(
            "Parties", "agreement.parties", match.group(1).strip(), match.start(1), match.end(1)
        )
    ]


def findings(text: str):
    """The model's reading of a text: its units, per-unit probabilities and the model."""
    from .reading.modelfile import shipped

    model = shipped()
    cut, scores = model.read(text)
    return model, cut, scores


def clause_units(model, scores, present: dict[str, bool]) -> dict[str, list[int]]:
    """The units suggested for each clause category: none for a category the document is judged
    not to have (the contract-level decision `evaluate_import` reports), else those above the
    category's sentence threshold, or the best one (`reading.predict.spans_of`)."""
    from .reading.predict import spans_of

    found = {}
    for category in MODEL_FIELDS:
        if category not in model.categories or not len(scores):
            continue
        column = scores[:, model.categories.index(category)]
        units = spans_of(column, model.thresholds[category], present.get(category, False))
        if units:
            found[category] = units
    return found


def presence(model, text: str, scores) -> dict[str, bool]:
    """Whether the document has each category: the stage-2 classifier on the whole document's
    unit scores and its text, against the threshold chosen by cross-validation."""
    if not len(scores):
        return {}
    contract = model.contract_scores(text, scores)
    return {
        category: bool(contract[c] >= model.contract_thresholds[category])
        for c, category in enumerate(model.categories)
    }


def suggest(text: str, *, reading=None, present: dict[str, bool] | None = None) -> list[Suggestion]:
    """Every suggestion for one agreement's text: the values read by rule (dates, term, renewal,
    notice, governing law; score 1.0) and, for each clause category the document is judged to
    have, the sentences that say so (score = the sentence's calibrated probability), in reading
    order per category. A long document read in pieces passes each piece's `reading` (model,
    units, scores) and the whole document's `present` decision (see `presence`)."""
    import numpy as np

    model, cut, scores = reading or findings(text)
    if present is None:
        present = presence(model, text, scores)
    ranked = {}
    for category in VALUE_FIELDS:
        if category in model.categories and len(cut):
            column = scores[:, model.categories.index(category)]
            ranked[category] = [int(i) for i in np.argsort(-column)[:8] if column[i] >= 0.05]
    found = []
    for category, value in _values.read(text, cut, ranked).items():
        found.append(
            Suggestion(
                category,
                VALUE_FIELDS[category],
                text[value.start : value.end].strip(),
                value.start,
                value.end,
                value.value,
                1.0,
                value.how,
            )
        )
    found += _parties(text)
    for category, units in clause_units(model, scores, present).items():
        c = model.categories.index(category)
        for i in units:
            start, end = cut[i]
            if end - start > MAX_UNIT_CHARS:
                continue
            found.append(
                Suggestion(
                    category,
                    MODEL_FIELDS[category],
                    text[start:end],
                    start,
                    end,
                    "",
                    round(float(scores[i, c]), 4),
                )
            )
    return found


# --- Reading uploads ------------------------------------------------------------------------


def suggestions_from_upload(upload) -> tuple[str, list[Suggestion]]:
    """Check an upload like every file (size, name, content), read it and suggest; stores nothing."""
    from accord.core import files

    content = files.read_limited(upload)
    name = files.clean_name(upload.name)
    detected = files.detect(content, name)
    if detected.kind not in ("txt", "pdf", "docx"):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        raise ValidationError(
            {"file": gettext("Import reads agreements as text, PDF or Word (DOCX) files.")}
        )
    return name, suggest(read_text(content, detected.kind))


def agreement_prefill(name: str, found: list[Suggestion]) -> dict[str, str]:
    """Values for the new-agreement form, from the first usable suggestion of each kind."""
    prefill = {"title": re.sub(r"\.(txt|pdf|docx)$", "", name, flags=re.I)[:250]}
    for suggestion in found:
        field = suggestion.field.removeprefix("agreement.")
        if field in prefill or not suggestion.value or suggestion.value == "redacted":
            continue
        if field in ("effective_date", "signature_date", "governing_law"):
            prefill[field] = suggestion.value
        elif field == "renewal_notice_days" and suggestion.value.endswith("days"):
            prefill[field] = suggestion.value.split()[0]
    return prefill


# A PDF's text comes as lines with no blank line between paragraphs: a line opening with a
# clause number ("12.3 The Licensee…", "4. TERM") starts a new paragraph, so the clause reader's
# units do not run one numbered clause into the next. One or two digits per level, so a year
# ("2019. The…") or an amount ("1.5% of…") is not a clause number; pdfplumber sometimes drops
# the space ("1.1The initial scope…").
NUMBERED_LINE = re.compile(r"\n(?=[ \t]*\d{1,2}\.(?:\d{1,2}\.?)*[ \t]*[A-Z(\"“])")


def read_text(content: bytes, kind: str) -> str:
    """Plain text of a TXT, PDF or DOCX agreement (the kind detected by accord.core.files)."""
    if kind == "txt":
        return content.decode("utf-8", errors="replace")
    if kind == "pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(content)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages[:400]]
        return "\n\n".join(NUMBERED_LINE.sub("\n\n", page) for page in pages)
    if kind == "docx":
        import docx

        document = docx.Document(io.BytesIO(content))
        return "\n\n".join(paragraph.text for paragraph in document.paragraphs)
    raise ValueError(f"Cannot read text from a {kind} file.")


# --- Measuring against CUAD -----------------------------------------------------------------


def evaluate(cuad_dir, categories=None) -> dict[str, Score]:
    """Precision and recall of `suggest()` on a CUAD folder, CUAD's matching rule."""
    from .reading import cuad

    contracts = cuad.load(cuad_dir)
    wanted = list(categories or ["Agreement Date", "Effective Date", "Parties", *MODEL_FIELDS])
    scores = {category: Score(category) for category in wanted}
    for contract in contracts:
        predicted: dict[str, list[str]] = {}
        for suggestion in suggest(contract.text):
            predicted.setdefault(suggestion.category, []).append(suggestion.text)
        for category in wanted:
            scores[category].add(contract.clauses.get(category, []), predicted.get(category, []))
    return scores
