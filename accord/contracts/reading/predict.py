"""Predictions for a CUAD-style folder in the measurement format `evaluate_import` writes."""

from __future__ import annotations

import numpy as np

from . import values
from .model import ClauseModel

VALUE_KEYS = [
    "Agreement Date",
    "Effective Date",
    "Expiration Date",
    "Renewal Term",
    "Notice Period To Terminate Renewal",
    "Governing Law",
]


def predict_text(model: ClauseModel, text: str) -> tuple[dict, dict]:
    cut, scores = model.read(text)
    out = {}
    for c, category in enumerate(model.categories):
        column = scores[:, c] if len(cut) else np.zeros(0)
        threshold = model.thresholds[category]
        best = float(column.max()) if len(column) else 0.0
        out[category] = {
            "present": bool(best >= threshold),
            "score": round(best, 4),
            "spans": [list(cut[i]) for i in np.flatnonzero(column >= threshold)],
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
