"""Defined terms of an agreement (or of a plan), read from its plain text.

Recognised forms, with straight or curly quotes:

- a definitions item: `1.1.58 "Development Plan" means …`, `"Batch" shall mean …`,
  `"Site" has the meaning ascribed to such term in Section 3.2.1.3`, several names at once
  (`"Commercialization" or "Commercialize" means …`);
- an inline definition in running text: `… a Delaware corporation ("PB")`,
  `(the "Effective Date")`, `(hereinafter called "BII")`, `(each a "Party" and collectively
  the "Parties")`.

A definition's text runs from the verb to the next definition or the end of its paragraph (a
`means` item), or is the clause before the parenthesis (an inline one). Offsets are into the
text given, so a page can show the passage where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_OPEN = "\"“”'‘’"
_Q = r"[\"“”]"
_TERM = r"[A-Z0-9][^\"“”\n]{0,80}?"
# `"Term"` or several names for one definition: `"A" or "B"`, `"A", "B" or "C"`, `"A" (or "B")`.
_NAMES = rf"{_Q}{_TERM}{_Q}(?:\s*(?:,|\(?\s*or|\(?\s*and)\s*(?:the\s+)?{_Q}{_TERM}{_Q}\)?)*"
_VERB = (
    r"(?:shall\s+(?:mean|have\s+the\s+meaning|refer\s+to|include)|means|will\s+mean|"
    r"has\s+the\s+meaning|have\s+the\s+meaning|is\s+defined|are\s+defined|refers\s+to|"
    r"shall\s+be\s+(?:defined|construed)|mean)"
)
MEANS_RE = re.compile(rf"(?P<names>{_NAMES})\s*[,:]?\s*(?:of\s+a\s+Party\s+)?(?P<verb>{_VERB})\b")
# A definitions item that says "is" or "includes" instead of "means": only at the start of a
# (numbered) line, where nothing else reads like that.
ITEM_RE = re.compile(
    rf"^[ \t]*(?:\(?[0-9a-z]{{1,3}}(?:\.[0-9]+)*[.)]?[ \t]+)?(?P<names>{_NAMES})\s*"
    rf"(?P<verb>is|are|includes?)\b",
    re.M,
)
NAME_RE = re.compile(rf"{_Q}(?P<term>{_TERM}){_Q}")
# A parenthesis holding quoted names: ("PB"), (the "Effective Date"), (hereinafter "X").
INLINE_RE = re.compile(
    rf"\((?P<inside>(?:[^()\"“”]{{0,60}}){_Q}{_TERM}{_Q}(?:[^()\"“”]{{0,60}}(?:{_Q}{_TERM}{_Q})?)*[^()\"“”]{{0,40}})\)"
)
PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
SENTENCE_START = re.compile(r"(?:[.;:!?]\s+|\n[ \t]*\n|^)(?=[A-Z(\"“0-9])")
MAX_DEFINITION = 2000
TRAILING_NUMBER = re.compile(r"[.;]\s+(?:\d+\.)+\d*\s*$")


@dataclass(frozen=True)
class Definition:
    """One defined term as written: the name, its definition, and where the passage stands."""

    term: str
    text: str  # the definition (what follows "means", or the clause an inline one names)
    start: int  # the whole passage: from the quoted name to the end of the definition
    end: int
    form: str  # "means" (a definitions item) or "inline" (a parenthesis in running text)

    @property
    def is_reference(self) -> bool:
        """ "has the meaning set forth in Section 3.2": defined elsewhere, no text of its own."""
        return bool(re.match(r"^(?:has|have|shall\s+have)\s+the\s+meaning", self.text, re.I))


def _clean_term(raw: str) -> str:
    term = " ".join(raw.replace("\u00ad", "-").split()).strip(" ,.;:")
    return term


def _plausible(term: str) -> bool:
    """A quoted name, not a quoted sentence or a heading in quotes."""
    words = term.split()
    if not words or len(words) > 8 or len(term) < 2:
        return False
    if term.endswith((".", ",")) or term.lower() in ("including", "include", "herein", "hereof"):
        return False
    return term[0].isupper() or term[0].isdigit()


def _means_definitions(text: str) -> list[Definition]:
    found: list[tuple[int, int, list[str], int]] = []
    matches = [*MEANS_RE.finditer(text), *ITEM_RE.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start("names")):
        if found and match.start("names") < found[-1][3]:
            continue  # the same item read by both patterns
        names = [_clean_term(m.group("term")) for m in NAME_RE.finditer(match.group("names"))]
        names = [n for n in names if _plausible(n)]
        if names:
            found.append((match.start("names"), match.start("verb"), names, match.end()))
    definitions = []
    for index, (start, verb_start, names, _end) in enumerate(found):
        limit = found[index + 1][0] if index + 1 < len(found) else len(text)
        paragraph = PARAGRAPH_END.search(text, verb_start)
        end = min(limit, paragraph.start() if paragraph else len(text), verb_start + MAX_DEFINITION)
        # Items set on one line: the next item's number ("… the Process. 1.4") is not the text.
        trailing = TRAILING_NUMBER.search(text, verb_start, end)
        if trailing:
            end = trailing.start() + 1
        body = text[verb_start:end]
        body = re.sub(
            r"^(?:shall\s+mean|means|will\s+mean|mean|is|are)\s*[:,]?\s*", "", body, flags=re.I
        )
        body = " ".join(body.split())
        end = verb_start + len(text[verb_start:end].rstrip())
        for name in names:
            definitions.append(Definition(name, body, start, end, "means"))
    return definitions


def _inline_definitions(text: str, taken: list[tuple[int, int]]) -> list[Definition]:
    definitions = []
    for match in INLINE_RE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        names = [_clean_term(m.group("term")) for m in NAME_RE.finditer(match.group("inside"))]
        names = [n for n in names if _plausible(n)]
        if not names:
            continue
        # The clause the parenthesis names: back to the start of its sentence (at most 400 chars).
        window_start = max(0, match.start() - 400)
        window = text[window_start : match.start()]
        starts = [m.end() for m in SENTENCE_START.finditer(window)]
        if starts:
            clause_start = window_start + starts[-1]
        else:  # a long sentence: start at a word, not inside one
            space = re.search(r"\s", window)
            clause_start = window_start + (space.end() if space and window_start else 0)
        clause = " ".join(text[clause_start : match.start()].split())
        for name in names:
            definitions.append(Definition(name, clause, clause_start, match.end(), "inline"))
    return definitions


def read_definitions(text: str) -> list[Definition]:
    """The terms a document defines, in order of appearance, each once: a definitions item
    with its own text wins over an inline definition, which wins over a cross-reference
    ("has the meaning ascribed to such term in Section 3.2"); the first of each kind wins."""
    means = _means_definitions(text)
    inline = _inline_definitions(text, [(d.start, d.end) for d in means])
    chosen: dict[str, Definition] = {}
    rank = {}
    for definition in [*means, *inline]:
        key = definition.term.lower()
        order = 2 if definition.is_reference else (0 if definition.form == "means" else 1)
        if key not in chosen or order < rank[key]:
            chosen[key], rank[key] = definition, order
    return sorted(chosen.values(), key=lambda d: (d.start, d.term))


def plural_includes_singular(text: str) -> bool:
    """Whether the document's interpretation clause says the singular includes the plural."""
    return bool(
        re.search(
            r"singular[^.]{0,80}\binclude[s]?\b[^.]{0,40}\bplural|plural[^.]{0,80}\binclude[s]?\b[^.]{0,40}\bsingular"
            r"|singular\s+(?:and|or)\s+(?:the\s+)?plural",
            text,
            re.I,
        )
    )
