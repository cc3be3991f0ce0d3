from django.conf import settings
from django.db import models
from django.utils import timezone


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
        PENDING = "pending", "To be emailed"
        SENDING = "sending", "Being emailed (claimed by a worker)"
        DIGEST = "digest", "Waiting for the daily digest"
        SENT = "sent", "Emailed"
        SKIPPED = "skipped", "Not emailed (the person opted out)"
        FAILED = "failed", "Sending failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60, help_text="What sent it, e.g. obligation.overdue.")
    title = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="Where in Accord to act on it.")
    # Plain ids, as in the audit trail: for scoping, and so a notification survives its subject.
    alliance_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    program_id = models.BigIntegerField(null=True, blank=True)
    dedupe_key = models.CharField(
        max_length=200,
        help_text="The same key for the same person is never notified twice (e.g. a reminder step).",
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
