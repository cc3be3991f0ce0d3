"""One agreement's text read into findings (in chunks, reporting progress), the register form
each finding opens prefilled, and the text with every finding highlighted."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import extraction
from . import readers

CHUNK = (
    20_000  # characters per step of progress; the clause reader looks at most this far for dates
)
DOCUMENT_LEVEL = {"Agreement Date", "Effective Date", "Parties"}  # read from the start only
SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"“])|\n\s*\n")

# The register entry a finding can become; its label and the colour class of its highlight.
TARGETS = {
    "agreement": gettext_lazy("Agreement date or term"),
    "restriction": gettext_lazy("Restriction"),
    "right": gettext_lazy("Right"),
    "obligation": gettext_lazy("Obligation"),
    "milestone": gettext_lazy("Milestone payment"),
    "note": gettext_lazy("Note (no register entry)"),
}
KINDS = {
    "Non-Compete": "non_compete",
    "Exclusivity": "exclusivity",
    "License Grant": "licence",
    "Rofr/Rofo/Rofn": "rofn",
}
AGREEMENT_FIELDS = {
    "agreement.signature_date": "signature_date",
    "agreement.effective_date": "effective_date",
    "agreement.expiry_date": "expiry_date",
    "agreement.governing_law": "governing_law",
    "agreement.renewal_term_months": "renewal_term_months",
    "agreement.renewal_notice_days": "renewal_notice_days",
    "agreement.parties": "parties",
}


@dataclass
class Found:
    category: str
    target: str
    field: str
    start: int
    end: int
    text: str
    value: str = ""
    how: str = ""
    score: float | None = None
    prefill: dict = field(default_factory=dict)


def target_of(category: str, field_name: str) -> str:
    if field_name.startswith("agreement."):
        return "agreement"
    for target in ("restriction", "right", "obligation", "milestone"):
        if field_name.startswith(target):
            return target
    return "note"


def chunks(text: str) -> list[tuple[int, int]]:
    """Ranges of about CHUNK characters, cut at a paragraph (or sentence) boundary."""
    ranges, start = [], 0
    while start < len(text):
        end = min(start + CHUNK, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start + CHUNK // 2, end)
            cut = cut if cut > 0 else text.rfind(". ", start + CHUNK // 2, end)
            end = cut + 2 if cut > 0 else end
        ranges.append((start, end))
        start = end
    return ranges


def sentences(text: str, offset: int = 0):
    start = 0
    for match in [*SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield offset + start + lead, offset + start + len(piece.rstrip()), piece.strip()
        if match:
            start = match.end()


def _from_suggestion(s, offset: int) -> Found:
    target = target_of(s.category, s.field)
    value = s.value
    if value and readers.redacted(s.text) and not value.strip():
        value = readers.REDACTED
    prefill = {}
    if target in ("restriction", "right"):
        prefill = {
            "kind": KINDS.get(s.category, "licence" if target == "right" else "exclusivity"),
            "title": s.category,
            "clause_text": s.text[:5000],
        }
    elif target == "agreement" and value and value != readers.REDACTED:
        prefill = {AGREEMENT_FIELDS.get(s.field, s.field.removeprefix("agreement.")): value}
    score = getattr(s, "score", None)
    return Found(
        category=s.category,
        target=target,
        field=s.field,
        start=s.start + offset,
        end=s.end + offset,
        text=s.text,
        value=value,
        how=getattr(s, "how", "") or "",
        score=float(score) if score is not None else None,
        prefill=prefill,
    )


def _piece_presence(model, readings, present) -> list[dict[str, bool]]:
    """Per piece, the categories it should give sentences for: a category the whole document is
    judged to have, in every piece with a sentence above the category's threshold, or else only
    in the piece holding the document's best sentence for it."""
    import numpy as np

    out = [dict.fromkeys(present, False) for _ in readings]
    for category, has in present.items():
        if not has:
            continue
        c = model.categories.index(category)
        threshold = model.thresholds[category]
        above = [
            n
            for n, (_, scores) in enumerate(readings)
            if len(scores) and (scores[:, c] >= threshold).any()
        ]
        if not above:
            best = [float(scores[:, c].max()) if len(scores) else -1.0 for _, scores in readings]
            above = [int(np.argmax(best))]
        for n in above:
            out[n][category] = True
    return out


def read(text: str, progress: Callable[[int], None] | None = None) -> list[Found]:
    """Every finding in the text: the clause reader's, then obligations and milestone payments
    sentence by sentence; `progress(percent)` after each chunk (read by the model, then turned
    into findings). Whether the agreement has a clause category is decided once, on the whole
    document (as `evaluate_import` measures it); its pieces then give the sentences."""
    import numpy as np

    from ..reading.modelfile import shipped

    model = shipped()
    found: list[Found] = []
    ranges = chunks(text)
    steps = 2 * len(ranges)
    readings = []
    for number, (a, b) in enumerate(ranges):
        readings.append(model.read(text[a:b]))
        if progress:
            progress(round(100 * (number + 1) / steps))
    units = [scores for _, scores in readings if len(scores)]
    whole = np.vstack(units) if units else np.zeros((0, len(model.categories)), dtype=np.float32)
    present = extraction.presence(model, text, whole)
    per_piece = _piece_presence(model, readings, present)
    for number, (a, b) in enumerate(ranges):
        piece = text[a:b]
        cut, scores = readings[number]
        for suggestion in extraction.suggest(
            piece, reading=(model, cut, scores), present=per_piece[number]
        ):
            if number and suggestion.category in DOCUMENT_LEVEL:
                continue
            found.append(_from_suggestion(suggestion, a))
        for start, end, sentence in sentences(piece, a):
            if len(sentence) > 2500:
                continue
            for reader, target in (
                (readers.due_rule, "obligation"),
                (readers.payment, "milestone"),
            ):
                reading = reader(sentence)
                if reading:
                    found.append(
                        Found(
                            reading.category,
                            target,
                            target,
                            start,
                            end,
                            sentence,
                            reading.value,
                            reading.how,
                            None,
                            reading.prefill,
                        )
                    )
        if progress:
            progress(round(100 * (len(ranges) + number + 1) / steps))
    found.sort(key=lambda f: (f.start, f.category))
    return found


# --- Values for the new-agreement form ------------------------------------------------------


def _months(value: str) -> int | None:
    match = re.fullmatch(r"(\d+)\s+(month|year)s?", value.strip())
    if not match:
        return None
    return int(match.group(1)) * (12 if match.group(2) == "year" else 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def agreement_values(title: str, findings) -> tuple[dict, dict]:
    """The new-agreement form's values from an import's agreement findings (the first usable
    one of each field), and how each was computed."""
    values: dict = {"title": re.sub(r"\.(txt|pdf|docx)$", "", title, flags=re.I)[:250]}
    how: dict = {}
    for f in findings:
        if f.target != "agreement" or not f.value or f.value == readers.REDACTED:
            continue
        name = AGREEMENT_FIELDS.get(f.field)
        if not name or name in values:
            continue
        if name in ("signature_date", "effective_date", "expiry_date"):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", f.value):
                values[name] = f.value
                how[name] = f.how or _("read from “%(text)s”") % {"text": f.text[:80]}
            elif name == "expiry_date" and _months(f.value) and values.get("effective_date"):
                start = dt.date.fromisoformat(values["effective_date"])
                values[name] = _add_months(start, _months(f.value)).isoformat()
                how[name] = f.how or _("effective date %(start)s + %(term)s") % {
                    "start": start.isoformat(),
                    "term": f.value,
                }
        elif name == "governing_law":
            values[name] = f.value
            how[name] = f.how or _("the law named in the clause")
        elif name == "renewal_term_months" and _months(f.value):
            values[name] = str(_months(f.value))
            values["auto_renews"] = "on"
            how[name] = f.how or _("renews for %(term)s") % {"term": f.value}
        elif name == "renewal_notice_days":
            match = re.fullmatch(r"(\d+)\s+days", f.value)
            if match:
                values[name] = match.group(1)
                how[name] = f.how or _("%(notice)s before the end of the term") % {
                    "notice": f.value
                }
        elif name == "parties" and f.prefill.get("parties"):
            values[name] = f.prefill["parties"]
    return values, how


# --- The document with its findings highlighted -----------------------------------------------


def highlighted(text: str, findings) -> SafeString:
    """The text, HTML-escaped, each finding in a <mark> with its category named in words (not
    colour alone) and an anchor `clause-<pk>` at its start. Overlapping findings share marks."""
    starts: dict[int, list] = {}
    points = {0, len(text)}
    for f in findings:
        a, b = max(0, min(f.start, len(text))), max(0, min(f.end, len(text)))
        if b <= a:
            continue
        starts.setdefault(a, []).append(f)
        points.update((a, b))
    spans = [(f, max(0, f.start), min(len(text), f.end)) for f in findings]
    ordered = sorted(points)
    parts = []
    for a, b in itertools.pairwise(ordered):
        for f in starts.get(a, []):
            parts.append(
                f'<span class="hl-label hl-{f.target}" id="clause-{f.pk}">'
                f"{escape(f.category)}</span>"
            )
        covering = [f for f, s, e in spans if s <= a and e >= b]
        chunk = escape(text[a:b])
        if covering:
            first = covering[0]
            parts.append(
                f'<mark class="hl hl-{first.target}" data-clause="{first.pk}">{chunk}</mark>'
            )
        else:
            parts.append(chunk)
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text above is escaped
