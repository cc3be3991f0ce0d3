"""Predictions for a CUAD-style folder in the measurement format `evaluate_import` writes."""

from __future__ import annotations

import numpy as np

from . import values
from .modelfile import ClauseModel

VALUE_KEYS = [
    "Agreement Date",
    "Effective Date",
    "Expiration Date",
    "Renewal Term",
    "Notice Period To Terminate Renewal",
    "Governing Law",
]


def spans_of(column: np.ndarray, threshold: float, present: bool) -> list[int]:
    """The units given as a present category's spans: those above the sentence threshold, or
    else the best one; none when the contract is judged not to have the category."""
    if not present or not len(column):
        return []
    above = np.flatnonzero(column >= threshold)
    return [int(i) for i in above] if len(above) else [int(column.argmax())]


def predict_text(model: ClauseModel, text: str) -> tuple[dict, dict]:
    cut, scores = model.read(text)
    contract = model.contract_scores(text, scores)
    out = {}
    for c, category in enumerate(model.categories):
        column = scores[:, c] if len(cut) else np.zeros(0)
        present = bool(len(cut)) and bool(contract[c] >= model.contract_thresholds[category])
        out[category] = {
            "present": present,
            "score": round(float(contract[c]), 4),
            "spans": [list(cut[i]) for i in spans_of(column, model.thresholds[category], present)],
        }
    ranked = {}
    for category in VALUE_KEYS:
        if category in model.categories and len(cut):
            column = scores[:, model.categories.index(category)]
            ranked[category] = [int(i) for i in np.argsort(-column)[:8] if column[i] >= 0.05]
    read = values.read(text, cut, ranked)
    found = {key: (read[key].value if key in read else None) for key in VALUE_KEYS}
    return out, found


def predict_folder(model: ClauseModel, contracts) -> dict:
    result: dict = {"_values": {}}
    for contract in contracts:
        result[contract.name], result["_values"][contract.name] = predict_text(model, contract.text)
    return result
