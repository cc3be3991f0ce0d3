"""The clause model: which sentences of an agreement answer which CUAD category.

One linear classifier per CUAD category over TF-IDF word 1-2 grams of a sentence (see
`segment.units`), calibrated per category (Platt scaling fitted on out-of-fold scores, folds
grouped by contract), so a sentence's score is a probability. A contract's score for a category
is its best sentence's; the category's threshold maximises contract-level F1 on the out-of-fold
scores of the development contracts. Trained by `accord train_clauses` on CUAD (406 development
contracts; Hendrycks et al. 2021, The Atticus Project, CC BY 4.0).

The shipped model is a NumPy `.npz` archive read with `allow_pickle=False` (arrays and a JSON
header only: no pickled code is ever loaded).
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .segment import units

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "clause_model-v1.npz"
VERSION = 1
SEED = 20210308
CONFIG = {
    "version": VERSION,
    "segment": "segment.units v1 (paragraphs, sentences, semicolons, 1200 chars)",
    "label_overlap": 0.5,
    "vectorizer": {
        "ngram_range": [1, 2],
        "min_df": 3,
        "max_df": 0.5,
        "max_features": 20000,
        "sublinear_tf": True,
        "strip_accents": "unicode",
    },
    "classifier": {"kind": "LogisticRegression", "C": 4.0, "solver": "liblinear"},
    "negatives_kept": 0.3,
    "folds": 5,
    "seed": SEED,
}
# Sentences whose scores the model file records, so a test can check the shipped file reads the
# same through the loading code as it did through the training code.
PROBES = [
    "This Agreement shall be governed by the laws of the State of New York.",
    "Neither party may assign this Agreement without the prior written consent of the other party.",
    "Licensor hereby grants to Licensee an exclusive, royalty-bearing license under the Patents.",
    "Either party may terminate this Agreement for convenience upon ninety (90) days written notice.",
    "Company shall have the right to audit the books and records of Distributor once per year.",
    "The parties shall jointly own all inventions made jointly by the parties.",
]


# The small training run a test repeats: the first contracts of the CUAD folder, a few categories.
TINY_CONTRACTS = 12
TINY_CATEGORIES = ["Governing Law", "Anti-Assignment", "License Grant"]


def config_hash(config: dict | None = None) -> str:
    return hashlib.sha256(json.dumps(config or CONFIG, sort_keys=True).encode()).hexdigest()[:16]


def unit_labels(spans_by_category, unit_spans, categories, overlap=0.5) -> np.ndarray:
    """1 where a unit overlaps a labelled span by at least `overlap` of the shorter of the two."""
    y = np.zeros((len(unit_spans), len(categories)), dtype=np.int8)
    if not unit_spans:
        return y
    starts = np.array([a for a, _ in unit_spans])
    ends = np.array([b for _, b in unit_spans])
    for c, category in enumerate(categories):
        for s, e in spans_by_category.get(category, []):
            ov = np.minimum(ends, e) - np.maximum(starts, s)
            short = np.minimum(ends - starts, e - s)
            y[(ov > 0) & (ov >= overlap * short), c] = 1
    return y


def _vectorizer(config, vocabulary=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    params = dict(config["vectorizer"])
    params["ngram_range"] = tuple(params["ngram_range"])
    if vocabulary is not None:
        params.pop("max_features"), params.pop("min_df"), params.pop("max_df")
        params["vocabulary"] = vocabulary
    return TfidfVectorizer(dtype=np.float32, **params)


def _fit_linear(X, y, config):
    from sklearn.linear_model import LogisticRegression

    spec = config["classifier"]
    model = LogisticRegression(C=spec["C"], solver=spec["solver"], random_state=config["seed"])
    model.fit(X, y)
    return model.coef_.ravel().astype(np.float32), float(model.intercept_[0])


def _platt(scores, y):
    """Sigmoid calibration (a, b) so that P(y=1 | s) = 1 / (1 + exp(-(a s + b)))."""
    from sklearn.linear_model import LogisticRegression

    if y.sum() == 0 or y.sum() == len(y):
        return 1.0, -10.0 if y.sum() == 0 else 10.0
    fit = LogisticRegression(C=1e4, solver="lbfgs").fit(scores.reshape(-1, 1), y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def best_threshold(scores, truth) -> tuple[float, float]:
    """The contract-score threshold with the best F1 (midway to the next score), and that F1."""
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], truth[order].astype(float)
    positives = t.sum()
    if positives == 0:
        return 1.01, 0.0
    tp = np.cumsum(t)
    f1 = 2 * tp / (np.arange(1, len(s) + 1) + positives)
    # only cut between distinct scores
    valid = np.r_[s[1:] < s[:-1], True]
    f1 = np.where(valid, f1, -1)
    i = int(f1.argmax())
    below = s[i + 1] if i + 1 < len(s) else 0.0
    return float((s[i] + below) / 2), float(f1[i])


@dataclass
class Corpus:
    texts: list[str]  # unit texts
    spans: list[tuple[int, int]]
    groups: np.ndarray  # contract index per unit
    y: np.ndarray  # units x categories
    has: np.ndarray  # contracts x categories (index.csv, or labels when absent)
    names: list[str]


def build_corpus(contracts, categories, config=CONFIG) -> Corpus:
    texts, spans, groups, ys = [], [], [], []
    has = np.zeros((len(contracts), len(categories)), dtype=np.int8)
    for i, contract in enumerate(contracts):
        cut = units(contract.text)
        texts += [contract.text[a:b] for a, b in cut]
        spans += cut
        groups += [i] * len(cut)
        y = unit_labels(contract.spans, cut, categories, config["label_overlap"])
        ys.append(y)
        for c, category in enumerate(categories):
            has[i, c] = contract.has.get(category, bool(contract.clauses.get(category)))
    y = np.vstack(ys) if ys else np.zeros((0, len(categories)), np.int8)
    return Corpus(texts, spans, np.array(groups), y, has, [c.name for c in contracts])


def _train_rows(corpus: Corpus, rows: np.ndarray, config) -> np.ndarray:
    """Training rows: every unit positive for some category, and a seeded share of the rest."""
    rng = np.random.default_rng(config["seed"])
    positive = corpus.y[rows].any(axis=1)
    keep = positive | (rng.random(len(rows)) < config["negatives_kept"])
    return rows[keep]


def fit_linear(corpus: Corpus, rows, categories, config, log=None):
    """Vectoriser and raw (uncalibrated) linear weights on the given rows."""
    rows = _train_rows(corpus, np.asarray(rows), config)
    vectorizer = _vectorizer(config)
    X = vectorizer.fit_transform([corpus.texts[i] for i in rows])
    weights = np.zeros((len(categories), X.shape[1]), dtype=np.float32)
    bias = np.zeros(len(categories), dtype=np.float32)
    for c in range(len(categories)):
        y = corpus.y[rows, c]
        if y.sum() >= 2:
            weights[c], bias[c] = _fit_linear(X, y, config)
        else:
            bias[c] = -10.0
    if log:
        log(f"  fitted {len(categories)} categories on {len(rows)} units, {X.shape[1]} features")
    return vectorizer, weights, bias


def out_of_fold(corpus: Corpus, categories, config=CONFIG, log=None) -> np.ndarray:
    """Raw scores of every unit from models trained on the other folds (grouped by contract)."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(corpus.y.shape, dtype=np.float32)
    folds = GroupKFold(n_splits=config["folds"])
    for k, (train, test) in enumerate(folds.split(corpus.texts, groups=corpus.groups)):
        started = time.monotonic()
        vectorizer, weights, bias = fit_linear(corpus, train, categories, config)
        X = vectorizer.transform([corpus.texts[i] for i in test])
        scores[test] = np.asarray(X @ weights.T) + bias
        if log:
            log(f"  fold {k + 1}/{config['folds']}: {time.monotonic() - started:.0f} s")
    return scores


def contract_max(values: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, values.shape[1]), dtype=np.float32)
    np.maximum.at(out, groups, values)
    return out


def fold_of_contract(n: int, config=CONFIG) -> np.ndarray:
    rng = np.random.default_rng(config["seed"] + 1)
    return rng.permutation(n) % config["folds"]


def train(contracts, categories, config=CONFIG, log=None) -> dict:
    """Everything the shipped model holds, plus the out-of-fold evidence for the report."""
    corpus = build_corpus(contracts, categories, config)
    if log:
        log(f"{len(contracts)} contracts, {len(corpus.texts)} units")
    oof = out_of_fold(corpus, categories, config, log)
    a = np.zeros(len(categories), dtype=np.float32)
    b = np.zeros(len(categories), dtype=np.float32)
    for c in range(len(categories)):
        a[c], b[c] = _platt(oof[:, c], corpus.y[:, c])
    probability = _sigmoid(oof * a + b)
    contract_scores = contract_max(probability, corpus.groups, len(contracts))
    thresholds = np.array(
        [
            best_threshold(contract_scores[:, c], corpus.has[:, c])[0]
            for c in range(len(categories))
        ],
        dtype=np.float32,
    )
    # Honest figures: each contract judged with thresholds chosen on the other folds' contracts.
    fold = fold_of_contract(len(contracts), config)
    nested = np.zeros_like(contract_scores, dtype=bool)
    for k in range(config["folds"]):
        inside, outside = fold != k, fold == k
        for c in range(len(categories)):
            th, _ = best_threshold(contract_scores[inside, c], corpus.has[inside, c])
            nested[outside, c] = contract_scores[outside, c] >= th
    if log:
        log("final model on all contracts")
    vectorizer, weights, bias = fit_linear(corpus, np.arange(len(corpus.texts)), categories, config)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {
        "categories": categories,
        "vocabulary": vocabulary,
        "idf": vectorizer.idf_.astype(np.float32),
        "weights": weights,
        "bias": bias,
        "a": a,
        "b": b,
        "thresholds": thresholds,
        "contracts": [c.name for c in contracts],
        "evidence": {
            "corpus": corpus,
            "probability": probability,
            "contract_scores": contract_scores,
            "nested": nested,
        },
    }


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
        "tiny_fingerprint": fingerprint,
        "source": "CUAD v1 development contracts (Hendrycks et al. 2021; The Atticus Project; CC BY 4.0)",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            header=np.array(json.dumps(header, sort_keys=True)),
            vocabulary=np.array(trained["vocabulary"]),
            idf=trained["idf"].astype(np.float32),
            weights=trained["weights"].astype(np.float16),
            bias=trained["bias"].astype(np.float32),
            a=trained["a"],
            b=trained["b"],
            thresholds=trained["thresholds"],
        )


def fingerprint(trained: dict) -> str:
    """A short digest of a trained model's numbers (rounded), to compare two trainings."""
    digest = hashlib.sha256()
    for key in ("idf", "weights", "bias", "a", "b", "thresholds"):
        digest.update(np.round(np.asarray(trained[key], dtype=np.float64), 3).tobytes())
    digest.update("\n".join(trained["vocabulary"]).encode())
    return digest.hexdigest()[:16]


class ClauseModel:
    def __init__(self, header, vocabulary, idf, weights, bias, a, b, thresholds):
        self.header = header
        self.categories: list[str] = header["categories"]
        self.vectorizer = _vectorizer(header["config"], {t: i for i, t in enumerate(vocabulary)})
        self.vectorizer.idf_ = idf.astype(np.float32)
        self.weights = np.ascontiguousarray(weights.astype(np.float32).T)  # features x categories
        self.bias, self.a, self.b = bias, a, b
        self.thresholds = dict(zip(self.categories, thresholds.astype(float), strict=True))

    @classmethod
    def from_trained(cls, trained, config=CONFIG):
        header = {"categories": trained["categories"], "config": config}
        return cls(
            header,
            trained["vocabulary"],
            trained["idf"],
            trained["weights"].astype(np.float16),  # as shipped
            trained["bias"],
            trained["a"],
            trained["b"],
            trained["thresholds"],
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ClauseModel:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            return cls(
                header,
                data["vocabulary"].tolist(),
                data["idf"],
                data["weights"],
                data["bias"],
                data["a"],
                data["b"],
                data["thresholds"],
            )

    def unit_scores(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability per unit text and category (units x categories)."""
        if not texts:
            return np.zeros((0, len(self.categories)), dtype=np.float32)
        X = self.vectorizer.transform(texts)
        raw = np.asarray(X @ self.weights) + self.bias
        return _sigmoid(raw * self.a + self.b).astype(np.float32)

    def read(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        cut = units(text)
        return cut, self.unit_scores([text[a:b] for a, b in cut])


@functools.cache
def shipped() -> ClauseModel:
    """The model shipped in the repository, loaded once per process."""
    return ClauseModel.load(MODEL_PATH)
