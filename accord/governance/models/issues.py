"""Issues (with their escalation path) and risks of an alliance."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.portfolio.models import Alliance, Program

from .committees import Committee
from .common import (
    ONE_TO_FIVE,
    Area,
    Record,
    ScopedQuerySet,
    people_of,
    run_by,
    text_search,
    today,
)

# The risk rating as shown to people (Risk.rating is compared in code and templates).
RISK_RATING_LABELS = {"high": _("high"), "medium": _("medium"), "low": _("low")}

# --- Issues ---------------------------------------------------------------------------------


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


ISSUE_TRANSITIONS = {
    IssueStatus.OPEN: {IssueStatus.ESCALATED, IssueStatus.RESOLVED},
    IssueStatus.ESCALATED: {IssueStatus.ESCALATED, IssueStatus.RESOLVED},
    IssueStatus.RESOLVED: {IssueStatus.CLOSED, IssueStatus.OPEN},
    IssueStatus.CLOSED: set(),
}
UNRESOLVED_ISSUE = (IssueStatus.OPEN, IssueStatus.ESCALATED)


def past_limit_q(now: dt.datetime) -> Q:
    """Unresolved issues whose current body's time limit has passed (portable across databases)."""
    limits = (
        Committee.objects.filter(escalation_days__isnull=False)
        .order_by()
        .values_list("escalation_days", flat=True)
        .distinct()
    )
    condition = Q(pk__in=[])
    for days in limits:
        condition |= Q(level__escalation_days=days, level_since__lte=now - dt.timedelta(days=days))
    return condition & Q(status__in=[IssueStatus.OPEN, IssueStatus.ESCALATED])


class IssueQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """Issues whose title or description contains the text (lists and the top search)."""
        return text_search(self, text)

    def unresolved(self):
        return self.filter(status__in=UNRESOLVED_ISSUE)

    def past_limit(self, now: dt.datetime | None = None):
        return self.filter(past_limit_q(now or timezone.now()))

    def mine(self, who):
        """Issues `who` (a person, or a queryset of people) owns, and the unowned ones of the
        alliances they run: the issue list's "Mine" filter and My week both use this."""
        return self.filter(
            Q(owner__in=people_of(who)) | Q(owner__isnull=True, alliance__in=run_by(who))
        )

    def escalated(self):
        return self.filter(status=IssueStatus.ESCALATED)

    def owned_by(self, user):
        """Issues this person owns (the "Owner" filter)."""
        if user is None or not getattr(user, "pk", None):
            return self.none()
        return self.filter(owner=user)

    def overdue(self, on: dt.date | None = None):
        """Unresolved issues whose target date has passed."""
        return self.unresolved().filter(target_on__lt=on or today())


class Issue(Record):
    """A disagreement or problem between the partners, worked up the escalation path."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="governance_issues"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    area = models.CharField(max_length=30, choices=Area.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_on = models.DateField(default=today)
    status = models.CharField(max_length=20, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    level = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
        verbose_name=_("current escalation level"),
        help_text=_("The body working on it now."),
    )
    level_since = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_issues",
        help_text=_("One of our people who sees the issue through."),
    )
    target_on = models.DateField(
        _("target date"), null=True, blank=True, help_text=_("When it should be resolved by.")
    )
    resolution = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    is_internal = models.BooleanField(_("internal only"), default=False)

    objects = IssueQuerySet.as_manager()

    detail_url = "governance:issue_detail"

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "status"]),
            models.Index(fields=["status", "level_since"]),
            models.Index(fields=["owner", "status"]),
        ]

    @property
    def is_unresolved(self) -> bool:
        return self.status in UNRESOLVED_ISSUE

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return (
            self.is_unresolved and self.target_on is not None and self.target_on < (on or today())
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def days_at_level(self, now: dt.datetime | None = None) -> int:
        return max(0, ((now or timezone.now()) - self.level_since).days)

    def limit_at(self) -> dt.datetime | None:
        """When the current body's time limit runs out (None without a level or a limit)."""
        if self.level is None or not self.level.escalation_days:
            return None
        return self.level_since + dt.timedelta(days=self.level.escalation_days)

    def is_past_limit(self, now: dt.datetime | None = None) -> bool:
        limit = self.limit_at()
        return self.is_unresolved and limit is not None and (now or timezone.now()) >= limit

    @property
    def days_here(self) -> int:
        return self.days_at_level()

    @property
    def past_limit(self) -> bool:
        return self.is_past_limit()


class IssueEscalation(models.Model):
    """One step of an issue up the escalation path (or its first assignment to a body)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_level = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    days_at_previous_level = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.issue} → {self.to_level}"


# --- Risks ----------------------------------------------------------------------------------


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RiskQuerySet(ScopedQuerySet):
    # Our assessment of what could go wrong in a partnership, like tiers and ratings: internal.
    partner_visible = False
    internal_path = None

    def open(self):
        return self.filter(status=RiskStatus.OPEN)

    def review_due(self, on: dt.date | None = None):
        return self.open().filter(review_on__lte=on or today())


class Risk(Record):
    """A risk to the alliance we track: how likely, how bad, what we do about it, who owns it."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="governance_risks"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    area = models.CharField(max_length=30, choices=Area.choices)
    likelihood = models.PositiveSmallIntegerField(
        validators=ONE_TO_FIVE, help_text=_("1 (rare) to 5 (almost certain).")
    )
    impact = models.PositiveSmallIntegerField(
        validators=ONE_TO_FIVE, help_text=_("1 (minor) to 5 (severe).")
    )
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_risks"
    )
    review_on = models.DateField("next review")
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    objects = RiskQuerySet.as_manager()

    detail_url = "governance:risk_detail"

    class Meta:
        ordering = ["review_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_1_5",
            )
        ]
        indexes = [models.Index(fields=["alliance", "status"])]

    @property
    def review_due(self) -> bool:
        return self.status == RiskStatus.OPEN and self.review_on <= today()

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> str:
        score = self.score
        return "high" if score >= 15 else "medium" if score >= 8 else "low"

    @property
    def rating_label(self) -> str:
        """The rating as shown to people (rating itself is compared in code)."""
        return RISK_RATING_LABELS[self.rating]
