"""Meetings of governance bodies: agenda, attendance and minutes both co-chairs approve."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accord.core.locales import validate_time_zone
from accord.core.models import Linked, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.people import signatures
from accord.portfolio.models import Alliance, Company

from .committees import Committee, CommitteeRole
from .common import ScopedQuerySet


class MeetingModality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


def default_time_zone() -> str:
    """The zone a new meeting is held in, unless its organiser says otherwise."""
    return settings.ACCORD_MEETING_TIME_ZONE


# validate_time_zone is accord.core.locales' (imported above: migrations name it here).


class MeetingQuerySet(ScopedQuerySet):
    program_paths = ("committee__program",)

    def held(self):
        return self.filter(status=MeetingStatus.HELD)

    def upcoming(self, now=None):
        return self.filter(
            status=MeetingStatus.SCHEDULED, starts_at__gte=now or timezone.now()
        ).order_by("starts_at")

    def search(self, text: str):
        """Meetings whose title or body's name contains the text."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(committee__name__icontains=text))


class Meeting(VersionedModel, Linked):
    """One meeting of a governance body."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    # Copied from the committee so every list scopes on one indexed column.
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="governance_meetings"
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=90, validators=[MinValueValidator(5), MaxValueValidator(1440)]
    )
    modality = models.CharField(max_length=20, choices=MeetingModality.choices)
    location = models.CharField(
        max_length=200, blank=True, help_text=_("Where, or how to join (a video link).")
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    is_internal = models.BooleanField(
        _("internal only"),
        default=False,
        help_text=_(
            "A meeting among our own people (e.g. JSC preparation): never shown to the partner."
        ),
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The IANA time zone the meeting is held in, e.g. Europe/London."),
    )
    # iCalendar SEQUENCE of the invitation attendees hold: each reschedule or cancellation
    # sent increments it, so their calendars replace the older copy (RFC 5546).
    invitation_sequence = models.PositiveIntegerField(default=0)

    objects = MeetingQuerySet.as_manager()

    detail_url = "governance:meeting_detail"

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["alliance", "starts_at"]),
            models.Index(fields=["committee", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    @property
    def firewall_program_id(self):
        return self.committee.program_id

    @property
    def ends_at(self):
        import datetime as dt

        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class InvitationResponse(models.TextChoices):
    """An invitee's answer to the calendar invitation (iCalendar PARTSTAT)."""

    NEEDS_ACTION = "needs_action", _("No reply yet")
    ACCEPTED = "accepted", _("Accepted")
    TENTATIVE = "tentative", _("Tentative")
    DECLINED = "declined", _("Declined")


class Attendance(models.Model):
    """Whether one invited person attended a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        max_length=20,
        choices=CommitteeRole.choices,
        blank=True,
        help_text=_("Their seat on the body at the meeting; empty for a guest."),
    )
    attended = models.BooleanField(null=True, help_text=_("Empty until attendance is recorded."))
    response = models.CharField(
        _("reply to the invitation"),
        max_length=20,
        choices=InvitationResponse.choices,
        default=InvitationResponse.NEEDS_ACTION,
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["company__kind", "company__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"

    @property
    def is_guest(self) -> bool:
        return self.role == ""


class AgendaKind(models.TextChoices):
    TOPIC = "topic", _("Topic")
    PREVIOUS_MINUTES = "previous_minutes", _("Previous minutes")
    ACTION = "action", _("Open action")
    DECISION = "decision", _("Pending decision")
    ISSUE = "issue", _("Escalated issue")


class AgendaItemQuerySet(VisibleQuerySet):
    visibility = dict(follows="meeting", follows_optional=("action", "decision", "issue"))


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in order; carried-over items point to what they discuss."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=AgendaKind.choices, default=AgendaKind.TOPIC)
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    action = models.ForeignKey(
        "governance.ActionItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    decision = models.ForeignKey(
        "governance.Decision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    issue = models.ForeignKey(
        "governance.Issue", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    previous_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "action"],
                condition=Q(action__isnull=False),
                name="agenda_action_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "decision"],
                condition=Q(decision__isnull=False),
                name="agenda_decision_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "issue"],
                condition=Q(issue__isnull=False),
                name="agenda_issue_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def source(self):
        return self.action or self.decision or self.issue or self.previous_meeting


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting co-chair approval")
    APPROVED = "approved", _("Approved")


class MinutesQuerySet(VisibleQuerySet):
    visibility = dict(follows="meeting")

    def awaiting_approval_by(self, who, on=None):
        """Minutes awaiting approval where `who` (a person, or a queryset of people) is a current
        co-chair of the body and their company has not signed yet."""
        from accord.core.registry import people_ids

        from .committees import CommitteeMember

        signed = MinutesSignature.objects.filter(
            minutes=models.OuterRef(models.OuterRef("pk")), company=models.OuterRef("user__company")
        )
        chairs = (
            CommitteeMember.objects.current(on)
            .co_chairs()
            .filter(committee=models.OuterRef("meeting__committee"), user__in=people_ids(who))
            .exclude(models.Exists(signed))
        )
        return self.filter(status=MinutesStatus.SUBMITTED).filter(models.Exists(chairs))


class Minutes(VersionedModel):
    """The record of a meeting; approved by a co-chair of each party, then locked."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    def content_hash(self) -> str:
        """What a co-chair approves: the text of the minutes, fingerprinted."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


# What a co-chair declares by approving, unless they write their own words. Stored as signed
# (English); shown to each reader in their language.
DEFAULT_MEANING = gettext_noop("Approved as a true and accurate record of the meeting")


class MinutesSignature(models.Model):
    """A co-chair's approval of minutes: who, for which party, what it means, when (UTC)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Kept as text too, so the record still reads correctly if the account is renamed.
    signer_label = models.CharField(max_length=200)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    meaning = models.CharField(max_length=300)
    signed_at = models.DateTimeField(help_text=_("UTC."))
    content_sha256 = models.CharField(max_length=64)
    method = models.CharField(max_length=60, default="password re-authentication")

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "company"], name="minutes_signed_once_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer_label} approved {self.minutes}"

    @property
    def shown_meaning(self) -> str:
        """The standard meaning in the reader's language; a co-chair's own words as written."""
        return gettext(self.meaning) if self.meaning == DEFAULT_MEANING else self.meaning

    @property
    def shown_method(self) -> str:
        return signatures.method_label(self.method)


class MinutesAmendment(models.Model):
    """A change to approved minutes: only with a reason, and kept with the text before it."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    previous_text = models.TextField()
    new_text = models.TextField()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"Amendment of {self.minutes} on {self.at:%Y-%m-%d}"
