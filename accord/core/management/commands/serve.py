import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run Accord on this machine: migrate, load the demo portfolio into an empty database, "
        "then start the web server, a background task worker and the scheduler together. "
        "With --production the web server is gunicorn (accord/config/gunicorn.py), static files "
        "are collected and no demo is loaded unless --demo is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not load the demo portfolio."
        )
        parser.add_argument(
            "--production",
            action="store_true",
            help="Serve through gunicorn (the production WSGI server) instead of runserver.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="With --production: load the demo portfolio if the database is empty.",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="With --production: web worker processes."
        )

    def handle(self, *args, addrport, no_demo, production, demo, workers, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        load_demo = demo if production else not no_demo
        if load_demo:
            call_command("seed", size="demo", if_empty=True, stdout=self.stdout)
        if production:
            call_command("collectstatic", interactive=False, verbosity=0)
        from accord.core.seeding import demo_logins

        logins = demo_logins() if load_demo else []
        server = "gunicorn" if production else "the development server"
        self.stdout.write(
            self.style.SUCCESS(f"\nAccord is starting on http://{addrport} ({server})")
        )
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
        web = subprocess.Popen(web_command(addrport, production, workers))  # noqa: S603
        children = (
            web,
            worker,
            scheduler,
            *(
                subprocess.Popen([*python, name])  # noqa: S603
                for name in mail_services()
            ),
        )
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in children:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT if process is not web else signal.SIGTERM)
            for process in children:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def web_command(addrport: str, production: bool, workers: int | None = None) -> list[str]:
    """The command line of the web server: runserver for development, gunicorn for production."""
    if not production:
        return [sys.executable, "-m", "accord", "runserver", addrport]
    config = Path(settings.PACKAGE_DIR) / "config" / "gunicorn.py"
    command = [sys.executable, "-m", "gunicorn", "--config", str(config), "--bind", addrport]
    if workers:
        command += ["--workers", str(workers)]
    return command


def mail_services() -> list[str]:
    """The email receivers this deployment configured (docs/deployment.md, Receiving email):
    the SMTP server when ACCORD_MAILIN_HOST is set, the IMAP poller when ACCORD_IMAP_HOST is."""
    services = []
    if getattr(settings, "ACCORD_MAILIN_HOST", ""):
        services.append("mail_in")
    if getattr(settings, "ACCORD_IMAP_HOST", ""):
        services.append("mail_poll")
    return services


def _interrupt(signum, frame):
    raise KeyboardInterrupt
