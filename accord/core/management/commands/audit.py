from django.core.management.base import BaseCommand, CommandError

from accord.core.audit_chain import LEGACY, anchor, verify


class Command(BaseCommand):
    help = (
        "The audit trail: `accord audit verify` recomputes every hash chain and anchor and "
        "reports breaks; `accord audit anchor` seals the chains' current heads."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("verify", help="Check that no record was changed, removed or added.")
        check.add_argument("--database", default="default")
        check.add_argument(
            "--anchor",
            help="NUMBER:HASH of an anchor printed earlier (kept outside Accord): also check that "
            "the anchors still pass through it. A SEQUENCE:HASH head printed before the chains "
            "were split is checked against the legacy chain.",
        )
        seal = sub.add_parser(
            "anchor", help="Seal the heads of the chains that moved (hourly job)."
        )
        seal.add_argument("--database", default="default")

    def handle(self, *args, subcommand, database, anchor=None, **options):
        if subcommand == "anchor":
            return self._anchor(database)
        result = verify(database)
        problems = list(result.problems)
        if anchor:
            problems += self._check_anchor(anchor, database)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The audit trail is NOT intact: {len(problems)} problem(s) in {result.count} "
                f"records and {result.anchors} anchors."
            )
        number, value = result.latest_anchor
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit trail is intact: {result.count} records in {result.chains} chains, "
                f"{result.anchors} anchors, latest anchor {number}:{value or '-'}"
            )
        )

    def _anchor(self, database: str):
        row = anchor(database)
        if row is None:
            self.stdout.write("No chain moved since the last anchor: nothing to seal.")
            return
        chains = row.heads.count("[") - 1
        self.stdout.write(
            self.style.SUCCESS(f"Anchor {row.sequence}:{row.hash} seals {chains} chain head(s).")
        )

    def _check_anchor(self, anchor_text: str, database: str) -> list[str]:
        from accord.core.models import AuditAnchor, AuditEvent

        try:
            number_text, expected = anchor_text.split(":", 1)
            number = int(number_text)
        except ValueError:
            raise CommandError("--anchor must look like 1234:<64 hex digits>.") from None
        row = AuditAnchor.objects.using(database).filter(sequence=number).first()
        if row is not None and row.hash == expected:
            return []
        legacy = AuditEvent.objects.using(database).filter(chain=LEGACY, sequence=number).first()
        if legacy is not None and legacy.hash == expected:
            return []
        if row is None and legacy is None:
            return [f"Anchor #{number} is no longer in the trail."]
        found = row.hash if row is not None else legacy.hash
        return [f"Anchor #{number} has hash {found}, not the recorded {expected}."]
