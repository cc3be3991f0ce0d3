"""Reading one raw email, defensively: the stdlib `email` package (policy=default) within limits
on size, number of parts and nesting, HTML sanitised by nh3 (no scripts, styles, images or
event handlers), attachments handed on as bytes for the upload checks to judge.

A message past a limit, or one whose headers cannot be read, is refused as a whole
(`Refused`): the SMTP server answers 550/552, the IMAP poller moves it aside, nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage as MimeMessage
from email.utils import getaddresses, parseaddr

import nh3
from django.conf import settings
from django.utils import timezone


class Refused(Exception):
    """The message is refused as a whole; the text says why (it goes back to the sender)."""


# What a filed email's HTML may keep: text formatting, lists, tables, links. No images
# (remote images are tracking beacons), no forms, no styles (the page's CSP refuses them).
HTML_TAGS = (nh3.ALLOWED_TAGS - {"img", "map", "area"}) | set()
HTML_ATTRIBUTES = {
    tag: set(attrs) - {"style", "src", "srcset", "usemap"}
    for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()
    if tag in HTML_TAGS
}
MAX_TEXT_CHARS = 500_000
MESSAGE_ID = re.compile(r"<[^<>\s]{1,450}>")


@dataclass
class Attachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class Parsed:
    message_id: str
    in_reply_to: str
    references: list[str]
    from_address: str
    from_name: str
    to: list[str]
    cc: list[str]
    sent_at: dt.datetime | None
    subject: str
    text: str
    html: str
    attachments: list[Attachment] = field(default_factory=list)
    calendar_replies: list[bytes] = field(default_factory=list)
    authentication_results: list[str] = field(default_factory=list)
    delivered_to: list[str] = field(default_factory=list)
    return_path: str = ""


def max_mb() -> int:
    """The whole message is kept as a stored file, so it cannot pass the upload limit either."""
    return min(settings.ACCORD_MAILIN_MAX_MB, settings.ACCORD_MAX_UPLOAD_MB)


def max_bytes() -> int:
    return max_mb() * 1024 * 1024


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=HTML_TAGS,
        attributes=HTML_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def _header(message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception as error:  # a header the parser cannot make sense of
        raise Refused(f"The {name} header cannot be read.") from error
    return " ".join(str(value).split()) if value is not None else ""


def _addresses(message, *names: str) -> list[str]:
    values = []
    for name in names:
        try:
            values += [str(v) for v in message.get_all(name, [])]
        except Exception as error:
            raise Refused(f"The {name} header cannot be read.") from error
    return [addr.lower() for _name, addr in getaddresses(values) if "@" in addr][:200]


def _text_of(part) -> str:
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", errors="replace")
    return text[:MAX_TEXT_CHARS]


def _leaves(message) -> list[tuple[MimeMessage, int]]:
    """Every leaf part with its depth, counting parts and nesting as it goes (iteratively: a
    hostile message cannot exhaust the stack)."""
    limit_parts, limit_depth = settings.ACCORD_MAILIN_MAX_PARTS, settings.ACCORD_MAILIN_MAX_DEPTH
    leaves, pending, count = [], [(message, 0)], 0
    while pending:
        part, depth = pending.pop()
        count += 1
        if count > limit_parts:
            raise Refused(f"The message has more than {limit_parts} MIME parts.")
        if depth > limit_depth:
            raise Refused(f"The message nests parts more than {limit_depth} deep.")
        if part.is_multipart():
            children = part.get_payload()
            if not isinstance(children, list):
                raise Refused("The message's MIME structure is damaged.")
            pending.extend((child, depth + 1) for child in reversed(children))
        else:
            leaves.append((part, depth))
    return leaves


def _date(message) -> dt.datetime | None:
    try:
        value = message.get("Date")
        moment = getattr(value, "datetime", None)
    except Exception:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def parse(raw: bytes) -> Parsed:
    if len(raw) > max_bytes():
        raise Refused(f"The message is larger than the {max_mb()} MB limit.")
    if not raw.strip():
        raise Refused("The message is empty.")
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception as error:
        raise Refused("The message cannot be read as an email.") from error
    from_header = _header(message, "From")
    from_name, from_address = parseaddr(from_header)
    if "@" not in from_address or len(getaddresses([from_header])) != 1:
        raise Refused("The message has no single From address.")
    message_id = next(iter(_ids(_header(message, "Message-ID"))), "")
    if not message_id:  # the same bytes get the same id: receiving twice files once
        message_id = f"<{hashlib.sha256(raw).hexdigest()}@accord.no-message-id>"
    text, html = "", ""
    attachments, calendar_replies = [], []
    for part, _depth in _leaves(message):
        content_type = part.get_content_type()
        name = part.get_filename() or ""
        if content_type == "text/calendar":
            payload = part.get_payload(decode=True) or b""
            if re.search(rb"^METHOD:\s*REPLY\s*$", payload, re.IGNORECASE | re.MULTILINE):
                calendar_replies.append(payload)
            continue
        if part.get_content_maintype() == "multipart":  # its boundary never came: damaged
            if not text:
                payload = part.get_payload(decode=True) or b""
                text = payload.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]
            continue
        inline_text = content_type in ("text/plain", "text/html") and not part.is_attachment()
        if inline_text and not name:
            if content_type == "text/plain" and not text:
                text = _text_of(part)
            elif content_type == "text/html" and not html:
                html = sanitise_html(_text_of(part)).strip()
            continue
        payload = part.get_payload(decode=True)
        if payload is None:  # a message/rfc822 body or a damaged part: nothing to keep
            payload = part.as_bytes() if content_type == "message/rfc822" else b""
        if not payload:
            continue
        attachments.append(
            Attachment(
                name=(name or f"attachment-{len(attachments) + 1}")[:200],
                content_type=content_type[:150],
                content=payload,
            )
        )
    return Parsed(
        message_id=message_id,
        in_reply_to=next(iter(_ids(_header(message, "In-Reply-To"))), ""),
        references=_ids(_header(message, "References"))[-50:],
        from_address=from_address.lower()[:320],
        from_name=from_name[:200],
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        sent_at=_date(message),
        subject=_header(message, "Subject")[:500],
        text=text,
        html=html,
        attachments=attachments,
        calendar_replies=calendar_replies,
        authentication_results=[str(v) for v in message.get_all("Authentication-Results", [])],
        delivered_to=_addresses(message, "Delivered-To", "X-Original-To", "To", "Cc"),
        return_path=parseaddr(_header(message, "Return-Path"))[1].lower(),
    )
