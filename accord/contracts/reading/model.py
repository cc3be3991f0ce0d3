"""The clause model: which sentences of an agreement answer which CUAD category.

Stage 1, sentences: one linear classifier per CUAD category over TF-IDF word 1-2 grams of a
sentence (see `segment.units`; a sentence is labelled by the parts of CUAD's labels it overlaps,
`cuad.segments`), calibrated per category (Platt scaling fitted on out-of-fold
scores, folds grouped by contract), so a sentence's score is a probability. The sentence
threshold (used to pick the spans) maximises contract-level F1 of the best sentence's score on the
out-of-fold scores of the development contracts.

Stage 2, contracts: whether a contract has a category at all is decided per category by a small
logistic regression over contract-level features: the logit of its best sentence's probability,
the score of a document-level classifier (TF-IDF word 1-2 grams of the whole text, one logistic
regression per category: the kind of agreement predicts its clauses) and, for the 15 register
categories, how often hand-written patterns (`rules.py`, `data/clause_rules.json`) match the text
(the count's log and whether any matched) and the score of an evidence classifier reading only
the sentences those patterns match. Stage 2 is fitted on out-of-fold stage-1, document and
evidence scores, and its threshold is chosen on its own out-of-fold scores. Trained by
`accord train_clauses` on CUAD (406 development contracts; Hendrycks et al. 2021, The Atticus
Project, CC BY 4.0).

The shipped model is a NumPy `.npz` archive read with `allow_pickle=False` (arrays and a JSON
header only: no pickled code is ever loaded).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import rules
from .segment import units

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "clause_model-v4.npz"
VERSION = 4
SEED = 20210308
CONFIG = {
    "version": VERSION,
    "segment": "segment.units v1 (paragraphs, sentences, semicolons, 1200 chars)",
    "label_overlap": 0.5,
    # A label with omitted parts labels each part, not the text between (cuad.segments).
    "label_parts": "omitted parts apart",
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
    "document": {
        "classifier": {"kind": "LogisticRegression", "C": 4.0, "solver": "liblinear"},
        "class_weight": "balanced",
        "max_df": 0.9,
    },
    # Per register category, a classifier of the contract's sentences its patterns match.
    "evidence": {
        "ngram_range": [1, 2],
        "min_df": 2,
        "sublinear_tf": True,
        "strip_accents": "unicode",
        "classifier": {"kind": "LogisticRegression", "C": 1.0, "solver": "liblinear"},
        "class_weight": "balanced",
    },
    "stage2": {"features": ["max", "doc", "rules", "rules_any", "evidence"], "C": 1.0},
    "rules": rules.digest(),
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


def _vectorizer(config, vocabulary=None, document=False):
    from sklearn.feature_extraction.text import TfidfVectorizer

    params = dict(config["vectorizer"])
    if document:
        params["max_df"] = config["document"]["max_df"]
    params["ngram_range"] = tuple(params["ngram_range"])
    if vocabulary is not None:
        params.pop("max_features"), params.pop("min_df"), params.pop("max_df")
        params["vocabulary"] = vocabulary
    return TfidfVectorizer(dtype=np.float32, **params)


def _fit_linear(X, y, config, spec=None, class_weight=None):
    from sklearn.linear_model import LogisticRegression

    spec = spec or config["classifier"]
    model = LogisticRegression(
        C=spec["C"], solver=spec["solver"], random_state=config["seed"], class_weight=class_weight
    )
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


def _logit(p):
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-5, 1 - 1e-5)
    return np.log(p / (1 - p))


# Stage-2 features of one contract: per category, from its units' probabilities (units x
# categories), its document-level scores (categories) and its pattern hit counts (categories).
FEATURES = {
    "max": lambda top, probability, doc, hits, evidence: _logit(top[0]),
    "second": lambda top, probability, doc, hits, evidence: _logit(top[1]),
    "top3": lambda top, probability, doc, hits, evidence: _logit(top).mean(axis=0),
    "count": lambda top, probability, doc, hits, evidence: np.log1p(
        (probability >= 0.5).sum(axis=0)
    ),
    "units": lambda top, probability, doc, hits, evidence: np.full(
        len(doc), np.log1p(len(probability))
    ),
    "doc": lambda top, probability, doc, hits, evidence: np.asarray(doc, dtype=np.float64),
    "rules": lambda top, probability, doc, hits, evidence: np.log1p(hits),
    "rules_any": lambda top, probability, doc, hits, evidence: (hits > 0).astype(np.float64),
    "evidence": lambda top, probability, doc, hits, evidence: evidence,
}
RULE_FEATURES = {"rules", "rules_any"}


def contract_features(
    probability: np.ndarray,
    doc: np.ndarray,
    names,
    hits: np.ndarray | None = None,
    evidence: np.ndarray | None = None,
) -> np.ndarray:
    """Categories x features for one contract (see FEATURES)."""
    top = -np.sort(-probability, axis=0)[:3] if len(probability) else np.zeros((0, len(doc)))
    if len(top) < 3:
        top = np.vstack([top, np.zeros((3 - len(top), len(doc)))])
    hits = np.zeros(len(doc)) if hits is None else np.asarray(hits, dtype=np.float64)
    evidence = np.zeros(len(doc)) if evidence is None else np.asarray(evidence, dtype=np.float64)
    return np.stack(
        [FEATURES[name](top, probability, doc, hits, evidence) for name in names], axis=1
    )


def rule_hits(text: str, categories, names) -> np.ndarray | None:
    """The contract's pattern hit counts per category, when stage 2 uses them."""
    return rules.hit_counts(text, list(categories)) if RULE_FEATURES & set(names) else None


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


def fit_document(texts, has, config):
    """Document-level classifier: vectoriser, weights and bias per category on whole texts."""
    vectorizer = _vectorizer(config, document=True)
    X = vectorizer.fit_transform(texts)
    spec = config["document"]
    weights = np.zeros((has.shape[1], X.shape[1]), dtype=np.float32)
    bias = np.zeros(has.shape[1], dtype=np.float32)
    for c in range(has.shape[1]):
        y = has[:, c]
        if 2 <= y.sum() <= len(y) - 2:
            weights[c], bias[c] = _fit_linear(
                X, y, config, spec["classifier"], spec["class_weight"]
            )
        else:
            bias[c] = 10.0 if y.sum() > len(y) / 2 else -10.0
    return vectorizer, weights, bias


def _evidence_vectorizer(config, vocabulary=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    spec = config["evidence"]
    params = {
        "ngram_range": tuple(spec["ngram_range"]),
        "sublinear_tf": spec["sublinear_tf"],
        "strip_accents": spec["strip_accents"],
    }
    if vocabulary is None:
        params["min_df"] = spec["min_df"]
    else:
        params["vocabulary"] = vocabulary
    return TfidfVectorizer(dtype=np.float32, **params)


def evidence_documents(texts, categories) -> list[list[str]]:
    """Per contract, per category, the sentences the category's patterns match (`rules.evidence`)."""
    return [rules.evidence(text, units(text), list(categories)) for text in texts]


def fit_evidence(documents, has, config):
    """The evidence classifier: one vectoriser over every category's matched sentences, and per
    category with patterns a balanced logistic regression of whether the contract has it."""
    with_rules = [c for c in range(has.shape[1]) if any(d[c] for d in documents)]
    vectorizer = _evidence_vectorizer(config)
    try:
        vectorizer.fit([d[c] for c in with_rules for d in documents])
    except ValueError:  # no sentence matched any pattern: no vocabulary, only biases
        vectorizer = None
    size = len(vectorizer.vocabulary_) if vectorizer else 0
    weights = np.zeros((has.shape[1], size), dtype=np.float32)
    bias = np.zeros(has.shape[1], dtype=np.float32)
    spec = config["evidence"]
    for c in with_rules if vectorizer else []:
        y = has[:, c]
        if 2 <= y.sum() <= len(y) - 2:
            X = vectorizer.transform([d[c] for d in documents])
            weights[c], bias[c] = _fit_linear(
                X, y, config, spec["classifier"], spec["class_weight"]
            )
    return vectorizer, weights, bias


def evidence_scores(vectorizer, weights, bias, documents) -> np.ndarray:
    """Contracts x categories: the evidence classifier's raw score (its bias without patterns)."""
    out = np.tile(np.asarray(bias, dtype=np.float32), (len(documents), 1))
    if vectorizer is None or not weights.shape[1]:
        return out
    for c in np.flatnonzero(np.abs(weights).sum(axis=1) > 0):
        X = vectorizer.transform([d[c] for d in documents])
        out[:, c] += np.asarray(X @ weights[c].astype(np.float32)).ravel()
    return out


def _out_of_fold(items, has, config, fit, score) -> np.ndarray:
    """Contracts x categories: each contract's `score(fitted, its items)` from `fit` on the
    other folds' items."""
    fold = fold_of_contract(len(items), config)
    scores = np.zeros(has.shape, dtype=np.float32)
    for k in range(config["folds"]):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        if len(test):
            fitted = fit([items[i] for i in train], has[train], config)
            scores[test] = score(fitted, [items[i] for i in test])
    return scores


def evidence_out_of_fold(documents, has, config, log=None) -> np.ndarray:
    """Evidence scores of every contract from classifiers trained on the other folds."""
    scores = _out_of_fold(
        documents, has, config, fit_evidence, lambda fitted, test: evidence_scores(*fitted, test)
    )
    if log:
        log("  evidence scores out of fold")
    return scores


def document_out_of_fold(texts, has, config, log=None) -> np.ndarray:
    """Document-level scores of every contract from classifiers trained on the other folds."""

    def score(fitted, test):
        vectorizer, weights, bias = fitted
        return np.asarray(vectorizer.transform(test) @ weights.T) + bias

    scores = _out_of_fold(texts, has, config, fit_document, score)
    if log:
        log("  document-level scores out of fold")
    return scores


def fit_stage2(X: np.ndarray, y: np.ndarray, config) -> tuple[np.ndarray, ...]:
    """Standardised logistic regression of one category: (coef, intercept, mean, scale)."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-6
    if y.sum() < 2 or y.sum() > len(y) - 2:
        coef = np.zeros(X.shape[1])
        return coef, (10.0 if y.sum() > len(y) / 2 else -10.0), mean, scale
    fit = LogisticRegression(C=config["stage2"]["C"], solver="lbfgs", max_iter=1000)
    fit.fit((X - mean) / scale, y)
    return fit.coef_.ravel(), float(fit.intercept_[0]), mean, scale


def stage2_score(X, coef, intercept, mean, scale) -> np.ndarray:
    return _sigmoid(((X - mean) / scale) @ coef + intercept)


def stage2_oof(X: np.ndarray, y: np.ndarray, fold: np.ndarray, config) -> np.ndarray:
    """Stage-2 probabilities of the given contracts, each from a fit on the other folds."""
    out = np.zeros(len(y))
    for k in np.unique(fold):
        inside, outside = fold != k, fold == k
        out[outside] = stage2_score(X[outside], *fit_stage2(X[inside], y[inside], config))
    return out


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
    n, names = len(contracts), config["stage2"]["features"]
    if log:
        log(f"{n} contracts, {len(corpus.texts)} units")
    oof = out_of_fold(corpus, categories, config, log)
    a = np.zeros(len(categories), dtype=np.float32)
    b = np.zeros(len(categories), dtype=np.float32)
    for c in range(len(categories)):
        a[c], b[c] = _platt(oof[:, c], corpus.y[:, c])
    probability = _sigmoid(oof * a + b)
    contract_scores = contract_max(probability, corpus.groups, n)
    # The sentence threshold: which units of a contract are its spans.
    thresholds = np.array(
        [
            best_threshold(contract_scores[:, c], corpus.has[:, c])[0]
            for c in range(len(categories))
        ],
        dtype=np.float32,
    )
    texts = [contract.text for contract in contracts]
    doc_oof = document_out_of_fold(texts, corpus.has, config, log)
    use_evidence = "evidence" in names
    documents = evidence_documents(texts, categories) if use_evidence else []
    evidence_oof = (
        evidence_out_of_fold(documents, corpus.has, config, log)
        if use_evidence
        else np.zeros(corpus.has.shape, dtype=np.float32)
    )
    features = np.stack(
        [
            contract_features(
                probability[corpus.groups == i],
                doc_oof[i],
                names,
                rule_hits(texts[i], categories, names),
                evidence_oof[i],
            )
            for i in range(n)
        ]
    )  # contracts x categories x features
    fold = fold_of_contract(n, config)
    # Stage 2 per category: fitted on every contract; threshold on its out-of-fold scores.
    # Honest figures: each contract judged by a stage 2 fitted on the other folds' contracts,
    # with a threshold chosen on those contracts' own out-of-fold stage-2 scores.
    s2 = np.zeros((len(categories), len(names)), dtype=np.float32)
    s2_intercept = np.zeros(len(categories), dtype=np.float32)
    s2_mean = np.zeros((len(categories), len(names)), dtype=np.float32)
    s2_scale = np.ones((len(categories), len(names)), dtype=np.float32)
    s2_thresholds = np.zeros(len(categories), dtype=np.float32)
    stage2_probability = np.zeros((n, len(categories)), dtype=np.float32)
    nested = np.zeros((n, len(categories)), dtype=bool)
    for c in range(len(categories)):
        X, y = features[:, c, :], corpus.has[:, c]
        s2[c], s2_intercept[c], s2_mean[c], s2_scale[c] = fit_stage2(X, y, config)
        stage2_probability[:, c] = stage2_oof(X, y, fold, config)
        s2_thresholds[c] = best_threshold(stage2_probability[:, c], y)[0]
        for k in range(config["folds"]):
            inside, outside = fold != k, fold == k
            if not outside.any():
                continue
            inner = stage2_oof(X[inside], y[inside], fold[inside], config)
            th, _ = best_threshold(inner, y[inside])
            fitted = fit_stage2(X[inside], y[inside], config)
            nested[outside, c] = stage2_score(X[outside], *fitted) >= th
    if log:
        log("final model on all contracts")
    vectorizer, weights, bias = fit_linear(corpus, np.arange(len(corpus.texts)), categories, config)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    doc_vectorizer, doc_weights, doc_bias = fit_document(texts, corpus.has, config)
    doc_vocabulary = sorted(doc_vectorizer.vocabulary_, key=doc_vectorizer.vocabulary_.get)
    ev_vectorizer, ev_weights, ev_bias = (
        fit_evidence(documents, corpus.has, config)
        if use_evidence
        else (None, np.zeros((len(categories), 0), np.float32), np.zeros(len(categories)))
    )
    ev_vocabulary = (
        sorted(ev_vectorizer.vocabulary_, key=ev_vectorizer.vocabulary_.get)
        if ev_vectorizer
        else []
    )
    ev_idf = ev_vectorizer.idf_.astype(np.float32) if ev_vectorizer else np.zeros(0, np.float32)
    return {
        "categories": categories,
        "vocabulary": vocabulary,
        "idf": vectorizer.idf_.astype(np.float32),
        "weights": weights,
        "bias": bias,
        "a": a,
        "b": b,
        "thresholds": thresholds,
        "doc_vocabulary": doc_vocabulary,
        "doc_idf": doc_vectorizer.idf_.astype(np.float32),
        "doc_weights": doc_weights,
        "doc_bias": doc_bias,
        "ev_vocabulary": ev_vocabulary,
        "ev_idf": ev_idf,
        "ev_weights": ev_weights,
        "ev_bias": ev_bias,
        "s2_coef": s2,
        "s2_intercept": s2_intercept,
        "s2_mean": s2_mean,
        "s2_scale": s2_scale,
        "s2_thresholds": s2_thresholds,
        "contracts": [c.name for c in contracts],
        "evidence": {
            "corpus": corpus,
            "probability": probability,
            "contract_scores": contract_scores,
            "document_scores": doc_oof,
            "evidence_scores": evidence_oof,
            "stage2_probability": stage2_probability,
            "nested": nested,
        },
    }
