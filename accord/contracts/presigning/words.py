"""The word lists (accord/contracts/data/presigning.json) and the comparable form of a term."""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "presigning.json"
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


@cache
def lists() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        key: (frozenset(value) if isinstance(value, list) else value)
        for key, value in data.items()
        if not key.startswith("_")
    }


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def key(term: str, *, loose: bool = False) -> str:
    """The comparable form: lower case, singular, British spellings and roman numerals
    normalised ("Phase II Trials" -> "phase 2 trial"); `loose` also drops filler words and maps
    near-synonyms ("Phase III Clinical Study" -> "phase 3 trial")."""
    words = lists()
    out = []
    for raw in WORD_RE.findall(term.replace("’", "'").replace("'s", "s")):
        word = raw.lower().strip("'-")
        word = words["roman"].get(word, word)
        word = words["spelling"].get(word, word)
        word = singular(word)
        if loose:
            word = words["variants"].get(word, word)
            if word in words["filler_words"]:
                continue
        out.append(word)
    return " ".join(out)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def closest(value: str, candidates: dict[str, object], cutoff: float):
    """The candidate (a key of `candidates`) most like `value` at or above `cutoff`, or None."""
    found = difflib.get_close_matches(value, list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None


def same_meaning(a: str, b: str) -> bool:
    """Two definitions that differ only trivially: case, punctuation, spacing, articles, or a
    few characters ("a U.S. federal holiday" / "a US federal holiday")."""
    na, nb = _plain(a), _plain(b)
    return na == nb or similarity(na, nb) >= 0.9


def _plain(text: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace(".", ""))
    return " ".join(w for w in text.split() if w not in ("the", "a", "an", "this", "such"))


def content_words(text: str) -> set[str]:
    stop = lists()["leading_words"] | lists()["connectors"]
    return {
        singular(w.lower())
        for w in WORD_RE.findall(text)
        if len(w) > 3 and w.lower() not in stop and not w.isdigit()
    }
