"""Milestones in a plan whose triggering event cannot be checked against the agreement.

A milestone passage is a sentence or table row with a milestone or payment word ("milestone",
"payment", "payable", "fee"…) and an amount, a redaction (`[***]`) or a "Milestone 3" label.
Its event is what is left once the amount and the label are taken out. It is flagged when

- the event names no term the agreement defines (its own definitions, not "Party" or
  "Agreement"): "not stated in defined terms";
- it uses a vague word ("successful", "satisfactory", "substantially"…) with no number,
  threshold or date to measure it by;
- it has no measurable criterion at all: no defined term, date, number or threshold, or named
  deliverable (a report, a protocol, database lock…).

Beside the plan's passage the page shows the defined term's definition the event uses, or else
the agreement's payment or milestone sentence that shares the most words with it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from accord.contracts.extraction import DATE_RE, sentences

from . import words

MONEY_RE = re.compile(
    r"(?:US\$|USD|EUR|GBP|CHF|JPY|\$|€|£)\s?(?:\[\*+\]|[0-9][0-9,.]*(?:\s?(?:million|m|k|bn|billion))?)"
    r"|[0-9][0-9,.]*\s?(?:million\s+)?(?:USD|EUR|GBP|dollars|euros)\b|\[\.*\*+\.*\]",
    re.I,
)
LABEL_RE = re.compile(r"\bmilestone\s+(?:[0-9]+[a-z]?|[A-Z]\b|[IVX]+\b)\s*[:.\-–|]?", re.I)
PERIOD_DATE_RE = re.compile(
    r"\b(?:Q[1-4]|H[12])\s*(?:[0-9]{4}|FY[0-9]{2,4})\b|\b(?:by|before|no later than|on or before)"
    r"\s+(?:the\s+end\s+of\s+)?(?:[0-9]{4}|[A-Z][a-z]+\s+[0-9]{4})\b"
    r"|\bwithin\s+(?:[a-z]+\s+)?\(?[0-9]+\)?\s+(?:business\s+|calendar\s+)?(?:days?|weeks?|months?)\b",
)
NUMBER_RE = re.compile(
    r"(?:≥|>=|<=|≤|>|<|at\s+least|no\s+(?:fewer|less)\s+than|minimum\s+of)\s*[0-9]"
    r"|\b[0-9]+(?:[.,][0-9]+)?\s*(?:%|percent|per\s*cent)"
    r"|\b[0-9]+(?:[.,][0-9]+)?\s+(?:[a-z]+\s+)?(?:patients?|subjects?|sites?|batch(?:es)?|lots?|"
    r"doses?|units?|kg|g|mg|l|litres?|liters?|participants?|countries|responders?|events?)\b",
    re.I,
)


def _passages(text: str):
    """Table rows (lines with `|` or tabs) and sentences elsewhere."""
    rows = []
    for match in re.finditer(r"[^\n]+", text):
        if "|" in match.group() or "\t" in match.group():
            line = match.group()
            if re.fullmatch(r"[\s|:\-+=]*", line):
                continue
            rows.append((match.start(), match.end()))
    taken = rows[:]
    for start, end in sentences(text):
        if not any(s < end and start < e for s, e in taken):
            yield start, end
    yield from rows


def _is_milestone(passage: str) -> bool:
    lowered = passage.lower()
    if not any(
        re.search(rf"\b{re.escape(w)}\b", lowered) for w in words.lists()["milestone_words"]
    ):
        return False
    return bool(MONEY_RE.search(passage) or LABEL_RE.search(passage))


def _event(passage: str) -> str:
    event = MONEY_RE.sub(" ", passage)
    event = LABEL_RE.sub(" ", event)
    return " ".join(event.replace("|", " ").split())


def check(comparison, doc) -> list:
    from .compare import MILESTONE, Finding

    lists = words.lists()
    generic = lists["generic_terms"]
    event_terms = [
        (term, t)
        for term, t in comparison.terms.items()
        # A party's short name ("PB") is defined inline too: not an event.
        if t.definition.term.lower() not in generic
        and (t.definition.form == "means" or len(term.split()) >= 2)
    ]
    agreement = comparison.docs[0]
    payment_sentences = None
    found = []
    for start, end in _passages(doc.text):
        passage = doc.text[start:end]
        if not _is_milestone(passage):
            continue
        event = _event(passage)
        if len(event.split()) < 3:  # a header cell or a bare amount, not an event
            continue
        used = [
            t
            for term, t in event_terms
            if re.search(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", event)
        ]
        has_date = bool(DATE_RE.search(event) or PERIOD_DATE_RE.search(event))
        has_number = bool(NUMBER_RE.search(event))
        lowered = event.lower()
        has_deliverable = any(
            re.search(rf"\b{re.escape(w)}\b", lowered) for w in lists["deliverable_words"]
        )
        vague = sorted(
            {w for w in lists["vague_words"] if re.search(rf"\b{re.escape(w)}\b", lowered)}
        )
        reasons = []
        if not used:
            reasons.append(_("its event is not stated in the agreement's defined terms"))
        if vague and not (has_number or has_date):
            reasons.append(
                _("%(words)s with no number, threshold or date to measure it by")
                % {"words": "“" + "”, “".join(vague) + "”"}
            )
        if not (used or has_date or has_number or has_deliverable):
            reasons.append(
                _(
                    "it has no measurable criterion (a date, a number or threshold, "
                    "or a named deliverable)"
                )
            )
        if not reasons:
            continue
        passage_start = start + (len(passage) - len(passage.lstrip()))
        passage_end = start + len(passage.rstrip())
        if used:
            term = max(used, key=lambda t: len(t.definition.term))
            other = (0, term.definition.start, term.definition.end, term.definition.term)
        else:
            if payment_sentences is None:
                payment_sentences = [
                    (s, e)
                    for s, e in sentences(agreement.text)
                    if _is_milestone(agreement.text[s:e])
                    or "milestone" in agreement.text[s:e].lower()
                ]
            other = _closest_sentence(agreement.text, payment_sentences, event)
        found.append(
            Finding(
                MILESTONE,
                " ".join(passage.split())[:150],
                doc.index,
                passage_start,
                passage_end,
                other[0] if other else None,
                other[1] if other else None,
                other[2] if other else None,
                other[3] if other else "",
                _("This milestone cannot be checked against the agreement: %(reasons)s.")
                % {"reasons": "; ".join(reasons)},
            )
        )
    return found


def _closest_sentence(text: str, spans, event: str):
    mine = words.content_words(event)
    best, best_score = None, 0.0
    for start, end in spans:
        theirs = words.content_words(text[start:end])
        if not theirs:
            continue
        score = len(mine & theirs) / len(mine | theirs)
        if score > best_score:
            best, best_score = (start, end), score
    if best is None:
        return None
    return (0, best[0], best[1], "")
