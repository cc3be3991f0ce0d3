"""Hostile mail: refused as a whole (nothing kept) or reduced to harmless text."""

import pytest

from accord.core.models import StoredFile
from accord.correspondence import actions
from accord.correspondence.models import EmailMessage
from accord.correspondence.parsing import Refused, parse, sanitise_html

from .conftest import compose

HEAD = b"From: manager.a@meridian.test\r\nTo: x@in.meridian.test\r\nSubject: s\r\n"


def nested(depth: int) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\nhello\r\n"
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (
            b"Content-Type: multipart/mixed; boundary="
            + boundary
            + b"\r\n\r\n--"
            + boundary
            + b"\r\n"
            + body
            + b"\r\n--"
            + boundary
            + b"--\r\n"
        )
    return HEAD + b"MIME-Version: 1.0\r\n" + body


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "The message is empty."),
        (b"Subject: no sender\r\n\r\nhi", "The message has no single From address."),
        (
            b"From: a@x.test, b@y.test\r\nSubject: two senders\r\n\r\nhi",
            "The message has no single From address.",
        ),
        (b"\x00\xff\xfe garbage \x00" * 50, "The message has no single From address."),
        (nested(12), "The message nests parts more than 5 deep."),
    ],
)
def test_malformed_or_deep_messages_are_refused(settings, raw, reason):
    with pytest.raises(Refused) as refused:
        parse(raw)
    assert str(refused.value) == reason


def test_thousands_of_parts_are_refused():
    message = compose(attachments=[(f"n{i}.txt", b"x", "text", "plain") for i in range(2000)])
    with pytest.raises(Refused, match="more than 100 MIME parts"):
        parse(message.as_bytes())


def test_a_message_past_the_size_limit_is_refused(settings):
    settings.ACCORD_MAILIN_MAX_MB = 1
    with pytest.raises(Refused, match="larger than the 1 MB limit"):
        parse(compose(text="x\n" * 600_000).as_bytes())


def test_broken_mime_still_reads_what_can_be_read():
    raw = (
        HEAD
        + b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=never\r\n\r\n"
        + b"--wrong\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\n\xe9t\xe9\r\n"
    )
    parsed = parse(raw)
    assert parsed.from_address == "manager.a@meridian.test"
    assert parsed.attachments == []
    plain = parse(HEAD + b"Content-Type: text/plain; charset=x-nope\r\n\r\nd\xe9j\xe0 vu\r\n")
    assert plain.text.strip() == "d\ufffdj\ufffd vu"


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">x</p>', "<p>x</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        (
            '<a href="https://kestrel.test/plan">plan</a>',
            '<a href="https://kestrel.test/plan" rel="noopener noreferrer nofollow">plan</a>',
        ),
        ('<img src="https://tracker.test/p.gif">seen', "seen"),
        ('<div style="background:url(x)">s</div><style>p{}</style>', "<div>s</div>"),
        ('<iframe src="https://evil.test"></iframe><form><input></form>t', "t"),
        ("<svg><script>alert(1)</script></svg>ok", "ok"),
    ],
)
def test_html_is_sanitised(html, clean):
    assert sanitise_html(html) == clean


def test_a_refused_message_leaves_nothing_behind(world, mail):
    message = compose(attachments=[(f"n{i}.txt", b"x", "text", "plain") for i in range(500)])
    before = StoredFile.objects.count()
    with pytest.raises(Refused):
        actions.email_receive(
            raw=message.as_bytes(),
            envelope_from="manager.a@meridian.test",
            recipients=[mail.alliance_a.address],
        )
    assert EmailMessage.objects.count() == 0
    assert StoredFile.objects.count() == before


def test_a_spoofed_internal_sender_is_held_not_filed(world, mail):
    """A From that names our alliance manager, sent from elsewhere: held for review."""
    message = compose(sender="Daniel Reyes <manager.a@meridian.test>")
    result = actions.email_receive(
        raw=message.as_bytes(),
        envelope_from="<attacker@bulk-mailer.test>",
        recipients=[mail.alliance_a.address],
    )
    assert result.filed == []
    assert "possible spoofing" in result.held[0].hold_reason
