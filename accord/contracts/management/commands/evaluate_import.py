from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accord.contracts import extraction


class Command(BaseCommand):
    help = "Measure the agreement-import suggestions against CUAD's labels (CUAD's matching rule)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cuad", default="../shared/cuad", help="Folder with contracts/ and labels.csv."
        )

    def handle(self, *args, cuad, **options):
        if not (Path(cuad) / "labels.csv").exists():
            raise CommandError(f"No CUAD labels.csv in {cuad}.")
        scores = extraction.evaluate(cuad)
        contracts = len(list((Path(cuad) / "contracts").glob("*.txt")))
        self.stdout.write(f"{contracts} contracts.\n")
        self.stdout.write(
            "| category | labels | suggestions | span precision | span recall | contracts labelled | contract precision | contract recall |"
        )
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|---:|")
        for s in scores.values():
            self.stdout.write(
                f"| {s.category} | {s.labels} | {s.predictions} | {s.precision:.2f} | {s.recall:.2f} | "
                f"{s.contracts_labelled} | {s.contract_precision:.2f} | {s.contract_recall:.2f} |"
            )
