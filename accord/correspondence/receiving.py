"""The two ways mail reaches Accord, both ending in `email_receive`:

- `MailInHandler` / `mail_in_server()`: an SMTP server (aiosmtpd) an MX or a relay delivers to.
  RCPT TO is accepted only for a current Accord address of the inbound domain (550 otherwise),
  the DATA only up to the size limit (552), and a message refused by the parser gets 550.
- `poll_imap()`: reads an IMAP mailbox (Microsoft 365, Google Workspace, Dovecot...), files each
  message and moves it to a done folder (a refused one to a refused folder); a message seen
  again (the move failed last time) files nothing twice: Message-ID is the key.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import ssl

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from .actions import email_receive, is_organiser_address, mailbox_for_address
from .parsing import Refused, max_bytes, parse

logger = logging.getLogger(__name__)


def _receive(raw: bytes, envelope_from: str, recipients: list[str], via: str):
    close_old_connections()
    try:
        return email_receive(raw=raw, envelope_from=envelope_from, recipients=recipients, via=via)
    finally:
        close_old_connections()


def _known(address: str) -> bool:
    close_old_connections()
    return is_organiser_address(address) or mailbox_for_address(address) is not None


class MailInHandler:
    """aiosmtpd handler: the database work runs in a thread (sync_to_async)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not await sync_to_async(_known, thread_sensitive=False)(address):
            return "550 5.1.1 No such Accord address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            result = await sync_to_async(_receive, thread_sensitive=False)(
                raw, envelope.mail_from or "", list(envelope.rcpt_tos), "smtp"
            )
        except Refused as error:
            logger.warning("mail-in refused a message from %s: %s", envelope.mail_from, error)
            return f"550 5.6.0 {error}"
        except Exception:
            logger.exception("mail-in could not file a message from %s", envelope.mail_from)
            return "451 4.3.0 Could not file the message now; try again later"
        logger.info(
            "mail-in: %d filed, %d held, %d already filed",
            len(result.filed),
            len(result.held),
            result.duplicates,
        )
        return "250 Message accepted"


def mail_in_server(host: str, port: int):
    """An aiosmtpd Controller (not started): STARTTLS when a certificate is configured."""
    from aiosmtpd.controller import Controller

    tls_context = None
    if settings.ACCORD_MAILIN_TLS_CERT:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(
            settings.ACCORD_MAILIN_TLS_CERT, settings.ACCORD_MAILIN_TLS_KEY or None
        )
    return Controller(
        MailInHandler(),
        hostname=host,
        port=port,
        data_size_limit=max_bytes(),
        tls_context=tls_context,
        require_starttls=False,
        server_hostname=settings.ACCORD_MAILIN_DOMAIN,
        ident="Accord mail-in",
        decode_data=False,
    )


# --- IMAP ---------------------------------------------------------------------------------------


def imap_connect():
    host, port = settings.ACCORD_IMAP_HOST, settings.ACCORD_IMAP_PORT
    if settings.ACCORD_IMAP_SSL:
        connection = imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context())
    else:
        connection = imaplib.IMAP4(host, port)
        if "STARTTLS" in connection.capabilities:
            connection.starttls(ssl_context=ssl.create_default_context())
    connection.login(settings.ACCORD_IMAP_USER, settings.ACCORD_IMAP_PASSWORD)
    return connection


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _move(connection, uid: bytes, folder: str) -> None:
    connection.create(_quote(folder))  # "already exists" is an answer, not an error
    status, _ = connection.uid("COPY", uid, _quote(folder))
    if status == "OK":
        connection.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
    else:  # cannot copy: mark it read so it is not taken again
        connection.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)")


def _recipients(raw: bytes) -> tuple[str, list[str]]:
    """The envelope as the delivering server left it in the headers: Return-Path, and the
    Delivered-To / X-Original-To / To / Cc addresses (one of them is the Accord address)."""
    parsed = parse(raw)
    return parsed.return_path, parsed.delivered_to


def poll_imap(connection=None) -> dict[str, int]:
    """One pass over the folder: file what is new, move it aside. Returns counts."""
    own = connection is None
    connection = connection or imap_connect()
    counts = {"filed": 0, "held": 0, "duplicates": 0, "refused": 0, "failed": 0}
    try:
        status, _ = connection.select(_quote(settings.ACCORD_IMAP_FOLDER))
        if status != "OK":
            raise RuntimeError(f"IMAP folder {settings.ACCORD_IMAP_FOLDER} cannot be opened.")
        status, data = connection.uid("SEARCH", None, "UNDELETED")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids:
            status, size_data = connection.uid("FETCH", uid, "(RFC822.SIZE)")
            size = _size(size_data)
            if size is not None and size > max_bytes():
                logger.warning("mail-poll: message %s is %d bytes: refused", uid, size)
                counts["refused"] += 1
                _move(connection, uid, settings.ACCORD_IMAP_REFUSED_FOLDER)
                continue
            status, fetched = connection.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in fetched or [] if isinstance(part, tuple)), None)
            if status != "OK" or raw is None:
                counts["failed"] += 1
                continue
            try:
                envelope_from, recipients = _recipients(raw)
                result = _receive(raw, envelope_from, recipients, "imap")
            except Refused as error:
                logger.warning("mail-poll refused message %s: %s", uid, error)
                counts["refused"] += 1
                _move(connection, uid, settings.ACCORD_IMAP_REFUSED_FOLDER)
                continue
            except Exception:
                logger.exception("mail-poll could not file message %s; will retry", uid)
                counts["failed"] += 1
                continue
            counts["filed"] += len(result.filed)
            counts["held"] += len(result.held)
            counts["duplicates"] += result.duplicates
            _move(connection, uid, settings.ACCORD_IMAP_DONE_FOLDER)
        connection.expunge()
    finally:
        if own:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                connection.logout()
    return counts


def _size(data) -> int | None:
    for item in data or []:
        text = item.decode("ascii", "replace") if isinstance(item, bytes) else str(item)
        match = re.search(r"RFC822\.SIZE (\d+)", text)
        if match:
            return int(match.group(1))
    return None
