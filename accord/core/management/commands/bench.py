import datetime as dt
import re
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from accord.core import benchmarking


class Command(BaseCommand):
    help = "Seed the bigpharma portfolio into an empty database and measure (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--write", help="Markdown file to record the results in.")
        parser.add_argument("--obligations", type=int, default=None)

    def handle(self, *args, write=None, obligations=None, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        call_command("seed", size="bigpharma", obligations=obligations, stdout=self.stdout)
        seed_seconds = time.perf_counter() - started
        self.stdout.write(f"Seeded in {seed_seconds:.1f}s")
        ctx = benchmarking.BenchContext()
        results = [benchmarking.measure(s) for s in benchmarking.app_scenarios(ctx)]
        header = (
            "| scenario | median ms | p95 ms | queries/request | runs |\n|---|---:|---:|---:|---:|"
        )
        rows = [
            f"| {r.name} | {r.median_ms:.1f} | {r.p95_ms:.1f} | {r.queries} | {r.runs} |"
            for r in results
        ]
        vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        section = "\n".join(
            [
                f"<!-- bench:{connection.vendor} -->",
                f"## {vendor}: {dt.date.today().isoformat()}",
                "",
                f"Machine: {benchmarking.machine()}.",
                "",
                f"`accord seed --size bigpharma` (2,000 alliances, 300 partners, 6,000 programs, 150 people"
                f"{' and more, see below' if ctx.notes else ''}): **{seed_seconds:.1f} s**.",
                "",
                header,
                *rows,
                "",
                *[f"- {note}" for note in ctx.notes],
                f"<!-- /bench:{connection.vendor} -->",
            ]
        )
        self.stdout.write(section)
        if write:
            path = Path(write)
            text = path.read_text() if path.exists() else "# Benchmarks\n"
            pattern = re.compile(
                rf"<!-- bench:{connection.vendor} -->.*?<!-- /bench:{connection.vendor} -->", re.S
            )
            text = (
                pattern.sub(lambda _: section, text)
                if pattern.search(text)
                else text.rstrip() + "\n\n" + section + "\n"
            )
            path.write_text(text)
            self.stdout.write(self.style.SUCCESS(f"Recorded in {path}"))
