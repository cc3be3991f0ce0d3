"""Email filed into the record: the private addresses of alliances, meetings and issues, the
messages that reached them, and the files they carried."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.contracts.models import Obligation
from accord.core.models import Linked, Named, StoredFile
from accord.core.visibility import VisibleQuerySet, visible
from accord.governance.models import Decision, Issue, Meeting
from accord.portfolio.models import Alliance, Program

# The address's local part: "<kind>-<token>"; the token alone names the mailbox.
TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 20


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


class MailboxQuerySet(VisibleQuerySet):
    # Our staff see the addresses of what they see; partner users never (internal).
    visibility = dict(internal_only=True, program=("meeting__committee__program", "issue__program"))


class Mailbox(models.Model):
    """The private address of an alliance, a meeting or an issue: forwarding or cc'ing it files
    the message there."""

    class Kind(models.TextChoices):
        ALLIANCE = "alliance", _("Alliance")
        MEETING = "meeting", _("Meeting")
        ISSUE = "issue", _("Issue")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="mailboxes")
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="mailbox"
    )
    issue = models.OneToOneField(
        Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="mailbox"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    token = models.CharField(max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    objects = MailboxQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("mailboxes")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(kind="alliance"),
                name="mailbox_one_per_alliance",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="alliance", meeting__isnull=True, issue__isnull=True)
                    | Q(kind="meeting", meeting__isnull=False, issue__isnull=True)
                    | Q(kind="issue", issue__isnull=False, meeting__isnull=True)
                ),
                name="mailbox_kind_matches_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} address of {self.target}"

    @property
    def target(self):
        return self.meeting or self.issue or self.alliance

    @property
    def program_id(self) -> int | None:
        if self.meeting_id:
            return self.meeting.committee.program_id
        if self.issue_id:
            return self.issue.program_id
        return None

    @property
    def local_part(self) -> str:
        return f"{self.kind}-{self.token}"

    @property
    def address(self) -> str:
        return f"{self.local_part}@{settings.ACCORD_MAILIN_DOMAIN}"


class EmailStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    HELD = "held", _("Held for review")
    REJECTED = "rejected", _("Rejected")


class EmailMessageQuerySet(models.QuerySet):
    def _in_scope(self, user):
        return visible(self, user, internal_only=True, program="program")

    def visible_to(self, user):
        """Filed email, for our staff, minus firewalled programs they are not cleared for.
        Partner users never see filed email: it may be our side's thread."""
        return self._in_scope(user).filter(status=EmailStatus.FILED)

    def held_for(self, user):
        """Held email this person reviews: of the alliances they may edit (leaders and admins:
        all), minus firewalled programs they are not cleared for."""
        scoped = self._in_scope(user).filter(status=EmailStatus.HELD)
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.can_manage_portfolio:
            return scoped
        if user.role not in ("manager", "contributor"):
            return self.none()
        return scoped.filter(alliance__in=Alliance.objects.managed_by(user).values("pk"))

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(subject__icontains=text)
            | Q(text_body__icontains=text)
            | Q(from_address__icontains=text)
        )

    def of_thread(self, message):
        root = message.thread_id or message.pk
        return self.filter(Q(pk=root) | Q(thread_id=root))


class EmailMessage(Linked):
    """An email forwarded or cc'd to an Accord address: filed on its alliance (and meeting or
    issue), or held until one of the alliance's managers files or rejects it."""

    class Via(models.TextChoices):
        SMTP = "smtp", _("SMTP (mail-in)")
        IMAP = "imap", _("IMAP mailbox")

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="messages")
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="emails")
    # The firewall: derived from the meeting's body or the issue; an email of a firewalled
    # program exists only for the people cleared for it.
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    status = models.CharField(max_length=10, choices=EmailStatus.choices)
    hold_reason = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    message_id = models.CharField(max_length=500)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    envelope_from = models.CharField(max_length=320, blank=True)
    from_address = models.CharField(max_length=320)
    from_name = models.CharField(max_length=200, blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The known person the From address belongs to."),
    )
    to = models.TextField(blank=True)
    cc = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(
        blank=True, help_text=_("Sanitised: no scripts, styles or images.")
    )
    eml = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = EmailMessageQuerySet.as_manager()

    detail_url = "correspondence:message"

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "message_id"], name="email_once_per_mailbox"
            ),
        ]
        indexes = [models.Index(fields=["alliance", "message_id"])]

    def __str__(self) -> str:
        return self.subject or "(no subject)"

    @property
    def title(self) -> str:
        return str(self)


class EmailAttachment(Named):
    """A file an email carried: kept through the upload checks, or the reason it was not."""

    message = models.ForeignKey(EmailMessage, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=150)
    size = models.PositiveBigIntegerField()
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
