"""Reference data for value: the probability of success of an asset by phase, read from
`data/success_rates.json` (edit the file to use your company's own rates)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "success_rates.json"


@cache
def _phases() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["phases"]


def phase_choices() -> list[tuple[str, str]]:
    return [(p["key"], f"{p['label']} ({float(p['probability']) * 100:g} %)") for p in _phases()]


def success_probability(phase: str) -> Decimal | None:
    """The probability that an asset in `phase` reaches the market; None for an unknown phase."""
    for item in _phases():
        if item["key"] == phase:
            return Decimal(item["probability"])
    return None
