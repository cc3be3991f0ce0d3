import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accord.correspondence.receiving import poll_imap


class Command(BaseCommand):
    help = (
        "Poll an IMAP mailbox for Accord's addresses (`accord mail-poll`): ACCORD_IMAP_HOST, "
        "_PORT, _USER, _PASSWORD, _SSL, _FOLDER, every ACCORD_IMAP_INTERVAL seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")

    def handle(self, *args, once, **options):
        if not settings.ACCORD_IMAP_HOST or not settings.ACCORD_IMAP_USER:
            raise CommandError("Set ACCORD_IMAP_HOST and ACCORD_IMAP_USER to poll a mailbox.")
        stop = threading.Event()
        if not once:
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
        while True:
            try:
                counts = poll_imap()
                self.stdout.write(", ".join(f"{count} {what}" for what, count in counts.items()))
            except Exception as error:  # the server is down: say so, try again next time
                if once:
                    raise CommandError(f"IMAP polling failed: {error}") from error
                self.stderr.write(f"IMAP polling failed: {error}")
            if once:
                return
            try:
                if stop.wait(settings.ACCORD_IMAP_INTERVAL):
                    return
            except KeyboardInterrupt:
                return
