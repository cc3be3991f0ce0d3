import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from accord.conftest import api_client, login
from accord.notifications import actions
from accord.notifications.models import Notification


@pytest.fixture
def send(world, django_capture_on_commit_callbacks):
    """notify(), with its after-commit email hook run as a real commit would run it."""

    def _send(recipients, key="obligation:42:due-7", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.notify(
                recipients=recipients,
                kind="obligation.due",
                title="Quarterly report due in 7 days",
                dedupe_key=key,
                url=f"/alliances/{world.alliance_a.pk}/",
                **kwargs,
            )

    return _send


def test_a_reminder_is_sent_once_per_key_and_emailed(world, send):
    created = send([world.manager_a], alliance_id=world.alliance_a.pk)
    again = send([world.manager_a], alliance_id=world.alliance_a.pk)
    assert (len(created), again) == (1, [])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.subject, message.to) == (
        "[Accord] Quarterly report due in 7 days",
        ["manager.a@meridian.test"],
    )
    assert f"http://127.0.0.1:8000/alliances/{world.alliance_a.pk}/" in message.body
    assert Notification.objects.get().email_status == Notification.Email.SENT


def test_nobody_hears_about_an_alliance_or_firewalled_program_they_cannot_see(world, send):
    everyone = [
        world.manager_a,
        world.leader,
        world.partner_a,
        world.partner_b,
        world.outsider,
        world.firewalled,
    ]
    send(everyone, alliance_id=world.alliance_a.pk)
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {
        "manager.a@meridian.test",
        "leader@meridian.test",
        "jordan@kestrel.test",
        "chemist@meridian.test",
    }
    send(
        everyone,
        key="program-secret",
        alliance_id=world.alliance_a.pk,
        program_id=world.program_a2.pk,
    )
    assert set(
        Notification.objects.filter(dedupe_key="program-secret").values_list(
            "recipient__email", flat=True
        )
    ) == {"manager.a@meridian.test", "jordan@kestrel.test"}


def test_digest_people_get_one_morning_email(world, send):
    world.manager_a.email_digest = True
    world.manager_a.save()
    send([world.manager_a], key="a")
    send([world.manager_a], key="b")
    assert mail.outbox == []
    assert actions.send_digests() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Accord] Your daily digest: 2 items"
    assert mail.outbox[0].body.count("Quarterly report due in 7 days") == 2
    assert actions.send_digests() == 0


def test_people_who_opted_out_get_no_email(world, send):
    world.manager_a.notify_by_email = False
    world.manager_a.save()
    send([world.manager_a])
    assert mail.outbox == []
    assert Notification.objects.get().email_status == Notification.Email.SKIPPED


def test_a_failed_send_is_kept_and_retried(world, send, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nothing listens there
    send([world.manager_a])
    note = Notification.objects.get()
    assert (note.email_status, note.email_attempts) == (Notification.Email.FAILED, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert actions.send_pending_emails() == 1
    note.refresh_from_db()
    assert note.email_status == Notification.Email.SENT


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield handler
    controller.stop()


def test_email_goes_through_a_real_smtp_server(world, send, smtp_server):
    send([world.manager_a, world.manager_b])
    assert sorted(tuple(e.rcpt_tos) for e in smtp_server.messages) == [
        ("manager.a@meridian.test",),
        ("manager.b@meridian.test",),
    ]
    assert b"Quarterly report due in 7 days" in smtp_server.messages[0].content


def test_inbox_shows_only_my_notifications_and_marks_them_read(world, send):
    send([world.manager_a, world.manager_b])
    client = login(world.manager_a)
    response = client.get("/notifications/")
    assert [n.recipient for n in response.context["page"].object_list] == [world.manager_a]
    other = Notification.objects.get(recipient=world.manager_b)
    client.post("/notifications/read/", {"id": [other.pk]})
    other.refresh_from_db()
    assert other.read_at is None  # nobody can mark someone else's notification
    client.post("/notifications/read/")
    assert Notification.objects.get(recipient=world.manager_a).read_at is not None
    assert 'aria-label="1 unread"' in login(world.manager_b).get("/alliances/").content.decode()


def test_notifications_api(world, send):
    send([world.manager_a])
    client = api_client(world.manager_a)
    rows = client.get("/api/v1/notifications/").json()["results"]
    assert [r["title"] for r in rows] == ["Quarterly report due in 7 days"]
    assert client.post("/api/v1/notifications/mark-read/", {}, format="json").json() == {
        "marked": 1
    }
    assert api_client(world.manager_b).get("/api/v1/notifications/").json()["results"] == []


def test_preferences_are_saved_and_audited(world):
    login(world.manager_a).post(
        "/notifications/preferences/", {"notify_by_email": "on", "email_digest": "on"}
    )
    world.manager_a.refresh_from_db()
    assert (world.manager_a.notify_by_email, world.manager_a.email_digest) == (True, True)
    from accord.core.models import AuditEvent

    assert AuditEvent.objects.filter(
        field="email_digest", new_value="yes", actor=world.manager_a
    ).exists()


def test_each_recipient_reads_a_notification_in_their_own_language(world, send):
    """One notice to a Japanese partner co-chair and an English manager: each one's copy is
    written in their language, whoever triggered it and whatever language was active."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from accord.core.tests.languages import said

    world.partner_a.language = "ja"
    world.partner_a.save(update_fields=["language"])
    with translation.override("de"):  # the language of the request that triggered it
        actions.notify(
            recipients=[world.partner_a, world.manager_a],
            kind="governance.minutes.approve",
            title=lambda: _("Minutes to approve: %(meeting)s") % {"meeting": "JSC Q4"},
            body=lambda: _("Due %(date)s.") % {"date": "2027-01-15"},
            dedupe_key="language-test",
            alliance_id=world.alliance_a.pk,
        )
    copies = dict(
        Notification.objects.filter(dedupe_key="language-test").values_list(
            "recipient__email", "title"
        )
    )
    assert copies == {
        world.partner_a.email: said("ja", "Minutes to approve: %(meeting)s", meeting="JSC Q4"),
        world.manager_a.email: "Minutes to approve: JSC Q4",
    }
    assert Notification.objects.get(recipient=world.partner_a, dedupe_key="language-test").body == (
        said("ja", "Due %(date)s.", date="2027-01-15")
    )
