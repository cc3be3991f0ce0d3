import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accord.contracts.reading import cuad, evaluate, predict
from accord.contracts.reading.modelfile import shipped


class Command(BaseCommand):
    help = (
        "Run the shipped clause model on a CUAD-style folder (index.csv, contracts/, optional "
        "labels.csv): print CUAD-rule figures when labels exist, write predictions as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cuad",
            default="../shared/cuad",
            help="Folder with index.csv, contracts/, labels.csv.",
        )
        parser.add_argument("--predictions", default="", help="Write the predictions JSON here.")

    def handle(self, *args, cuad: str, predictions: str, **options):
        try:
            contracts = cuad_load(cuad)
        except cuad_error() as error:
            raise CommandError(str(error)) from error
        model = shipped()
        result = predict.predict_folder(model, contracts)
        if predictions:
            Path(predictions).write_text(json.dumps(result, indent=1, sort_keys=True), "utf-8")
        self.stdout.write(f"{len(contracts)} contracts.")
        if not (Path(cuad) / "labels.csv").is_file():
            self.stdout.write("No labels.csv: predictions only.")
            return
        scores = []
        for category in model.categories:
            score = evaluate.Score(category)
            for contract in contracts:
                found = result[contract.name][category]
                guesses = [contract.text[a:b] for a, b in found["spans"]]
                score.add(
                    contract.clauses.get(category, []),
                    guesses,
                    flagged=found["present"],
                    has=contract.has.get(category, bool(contract.clauses.get(category))),
                )
            scores.append(score)
        focus = [s for s in scores if s.category in evaluate.FOCUS]
        macro = sum(s.contract_f1 for s in focus) / max(len(focus), 1)
        self.stdout.write(
            f"Contract-level macro F1 over the {len(focus)} register categories: {macro:.3f}"
        )
        self.stdout.write(evaluate.table(scores))


def cuad_load(folder):
    return cuad.load(folder)


def cuad_error():
    return cuad.CuadError
