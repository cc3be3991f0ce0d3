from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accord.core import seeding


class Command(BaseCommand):
    help = "Load the demo portfolio (demo) or a benchmark-scale one (bigpharma)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["demo", "bigpharma"], default="demo")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds alliances.",
        )
        parser.add_argument(
            "--obligations",
            type=int,
            default=None,
            help="bigpharma: how many contract obligations to generate.",
        )

    def handle(self, *args, size, if_empty, obligations, **options):
        if seeding.already_seeded():
            if if_empty:
                self.stdout.write("The database already holds a portfolio: not seeding.")
                return
            raise CommandError(
                "The database already holds alliances: seed an empty database "
                "(or pass --if-empty to skip)."
            )
        self.stdout.write(f"Seeding the {size} portfolio on {connection.vendor}…")
        ctx = seeding.SeedContext(size=size, options={"obligations": obligations})
        seeding.run(ctx, log=self.stdout.write)
        for note in ctx.notes:
            self.stdout.write(note)
        if ctx.logins:
            self.stdout.write(self.style.SUCCESS("Demo logins (http://127.0.0.1:8000):"))
            for who, email, password in ctx.logins:
                self.stdout.write(f"  {who:<22} {email:<40} {password}")
