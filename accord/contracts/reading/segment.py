"""Cutting an agreement's text into the units the clause model reads: sentences and list items.

CUAD's labelled spans mostly follow sentences or numbered sub-clauses, so a unit is a sentence
within a paragraph (a blank line ends a paragraph); a very long sentence (a run-on list) is cut
again at semicolons, and anything still longer at a word boundary near `MAX_UNIT` characters.
"""

from __future__ import annotations

import re

MAX_UNIT = 1200
PARAGRAPH = re.compile(r"\n\s*\n")
SENTENCE_END = re.compile(r"(?<=[.;:!?])[\"”)]?\s+(?=[A-Z(\"“\[])")
SEMICOLON = re.compile(r"(?<=;)\s+")


def _cut(text: str, start: int, end: int, pattern: re.Pattern) -> list[tuple[int, int]]:
    spans, at = [], start
    for match in pattern.finditer(text, start, end):
        if match.start() > at:
            spans.append((at, match.start()))
        at = match.end()
    if at < end:
        spans.append((at, end))
    return spans


def _limit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_UNIT:
        return [(start, end)]
    out = []
    for a, b in _cut(text, start, end, SEMICOLON):
        while b - a > MAX_UNIT:
            cut = text.rfind(" ", a + MAX_UNIT // 2, a + MAX_UNIT)
            cut = cut if cut > a else a + MAX_UNIT
            out.append((a, cut))
            a = cut + 1
        out.append((a, b))
    return out


def units(text: str) -> list[tuple[int, int]]:
    """Character ranges of the text's sentences, in order, without surrounding whitespace."""
    found = []
    for p_start, p_end in _cut(text, 0, len(text), PARAGRAPH):
        for s_start, s_end in _cut(text, p_start, p_end, SENTENCE_END):
            for a, b in _limit(text, s_start, s_end):
                piece = text[a:b]
                stripped = piece.strip()
                if len(stripped) < 3:
                    continue
                a += len(piece) - len(piece.lstrip())
                found.append((a, a + len(stripped)))
    return found
