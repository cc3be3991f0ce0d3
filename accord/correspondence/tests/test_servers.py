"""Mail reaching Accord for real: an SMTP client talks to `accord mail-in`'s server (aiosmtpd on
an ephemeral port), and `accord mail-poll` reads a Dovecot IMAP mailbox started by the test
(unprivileged, its own config in a temporary folder, plain auth on 127.0.0.1)."""

import os
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from email.policy import SMTP
from pathlib import Path

import pytest

from accord.correspondence.models import EmailMessage, EmailStatus
from accord.correspondence.receiving import imap_connect, mail_in_server, poll_imap
from accord.governance.tests.conftest import gov  # noqa: F401 (fixture)

from .conftest import compose
from .test_receive import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    controller = mail_in_server("127.0.0.1", free_port())
    controller.start()
    yield controller
    controller.stop()


def test_an_smtp_client_delivers_a_forwarded_email_with_an_attachment(world, mail, smtp_server):
    pdf = pdf_bytes("JSC minutes, signed")
    message = compose(
        subject="Fwd: JSC minutes",
        cc=(mail.alliance_a.address,),
        attachments=[("jsc-minutes.pdf", pdf, "application", "pdf")],
    )
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as client:
        refused = client.send_message(
            message,
            from_addr="manager.a@meridian.test",
            to_addrs=[mail.alliance_a.address],
        )
    assert refused == {}
    email = EmailMessage.objects.get()
    assert (email.status, email.via, email.subject, email.sender) == (
        EmailStatus.FILED,
        "smtp",
        "Fwd: JSC minutes",
        world.manager_a,
    )
    assert email.envelope_from == "manager.a@meridian.test"
    [attachment] = email.attachments.select_related("file")
    assert (attachment.name, attachment.file.kind, attachment.file.size) == (
        "jsc-minutes.pdf",
        "pdf",
        len(pdf),
    )


def test_the_smtp_server_refuses_unknown_and_rotated_addresses(world, mail, smtp_server):
    from accord.correspondence.actions import mailbox_rotate

    old = mail.alliance_b.address
    mailbox_rotate(actor=world.manager_b, mailbox=mail.alliance_b)
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as client:
        client.ehlo()
        client.mail("manager.b@meridian.test")
        assert client.rcpt(old)[0] == 550
        assert client.rcpt("alliance-aaaaaaaaaaaaaaaaaaaa@in.meridian.test")[0] == 550
        assert client.rcpt(f"{mail.alliance_a.local_part}@elsewhere.test")[0] == 550
        client.rset()
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.send_message(compose(), to_addrs=[old])
    assert EmailMessage.objects.count() == 0


def test_the_smtp_server_refuses_hostile_messages(world, mail, smtp_server, settings):
    settings.ACCORD_MAILIN_MAX_MB = 1
    controller = mail_in_server("127.0.0.1", free_port())  # picks up the smaller limit
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", controller.port) as client:
            huge = compose().as_bytes(policy=SMTP) + (b"x" * 70 + b"\r\n") * 15_500
            # Announced with SIZE: refused at MAIL FROM; not announced: refused after DATA.
            with pytest.raises(smtplib.SMTPSenderRefused) as error:
                client.sendmail("manager.a@meridian.test", [mail.alliance_a.address], huge)
            assert error.value.smtp_code == 552
        with smtplib.SMTP("127.0.0.1", controller.port) as client:
            client.ehlo()
            assert client.mail("manager.a@meridian.test")[0] == 250
            assert client.rcpt(mail.alliance_a.address)[0] == 250
            assert client.data(huge)[0] == 552
        with smtplib.SMTP("127.0.0.1", controller.port) as client:
            parts = compose(attachments=[(f"n{i}.txt", b"x", "text", "plain") for i in range(150)])
            with pytest.raises(smtplib.SMTPDataError) as error:
                client.sendmail(
                    "manager.a@meridian.test",
                    [mail.alliance_a.address],
                    parts.as_bytes(policy=SMTP),
                )
            assert error.value.smtp_code == 550
            assert b"more than 100 MIME parts" in error.value.smtp_error
    finally:
        controller.stop()
    assert EmailMessage.objects.count() == 0


# --- IMAP through a real Dovecot -----------------------------------------------------------------

DOVECOT_CONF = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {user}
default_internal_user = {user}
default_internal_group = {group}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/home/%u
}}
mail_location = maildir:~/Maildir:LAYOUT=fs
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _wait_for(port: int, process, log: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    text = log.read_text() if log.exists() else ""
    raise RuntimeError(f"Dovecot did not start: {text}")


@pytest.fixture
def dovecot(settings):
    if not Path(DOVECOT).exists():
        if os.environ.get("ACCORD_REQUIRE_E2E") == "1":
            pytest.fail(f"{DOVECOT} is not installed (.ci/run installs dovecot-imapd)")
        pytest.skip("Dovecot is not installed (CI installs it and sets ACCORD_REQUIRE_E2E=1)")
    root = Path(tempfile.mkdtemp(prefix="accord-dovecot-"))
    as_root = os.geteuid() == 0
    # Unprivileged: as root, Dovecot and its mail run as `nobody`; otherwise as ourselves.
    user, group = ("nobody", "nogroup") if as_root else (os.environ.get("USER", ""), "")
    if not as_root:
        import grp
        import pwd

        entry = pwd.getpwuid(os.getuid())
        user, group = entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name
    port = free_port()
    for sub in ("run", "state", "home"):
        (root / sub).mkdir()
    (root / "dovecot.conf").write_text(
        DOVECOT_CONF.format(root=root, user=user, group=group, port=port)
    )
    (root / "passwd").write_text("accord:{PLAIN}poll-secret::::::\n")
    os.chmod(root, 0o755)
    prefix = ["runuser", "-u", user, "--"] if as_root else []
    if as_root:
        shutil.chown(root, user, group)
        for path in root.rglob("*"):
            shutil.chown(path, user, group)
    config = str(root / "dovecot.conf")
    process = subprocess.Popen([*prefix, DOVECOT, "-F", "-c", config])
    try:
        _wait_for(port, process, root / "dovecot.log")
        settings.ACCORD_IMAP_HOST = "127.0.0.1"
        settings.ACCORD_IMAP_PORT = port
        settings.ACCORD_IMAP_USER = "accord"
        settings.ACCORD_IMAP_PASSWORD = "poll-secret"
        settings.ACCORD_IMAP_SSL = False
        settings.ACCORD_IMAP_FOLDER = "INBOX"
        yield root
    finally:
        subprocess.run([*prefix, DOVECOT, "-c", config, "stop"], check=False)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(root, ignore_errors=True)


def _deliver(message, to: str) -> bytes:
    """What the delivering MTA leaves in the mailbox: Return-Path and Delivered-To on top."""
    raw = message.as_bytes()
    return f"Return-Path: <{message['From']}>\r\nDelivered-To: {to}\r\n".encode() + raw


def _folder_counts(connection, *folders) -> dict[str, int]:
    counts = {}
    for folder in folders:
        status, data = connection.select(f'"{folder}"', readonly=True)
        counts[folder] = int(data[0]) if status == "OK" else -1
    return counts


def test_accord_polls_an_imap_mailbox_and_files_what_it_finds(world, mail, dovecot):
    pdf = pdf_bytes("Signed amendment")
    good = compose(
        subject="Amendment 3 signed",
        attachments=[("amendment-3.pdf", pdf, "application", "pdf")],
    )
    stranger = compose(sender="someone@unknown.example", subject="Hello")
    hostile = compose(
        subject="Bomb", attachments=[(f"p{i}.txt", b"x", "text", "plain") for i in range(150)]
    )
    nowhere = compose(subject="Not for Accord")
    connection = imap_connect()
    try:
        for message, to in (
            (good, mail.alliance_a.address),
            (stranger, mail.alliance_a.address),
            (hostile, mail.alliance_a.address),
            (nowhere, "somebody@in.meridian.test"),
        ):
            connection.append("INBOX", None, None, _deliver(message, to))
    finally:
        connection.logout()

    counts = poll_imap()
    assert counts == {"filed": 1, "held": 1, "duplicates": 0, "refused": 2, "failed": 0}
    filed = EmailMessage.objects.get(status=EmailStatus.FILED)
    assert (filed.subject, filed.via, filed.sender) == (
        "Amendment 3 signed",
        "imap",
        world.manager_a,
    )
    assert [a.name for a in filed.attachments.exclude(file=None)] == ["amendment-3.pdf"]
    held = EmailMessage.objects.get(status=EmailStatus.HELD)
    assert held.from_address == "someone@unknown.example"

    connection = imap_connect()
    try:
        assert _folder_counts(connection, "INBOX", "Accord/Filed", "Accord/Refused") == {
            "INBOX": 0,
            "Accord/Filed": 2,
            "Accord/Refused": 2,
        }
        # A message seen again (its move failed last time) is not filed twice.
        connection.append("INBOX", None, None, _deliver(good, mail.alliance_a.address))
    finally:
        connection.logout()
    assert poll_imap() == {"filed": 0, "held": 0, "duplicates": 1, "refused": 0, "failed": 0}
    assert EmailMessage.objects.count() == 2


def test_a_reply_to_a_jsc_invitation_sent_to_the_organiser_address_marks_attendance(
    world,
    gov,  # noqa: F811 (the fixture imported above)
    smtp_server,
    settings,
):
    """Outlook or Gmail answers an invitation by mailing a METHOD:REPLY to its ORGANIZER: the
    mail-in server takes that address, and the attendance follows; a forged reply does not."""
    import datetime as dt
    import zoneinfo

    from accord.governance import actions as governance
    from accord.governance.models import Attendance, InvitationResponse
    from accord.governance.tests.test_invitations import reply

    settings.ACCORD_CALENDAR_ORGANIZER_EMAIL = "calendar@accord.test"
    committee = gov.jsc_a
    meeting = governance.meeting_schedule(
        actor=world.manager_a,
        committee=committee,
        data={
            "starts_at": dt.datetime(2027, 3, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),
            "modality": "in_person",
            "time_zone": "Europe/Berlin",
        },
    )

    def send(sender, partstat, envelope=None):
        message = compose(sender=sender, to=("calendar@accord.test",), subject="Accepted: JSC")
        message.add_attachment(
            reply(meeting, sender, partstat),
            maintype="text",
            subtype="calendar",
            params={"method": "REPLY"},
        )
        with smtplib.SMTP("127.0.0.1", smtp_server.port) as client:
            return client.send_message(
                message, from_addr=envelope or sender, to_addrs=["calendar@accord.test"]
            )

    def response(email):
        return Attendance.objects.get(meeting=meeting, user__email=email).response

    # Spoofed: the envelope comes from elsewhere; refused, nothing changes.
    with pytest.raises(smtplib.SMTPDataError):
        send("jordan@kestrel.test", "DECLINED", envelope="bounce@attacker.test")
    assert response("jordan@kestrel.test") == InvitationResponse.NEEDS_ACTION
    assert send("jordan@kestrel.test", "ACCEPTED") == {}
    assert response("jordan@kestrel.test") == InvitationResponse.ACCEPTED
    assert EmailMessage.objects.count() == 0  # a reply is not filed as correspondence
