"""Does the work plan speak the contract's language? The comparison behind a pre-signing review.

`compare(agreement, plans)` reads the agreement's defined terms (reader.py) and returns, for
each plan (work plan, development plan, budget, governance annex):

- UNDEFINED: capitalised terms the plan uses that the agreement never defines (not a heading,
  a sentence's first word, a month or weekday, a regulator or country, a name the agreement
  itself uses, an acronym the plan spells out, or a term the plan defines itself);
- PARAPHRASE: a defined term the plan writes another way: lower case ("regulatory approval"),
  another spelling or numbering ("Phase III Clinical Trial" for "Phase 3 Trial", "development
  programme" for "Development Program"), a near-miss, or the plural of a singular term (only
  when the agreement does not say the singular includes the plural);
- OTHER_MEANING: a defined term the plan defines in passing, `(the "Completion Date")`, for
  something else than the agreement's definition;
- MILESTONE: a milestone whose triggering event is not stated in defined terms or has no
  measurable criterion (milestones.py);
- CONTRADICTION: the same term defined in two documents (agreement and plan, or two plans)
  with different text beyond trivial differences.

Every finding keeps both passages by offset: the plan's (`plan`, `plan_start`, `plan_end`) and
the other document's (`other`: 0 is the agreement, 1.. the plans), so they can be shown side
by side. Nothing here reads files or the database.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import milestones, words
from .reader import Definition, plural_includes_singular, read_definitions

UNDEFINED = "undefined"
PARAPHRASE = "paraphrase"
OTHER_MEANING = "other_meaning"
MILESTONE = "milestone"
CONTRADICTION = "contradiction"
KINDS = (UNDEFINED, PARAPHRASE, OTHER_MEANING, MILESTONE, CONTRADICTION)
NEAR_MISS = 0.9  # difflib ratio of the comparable forms for a typo-like near miss
NEAREST = 0.75  # a definition shown as "nearest" beside an undefined term

# A capitalised phrase: capitalised words or acronyms, numbers and roman numerals after them
# ("Phase 3", "Phase III"), and small connectors between them ("Certificate of Analysis").
_CAP = r"[A-Z][A-Za-z0-9'’\-]*(?:\([A-Za-z]{1,3}\))?"
_TAIL = r"(?:[0-9]+[A-Za-z]?|[IVX]{1,4})\b"
PHRASE_RE = re.compile(
    rf"(?<![A-Za-z0-9'’\-]){_CAP}(?:(?:\s+(?:of|and|for|to|in|on|the|de|&))*\s+(?:{_CAP}|{_TAIL}))*"
)
LOWER_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
ACRONYM_RE = re.compile(
    r"\b(?P<long>[A-Z][A-Za-z\-]+(?:\s+(?:of|and|for|the|to|in|[A-Z][A-Za-z\-]+)){1,7})\s+"
    r"\((?P<short>[A-Z][A-Za-z0-9]{1,7})\)"
)
LIST_MARK = re.compile(
    r"(?:^|\n)[ \t]*(?:[-*•–]|\(?[0-9ivxa-h]{1,4}[.)]|[0-9]+(?:\.[0-9]+)+)?[ \t]*$"
)


@dataclass(frozen=True)
class Finding:
    kind: str
    term: str  # as the plan writes it (or the defined term, for a contradiction)
    plan: int  # which plan (1..n); the agreement is document 0
    plan_start: int
    plan_end: int
    other: int | None  # the document shown beside it: 0 the agreement, or another plan
    other_start: int | None
    other_end: int | None
    nearest: str = ""  # the defined term it is closest to
    detail: str = ""  # what is wrong, in a sentence


@dataclass
class _Term:
    definition: Definition
    doc: int
    variants: set[str] = field(default_factory=set)


@dataclass
class _Document:
    index: int
    text: str
    definitions: list[Definition]


def _lines_that_are_headings(text: str) -> list[tuple[int, int]]:
    """Short lines with no sentence punctuation ("2. Clinical Operations", "MILESTONE
    SCHEDULE"): their capitals are typography, not terms. Table rows are not headings."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        if not line or "|" in line or "\t" in match.group():
            continue
        body = re.sub(r"^(?:[0-9]+(?:\.[0-9]+)*\.?|[A-Z]\.|\([a-z0-9]+\))\s+", "", line)
        if line.isupper() or (
            len(body.split()) <= 8 and not re.search(r"[.;,]$|[.;]\s", body) and ":" not in body
        ):
            spans.append((match.start(), match.end()))
    return spans


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(' \t"“(')
    if not before or before.endswith(("\n", ".", ":", ";", "!", "?", "|", "•")):
        return True
    return bool(LIST_MARK.search(before))


class Comparison:
    """One agreement against its plans; `findings()` runs every check once."""

    def __init__(self, agreement: str, plans: list[str]):
        self.docs = [_Document(0, agreement, read_definitions(agreement))]
        for index, text in enumerate(plans, start=1):
            self.docs.append(_Document(index, text, read_definitions(text)))
        self.plural_ok = plural_includes_singular(agreement)
        self.lists = words.lists()
        self.terms: dict[str, _Term] = {}  # exact form -> the agreement's term
        self.keys: dict[str, _Term] = {}  # comparable form -> term
        self.loose: dict[str, _Term] = {}  # loose comparable form -> term
        for definition in self.docs[0].definitions:
            term = _Term(definition, 0, {definition.term})
            base = re.sub(r"\((?:s|es|ies)\)$", "", definition.term)  # "Test(s)"
            term.variants.add(base)
            if base != definition.term:
                term.variants.add(base + ("s" if not definition.term.endswith("(ies)") else ""))
            if self.plural_ok:
                term.variants |= {_plural(base), words.singular(base)}
            for variant in term.variants:
                self.terms.setdefault(variant, term)
            self.keys.setdefault(words.key(definition.term), term)
            loose = words.key(definition.term, loose=True)
            if len(loose.split()) >= 2 or len(loose) >= 5:
                self.loose.setdefault(loose, term)
        self.agreement_names = agreement  # names the agreement uses are not the plan's inventions

    # --- helpers ------------------------------------------------------------------------------

    def _ignored(self, phrase: str, doc: _Document, start: int, known: set[str]) -> bool:
        lowered = phrase.lower()
        tokens = phrase.split()
        if lowered in self.lists["not_terms"] or lowered in self.lists["known_names"]:
            return True
        if all(
            t.lower() in self.lists["not_terms"] or t.lower() in self.lists["leading_words"]
            for t in tokens
        ):
            return True
        if len(tokens) == 1 and _sentence_initial(doc.text, start):
            return True
        if re.fullmatch(r"[0-9IVX\-]+|[A-Z]", phrase) or phrase in known:
            return True
        return bool(
            re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", self.agreement_names)
        )

    def _near(self, phrase: str) -> _Term | None:
        """The defined term this phrase is another form of, if any."""
        found = self.keys.get(words.key(phrase)) or self.loose.get(words.key(phrase, loose=True))
        if found:
            return found
        key = words.key(phrase)
        if len(key) >= 8:
            match = words.closest(key, self.keys, NEAR_MISS)
            if match:
                return self.keys[match]
        return None

    def _finding(self, kind, term, doc, start, end, defined: _Term | None, detail) -> Finding:
        d = defined.definition if defined else None
        return Finding(
            kind,
            term,
            doc.index,
            start,
            end,
            0 if d else None,
            d.start if d else None,
            d.end if d else None,
            d.term if d else "",
            detail,
        )

    # --- the checks ---------------------------------------------------------------------------

    def _capitalised(self, doc: _Document) -> list[Finding]:
        headings = _lines_that_are_headings(doc.text)
        known = {d.term for d in doc.definitions}
        for match in ACRONYM_RE.finditer(doc.text):  # "Statistical Analysis Plan (SAP)"
            known |= {match.group("short"), match.group("short") + "s"}
            long = re.sub(r"^(?:the|The)\s+", "", match.group("long"))
            known.add(long)
        found, seen = [], set()
        for match in PHRASE_RE.finditer(doc.text):
            if any(s <= match.start() < e for s, e in headings):
                continue
            for phrase, start in self._residues(match.group(), match.start(), doc):
                end = start + len(phrase)
                near = self._near(phrase)
                if near and phrase not in near.variants:
                    if (PARAPHRASE, phrase) not in seen:
                        seen.add((PARAPHRASE, phrase))
                        detail = _("“%(phrase)s” is not how the agreement writes “%(term)s”.") % {
                            "phrase": phrase,
                            "term": near.definition.term,
                        }
                        found.append(
                            self._finding(PARAPHRASE, phrase, doc, start, end, near, detail)
                        )
                    continue
                if self._ignored(phrase, doc, start, known) or (UNDEFINED, phrase) in seen:
                    continue
                seen.add((UNDEFINED, phrase))
                nearest = words.closest(words.key(phrase), self.keys, NEAREST)
                detail = _("The agreement does not define “%(phrase)s”.") % {"phrase": phrase}
                found.append(
                    self._finding(
                        UNDEFINED, phrase, doc, start, end, self.keys.get(nearest), detail
                    )
                )
        return found

    def _residues(self, phrase: str, start: int, doc: _Document):
        """The parts of a capitalised phrase that are not exactly a defined term: the whole
        phrase when it is a near miss as a whole, else what is left once the defined terms in
        it (longest first) are taken out, trimmed of leading words and connectors."""
        tokens = [(m.group(), start + m.start()) for m in re.finditer(r"\S+", phrase)]
        leading = self.lists["leading_words"]
        while tokens and tokens[0][0].lower() in leading and len(tokens) > 1:
            if " ".join(t for t, _ in tokens) in self.terms:
                break
            tokens = tokens[1:]
        whole = " ".join(t for t, _ in tokens)
        if whole and whole not in self.terms and self._near(whole) and len(tokens) > 1:
            yield whole, tokens[0][1]
            return
        i, rest = 0, []
        while i < len(tokens):
            for j in range(len(tokens), i, -1):
                if " ".join(t for t, _ in tokens[i:j]) in self.terms:
                    yield from self._trimmed(rest)
                    rest, i = [], j
                    break
            else:
                rest.append(tokens[i])
                i += 1
        yield from self._trimmed(rest)

    def _trimmed(self, tokens):
        connectors = self.lists["connectors"]
        while tokens and (tokens[0][0].lower() in connectors or tokens[0][0] in "&"):
            tokens = tokens[1:]
        # A number after a word is part of a term only when the whole is one ("Phase 3 Trial",
        # found before this): "March 2021", "USD 250", "Milestone 2" are a word and a number.
        while tokens and (
            tokens[-1][0].lower() in connectors
            or re.fullmatch(r"[0-9][0-9,.]*[A-Za-z]?", tokens[-1][0])
        ):
            tokens = tokens[:-1]
        if tokens:
            yield " ".join(t for t, _ in tokens), tokens[0][1]

    def _lowercase(self, doc: _Document) -> list[Finding]:
        """Defined terms of two words or more written in lower case ("regulatory approval")."""
        generic = self.lists["generic_terms"]
        wanted = {
            k: t
            for k, t in self.keys.items()
            if len(k.split()) >= 2 and t.definition.term.lower() not in generic
        }
        sizes = sorted({len(k.split()) for k in wanted}, reverse=True)
        tokens = list(LOWER_WORD_RE.finditer(doc.text))
        found, seen, taken = [], set(), -1
        for i, token in enumerate(tokens):
            if token.start() < taken:
                continue
            for size in sizes:
                group = tokens[i : i + size]
                if len(group) < size or not _adjacent(doc.text, group):
                    continue
                first_ok = group[0].group()[0].islower() or _sentence_initial(
                    doc.text, group[0].start()
                )
                if not first_ok or any(t.group()[0].isupper() for t in group[1:]):
                    continue
                written = doc.text[group[0].start() : group[-1].end()]
                term = wanted.get(words.key(written))
                if term and written not in term.variants:
                    taken = group[-1].end()
                    if written.lower() not in seen:
                        seen.add(written.lower())
                        detail = _(
                            "“%(written)s” in lower case: the agreement defines “%(term)s”; "
                            "write the defined term or say it means something else."
                        ) % {"written": written, "term": term.definition.term}
                        found.append(
                            self._finding(
                                PARAPHRASE,
                                written,
                                doc,
                                group[0].start(),
                                group[-1].end(),
                                term,
                                detail,
                            )
                        )
                    break
        return found

    def _definitions(self, doc: _Document) -> list[Finding]:
        """The plan's own definitions against the agreement's and the other plans'."""
        found = []
        agreement = {d.term.lower(): d for d in self.docs[0].definitions}
        for definition in doc.definitions:
            theirs = agreement.get(definition.term.lower())
            if theirs and not theirs.is_reference and not definition.is_reference:
                if definition.form == "inline" and theirs.form == "means":
                    shared = words.content_words(definition.text) & words.content_words(theirs.text)
                    mine = words.content_words(definition.text)
                    if mine and len(shared) / len(mine) < 0.5:
                        detail = _(
                            "The plan gives “%(term)s” its own meaning; the agreement "
                            "defines it otherwise."
                        ) % {"term": definition.term}
                        found.append(self._pair(OTHER_MEANING, definition, doc, theirs, 0, detail))
                elif definition.form == theirs.form == "means" and not words.same_meaning(
                    definition.text, theirs.text
                ):
                    detail = _(
                        "“%(term)s” is defined differently in the plan and in the agreement."
                    ) % {"term": definition.term}
                    found.append(self._pair(CONTRADICTION, definition, doc, theirs, 0, detail))
            for other in self.docs[doc.index + 1 :]:
                for mine in other.definitions:
                    if (
                        mine.term.lower() == definition.term.lower()
                        and definition.form == mine.form == "means"
                        and not (mine.is_reference or definition.is_reference)
                        and not words.same_meaning(mine.text, definition.text)
                    ):
                        detail = _("“%(term)s” is defined differently in two plans.") % {
                            "term": definition.term
                        }
                        found.append(
                            self._pair(CONTRADICTION, definition, doc, mine, other.index, detail)
                        )
        return found

    @staticmethod
    def _pair(kind, definition, doc, other, other_index, detail) -> Finding:
        return Finding(
            kind,
            definition.term,
            doc.index,
            definition.start,
            definition.end,
            other_index,
            other.start,
            other.end,
            other.term,
            detail,
        )

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for doc in self.docs[1:]:
            found += self._capitalised(doc)
            found += self._lowercase(doc)
            found += self._definitions(doc)
            found += milestones.check(self, doc)
        order = {kind: i for i, kind in enumerate(KINDS)}
        return sorted(found, key=lambda f: (order[f.kind], f.plan, f.plan_start, f.term))


def _plural(term: str) -> str:
    if term.endswith("y") and not term.endswith(("ay", "ey", "oy")):
        return term[:-1] + "ies"
    if term.endswith(("ch", "sh", "x", "z", "ss")):
        return term + "es"
    return term if term.endswith("s") else term + "s"


def _adjacent(text: str, group) -> bool:
    """Words of one phrase: separated by spaces only (not a line break, comma or full stop)."""
    return all(text[a.end() : b.start()] in (" ", "  ", "-") for a, b in itertools.pairwise(group))


def compare(agreement: str, plans: list[str]) -> list[Finding]:
    """Every finding for these plans against this agreement (texts, not files)."""
    return Comparison(agreement, plans).findings()
