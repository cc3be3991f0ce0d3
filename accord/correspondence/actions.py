"""Filing email: receiving a message (from the SMTP server or the IMAP poller alike), the
review of held messages, the addresses and their rotation, linking a message to a record and
turning it into an action item. Every write is audited."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import audit
from accord.core.actions import program_scope
from accord.core.files import store_upload
from accord.people.models import User
from accord.portfolio.access import can_edit_alliance
from accord.portfolio.models import RESPONSIBLE_ROLES, AllianceMember

from .models import EmailAttachment, EmailMessage, EmailStatus, Mailbox
from .parsing import Parsed, Refused, parse

logger = logging.getLogger(__name__)
LOCAL_PART = re.compile(r"^(alliance|meeting|issue)-([a-z0-9]{20})$")
MESSAGE_FIELDS = ["status", "from_address", "subject", "sent_at", "message_id", "hold_reason"]


# --- Addresses --------------------------------------------------------------------------------


def mailbox_for_address(address: str) -> Mailbox | None:
    """The mailbox an address names, or None: the inbound domain, then `<kind>-<token>` (after
    any `something+` plus-addressing prefix)."""
    local, _, domain = (address or "").strip().lower().rpartition("@")
    if not local or domain != settings.ACCORD_MAILIN_DOMAIN:
        return None
    match = LOCAL_PART.match(local.rpartition("+")[2])
    if not match:
        return None
    return (
        Mailbox.objects.select_related("alliance", "meeting__committee", "issue")
        .filter(kind=match.group(1), token=match.group(2))
        .first()
    )


@transaction.atomic
def mailbox_get_or_create(*, actor, alliance, meeting=None, issue=None) -> Mailbox:
    """The address of an alliance, meeting or issue; made (and audited) the first time."""
    if meeting is not None:
        lookup, kind = {"meeting": meeting}, Mailbox.Kind.MEETING
    elif issue is not None:
        lookup, kind = {"issue": issue}, Mailbox.Kind.ISSUE
    else:
        lookup, kind = {"alliance": alliance, "kind": Mailbox.Kind.ALLIANCE}, Mailbox.Kind.ALLIANCE
    existing = Mailbox.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    mailbox = Mailbox.objects.create(**{"alliance": alliance, "kind": kind, **lookup})
    audit.record_create(
        actor=actor,
        obj=mailbox,
        fields=["kind", "alliance"],
        alliance_id=alliance.pk,
        program_id=mailbox.program_id,
    )
    return mailbox


@transaction.atomic
def mailbox_rotate(*, actor, mailbox: Mailbox, reason: str = "") -> Mailbox:
    """A new address; mail to the old one is refused from now on. The token itself is not
    written to the trail (the trail is read more widely than the address is shown)."""
    if not can_edit_alliance(actor, mailbox.alliance) or not actor.is_internal:
        raise PermissionDenied(_("Only the people who run this alliance can change its address."))
    mailbox = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
    before = audit.snapshot(mailbox, ["rotated_at"])
    mailbox.token = Mailbox._meta.get_field("token").default()
    mailbox.rotated_at = timezone.now()
    mailbox.save(update_fields=["token", "rotated_at"])
    audit.record_update(
        actor=actor,
        obj=mailbox,
        before=before,
        reason=reason or "Address rotated: the old address no longer files email.",
        **program_scope(mailbox),
    )
    return mailbox


# --- Receiving ----------------------------------------------------------------------------------


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _authentication_problem(parsed: Parsed) -> str:
    """What the trusted relay's Authentication-Results say against the sender, if it is set."""
    trusted = settings.ACCORD_MAILIN_TRUSTED_AUTHSERV.lower()
    if not trusted:
        return ""
    ours = [
        value
        for value in parsed.authentication_results
        if value.strip().lower().split(";")[0].strip() == trusted
    ]
    if not ours:
        return f"No sender authentication from {trusted}."
    failed = sorted(
        {
            method
            for value in ours
            for method, result in re.findall(r"\b(spf|dkim|dmarc)=(\w+)", value.lower())
            if result in ("fail", "softfail", "permerror", "none")
        }
    )
    if failed:
        return f"Sender authentication failed ({', '.join(failed)})."
    return ""


def sender_check(parsed: Parsed, mailbox: Mailbox, envelope_from: str) -> tuple[User | None, str]:
    """The known person who sent it, and why it must be held (empty: file it)."""
    user = User.objects.filter(email__iexact=parsed.from_address, is_active=True).first()
    if user is None:
        return None, f"The sender {parsed.from_address} is not a known Accord user."
    if not user.is_internal:
        on_team = AllianceMember.objects.filter(alliance=mailbox.alliance_id, user=user).exists()
        if not on_team:
            return user, f"The sender {parsed.from_address} is not on this alliance's team."
    program_id = mailbox.program_id
    if program_id and not user.firewalled_programs.filter(pk=program_id).exists():
        return user, "The sender is not cleared for this firewalled program."
    envelope_from = parseaddr(envelope_from or "")[1]
    if envelope_from and _domain(envelope_from) != _domain(parsed.from_address):
        return user, (
            f"The envelope sender {envelope_from[:100]} and the From address "
            f"{parsed.from_address} differ (possible spoofing)."
        )
    problem = _authentication_problem(parsed)
    return user, problem


def _thread_root(mailbox: Mailbox, parsed: Parsed) -> int | None:
    ids = [i for i in [parsed.in_reply_to, *parsed.references] if i]
    if not ids:
        return None
    earlier = (
        EmailMessage.objects.filter(alliance_id=mailbox.alliance_id, message_id__in=ids)
        .order_by("received_at", "pk")
        .values_list("pk", "thread_id")
        .first()
    )
    if earlier is None:
        return None
    return earlier[1] or earlier[0]


def _keep(*, actor, name: str, content: bytes, message: EmailMessage, allow=()):
    upload = SimpleUploadedFile(name, content)
    return store_upload(
        actor=actor,
        upload=upload,
        alliance_id=message.alliance_id,
        program_id=message.program_id,
        allow=allow,
        # Served only through the message's own page (correspondence.views), never /files/.
        private=True,
    )


def _keep_attachments(actor, message: EmailMessage, parsed: Parsed) -> None:
    for attachment in parsed.attachments:
        row = EmailAttachment(
            message=message,
            name=attachment.name,
            content_type=attachment.content_type,
            size=len(attachment.content),
        )
        try:
            with transaction.atomic():
                row.file = _keep(
                    actor=actor, name=attachment.name, content=attachment.content, message=message
                )
        except ValidationError as error:
            messages = error.message_dict.get("file") or error.messages
            row.refused = " ".join(messages)[:300]
        row.save()


def _notify_held(message: EmailMessage) -> None:
    from accord.notifications.actions import notify

    managers = User.objects.filter(
        is_active=True,
        alliance_memberships__alliance=message.alliance_id,
        alliance_memberships__role__in=RESPONSIBLE_ROLES,
    ).distinct()
    notify(
        recipients=managers,
        kind="email_held",
        title=lambda: (
            _("Email held for review: %(subject)s")
            % {"subject": message.subject or _("(no subject)")}
        ),
        body=message.hold_reason,
        url=reverse("correspondence:message", args=[message.pk]),
        alliance_id=message.alliance_id,
        program_id=message.program_id,
        dedupe_key=f"email-held:{message.pk}",
    )


def _apply_calendar_replies(parsed: Parsed) -> int:
    """Accept/decline answers to a meeting invitation (accord.governance.invitations), from a
    sender already known to be who they say; how many changed an attendance."""
    from accord.governance import invitations

    return sum(
        bool(invitations.apply_reply(ics=ics, sender=parsed.from_address))
        for ics in parsed.calendar_replies
    )


def is_organiser_address(address: str) -> bool:
    """The address every invitation names as its organiser (ACCORD_CALENDAR_ORGANIZER_EMAIL):
    calendar clients send their accept/decline replies there."""
    organiser = parseaddr(settings.ACCORD_CALENDAR_ORGANIZER_EMAIL or "")[1].lower()
    return bool(organiser) and parseaddr(address or "")[1].lower() == organiser


def _reply_sender_problem(parsed: Parsed, envelope_from: str) -> str:
    """Why a calendar reply to the organiser address is not believed (empty: it is)."""
    if not User.objects.filter(email__iexact=parsed.from_address, is_active=True).exists():
        return f"The sender {parsed.from_address} is not a known Accord user."
    envelope_from = parseaddr(envelope_from or "")[1]
    if envelope_from and _domain(envelope_from) != _domain(parsed.from_address):
        return "The envelope sender and the From address differ (possible spoofing)."
    return _authentication_problem(parsed)


@dataclass
class Received:
    filed: list[EmailMessage]
    held: list[EmailMessage]
    duplicates: int
    replies: int = 0  # meeting invitation replies that changed an attendance


def email_receive(
    *, raw: bytes, envelope_from: str, recipients: list[str], via: str = "smtp"
) -> Received:
    """File one message at each Accord address among `recipients`: filed when its sender is a
    known person allowed on the target, held for the alliance's managers otherwise. Receiving
    the same Message-ID again at the same address does nothing. Raises Refused."""
    parsed = parse(raw)
    mailboxes = {}
    for address in recipients:
        mailbox = mailbox_for_address(address)
        if mailbox is not None:
            mailboxes[mailbox.pk] = mailbox
    result = Received([], [], 0)
    if any(is_organiser_address(address) for address in recipients):
        # A reply to a meeting invitation: it marks the attendance (apply_reply checks the
        # sender is the invitee it names); nothing is filed for it.
        if not parsed.calendar_replies:
            if not mailboxes:
                raise Refused("This address takes replies to meeting invitations only.")
        else:
            problem = _reply_sender_problem(parsed, envelope_from)
            if problem:
                raise Refused(problem)
            result.replies = _apply_calendar_replies(parsed)
            if not mailboxes:
                return result
    if not mailboxes:
        raise Refused("No Accord address among the recipients.")
    for mailbox in mailboxes.values():
        try:
            message = _receive_at(mailbox, parsed, raw, envelope_from, via)
        except IntegrityError:  # the same message arrived twice at once
            message = None
        if message is None:
            result.duplicates += 1
        elif message.status == EmailStatus.FILED:
            result.filed.append(message)
        else:
            result.held.append(message)
    if result.filed and not result.replies:
        result.replies = _apply_calendar_replies(parsed)
    return result


@transaction.atomic
def _receive_at(mailbox: Mailbox, parsed: Parsed, raw: bytes, envelope_from: str, via: str):
    if EmailMessage.objects.filter(mailbox=mailbox, message_id=parsed.message_id).exists():
        return None
    sender, hold_reason = sender_check(parsed, mailbox, envelope_from)
    message = EmailMessage(
        mailbox=mailbox,
        alliance_id=mailbox.alliance_id,
        program_id=mailbox.program_id,
        meeting=mailbox.meeting,
        issue=mailbox.issue,
        thread_id=_thread_root(mailbox, parsed),
        status=EmailStatus.HELD if hold_reason else EmailStatus.FILED,
        hold_reason=hold_reason[:300],
        via=via,
        message_id=parsed.message_id,
        in_reply_to=parsed.in_reply_to,
        references=" ".join(parsed.references),
        envelope_from=(envelope_from or "")[:320],
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        sender=sender,
        to=", ".join(parsed.to),
        cc=", ".join(parsed.cc),
        sent_at=parsed.sent_at,
        subject=parsed.subject,
        text_body=parsed.text,
        html_body=parsed.html,
    )
    actor = sender if not hold_reason else None
    message.eml = _keep(
        actor=actor, name="message.eml", content=raw, message=message, allow=("eml",)
    )
    message.save()
    _keep_attachments(actor, message, parsed)
    audit.record_create(
        actor=actor,
        obj=message,
        fields=MESSAGE_FIELDS,
        reason=f"Received by email ({message.get_via_display()}) at the {mailbox.kind} address.",
        **program_scope(message),
    )
    if hold_reason:
        _notify_held(message)  # in the same transaction: no notice of a message not kept
    return message


# --- Review, links, action items ----------------------------------------------------------------


def can_manage_message(user, message: EmailMessage) -> bool:
    return user.is_active and user.is_internal and can_edit_alliance(user, message.alliance)


def _require_manager(user, message: EmailMessage) -> None:
    if not can_manage_message(user, message):
        raise PermissionDenied(_("Only the people who run this alliance can do this."))


def _review(actor, message: EmailMessage, status: str, reason: str) -> EmailMessage:
    _require_manager(actor, message)
    message = EmailMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != EmailStatus.HELD:
        raise ValidationError({"status": _("This email is not held for review any more.")})
    before = audit.snapshot(message, ["status"])
    message.status = status
    message.reviewed_by = actor
    message.reviewed_at = timezone.now()
    message.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit.record_update(
        actor=actor, obj=message, before=before, reason=reason, **program_scope(message)
    )
    return message


@transaction.atomic
def email_file(*, actor, message: EmailMessage, reason: str = "") -> EmailMessage:
    """A held email is filed after all (a manager vouches for it)."""
    return _review(actor, message, EmailStatus.FILED, reason or "Filed after review.")


@transaction.atomic
def email_reject(*, actor, message: EmailMessage, reason: str = "") -> EmailMessage:
    return _review(actor, message, EmailStatus.REJECTED, reason or "Rejected after review.")


LINKABLE = ("decision", "issue", "obligation", "meeting")

# Why a record cannot take an email, by linkable field (whole sentences, for the translators).
OTHER_ALLIANCE = {
    "decision": gettext_lazy("That decision belongs to another alliance."),
    "issue": gettext_lazy("That issue belongs to another alliance."),
    "obligation": gettext_lazy("That obligation belongs to another alliance."),
    "meeting": gettext_lazy("That meeting belongs to another alliance."),
}
OTHER_PROGRAM = {
    "decision": gettext_lazy(
        "That decision is about a firewalled program this email is not about."
    ),
    "issue": gettext_lazy("That issue is about a firewalled program this email is not about."),
    "obligation": gettext_lazy(
        "That obligation is about a firewalled program this email is not about."
    ),
    "meeting": gettext_lazy("That meeting is about a firewalled program this email is not about."),
}


def _record_program_id(record) -> int | None:
    if hasattr(record, "firewall_program_id"):
        return record.firewall_program_id
    if hasattr(record, "committee"):
        return record.committee.program_id
    return getattr(record, "program_id", None)


@transaction.atomic
def email_link(*, actor, message: EmailMessage, field: str, record, reason: str = ""):
    """Link a filed email to a decision, an issue, an obligation or a meeting of its alliance
    (`record` None unlinks). A firewalled program's record may only take that program's email:
    the email then stays as hidden as the record."""
    _require_manager(actor, message)
    if field not in LINKABLE:
        raise ValidationError(
            {"field": _("An email can be linked to: %(fields)s.") % {"fields": ", ".join(LINKABLE)}}
        )
    message = EmailMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != EmailStatus.FILED:
        raise ValidationError({field: _("Only a filed email can be linked.")})
    if record is not None:
        if record.alliance_id != message.alliance_id:
            raise ValidationError({field: str(OTHER_ALLIANCE[field])})
        program_id = _record_program_id(record)
        if program_id and program_id != message.program_id:
            raise ValidationError({field: str(OTHER_PROGRAM[field])})
    before = audit.snapshot(message, [field])
    setattr(message, field, record)
    message.save(update_fields=[field])
    audit.record_update(
        actor=actor, obj=message, before=before, reason=reason, **program_scope(message)
    )
    return message


@transaction.atomic
def email_create_action(*, actor, message: EmailMessage, data: dict):
    """Turn a filed email into an action item of its alliance, in one step: the governance
    action (its own checks and audit) with the email quoted in its description."""
    from accord.governance.actions import action_create

    _require_manager(actor, message)
    if message.status != EmailStatus.FILED:
        raise ValidationError({"title": _("Only a filed email can become an action item.")})
    link = f"{settings.ACCORD_BASE_URL}{message.get_absolute_url()}"
    fields = {
        "title": data.get("title") or message.subject[:300] or "Follow up on email",
        "owner": data.get("owner"),
        "due_on": data.get("due_on"),
        "description": (
            (data.get("description") or "").strip()
            + f"\n\nFrom the email “{message.subject}” of {message.from_address} ({link})."
        ).strip(),
        "program": message.program,
        # Our own thread: partner users see shared actions, not our correspondence.
        "is_internal": True,
    }
    action = action_create(
        actor=actor, alliance=message.alliance, data=fields, meeting=message.meeting
    )
    audit.record(
        actor=actor,
        obj=message,
        action=audit.AuditEvent.Action.UPDATE,
        changes={"action item": ("", action.title)},
        reason="Turned into an action item.",
        **program_scope(message),
    )
    return action


__all__ = [
    "Received",
    "Refused",
    "email_create_action",
    "email_file",
    "email_link",
    "email_receive",
    "email_reject",
    "mailbox_for_address",
    "mailbox_get_or_create",
    "mailbox_rotate",
]
