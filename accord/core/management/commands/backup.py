from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accord.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the uploaded files into a "
        "new folder, with a signed manifest of row counts, the audit chain's head and the "
        "hashes of the database dump and of every file."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Where to create the accord-backup-<time> folder.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, database, **options):
        try:
            result = backup(Path(folder), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        if not manifest["audit"]["intact"]:
            self.stderr.write(
                "Warning: the audit chain was already broken when backed up: "
                + "; ".join(manifest["audit"]["problems"])
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} "
                f"tables, {len(manifest['files'])} files, audit chain head "
                f"{manifest['audit']['sequence']}:{manifest['audit']['hash'] or '-'} "
                f"to {result.path}"
            )
        )
