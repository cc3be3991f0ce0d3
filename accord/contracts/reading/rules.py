"""Hand-written clause patterns: evidence for the clause model's contract-level stage.

The patterns are data (`accord/contracts/data/clause_rules.json`): per register category, a few
case-insensitive regular expressions written from CUAD's category definitions (a right of first
refusal, a covenant not to sue, "for its convenience", "minimum purchase"...). How often they
match in a contract becomes a stage-2 feature of that category beside the best sentence's logit
and the document score (`model.FEATURES["rules"]`). Stage 2 is fitted on out-of-fold features, so
a pattern that does not help is given little weight; a pattern never decides on its own.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

import numpy as np

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "clause_rules.json"
SPACES = re.compile(r"\s+")


@functools.cache
def load(path: Path = RULES_PATH) -> dict[str, list[re.Pattern]]:
    data = json.loads(Path(path).read_text("utf-8"))
    return {
        category: [re.compile(pattern, re.I) for pattern in patterns]
        for category, patterns in data["categories"].items()
    }


def digest(path: Path = RULES_PATH) -> str:
    """A short hash of the patterns, recorded in the model's configuration."""
    data = json.loads(Path(path).read_text("utf-8"))
    return hashlib.sha256(json.dumps(data["categories"], sort_keys=True).encode()).hexdigest()[:16]


def hit_counts(text: str, categories: list[str]) -> np.ndarray:
    """Per category, how many times its patterns match the text (whitespace made single spaces,
    so a clause broken across lines still matches); 0 for a category without patterns."""
    flat = SPACES.sub(" ", text)
    rules = load()
    return np.array(
        [sum(len(p.findall(flat)) for p in rules.get(category, [])) for category in categories],
        dtype=np.float64,
    )


def evidence(text: str, cut: list[tuple[int, int]], categories: list[str]) -> list[str]:
    """Per category, the units (character ranges `cut` of the text) its patterns match, joined
    by spaces: what the evidence classifier of stage 2 reads; "" without a match."""
    rules = load()
    read = [SPACES.sub(" ", text[a:b]) for a, b in cut]
    return [
        " ".join(u for u in read if any(p.search(u) for p in rules.get(category, [])))
        for category in categories
    ]
