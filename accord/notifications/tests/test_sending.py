"""Sending under several workers: each notification is claimed by one sender before it is
emailed, one sender is queued for many notifications, and a dead worker's claims are taken
over after ACCORD_EMAIL_CLAIM_MINUTES."""

import asyncio
import datetime as dt
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accord.notifications import actions
from accord.notifications.models import Notification
from accord.people.tests.factories import UserFactory

from .test_notifications import _free_port

Email = Notification.Email


def pending(recipients, count, prefix="Check"):
    return Notification.objects.bulk_create(
        Notification(
            recipient=recipients[n % len(recipients)],
            kind="info",
            title=f"{prefix} {n}",
            dedupe_key=f"{prefix}-{n}",
        )
        for n in range(count)
    )


def test_claims_hand_each_pending_row_to_one_run(db):
    person = UserFactory()
    notes = pending([person], 3)
    first_token, first = actions.claim_pending_emails(limit=2)
    second_token, second = actions.claim_pending_emails(limit=2)
    third_token, third = actions.claim_pending_emails(limit=2)
    assert [n.pk for n in first] == [notes[0].pk, notes[1].pk]
    assert [n.pk for n in second] == [notes[2].pk]
    assert third == []
    assert len({first_token, second_token, third_token}) == 3
    rows = Notification.objects.order_by("pk").values_list("email_status", "email_claim")
    assert list(rows) == [
        (Email.SENDING, first_token),
        (Email.SENDING, first_token),
        (Email.SENDING, second_token),
    ]
    assert mail.outbox == []


def test_a_dead_workers_claim_is_taken_over_after_the_timeout(db, settings):
    settings.ACCORD_EMAIL_CLAIM_MINUTES = 15
    person = UserFactory(email="claims@meridian.test")
    abandoned, busy = pending([person], 2)
    now = timezone.now()
    Notification.objects.filter(pk=abandoned.pk).update(
        email_status=Email.SENDING,
        email_claim="dead-worker",
        email_claimed_at=now - dt.timedelta(minutes=16),
    )
    Notification.objects.filter(pk=busy.pk).update(
        email_status=Email.SENDING,
        email_claim="live-worker",
        email_claimed_at=now - dt.timedelta(minutes=14),
    )
    assert actions.send_pending_emails() == 1
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("[Accord] Check 0", ["claims@meridian.test"])
    ]
    abandoned.refresh_from_db()
    busy.refresh_from_db()
    assert (abandoned.email_status, abandoned.email_claim) == (Email.SENT, "")
    assert (busy.email_status, busy.email_claim) == (Email.SENDING, "live-worker")


def test_a_run_whose_claim_was_taken_over_does_not_send(db):
    person = UserFactory()
    pending([person], 1)
    token, [note] = actions.claim_pending_emails()
    Notification.objects.filter(pk=note.pk).update(email_claim="another-run")
    assert actions._still_mine(note, token) is False
    assert actions._still_mine(note, "another-run") is True


def test_failed_rows_give_up_their_claim_and_are_retried(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nothing listens
    person = UserFactory()
    pending([person], 2)
    assert actions.send_pending_emails() == 0
    assert list(
        Notification.objects.values_list("email_status", "email_claim", "email_attempts")
    ) == [(Email.FAILED, "", 1), (Email.FAILED, "", 1)]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert actions.send_pending_emails() == 2
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Email.SENT}


@pytest.fixture
def database_queue(settings):
    """The production task backend: tasks wait in the database for a worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_many_notifications_queue_one_sender_while_it_waits(
    db, database_queue, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    person = UserFactory()
    path = "accord.notifications.tasks.send_pending_emails"
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            actions.notify(recipients=[person], kind="info", title=f"N{n}", dedupe_key=f"n{n}")
    assert list(DBTaskResult.objects.values_list("task_path", "status")) == [(path, "READY")]
    # Once a worker has started it, the next notification needs a sender of its own.
    DBTaskResult.objects.update(status="RUNNING")
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(recipients=[person], kind="info", title="N3", dedupe_key="n3")
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["READY", "RUNNING"]
    assert Notification.objects.filter(email_status=Email.PENDING).count() == 4


class SlowInbox:
    """A real SMTP server, slow enough per message for two senders to overlap."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.01)
        with self.lock:
            self.messages.append(envelope.content.decode())
        return "250 OK"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_email_each_notification_exactly_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent workers share PostgreSQL; SQLite serialises them anyway")
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    people = [UserFactory(), UserFactory()]
    with transaction.atomic():
        pending(people, 120, prefix="Twice check")
    start = threading.Barrier(2)
    sent, errors = [], []

    def sender():
        try:
            start.wait()
            sent.append(actions.send_pending_emails(batch=5))
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        controller.stop()
    assert errors == []
    subjects = sorted(
        line.removeprefix("Subject: ")
        for message in inbox.messages
        for line in message.splitlines()
        if line.startswith("Subject: ")
    )
    assert subjects == sorted(f"[Accord] Twice check {n}" for n in range(120))
    assert sum(sent) == 120
    assert min(sent) > 0, "both senders took part"
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Email.SENT}


def test_a_message_refused_in_a_run_waits_for_the_next_run(db, monkeypatch):
    person = UserFactory(email="refused@meridian.test")
    refused, _accepted = pending([person], 2)
    real_send = actions.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.subject == "[Accord] Check 0":
            raise OSError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(actions.EmailMessage, "send", send)
    assert actions.send_pending_emails(batch=1) == 1
    refused.refresh_from_db()
    assert (refused.email_status, refused.email_attempts) == (Email.FAILED, 1)
    assert [m.subject for m in mail.outbox] == ["[Accord] Check 1"]
    monkeypatch.undo()
    assert actions.send_pending_emails() == 1
    refused.refresh_from_db()
    assert (refused.email_status, refused.email_attempts) == (Email.SENT, 1)
