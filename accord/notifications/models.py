from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Named
from accord.core.visibility import VisibleQuerySet


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def open(self):
        """Still asking for something: not resolved by the thing being done (by anyone)."""
        return self.filter(resolved_at__isnull=True)

    def badge(self):
        """What the frame's badge and the inbox's default list count: unread and still open."""
        return self.unread().open()


class Notification(models.Model):
    """Something a person should know or do: shown in their inbox and, by their choice, emailed."""

    class Email(models.TextChoices):
        PENDING = "pending", _("To be emailed")
        SENDING = "sending", _("Being emailed (claimed by a worker)")
        DIGEST = "digest", _("Waiting for the daily digest")
        SENT = "sent", _("Emailed")
        SKIPPED = "skipped", _("Not emailed (the person opted out)")
        FAILED = "failed", _("Sending failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60, help_text=_("What sent it, e.g. obligation.overdue."))
    title = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text=_("Where in Accord to act on it."))
    # Plain ids, as in the audit trail: for scoping, and so a notification survives its subject.
    alliance_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    program_id = models.BigIntegerField(null=True, blank=True)
    dedupe_key = models.CharField(
        max_length=200,
        help_text=_(
            "The same key for the same person is never notified twice (e.g. a reminder step)."
        ),
    )
    # What it asks the person to act on ("governance.minutes:12"): the action that completes
    # that thing resolves every notification about it (notifications_resolve_for), whoever did it.
    subject = models.CharField(max_length=100, blank=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # A sender claims rows before it emails them (accord.notifications.actions): the claim's
    # token says which run holds them, its time lets another run take over after a crash.
    email_claim = models.CharField(max_length=32, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title}"


class ChatEvent(models.TextChoices):
    """What a chat channel can be told about."""

    DECISION_TAKEN = "decision_taken", _("Decision taken")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    ISSUE_ESCALATED = "issue_escalated", _("Issue escalated")
    DEADLINE_SOON = "deadline_soon", _("Deadline within N days")
    SURVEY_OPENED = "survey_opened", _("Health survey opened")


class ChatChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """Channels a person may see and manage: leaders every one; the people who run an
        alliance its channels. Nobody else (partner users never)."""
        # Not visible(): the rule is who manages an alliance (managed_by), not who sees it.
        from accord.portfolio.models import Alliance

        if not user.is_authenticated or not user.is_active or not user.is_internal:
            return self.none()
        if user.can_manage_portfolio:
            return self
        return self.filter(alliance__in=Alliance.objects.managed_by(user).values("pk"))


class ChatChannel(Named):
    """An incoming webhook of a team's chat (Teams, Slack, Google Chat…) where Accord posts
    short notices about one alliance, or about the whole portfolio."""

    class Kind(models.TextChoices):
        TEAMS = "teams", _("Microsoft Teams")
        SLACK = "slack", _("Slack")
        GOOGLE_CHAT = "google_chat", _("Google Chat")
        GENERIC = "generic", _("Generic JSON webhook")

    class Audience(models.TextChoices):
        INTERNAL = "internal", _("Our people only")
        PARTNER_SHARED = "partner_shared", _("Shared with the partner")

    alliance = models.ForeignKey(
        "portfolio.Alliance",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: a portfolio channel (every alliance)."),
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The webhook URL is a credential: kept encrypted (accord.people.encryption), shown back
    # only as its host and last characters.
    url_encrypted = models.TextField()
    url_hint = models.CharField(max_length=120)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.INTERNAL)
    events = models.JSONField(default=list, help_text=_("The events posted to this channel."))
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline horizon (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Deadlines are posted once when they come within this many days."),
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ChatChannelQuerySet.as_manager()

    class Meta:
        ordering = ["alliance_id", "name"]

    @property
    def events_labels(self) -> list[str]:
        labels = dict(ChatEvent.choices)
        return [labels.get(code, code) for code in self.events]


class ChatDeliveryQuerySet(VisibleQuerySet):
    visibility = dict(follows="channel")


class ChatDelivery(models.Model):
    """One notice posted (or being posted) to one chat channel, with its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be posted")
        SENT = "sent", _("Posted")
        FAILED = "failed", _("Failed after every attempt")

    channel = models.ForeignKey(ChatChannel, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ChatDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "dedupe_key"], name="chat_delivery_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.channel}"
