import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from accord.correspondence.receiving import mail_in_server


class Command(BaseCommand):
    help = (
        "Receive email for Accord's addresses over SMTP (`accord mail-in`): an MX or a relay "
        "delivers to ACCORD_MAILIN_HOST:ACCORD_MAILIN_PORT; only current Accord addresses of "
        "ACCORD_MAILIN_DOMAIN are accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=None, help="Default: ACCORD_MAILIN_HOST.")
        parser.add_argument("--port", type=int, default=None, help="Default: ACCORD_MAILIN_PORT.")

    def handle(self, *args, host, port, **options):
        host = host or settings.ACCORD_MAILIN_HOST or "127.0.0.1"
        port = settings.ACCORD_MAILIN_PORT if port is None else port
        controller = mail_in_server(host, port)
        controller.start()
        self.stdout.write(
            f"Accord mail-in listening on {host}:{controller.port} for *@{settings.ACCORD_MAILIN_DOMAIN}"
        )
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
