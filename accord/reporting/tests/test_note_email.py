"""The weekly note by email through a real SMTP server: an HTML letter that opens with a summary
sentence and reads in sections, the PDF attached (pypdf reads the note's lines in it)."""

from __future__ import annotations

import email
import socket
from email import policy
from io import BytesIO

import pytest
from pypdf import PdfReader

from accord.conftest import login
from accord.reporting import actions, note_email

from .test_weekly_note import MONDAY, SECRETS, week  # noqa: F401 (the crafted week fixture)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.usefixtures("week")
def test_the_note_arrives_as_html_with_its_pdf(
    world,
    settings,
    django_capture_on_commit_callbacks,
):
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    actions.note_subscribe(actor=world.executive, user=world.executive, subscribe=True)
    actions.note_annotate(
        actor=world.leader, note=note, section="happened", text="A quiet week elsewhere."
    )
    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        with django_capture_on_commit_callbacks(execute=True):
            actions.note_approve(actor=world.leader, note=note)
    finally:
        controller.stop()
    assert [to for to, _ in received] == [["exec@meridian.test"]]
    message = email.message_from_bytes(received[0][1], policy=policy.default)
    assert message["Subject"] == "Partnerships: the week of 2 March 2026"
    html = message.get_body(("html",)).get_content()
    lines = [
        line
        for block in note.content
        for key in ("happened", "ahead", "risks")
        for line in block[key]
    ]
    assert lines
    opening = note_email.opening(note)
    assert opening == (
        "7 developments across 3 partnerships this week, an escalation to watch at Heron RNA "
        "Platform, 2 decisions and milestones ahead and 1 high risk open."
    )
    assert f'<p style="font-size: 16px;">{opening}</p>' in html
    positions = [
        html.index(h)
        for h in (
            "What happened this week",
            "Next key decisions and milestones",
            "Risks and relationship health",
        )
    ]
    assert positions == sorted(positions)
    assert "A quiet week elsewhere." in html
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "weekly-note-2026-03-02.pdf"
    assert attachment.get_content_type() == "application/pdf"
    pdf = PdfReader(BytesIO(attachment.get_content()))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for line in lines:
        assert " ".join(line.split())[:40] in pdf_text, line
    assert opening[:40] in pdf_text
    for secret in SECRETS:
        assert secret not in html and secret not in pdf_text


@pytest.mark.usefixtures("week")
def test_the_note_as_emailed_is_shown_in_accord(world):
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    response = login(world.executive).get(f"/weekly-notes/{note.pk}/email/")
    assert response.status_code == 200
    assert note_email.opening(note).encode() in response.content
    assert b"Supply shortfall" in response.content
    response = login(world.executive).get(f"/weekly-notes/{note.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert login(world.partner_a).get(f"/weekly-notes/{note.pk}/email/").status_code == 403
