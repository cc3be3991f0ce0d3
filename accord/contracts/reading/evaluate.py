"""Measuring clause findings against CUAD's labels, at contract level and at span level.

Span level uses CUAD's own matching rule (`cuad_match`): lower-case both texts, drop `.,;:`,
split on spaces; a predicted span matches a labelled one when the word-set Jaccard similarity is
at least 0.5 or the labelled text is contained in the prediction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOCUS = [
    "Exclusivity",
    "Non-Compete",
    "Rofr/Rofo/Rofn",
    "Change Of Control",
    "Anti-Assignment",
    "Termination For Convenience",
    "License Grant",
    "Ip Ownership Assignment",
    "Joint Ip Ownership",
    "Minimum Commitment",
    "Revenue/Profit Sharing",
    "Audit Rights",
    "Notice Period To Terminate Renewal",
    "Covenant Not To Sue",
    "Post-Termination Services",
]


def _words(text: str) -> set[str]:
    return set(re.sub(r"[.,;:]", "", text.lower()).split())


def cuad_match(predicted: str, labelled: str) -> bool:
    """CUAD's rule: word-set Jaccard >= 0.5, or the labelled text contained in the prediction."""
    if labelled.lower() in predicted.lower():
        return True
    a, b = _words(predicted), _words(labelled)
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= 0.5


@dataclass
class Score:
    category: str
    contracts_labelled: int = 0
    contracts_flagged: int = 0
    contracts_both: int = 0
    labels: int = 0
    labels_found: int = 0
    predictions: int = 0
    predictions_right: int = 0

    def add(self, gold: list[str], guesses: list[str], *, flagged: bool | None = None, has=None):
        labelled = bool(gold) if has is None else bool(has)
        flagged = bool(guesses) if flagged is None else flagged
        self.contracts_labelled += labelled
        self.contracts_flagged += flagged
        self.contracts_both += labelled and flagged
        self.labels += len(gold)
        self.labels_found += sum(any(cuad_match(g, label) for g in guesses) for label in gold)
        self.predictions += len(guesses)
        self.predictions_right += sum(any(cuad_match(g, label) for label in gold) for g in guesses)

    @staticmethod
    def _f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.predictions_right / self.predictions if self.predictions else 0.0

    @property
    def recall(self) -> float:
        return self.labels_found / self.labels if self.labels else 0.0

    @property
    def f1(self) -> float:
        return self._f1(self.precision, self.recall)

    @property
    def contract_recall(self) -> float:
        return self.contracts_both / self.contracts_labelled if self.contracts_labelled else 0.0

    @property
    def contract_precision(self) -> float:
        return self.contracts_both / self.contracts_flagged if self.contracts_flagged else 0.0

    @property
    def contract_f1(self) -> float:
        return self._f1(self.contract_precision, self.contract_recall)


HEADER = (
    "| category | contracts labelled | contract P | contract R | contract F1 "
    "| labels | span P | span R | span F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def table(scores: list[Score]) -> str:
    rows = [HEADER]
    for s in scores:
        rows.append(
            f"| {s.category} | {s.contracts_labelled} | {s.contract_precision:.2f} | "
            f"{s.contract_recall:.2f} | {s.contract_f1:.2f} | {s.labels} | {s.precision:.2f} | "
            f"{s.recall:.2f} | {s.f1:.2f} |"
        )
    return "\n".join(rows)
