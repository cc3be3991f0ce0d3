"""Read an agreement's defined terms from its text: `"Term" means …` and `… (the "Term")`.

Pure functions over the text `accord.contracts.extraction.read_text` gives from a stored file;
the glossary seeds itself from what they find (actions.glossary_seed_from_agreement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTED = r"[\"“”']([A-Z][^\"“”'\n]{0,78}[^\"“”'\s])[\"“”']"
MEANS = re.compile(
    QUOTED + r"\s*(?:,\s*)?(?:shall\s+)?(?:means?|shall\s+have\s+the\s+meaning|has\s+the\s+meaning|"
    r"refers?\s+to)\s*:?\s*(?P<definition>[^\n]{3,1500}?)(?:\.(?=\s|$)|\n|$)",
    re.MULTILINE,
)
PARENTHESIS = re.compile(
    r"\(\s*(?:hereinafter\s+)?(?:each\s+|collectively\s+|together\s+|individually\s+)?"
    r"(?:(?:referred\s+to\s+as|called)\s+)?(?:the\s+|a\s+|an\s+)?" + QUOTED + r"\s*\)",
)
SECTION = re.compile(
    r"^\s*(?:(?:Section|Article|Clause)\s+|§\s*)?(\d{1,3}(?:\.\d{1,3}){0,3})[.)]?\s+\S",
    re.MULTILINE | re.IGNORECASE,
)
SENTENCE_START = re.compile(r"(?:[.;:]\s+|\n\s*)(?=[A-Z0-9\"“])")
LEADING_NUMBER = re.compile(
    r"^(?:(?:Section|Article|Clause)\s+|§\s*)?\d{1,3}(?:\.\d{1,3}){0,3}[.)]?\s+"
)
MAX_DEFINITION = 1500


@dataclass(frozen=True)
class Found:
    term: str
    definition: str
    section: str
    start: int


def _section_before(text: str, position: int) -> str:
    last = None
    for match in SECTION.finditer(text, 0, position + 1):
        last = match
    return f"§ {last.group(1)}" if last else ""


def _sentence_before(text: str, position: int) -> str:
    start = 0
    for match in SENTENCE_START.finditer(text, max(0, position - MAX_DEFINITION), position):
        start = match.end()
    if start == 0:
        start = max(0, position - MAX_DEFINITION)
    return LEADING_NUMBER.sub("", " ".join(text[start:position].split()))


def defined_terms(text: str) -> list[Found]:
    """Each term the text defines once (the first definition wins), in order of appearance."""
    text = text or ""
    found: dict[str, Found] = {}
    for match in MEANS.finditer(text):
        term = " ".join(match.group(1).split())
        definition = " ".join(match.group("definition").split()).strip(" ,:")
        if term.lower() not in found and definition:
            found[term.lower()] = Found(
                term,
                definition[:MAX_DEFINITION],
                _section_before(text, match.start()),
                match.start(),
            )
    for match in PARENTHESIS.finditer(text):
        term = " ".join(match.group(1).split())
        if term.lower() in found:
            continue
        definition = _sentence_before(text, match.start())
        if definition:
            found[term.lower()] = Found(
                term,
                definition[:MAX_DEFINITION],
                _section_before(text, match.start()),
                match.start(),
            )
    return sorted(found.values(), key=lambda f: f.start)
