"""`accord bench_audit --writers N`: audited writes per second, one writer against N concurrent
writers on different alliances, and what other alliances manage while one transaction holds
an alliance's chain open (a long tracker import).

PostgreSQL only: SQLite serialises every writer by design. Each writer is a thread with its own
database connection; each write is `alliance_update` (one transaction with its audit rows).
Run it in a scratch database: it migrates it, seeds the demo portfolio if it is empty, and
adds audit records.
"""

from __future__ import annotations

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction


class Command(BaseCommand):
    help = "Measure audited writes/s with N concurrent writers on different alliances (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--writers", type=int, default=4)
        parser.add_argument("--seconds", type=float, default=10.0, help="Length of each phase.")
        parser.add_argument(
            "--write",
            choices=["action", "audit"],
            default="action",
            help="action: alliance_update (the whole action); audit: a transaction holding "
            "nothing but one audit record (the chain append and the commit).",
        )

    def handle(self, *args, writers, seconds, write, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_audit measures PostgreSQL (SQLite serialises all writers).")
        if writers < 2:
            raise CommandError("--writers must be at least 2.")
        from accord.people.models import Role, User
        from accord.portfolio.models import Alliance

        call_command("migrate", interactive=False, verbosity=0)
        if not Alliance.objects.exists():
            call_command("seed", size="demo", stdout=self.stdout)
        actor = User.objects.filter(role=Role.LEADER).order_by("pk").first()
        alliances = list(Alliance.objects.order_by("pk").values_list("pk", flat=True)[:writers])
        if len(alliances) < writers:
            raise CommandError(f"Only {len(alliances)} alliances to write on: fewer writers.")

        self.write = write
        one = self._run(actor, alliances[:1], seconds)
        many = self._run(actor, alliances, seconds)
        held = self._run(actor, alliances[1:], seconds, hold=alliances[0])
        lines = [
            f"| 1 writer | {one:.1f} | 1.00 |",
            f"| {writers} writers, {writers} alliances | {many:.1f} | {many / one:.2f} |",
            f"| {writers - 1} writers while alliance 1's chain is held {seconds:.0f} s "
            f"| {held:.1f} | {held / one:.2f} |",
        ]
        self.stdout.write("| writers | audited writes/s | vs 1 writer |\n|---|---:|---:|")
        for line in lines:
            self.stdout.write(line)

    def _run(self, actor, alliances, seconds, hold=None) -> float:
        """Audited writes per second completed by the writers within `seconds`."""
        from accord.core import audit
        from accord.portfolio import actions
        from accord.portfolio.models import Alliance

        start = threading.Barrier(len(alliances) + 1 + (1 if hold else 0))
        done = [0] * len(alliances)
        errors = []
        deadline = [0.0]

        def update(pk, text):
            alliance = Alliance.objects.get(pk=pk)
            if self.write == "action":
                actions.alliance_update(
                    actor=actor, alliance=alliance, data={"value_proposition": text}
                )
                return
            with transaction.atomic():
                audit.record(
                    actor=actor,
                    obj=alliance,
                    action="update",
                    changes={"value_proposition": ("", text)},
                    alliance_id=pk,
                )

        def writer(index, pk):
            try:
                start.wait()
                while time.perf_counter() < deadline[0]:
                    update(pk, f"bench {index} {done[index]}")
                    if time.perf_counter() <= deadline[0]:
                        done[index] += 1
            except Exception as error:
                errors.append(error)
            finally:
                connections.close_all()

        def holder(pk):
            # A long import: its first audited row takes the chain; it commits at the end.
            try:
                with transaction.atomic():
                    update(pk, "long import, first row")
                    start.wait()
                    time.sleep(max(0.0, deadline[0] - time.perf_counter()))
                    update(pk, "long import, last row")
            except Exception as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=writer, args=(i, pk)) for i, pk in enumerate(alliances)]
        if hold:
            threads.append(threading.Thread(target=holder, args=(hold,)))
        for thread in threads:
            thread.start()
        deadline[0] = time.perf_counter() + seconds + 0.05
        began = time.perf_counter()
        start.wait()
        for thread in threads:
            thread.join()
        elapsed = min(time.perf_counter(), deadline[0]) - began
        if errors:
            raise CommandError(f"A writer failed: {errors[0]!r}")
        return sum(done) / elapsed
