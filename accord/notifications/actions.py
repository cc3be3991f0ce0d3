"""Sending notifications. Other apps call `notify()`; it is safe to call again and again."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accord.people.models import User
from accord.portfolio.models import Alliance, Program

from .models import Notification

MAX_EMAIL_ATTEMPTS = 5


def _allowed(recipients: Iterable[User], alliance_id, program_id) -> list[User]:
    """Never tell someone about an alliance or firewalled program they may not see."""
    allowed = []
    for user in recipients:
        if not user.is_active:
            continue
        if alliance_id and not Alliance.objects.visible_to(user).filter(pk=alliance_id).exists():
            continue
        if program_id and not Program.objects.visible_to(user).filter(pk=program_id).exists():
            continue
        allowed.append(user)
    return allowed


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    dedupe_key: str,
    body: str = "",
    url: str = "",
    alliance_id: int | None = None,
    program_id: int | None = None,
) -> list[Notification]:
    """Notify each recipient once per `dedupe_key`; returns the notifications actually created."""
    people = {user.pk: user for user in _allowed(recipients, alliance_id, program_id)}
    if not people:
        return []
    already = set(
        Notification.objects.filter(recipient_id__in=people, dedupe_key=dedupe_key).values_list(
            "recipient_id", flat=True
        )
    )
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                title=title[:250],
                body=body,
                url=url,
                alliance_id=alliance_id,
                program_id=program_id,
                dedupe_key=dedupe_key,
                email_status=(
                    Notification.Email.SKIPPED
                    if not user.notify_by_email
                    else Notification.Email.DIGEST
                    if user.email_digest
                    else Notification.Email.PENDING
                ),
            )
            for pk, user in people.items()
            if pk not in already
        ],
        ignore_conflicts=True,
    )
    if any(n.email_status == Notification.Email.PENDING for n in created):
        from .tasks import send_pending_emails

        transaction.on_commit(lambda: send_pending_emails.enqueue())
    return created


def absolute(url: str) -> str:
    return url if url.startswith("http") else settings.ACCORD_BASE_URL.rstrip("/") + url


def send_pending_emails() -> int:
    """Email each pending notification on its own; returns how many were sent."""
    sent = 0
    pending = (
        Notification.objects.filter(
            email_status__in=[Notification.Email.PENDING, Notification.Email.FAILED],
            email_attempts__lt=MAX_EMAIL_ATTEMPTS,
        )
        .select_related("recipient")
        .order_by("pk")
    )
    pending = list(pending)
    with _smtp(pending) as connection:
        for note in pending if connection else []:
            message = EmailMessage(
                subject=f"[Accord] {note.title}",
                body=render_to_string(
                    "notifications/email_single.txt", {"note": note, "link": absolute(note.url)}
                ),
                to=[note.recipient.email],
                connection=connection,
            )
            sent += _deliver(message, [note])
    return sent


@contextmanager
def _smtp(notes: list[Notification]):
    """An open mail connection, or None (and the notes marked failed) if the server is down."""
    if not notes:
        yield None
        return
    connection = get_connection()
    try:
        connection.open()
    except OSError:
        _failed([n.pk for n in notes])
        yield None
        return
    try:
        yield connection
    finally:
        connection.close()


def _failed(ids: list[int]) -> None:
    Notification.objects.filter(pk__in=ids).update(
        email_status=Notification.Email.FAILED, email_attempts=F("email_attempts") + 1
    )


def send_digests(*, now=None) -> int:
    """One email per person with everything waiting for their digest; returns emails sent."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(email_status=Notification.Email.DIGEST, created_at__lte=now)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_person: dict[int, list[Notification]] = {}
    for note in waiting:
        by_person.setdefault(note.recipient_id, []).append(note)
    sent = 0
    with _smtp([n for notes in by_person.values() for n in notes]) as connection:
        for notes in by_person.values() if connection else []:
            person = notes[0].recipient
            message = EmailMessage(
                subject=f"[Accord] Your daily digest: {len(notes)} item{'s' if len(notes) != 1 else ''}",
                body=render_to_string(
                    "notifications/email_digest.txt",
                    {
                        "person": person,
                        "notes": [(n, absolute(n.url)) for n in notes],
                        "inbox": absolute("/notifications/"),
                    },
                ),
                to=[person.email],
                connection=connection,
            )
            sent += _deliver(message, notes)
    return sent


def _deliver(message: EmailMessage, notes: list[Notification]) -> int:
    ids = [n.pk for n in notes]
    try:
        message.send()
    except OSError:
        # SMTP down or refusing: keep them for the next run rather than lose them.
        _failed(ids)
        return 0
    Notification.objects.filter(pk__in=ids).update(
        email_status=Notification.Email.SENT, emailed_at=timezone.now()
    )
    return 1


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of a person's notifications read; returns how many changed."""
    unread = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
