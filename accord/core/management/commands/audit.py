from django.core.management.base import BaseCommand, CommandError

from accord.core.audit_chain import verify


class Command(BaseCommand):
    help = "The audit trail: `accord audit verify` recomputes its hash chain and reports breaks."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("verify", help="Check that no record was changed, removed or added.")
        check.add_argument("--database", default="default")
        check.add_argument(
            "--anchor",
            help="SEQUENCE:HASH printed by an earlier verify (kept outside Accord): also check "
            "that the chain still passes through it.",
        )

    def handle(self, *args, subcommand, database, anchor=None, **options):
        result = verify(database)
        problems = list(result.problems)
        if anchor:
            problems += self._check_anchor(anchor, database)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The audit trail is NOT intact: {len(problems)} problem(s) in {result.count} records."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit trail is intact: {result.count} records, "
                f"head {result.head_sequence}:{result.head_hash or '-'}"
            )
        )

    def _check_anchor(self, anchor: str, database: str) -> list[str]:
        from accord.core.models import AuditEvent

        try:
            sequence_text, expected = anchor.split(":", 1)
            sequence = int(sequence_text)
        except ValueError:
            raise CommandError("--anchor must look like 1234:<64 hex digits>.") from None
        row = AuditEvent.objects.using(database).filter(sequence=sequence).first()
        if row is None:
            return [f"Anchor #{sequence} is no longer in the trail."]
        if row.hash != expected:
            return [f"Anchor #{sequence} has hash {row.hash}, not the recorded {expected}."]
        return []
