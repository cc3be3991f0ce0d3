import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run Accord on this machine: migrate, load the demo portfolio into an empty database, "
        "then start the web server and a background task worker together."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not load the demo portfolio."
        )

    def handle(self, *args, addrport, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        if not no_demo:
            call_command("seed", size="demo", if_empty=True, stdout=self.stdout)
        from accord.portfolio.seed import demo_logins

        logins = demo_logins()
        self.stdout.write(self.style.SUCCESS(f"\nAccord is starting on http://{addrport}"))
        if logins:
            self.stdout.write("Demo logins:")
            for who, email, password in logins:
                self.stdout.write(f"  {who:<24} {email:<36} password: {password}")
        self.stdout.write("Press Ctrl+C to stop.\n")
        # Child processes rather than threads: the web server's autoreloader restarts its
        # own process, and the worker must not be restarted (or duplicated) with it.
        # Stopped by a service manager (SIGTERM) rather than Ctrl+C: stop the children too.
        signal.signal(signal.SIGTERM, _interrupt)
        python = [sys.executable, "-m", "accord"]
        worker = subprocess.Popen([*python, "db_worker", "--no-reload"])  # noqa: S603
        scheduler = subprocess.Popen([*python, "scheduler"])  # noqa: S603
        web = subprocess.Popen([*python, "runserver", addrport])  # noqa: S603
        children = (web, worker, scheduler)
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in children:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            for process in children:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def _interrupt(signum, frame):
    raise KeyboardInterrupt
