from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accord.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an `accord backup` folder into an empty database and file storage. The "
        "backup's signed manifest and every hash in it are checked first (nothing is touched "
        "if one does not match); the restored copy is then verified: row counts per table, "
        "the whole audit hash chain, and every file's hash."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="An accord-backup-<time> folder.")
        parser.add_argument(
            "--database-url",
            default=settings.DATABASE_URL,
            help="The database to restore into (default: DATABASE_URL). It must be empty.",
        )
        parser.add_argument(
            "--files-root",
            default=None,
            help=(
                "A local folder for the uploaded files (default: the configured storage, "
                "ACCORD_FILES_ROOT or the ACCORD_S3_BUCKET bucket). It must be empty."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what is already in the target database and files folder.",
        )

    def handle(self, *args, folder, database_url, files_root, force, **options):
        try:
            report = restore(
                Path(folder),
                database_url=database_url,
                files_root=Path(files_root) if files_root else None,
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: {report['rows']} rows in {report['tables']} tables "
                f"match the backup; audit chain intact ({report['audit']['records']} records, "
                f"head {report['audit']['sequence']}:{report['audit']['hash'] or '-'})."
            )
        )
