from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accord.core import loadtest


class Command(BaseCommand):
    help = (
        "Drive the key pages through gunicorn at a fixed offered rate (open loop), side by side "
        "with a bare Django reference, and record latency, errors and server CPU per request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rate", type=float, default=20.0, help="Requests per second.")
        parser.add_argument("--duration", type=float, default=30.0, help="Seconds per page.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers.")
        parser.add_argument("--only", help="A regular expression selecting pages by name.")
        parser.add_argument("--seed", type=int, default=None, help="Page order seed.")
        parser.add_argument(
            "--password", default=None, help="The seeded accounts' password (demo's by default)."
        )
        parser.add_argument("--write", help="Record the table in this Markdown file.")

    def handle(self, *args, rate, duration, workers, only, seed, password, write, **options):
        from accord.portfolio.models import Alliance
        from accord.portfolio.seed import DEMO_PASSWORD

        if not Alliance.objects.exists():
            raise CommandError("Seed a portfolio first: accord seed --size bigpharma")
        results, context = loadtest.run(
            rate=rate,
            duration=duration,
            workers=workers,
            password=password or DEMO_PASSWORD,
            only=only,
            log_dir=Path(settings.VAR_DIR) / "loadtest",
            seed=seed,
        )
        table = loadtest.report(results, context)
        self.stdout.write(table)
        if write:
            title = f"Under load through gunicorn ({context['database']})"
            loadtest.write_section(Path(write), title, table)
            self.stdout.write(self.style.SUCCESS(f"Recorded in {write}"))
