import time

from django.core.management.base import BaseCommand

from accord.core import scheduling


class Command(BaseCommand):
    help = "Enqueue periodic jobs (reminders, digests, the weekly note) when they fall due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit (for cron).")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between checks.")

    def handle(self, *args, once, interval, **options):
        scheduling.autodiscover()
        self.stdout.write(
            f"Scheduler: {', '.join(sorted(scheduling.REGISTRY)) or 'no periodic jobs'}"
        )
        while True:
            for job in scheduling.enqueue_due():
                self.stdout.write(f"enqueued {job}")
            if once:
                return
            time.sleep(interval)
