"""Filing email through `email_receive`: who is filed and who is held, threads, firewalls,
attachments through the upload checks, rotation, review."""

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from reportlab.pdfgen import canvas

from accord.core.files import open_stored
from accord.core.models import AuditEvent, StoredFile
from accord.correspondence import actions
from accord.correspondence.access import messages_for
from accord.correspondence.models import EmailMessage, EmailStatus
from accord.correspondence.parsing import Refused
from accord.governance.actions import issue_create
from accord.notifications.models import Notification

from .conftest import compose


def pdf_bytes(text="Minutes of the JSC") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def events_of(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def receive(message, mailbox, envelope_from=None, **kwargs):
    raw = message.as_bytes() if hasattr(message, "as_bytes") else message
    return actions.email_receive(
        raw=raw,
        envelope_from=message["From"] if envelope_from is None else envelope_from,
        recipients=[mailbox.address],
        **kwargs,
    )


def test_a_known_colleague_forwarding_with_an_attachment_files_it(world, mail):
    pdf = pdf_bytes()
    message = compose(
        to=("jordan@kestrel.test",),
        cc=(mail.alliance_a.address,),
        html="<p>Agreed <b>change</b></p><script>alert(1)</script>",
        attachments=[("minutes.pdf", pdf, "application", "pdf")],
    )
    result = receive(message, mail.alliance_a)

    assert (len(result.filed), len(result.held), result.duplicates) == (1, 0, 0)
    email = result.filed[0]
    assert email.status == EmailStatus.FILED
    assert email.sender == world.manager_a
    assert email.alliance == world.alliance_a
    assert email.program is None
    assert email.subject == "Change to the development plan"
    assert email.to == "jordan@kestrel.test"
    assert email.cc == mail.alliance_a.address
    assert email.text_body.strip() == "Kestrel agrees to move the IND filing to Q3."
    assert email.html_body == "<p>Agreed <b>change</b></p>"
    [attachment] = email.attachments.all()
    assert (attachment.name, attachment.refused) == ("minutes.pdf", "")
    assert attachment.file.kind == "pdf"
    assert attachment.file.private is True
    with open_stored(attachment.file) as handle:
        assert handle.read() == pdf
    with open_stored(email.eml) as handle:
        assert handle.read() == message.as_bytes()
    assert email.eml.kind == "eml"
    created = events_of(email).filter(action="create")
    assert set(created.values_list("field", flat=True)) >= {"status", "subject", "from_address"}
    assert set(created.values_list("actor", flat=True)) == {world.manager_a.pk}


def test_the_same_message_twice_is_filed_once(world, mail):
    message = compose()
    receive(message, mail.alliance_a)
    again = receive(message, mail.alliance_a)
    assert (again.filed, again.held, again.duplicates) == ([], [], 1)
    assert EmailMessage.objects.count() == 1


def test_one_message_to_two_addresses_files_at_each(world, mail):
    message = compose(cc=(mail.alliance_a.address, mail.issue_a.address))
    result = actions.email_receive(
        raw=message.as_bytes(),
        envelope_from="manager.a@meridian.test",
        recipients=[mail.alliance_a.address, mail.issue_a.address, "else@in.meridian.test"],
    )
    assert sorted((e.mailbox_id, e.issue_id) for e in result.filed) == sorted(
        [(mail.alliance_a.pk, None), (mail.issue_a.pk, mail.issue.pk)]
    )


@pytest.mark.parametrize(
    ("sender", "envelope", "reason"),
    [
        (
            "stranger@example.com",
            None,
            "The sender stranger@example.com is not a known Accord user.",
        ),
        (
            "claire@polaris.test",
            None,
            "The sender claire@polaris.test is not on this alliance's team.",
        ),
        (
            "manager.a@meridian.test",
            "bounce@evil.example",
            "The envelope sender bounce@evil.example and the From address manager.a@meridian.test differ (possible spoofing).",
        ),
    ],
)
def test_unknown_partner_of_another_alliance_or_spoofed_is_held(
    world, mail, sender, envelope, reason
):
    result = receive(compose(sender=sender), mail.alliance_a, envelope_from=envelope)
    assert result.filed == []
    [email] = result.held
    assert (email.status, email.hold_reason) == (EmailStatus.HELD, reason)
    notified = Notification.objects.filter(kind="email_held")
    assert set(notified.values_list("recipient", flat=True)) == {world.manager_a.pk}
    # Held email is out of every list; only its reviewers see it.
    assert not EmailMessage.objects.visible_to(world.leader).exists()
    assert list(EmailMessage.objects.held_for(world.manager_a)) == [email]
    assert list(EmailMessage.objects.held_for(world.leader)) == [email]
    for persona in ("manager_b", "executive", "contributor", "firewalled", "partner_a"):
        assert not messages_for(getattr(world, persona)).exists(), persona


def test_a_partner_user_of_the_alliance_is_filed(world, mail):
    result = receive(compose(sender="Jordan <JORDAN@kestrel.test>"), mail.alliance_a)
    assert [e.sender for e in result.filed] == [world.partner_a]


def test_the_trusted_relays_failed_authentication_holds(world, mail, settings):
    settings.ACCORD_MAILIN_TRUSTED_AUTHSERV = "mx.meridian.test"
    failed = compose(
        headers={"Authentication-Results": "mx.meridian.test; spf=fail; dkim=none; dmarc=fail"}
    )
    forged = compose(headers={"Authentication-Results": "evil.example; spf=pass; dmarc=pass"})
    passed = compose(
        headers={"Authentication-Results": "mx.meridian.test; spf=pass; dkim=pass; dmarc=pass"}
    )
    assert receive(failed, mail.alliance_a).held[0].hold_reason == (
        "Sender authentication failed (dkim, dmarc, spf)."
    )
    assert receive(forged, mail.alliance_a).held[0].hold_reason == (
        "No sender authentication from mx.meridian.test."
    )
    assert len(receive(passed, mail.alliance_a).filed) == 1


def test_review_files_or_rejects_and_is_audited(world, mail):
    first = receive(compose(sender="stranger@example.com"), mail.alliance_a).held[0]
    second = receive(compose(sender="stranger@example.com"), mail.alliance_a).held[0]
    with pytest.raises(actions.PermissionDenied):
        actions.email_file(actor=world.manager_b, message=first)
    assert EmailMessage.objects.get(pk=first.pk).status == EmailStatus.HELD

    actions.email_file(actor=world.manager_a, message=first, reason="Kestrel's new counsel")
    actions.email_reject(actor=world.manager_a, message=second, reason="Newsletter")
    assert list(EmailMessage.objects.visible_to(world.executive)) == [first]
    event = events_of(first).get(field="status", action="update")
    assert (event.old_value, event.new_value, event.reason, event.actor) == (
        "Held for review",
        "Filed",
        "Kestrel's new counsel",
        world.manager_a,
    )
    with pytest.raises(actions.ValidationError):
        actions.email_file(actor=world.manager_a, message=second)


def test_replies_join_the_conversation(world, mail):
    first = receive(compose(message_id="<root@meridian.test>"), mail.alliance_a).filed[0]
    reply = receive(
        compose(
            sender="jordan@kestrel.test",
            subject="Re: Change to the development plan",
            message_id="<reply@kestrel.test>",
            in_reply_to="<root@meridian.test>",
            references="<root@meridian.test>",
        ),
        mail.alliance_a,
    ).filed[0]
    again = receive(
        compose(
            message_id="<reply2@meridian.test>",
            references="<root@meridian.test> <reply@kestrel.test>",
            in_reply_to="<reply@kestrel.test>",
        ),
        mail.alliance_a,
    ).filed[0]
    other = receive(compose(message_id="<other@meridian.test>"), mail.alliance_a).filed[0]
    assert (reply.thread_id, again.thread_id, other.thread_id) == (first.pk, first.pk, None)
    assert list(EmailMessage.objects.of_thread(again).order_by("pk")) == [first, reply, again]


def test_a_firewalled_programs_email_exists_only_for_the_cleared(world, mail):
    result = receive(compose(), mail.meeting_a2)
    [email] = result.filed
    assert (email.program, email.meeting) == (world.program_a2, mail.a2_meeting)
    assert email.eml.program_id == world.program_a2.pk
    seeing = {
        name
        for name in world.PERSONAS
        if EmailMessage.objects.visible_to(getattr(world, name)).filter(pk=email.pk).exists()
    }
    assert seeing == {"manager_a"}
    # Someone not cleared who sends to the program's address is held, not filed.
    held = receive(compose(sender="chemist@meridian.test"), mail.meeting_a2).held[0]
    assert held.hold_reason == "The sender is not cleared for this firewalled program."
    assert list(EmailMessage.objects.held_for(world.leader)) == []


def test_rotating_the_address_refuses_the_old_one(world, mail):
    old = mail.alliance_a.address
    with pytest.raises(actions.PermissionDenied):
        actions.mailbox_rotate(actor=world.executive, mailbox=mail.alliance_a)
    rotated = actions.mailbox_rotate(actor=world.manager_a, mailbox=mail.alliance_a)
    assert rotated.address != old
    assert actions.mailbox_for_address(old) is None
    assert actions.mailbox_for_address(rotated.address) == rotated
    assert actions.mailbox_for_address(rotated.address.upper()) == rotated
    assert (
        actions.mailbox_for_address(f"accord+{rotated.local_part}@{rotated.address.split('@')[1]}")
        == rotated
    )
    assert actions.mailbox_for_address(f"{rotated.local_part}@other.test") is None
    with pytest.raises(Refused, match="No Accord address"):
        actions.email_receive(raw=compose().as_bytes(), envelope_from="", recipients=[old])
    event = events_of(rotated).get(action="update")
    assert event.field == "rotated_at"
    assert rotated.token not in (event.new_value + event.old_value + event.reason)
    assert EmailMessage.objects.count() == 0


def test_attachments_that_fail_the_upload_checks_are_not_kept(world, mail):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * 5_000_000)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"layer{n}.zip", inner.getvalue())
    message = compose(
        attachments=[
            ("nested.zip", outer.getvalue(), "application", "zip"),
            ("invoice.pdf.exe", b"MZ\x90\x00\x03" + b"\x00" * 100, "application", "octet-stream"),
            ("notes.txt", b"Plain notes", "text", "plain"),
        ]
    )
    email = receive(message, mail.alliance_a).filed[0]
    rows = {a.name: (a.file_id is not None, a.refused) for a in email.attachments.all()}
    assert rows["notes.txt"] == (True, "")
    assert rows["nested.zip"][0] is False and rows["nested.zip"][1]
    assert rows["invoice.pdf.exe"][0] is False and rows["invoice.pdf.exe"][1]
    # The message and the one good attachment are kept; nothing of the refused ones.
    assert StoredFile.objects.count() == 2


def test_linking_and_turning_into_an_action_item(world, mail):
    email = receive(compose(), mail.alliance_a).filed[0]
    other = issue_create(
        actor=world.leader, alliance=world.alliance_b, data={"title": "B", "area": "legal"}
    )
    with pytest.raises(actions.ValidationError, match="another alliance"):
        actions.email_link(actor=world.manager_a, message=email, field="issue", record=other)
    with pytest.raises(actions.PermissionDenied):
        actions.email_link(actor=world.executive, message=email, field="issue", record=mail.issue)
    actions.email_link(actor=world.manager_a, message=email, field="issue", record=mail.issue)
    email.refresh_from_db()
    assert email.issue == mail.issue
    with pytest.raises(actions.ValidationError, match="firewalled program"):
        actions.email_link(
            actor=world.manager_a, message=email, field="meeting", record=mail.a2_meeting
        )
    action = actions.email_create_action(
        actor=world.manager_a,
        message=email,
        data={"owner": world.manager_a, "due_on": dt.date(2030, 1, 31), "title": ""},
    )
    assert action.title == "Change to the development plan"
    assert action.alliance == world.alliance_a
    assert action.is_internal is True
    assert email.get_absolute_url() in action.description
