import time
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from accord.contracts.reading import cuad, evaluate, model, modelfile
from accord.contracts.reading.predict import spans_of


def cv_scores(trained, contracts) -> list[evaluate.Score]:
    """Out-of-fold figures per category: contract level (nested stage 2 and thresholds) and span
    level (the spans `predict` would give: only in contracts judged to have the category)."""
    evidence = trained["evidence"]
    corpus = evidence["corpus"]
    scores = []
    for c, category in enumerate(trained["categories"]):
        score = evaluate.Score(category)
        threshold = trained["thresholds"][c]
        for i, contract in enumerate(contracts):
            rows = np.flatnonzero(corpus.groups == i)
            column = evidence["probability"][rows, c]
            chosen = spans_of(column, threshold, bool(evidence["nested"][i, c]))
            guesses = [corpus.texts[rows[r]] for r in chosen]
            score.add(
                contract.clauses.get(category, []),
                guesses,
                flagged=bool(evidence["nested"][i, c]),
                has=corpus.has[i, c],
            )
        scores.append(score)
    return scores


class Command(BaseCommand):
    help = "Train the clause model on a CUAD folder and write the shipped model file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cuad",
            default="../shared/cuad",
            help="CUAD folder (index.csv, contracts/, labels.csv).",
        )
        parser.add_argument("--out", default=str(model.MODEL_PATH), help="Model file to write.")
        parser.add_argument("--report", default="", help="Also write the CV table (Markdown) here.")
        parser.add_argument(
            "--limit", type=int, default=0, help="Train on the first N contracts only."
        )

    def handle(self, *args, cuad: str, out: str, report: str, limit: int, **options):
        started = time.monotonic()
        try:
            contracts = cuad_module_load(cuad, limit)
        except cuad_module.CuadError as error:
            raise CommandError(str(error)) from error
        if not any(c.spans for c in contracts):
            raise CommandError(f"{cuad} has no labels.csv spans to train on.")
        categories = cuad_module.categories(Path(cuad))
        self.stdout.write(f"Training on {len(contracts)} contracts, {len(categories)} categories.")
        tiny = model.train(tiny_sample(cuad), model.TINY_CATEGORIES, model.CONFIG)
        trained = model.train(contracts, categories, model.CONFIG, log=self.stdout.write)
        modelfile.save(trained, Path(out), model.CONFIG, fingerprint=modelfile.fingerprint(tiny))
        scores = cv_scores(trained, contracts)
        focus = [s for s in scores if s.category in evaluate.FOCUS]
        macro = sum(s.contract_f1 for s in focus) / max(len(focus), 1)
        text = (
            f"Grouped {model.CONFIG['folds']}-fold cross-validation by contract on {len(contracts)} "
            f"contracts (seed {model.SEED}); contract level from a stage-2 classifier fitted, and its "
            f"threshold chosen, on the other folds' contracts; span level with CUAD's matching "
            f"rule, spans only in contracts judged to have the category.\n\n"
            f"Contract-level macro F1 over the {len(focus)} register categories: {macro:.3f}\n\n"
            + evaluate.table(scores)
            + "\n"
        )
        self.stdout.write(text)
        if report:
            Path(report).write_text(text, encoding="utf-8")
        size = Path(out).stat().st_size / 1e6
        self.stdout.write(f"Wrote {out} ({size:.1f} MB) in {time.monotonic() - started:.0f} s.")


cuad_module = cuad


def cuad_module_load(folder, limit):
    contracts = cuad.load(folder)
    return contracts[:limit] if limit else contracts


def tiny_sample(folder):
    return cuad.load(folder)[: model.TINY_CONTRACTS]
