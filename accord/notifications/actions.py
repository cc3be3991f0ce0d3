"""Sending notifications. Other apps call `notify()`; it is safe to call again and again."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core import audit
from accord.core.locales import for_reader
from accord.people.models import Role, User
from accord.portfolio.models import Alliance, Program

from .models import ChatChannel, ChatDelivery, ChatEvent, Notification

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


Text = str | Callable[[], str]


def written_for(user: User, text: Text) -> str:
    """`text` as `user` reads it: a callable (e.g. `lambda: _("Minutes to approve: %(m)s") %
    {...}`) is written in their language and time zone; a plain string is kept as it is."""
    if not callable(text):
        return str(text)
    with for_reader(user):
        return str(text())


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: Text,
    dedupe_key: str,
    body: Text = "",
    url: str = "",
    alliance_id: int | None = None,
    program_id: int | None = None,
    subject: str = "",
) -> list[Notification]:
    """Notify each recipient once per `dedupe_key`; returns the notifications actually created.
    Give `title` and `body` as callables to have each recipient's written in their language.

    `subject` (see `subject_of`) names the thing it asks the recipient to act on: the action
    that completes it calls `notifications_resolve_for(subject=...)`."""
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
                title=written_for(user, title)[:250],
                body=written_for(user, body),
                url=url,
                alliance_id=alliance_id,
                program_id=program_id,
                dedupe_key=dedupe_key,
                subject=subject[:100],
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
        transaction.on_commit(enqueue_sender)
    return created


def subject_of(obj) -> str:
    """The subject key of a record: "<app>.<model>:<pk>", e.g. "contracts.obligation:5"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


@transaction.atomic
def notifications_resolve_for(
    *,
    subject: str = "",
    subjects: Iterable[str] = (),
    recipient_company_id: int | None = None,
    now=None,
) -> int:
    """The thing `subject` names is done (by anyone): its open notifications are resolved.

    They leave the badge and the inbox's open list; an email not sent yet is not sent. With
    `recipient_company_id`, only that company's people are resolved (e.g. one party approved
    the minutes: the other party's co-chairs still have to). Returns how many were resolved.
    """
    keys = [key for key in (subject, *subjects) if key]
    if not keys:
        return 0
    now = now or timezone.now()
    notes = Notification.objects.filter(subject__in=keys).open()
    if recipient_company_id is not None:
        notes = notes.filter(recipient__company_id=recipient_company_id)
    ids = list(notes.values_list("pk", flat=True))
    if not ids:
        return 0
    Notification.objects.filter(
        pk__in=ids, email_status__in=[Notification.Email.PENDING, Notification.Email.DIGEST]
    ).update(email_status=Notification.Email.SKIPPED)
    return Notification.objects.filter(pk__in=ids).update(resolved_at=now)


def absolute(url: str) -> str:
    return url if url.startswith("http") else settings.ACCORD_BASE_URL.rstrip("/") + url


EMAIL_BATCH = 50


def _claimable(now):
    """Rows a sender may take: waiting, failed but still worth a try, or claimed by a run that
    has not touched them for ACCORD_EMAIL_CLAIM_MINUTES (its worker died)."""
    stale = now - dt.timedelta(minutes=settings.ACCORD_EMAIL_CLAIM_MINUTES)
    return Notification.objects.filter(
        Q(email_status=Notification.Email.PENDING)
        | Q(email_status=Notification.Email.FAILED, email_attempts__lt=MAX_EMAIL_ATTEMPTS)
        | Q(email_status=Notification.Email.SENDING, email_claimed_at__lt=stale)
    )


def claim_pending_emails(
    *, limit: int = EMAIL_BATCH, skip: Iterable[int] = ()
) -> tuple[str, list[Notification]]:
    """Take up to `limit` notifications to email, so that no other sender takes them too.

    On PostgreSQL the candidate rows are locked with SKIP LOCKED, so concurrent senders take
    different rows instead of waiting; on SQLite the write transaction serialises senders. In
    both, the UPDATE re-checks the state, so a row is claimed by exactly one run.
    """
    token = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            _claimable(now)
            .exclude(pk__in=list(skip))
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return token, []
        _claimable(now).filter(pk__in=ids).update(
            email_status=Notification.Email.SENDING, email_claim=token, email_claimed_at=now
        )
    claimed = list(
        Notification.objects.filter(
            pk__in=ids, email_claim=token, email_status=Notification.Email.SENDING
        )
        .select_related("recipient")
        .order_by("pk")
    )
    return token, claimed


def _still_mine(note: Notification, token: str) -> bool:
    """Renew the claim just before sending; False if another run has taken the row over."""
    return bool(
        Notification.objects.filter(
            pk=note.pk, email_claim=token, email_status=Notification.Email.SENDING
        ).update(email_claimed_at=timezone.now())
    )


def send_pending_emails(*, batch: int = EMAIL_BATCH) -> int:
    """Email each pending notification on its own, batch after batch of claimed rows, until
    none is left; returns how many were sent. Safe to run in several workers at once."""
    sent, failed_here = 0, set()
    while True:
        # What failed in this run waits for the next one rather than being retried at once.
        token, claimed = claim_pending_emails(limit=batch, skip=failed_here)
        if not claimed:
            return sent
        with _smtp(claimed) as connection:
            for note in claimed if connection else []:
                if not _still_mine(note, token):
                    continue
                with for_reader(note.recipient):
                    message = EmailMessage(
                        subject=f"[Accord] {note.title}",
                        body=render_to_string(
                            "notifications/email_single.txt",
                            {"note": note, "link": absolute(note.url)},
                        ),
                        to=[note.recipient.email],
                        connection=connection,
                    )
                delivered = _deliver(message, [note])
                sent += delivered
                if not delivered:
                    failed_here.add(note.pk)
        if connection is None:
            return sent  # the mail server is down: the next run tries again


def enqueue_sender() -> None:
    """One sender for everything pending: none is added while one is already waiting to start
    (it will claim these rows too)."""
    from accord.core.scheduling import enqueue_unless_waiting

    from .tasks import send_pending_emails as sender

    enqueue_unless_waiting(sender)


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
        email_status=Notification.Email.FAILED,
        email_attempts=F("email_attempts") + 1,
        email_claim="",
        email_claimed_at=None,
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
            with for_reader(person):
                message = EmailMessage(
                    subject="[Accord] "
                    + ngettext(
                        "Your daily digest: %(n)d item",
                        "Your daily digest: %(n)d items",
                        len(notes),
                    )
                    % {"n": len(notes)},
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
        email_status=Notification.Email.SENT,
        emailed_at=timezone.now(),
        email_claim="",
        email_claimed_at=None,
    )
    return 1


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of a person's notifications read; returns how many changed."""
    unread = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def notify_job_failed(name: str, slot: str, attempts: int, description: str) -> None:
    """Tell every active administrator (in their inbox and by email) that a job gave up
    (registered with accord.core.scheduling.report_failure)."""
    when = timezone.localtime(dt.datetime.fromisoformat(slot))
    notify(
        recipients=User.objects.filter(role=Role.ADMIN, is_active=True),
        kind="jobs.failed",
        title=_("Periodic job %(name)s failed for %(when)s")
        % {"name": name, "when": f"{when:%Y-%m-%d %H:%M}"},
        body=ngettext(
            "It failed %(attempts)s time; the last error was: %(description)s\n"
            "It runs again at its next slot; the history is under Scheduled runs "
            "in the administration.",
            "It failed %(attempts)s times; the last error was: %(description)s\n"
            "It runs again at its next slot; the history is under Scheduled runs "
            "in the administration.",
            attempts,
        )
        % {"attempts": attempts, "description": description},
        dedupe_key=f"jobs.failed.{name}.{slot}",
        url="/admin/core/scheduledrun/",
    )


def prune(now: dt.datetime) -> int:
    """Forget notifications older than ACCORD_RETENTION_NOTIFICATIONS_DAYS, except those still to
    be emailed (run by the daily housekeeping job, accord.core.housekeeping)."""
    deleted, _ = (
        Notification.objects.filter(
            created_at__lt=now - dt.timedelta(days=settings.ACCORD_RETENTION_NOTIFICATIONS_DAYS)
        )
        .exclude(
            email_status__in=[
                Notification.Email.PENDING,
                Notification.Email.SENDING,
                Notification.Email.DIGEST,
            ]
        )
        .delete()
    )
    return deleted


# --- Chat channels --------------------------------------------------------------------------

CHANNEL_FIELDS = [
    "alliance",
    "name",
    "kind",
    "url_hint",
    "audience",
    "events",
    "deadline_days",
    "is_active",
]
CHANNEL_EDITABLE = {"name", "kind", "url", "audience", "events", "deadline_days", "is_active"}


def can_manage_channels(user, alliance) -> bool:
    """Leaders manage every channel and alone the portfolio's; the people who run an alliance
    manage its channels."""
    if not user.is_authenticated or not user.is_active or not user.is_internal:
        return False
    if user.can_manage_portfolio:
        return True
    return (
        alliance is not None and Alliance.objects.managed_by(user).filter(pk=alliance.pk).exists()
    )


def _channel_scope(channel: ChatChannel) -> dict:
    return {"alliance_id": channel.alliance_id}


def _apply_channel(channel: ChatChannel, data: dict) -> None:
    from django.core.exceptions import ValidationError

    from . import chat

    unknown = set(data) - CHANNEL_EDITABLE
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in unknown})
    for name, value in data.items():
        if name == "url":
            url = chat.check_url(value)
            channel.url_encrypted = chat.seal_url(url)
            channel.url_hint = chat.url_hint(url)
        elif name == "events":
            events = list(dict.fromkeys(value or []))
            wrong = [e for e in events if e not in ChatEvent.values]
            if wrong or not events:
                raise ValidationError(
                    {
                        "events": _("Choose one or more events among: %(items)s.")
                        % {"items": ", ".join(ChatEvent.values)}
                    }
                )
            channel.events = events
        else:
            setattr(channel, name, value)
    if not channel.url_encrypted:
        raise ValidationError({"url": _("Give the webhook's full https:// address.")})
    if channel.alliance_id is None and channel.audience == ChatChannel.Audience.PARTNER_SHARED:
        raise ValidationError(
            {
                "audience": _(
                    "A portfolio channel is for our people only: share an alliance's channel instead."
                )
            }
        )
    channel.name = (channel.name or "").strip()
    channel.full_clean(exclude=["url_encrypted", "url_hint", "created_by"])


@transaction.atomic
def chat_channel_create(*, actor, alliance, data: dict) -> ChatChannel:
    channel = ChatChannel(alliance=alliance, created_by=actor)
    _apply_channel(channel, data)
    channel.save()
    audit.record_create(actor=actor, obj=channel, fields=CHANNEL_FIELDS, **_channel_scope(channel))
    return channel


@transaction.atomic
def chat_channel_update(*, actor, channel: ChatChannel, data: dict) -> ChatChannel:
    channel = ChatChannel.objects.select_for_update().get(pk=channel.pk)
    before = audit.snapshot(channel, CHANNEL_FIELDS)
    _apply_channel(channel, data)
    channel.save()
    audit.record_update(actor=actor, obj=channel, before=before, **_channel_scope(channel))
    return channel


@transaction.atomic
def chat_channel_delete(*, actor, channel: ChatChannel) -> None:
    audit.record_delete(actor=actor, obj=channel, fields=CHANNEL_FIELDS, **_channel_scope(channel))
    channel.delete()


@transaction.atomic
def chat_channel_test(*, actor, channel: ChatChannel) -> ChatDelivery:
    """Queue a test notice to the channel (posted by the worker like any other)."""
    from . import chat

    delivery = ChatDelivery.objects.create(
        channel=channel,
        event="test",
        title=_("Test from Accord: %(channel)s is connected") % {"channel": channel.name},
        url=absolute("/"),
        dedupe_key=f"test:{uuid.uuid4().hex}",
    )
    audit.record(
        actor=actor,
        obj=channel,
        action="test post",
        changes={"test post": ("", "queued")},
        **_channel_scope(channel),
    )
    chat.schedule(delivery.pk)
    return delivery
