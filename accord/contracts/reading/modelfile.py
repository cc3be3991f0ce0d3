"""The model file: what `accord train_clauses` writes (`save`, with the fingerprint the
shipped-model test compares) and what reading an agreement loads (`ClauseModel`, `shipped()`).
Training is accord/contracts/reading/model.py."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np

from .model import (
    CONFIG,
    MODEL_PATH,
    PROBES,
    VERSION,
    _evidence_vectorizer,
    _sigmoid,
    _vectorizer,
    config_hash,
    contract_features,
    evidence_documents,
    evidence_scores,
    rule_hits,
)
from .segment import units

ARRAYS = (
    "idf",
    "weights",
    "bias",
    "a",
    "b",
    "thresholds",
    "doc_idf",
    "doc_weights",
    "doc_bias",
    "ev_idf",
    "ev_weights",
    "ev_bias",
    "s2_coef",
    "s2_intercept",
    "s2_mean",
    "s2_scale",
    "s2_thresholds",
)
HALF = ("weights", "doc_weights", "ev_weights")  # stored as float16


def probe_contract(model: ClauseModel) -> np.ndarray:
    """Stage-2 probabilities of a contract made of the probe sentences, one paragraph each."""
    text = "\n\n".join(PROBES)
    return model.contract_scores(text, model.read(text)[1])


def save(trained: dict, path: Path, config=CONFIG, fingerprint: str = "") -> None:
    model = ClauseModel.from_trained(trained, config)
    header = {
        "version": VERSION,
        "config": config,
        "config_hash": config_hash(config),
        "categories": trained["categories"],
        "trained_on": len(trained["contracts"]),
        "contracts_sha256": hashlib.sha256("\n".join(trained["contracts"]).encode()).hexdigest(),
        "probes": {text: model.unit_scores([text])[0].round(4).tolist() for text in PROBES},
        "probe_contract": probe_contract(model).round(4).tolist(),
        "tiny_fingerprint": fingerprint,
        "source": "CUAD v1 development contracts (Hendrycks et al. 2021; The Atticus Project; CC BY 4.0)",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {
        key: np.asarray(trained[key], dtype=np.float16 if key in HALF else np.float32)
        for key in ARRAYS
    }
    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            header=np.array(json.dumps(header, sort_keys=True)),
            vocabulary=np.array(trained["vocabulary"]),
            doc_vocabulary=np.array(trained["doc_vocabulary"]),
            ev_vocabulary=np.array(trained["ev_vocabulary"], dtype=str),
            **arrays,
        )


def fingerprint(trained: dict) -> str:
    """A short digest of a trained model's numbers (rounded), to compare two trainings."""
    digest = hashlib.sha256()
    for key in ARRAYS:
        digest.update(np.round(np.asarray(trained[key], dtype=np.float64), 3).tobytes())
    digest.update("\n".join(trained["vocabulary"]).encode())
    digest.update("\n".join(trained["doc_vocabulary"]).encode())
    digest.update("\n".join(trained["ev_vocabulary"]).encode())
    return digest.hexdigest()[:16]


class ClauseModel:
    def __init__(self, header, vocabulary, doc_vocabulary, arrays, ev_vocabulary=()):
        self.header = header
        self.categories: list[str] = header["categories"]
        config = header["config"]
        self.features = config["stage2"]["features"]
        self.vectorizer = _vectorizer(config, {t: i for i, t in enumerate(vocabulary)})
        self.vectorizer.idf_ = arrays["idf"].astype(np.float32)
        self.weights = np.ascontiguousarray(arrays["weights"].astype(np.float32).T)
        self.bias, self.a, self.b = arrays["bias"], arrays["a"], arrays["b"]
        self.doc_vectorizer = _vectorizer(
            config, {t: i for i, t in enumerate(doc_vocabulary)}, document=True
        )
        self.doc_vectorizer.idf_ = arrays["doc_idf"].astype(np.float32)
        self.doc_weights = np.ascontiguousarray(arrays["doc_weights"].astype(np.float32).T)
        self.doc_bias = arrays["doc_bias"]
        self.ev_vectorizer = (
            _evidence_vectorizer(config, {t: i for i, t in enumerate(ev_vocabulary)})
            if len(ev_vocabulary)
            else None
        )
        if self.ev_vectorizer is not None:
            self.ev_vectorizer.idf_ = arrays["ev_idf"].astype(np.float32)
        self.ev_weights = arrays["ev_weights"].astype(np.float32)
        self.ev_bias = arrays["ev_bias"]
        self.s2 = [arrays[key] for key in ("s2_coef", "s2_intercept", "s2_mean", "s2_scale")]
        # The sentence threshold per category (which units are spans) and the contract threshold
        # (whether the contract has the category at all, on the stage-2 probability).
        self.thresholds = dict(
            zip(self.categories, arrays["thresholds"].astype(float), strict=True)
        )
        self.contract_thresholds = dict(
            zip(self.categories, arrays["s2_thresholds"].astype(float), strict=True)
        )

    @classmethod
    def from_trained(cls, trained, config=CONFIG):
        header = {"categories": trained["categories"], "config": config}
        arrays = {  # as shipped
            key: np.asarray(trained[key], dtype=np.float16 if key in HALF else np.float32)
            for key in ARRAYS
        }
        return cls(
            header,
            trained["vocabulary"],
            trained["doc_vocabulary"],
            arrays,
            trained["ev_vocabulary"],
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ClauseModel:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            arrays = {key: data[key] for key in ARRAYS}
            return cls(
                header,
                data["vocabulary"].tolist(),
                data["doc_vocabulary"].tolist(),
                arrays,
                data["ev_vocabulary"].tolist(),
            )

    def unit_scores(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability per unit text and category (units x categories)."""
        if not texts:
            return np.zeros((0, len(self.categories)), dtype=np.float32)
        X = self.vectorizer.transform(texts)
        raw = np.asarray(X @ self.weights) + self.bias
        return _sigmoid(raw * self.a + self.b).astype(np.float32)

    def document_scores(self, text: str) -> np.ndarray:
        """The document-level classifier's raw score per category."""
        X = self.doc_vectorizer.transform([text])
        return (np.asarray(X @ self.doc_weights) + self.doc_bias)[0]

    def contract_scores(self, text: str, scores: np.ndarray) -> np.ndarray:
        """Stage-2 probability per category that the contract has it (from its unit scores)."""
        hits = rule_hits(text, self.categories, self.features)
        evidence = None
        if "evidence" in self.features:
            documents = evidence_documents([text], self.categories)
            evidence = evidence_scores(self.ev_vectorizer, self.ev_weights, self.ev_bias, documents)
            evidence = evidence[0]
        X = contract_features(scores, self.document_scores(text), self.features, hits, evidence)
        coef, intercept, mean, scale = self.s2
        z = np.einsum("cf,cf->c", (X - mean) / scale, coef.astype(np.float64)) + intercept
        return _sigmoid(z).astype(np.float32)

    def read(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        cut = units(text)
        return cut, self.unit_scores([text[a:b] for a, b in cut])


@functools.cache
def shipped() -> ClauseModel:
    """The model shipped in the repository, loaded once per process."""
    return ClauseModel.load(MODEL_PATH)
