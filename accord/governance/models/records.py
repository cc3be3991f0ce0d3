"""What governance produces and tracks: decisions, action items, issues, risks, communications.

Each record with a lifecycle declares its allowed transitions here; the actions refuse any other
with a message naming the current and requested states.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accord.core.models import VersionedModel
from accord.portfolio.models import Alliance, Company, Program

from .committees import Committee
from .common import Area, ScopedQuerySet, today
from .meetings import Meeting

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
# An open decision older than this, or one that took longer, is "slow".
SLOW_DECISION_DAYS = 60


def check_transition(record, field: str, target: str, allowed: dict[str, set[str]]) -> None:
    """Refuse a state change the lifecycle does not allow, naming what is allowed instead."""
    current = getattr(record, field)
    labels = dict(record._meta.get_field(field).choices)
    if target not in labels:
        raise ValidationError({field: f"Unknown {field} “{target}”."})
    if target in allowed.get(current, set()):
        return
    options = sorted(labels[state].lower() for state in allowed.get(current, set()))
    what = record._meta.verbose_name
    raise ValidationError(
        {
            field: f"A {labels[current].lower()} {what} cannot become {labels[target].lower()}; "
            + (f"it can become: {', '.join(options)}." if options else "it is final.")
        }
    )


# --- Decisions ------------------------------------------------------------------------------


class DecisionStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    PROPOSED = "proposed", "Proposed"
    DECIDED = "decided", "Decided"
    DEFERRED = "deferred", "Deferred"
    ESCALATED = "escalated", "Escalated"


DECISION_TRANSITIONS = {
    DecisionStatus.RAISED: {
        DecisionStatus.PROPOSED,
        DecisionStatus.DEFERRED,
        DecisionStatus.ESCALATED,
    },
    DecisionStatus.PROPOSED: {
        DecisionStatus.DECIDED,
        DecisionStatus.DEFERRED,
        DecisionStatus.ESCALATED,
    },
    DecisionStatus.DEFERRED: {DecisionStatus.PROPOSED, DecisionStatus.ESCALATED},
    # An escalated decision sits with the next body, which proposes, decides or defers it.
    DecisionStatus.ESCALATED: {
        DecisionStatus.PROPOSED,
        DecisionStatus.DECIDED,
        DecisionStatus.DEFERRED,
    },
    DecisionStatus.DECIDED: set(),
}
PENDING_DECISION = (
    DecisionStatus.RAISED,
    DecisionStatus.PROPOSED,
    DecisionStatus.DEFERRED,
    DecisionStatus.ESCALATED,
)


def _people(who):
    from accord.core.registry import people_ids

    return people_ids(who)


def _run_by(who):
    return Alliance.objects.managed_by(who).values("pk")


def _text_search(queryset, text: str):
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))


class DecisionQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """Decisions whose title or description contains the text (lists and the top search)."""
        return _text_search(self, text)

    def pending(self):
        return self.filter(status__in=PENDING_DECISION)

    def mine(self, who, on: dt.date | None = None):
        """Decisions held by a body on which `who` (a person, or a queryset of people) has a seat
        now: the decision list's "Mine" filter and My week both use this."""
        from .committees import CommitteeMember

        seats = CommitteeMember.objects.current(on).filter(user__in=_people(who))
        return self.filter(committee__in=seats.values("committee_id"))

    def decided(self):
        return self.filter(status=DecisionStatus.DECIDED)

    def slow(self, on: dt.date | None = None):
        """Open longer than SLOW_DECISION_DAYS, or decided after longer than that."""
        cutoff = (on or today()) - dt.timedelta(days=SLOW_DECISION_DAYS)
        return self.filter(
            Q(status__in=PENDING_DECISION, raised_on__lt=cutoff)
            | Q(status=DecisionStatus.DECIDED, slow=True)
        )


class Decision(VersionedModel):
    """A matter put to a governance body, from being raised to being decided."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="governance_decisions"
    )
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name="body",
        help_text="The body that holds the decision now.",
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions_taken",
        help_text="The agenda item it was taken under.",
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    area = models.CharField("matter", max_length=30, choices=Area.choices)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.RAISED
    )
    raised_on = models.DateField(default=today)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField("needed by", null=True, blank=True)
    proposed_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="decided by body",
    )
    outcome = models.TextField(blank=True, help_text="What was decided.")
    rationale = models.TextField(blank=True)
    outside_charter = models.BooleanField(
        default=False, help_text="Decided by a body whose charter does not give it this matter."
    )
    slow = models.BooleanField(default=False, editable=False)
    is_internal = models.BooleanField("internal only", default=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "status"]),
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["status", "raised_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_DECISION

    @property
    def latency_days(self) -> int | None:
        if self.decided_on is None:
            return None
        return (self.decided_on - self.raised_on).days

    def age_days(self, on: dt.date | None = None) -> int:
        return ((on or today()) - self.raised_on).days

    @property
    def age(self) -> int:
        return self.age_days()

    @property
    def firewall_program_id(self):
        return self.program_id

    def clean(self):
        super().clean()
        if self.decided_on and self.decided_on < self.raised_on:
            raise ValidationError({"decided_on": "A decision cannot be made before it was raised."})
        if self.status == DecisionStatus.DECIDED and not self.outcome.strip():
            raise ValidationError({"outcome": "Say what was decided."})


# --- Action items ---------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


ACTION_TRANSITIONS = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED},
    ActionStatus.IN_PROGRESS: {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.CANCELLED},
    ActionStatus.DONE: {ActionStatus.OPEN},
    ActionStatus.CANCELLED: {ActionStatus.OPEN},
}
OPEN_ACTION = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItemQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ACTION)

    def mine(self, who):
        """Actions `who` (a person, or a queryset of people) owns, and those the partner owes on
        the alliances they run: the action list's "Mine" filter and My week both use this."""
        from accord.people.models import Role

        return self.filter(
            Q(owner__in=_people(who)) | Q(owner__role=Role.PARTNER, alliance__in=_run_by(who))
        )

    def nobody_designated(self):
        """Open actions whose owner can no longer act on them (their account is closed)."""
        return self.open().filter(owner__is_active=False)

    def not_snoozed(self, on: dt.date):
        snoozed = ActionSnooze.objects.filter(action=models.OuterRef("pk"), until__gt=on)
        return self.exclude(models.Exists(snoozed))

    def overdue(self, on: dt.date | None = None):
        return self.open().filter(due_on__lt=on or today())


class ActionItem(VersionedModel):
    """Something one person (from either company) has agreed to do by a date."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="governance_actions"
    )
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name="body",
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        help_text="The meeting where it was agreed.",
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_created",
        help_text="The agenda item it was agreed under.",
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_actions"
    )
    due_on = models.DateField("due")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    is_internal = models.BooleanField("internal only", default=False)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "action item"
        indexes = [
            models.Index(fields=["alliance", "status", "due_on"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:action_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.is_open and self.due_on < (on or today())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def firewall_program_id(self):
        return self.program_id


# --- Issues ---------------------------------------------------------------------------------


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    ESCALATED = "escalated", "Escalated"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


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
        return _text_search(self, text)

    def unresolved(self):
        return self.filter(status__in=UNRESOLVED_ISSUE)

    def past_limit(self, now: dt.datetime | None = None):
        return self.filter(past_limit_q(now or timezone.now()))

    def mine(self, who):
        """Issues `who` (a person, or a queryset of people) owns, and the unowned ones of the
        alliances they run: the issue list's "Mine" filter and My week both use this."""
        return self.filter(
            Q(owner__in=_people(who)) | Q(owner__isnull=True, alliance__in=_run_by(who))
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


class Issue(VersionedModel):
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
        verbose_name="current escalation level",
        help_text="The body working on it now.",
    )
    level_since = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_issues",
        help_text="One of our people who sees the issue through.",
    )
    target_on = models.DateField(
        "target date", null=True, blank=True, help_text="When it should be resolved by."
    )
    resolution = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    is_internal = models.BooleanField("internal only", default=False)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "status"]),
            models.Index(fields=["status", "level_since"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:issue_detail", args=[self.pk])

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

    @property
    def firewall_program_id(self):
        return self.program_id

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


class ActionSnooze(models.Model):
    """Someone put an open action out of My week until a date, saying why (audited)."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="snoozes")
    until = models.DateField(help_text="It comes back into My week on this day.")
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["action", "until"])]

    def __str__(self) -> str:
        return f"{self.action} snoozed until {self.until:%Y-%m-%d}"


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
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RiskQuerySet(ScopedQuerySet):
    # Our assessment of what could go wrong in a partnership, like tiers and ratings: internal.
    partner_visible = False
    internal_path = None

    def open(self):
        return self.filter(status=RiskStatus.OPEN)

    def review_due(self, on: dt.date | None = None):
        return self.open().filter(review_on__lte=on or today())


class Risk(VersionedModel):
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
        validators=ONE_TO_FIVE, help_text="1 (rare) to 5 (almost certain)."
    )
    impact = models.PositiveSmallIntegerField(
        validators=ONE_TO_FIVE, help_text="1 (minor) to 5 (severe)."
    )
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_risks"
    )
    review_on = models.DateField("next review")
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_1_5",
            )
        ]
        indexes = [models.Index(fields=["alliance", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:risk_detail", args=[self.pk])

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
    def firewall_program_id(self):
        return self.program_id


# --- Partner communications -----------------------------------------------------------------


class CommunicationKind(models.TextChoices):
    PRESS_RELEASE = "press_release", "Press release"
    PUBLIC_DISCLOSURE = "public_disclosure", "Public disclosure"
    PUBLICATION = "publication", "Scientific publication or abstract"
    INVESTOR = "investor", "Investor communication"
    OTHER = "other", "Other communication"


class CommunicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    UNDER_REVIEW = "under_review", "Under review"
    CONCLUDED = "concluded", "Review concluded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CHANGES = "approved_with_changes", "Approved with changes"
    OBJECTED = "objected", "Objected"


COMMUNICATION_TRANSITIONS = {
    CommunicationStatus.DRAFT: {CommunicationStatus.UNDER_REVIEW, CommunicationStatus.WITHDRAWN},
    CommunicationStatus.UNDER_REVIEW: {
        CommunicationStatus.CONCLUDED,
        CommunicationStatus.WITHDRAWN,
        CommunicationStatus.DRAFT,
    },
    CommunicationStatus.CONCLUDED: set(),
    CommunicationStatus.WITHDRAWN: set(),
}


class CommunicationQuerySet(ScopedQuerySet):
    def under_review(self):
        return self.filter(status=CommunicationStatus.UNDER_REVIEW)

    def awaiting_review_by(self, who):
        """The partner's disclosures under review that `who` (a person, or a queryset of people)
        must answer: as a named reviewer, or as the manager of the alliance."""
        return (
            self.under_review()
            .exclude(proposed_by__kind=Company.Kind.OWN)
            .filter(Q(reviewers__in=_people(who)) | Q(alliance__in=_run_by(who)))
            .distinct()
        )


class Communication(VersionedModel):
    """A public disclosure or press release one partner needs the other to review first."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="governance_communications"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=CommunicationKind.choices)
    proposed_by = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The party that wants to publish.",
    )
    summary = models.TextField(blank=True)
    planned_release_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CommunicationStatus.choices, default=CommunicationStatus.DRAFT
    )
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    submitted_on = models.DateField(null=True, blank=True)
    review_business_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The review period the agreement allows."
    )
    review_due_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=ReviewOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    is_internal = models.BooleanField("internal only", default=False)

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["alliance", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:communication_detail", args=[self.pk])

    @property
    def firewall_program_id(self):
        return self.program_id

    def review_overdue(self, on: dt.date | None = None) -> bool:
        return (
            self.status == CommunicationStatus.UNDER_REVIEW
            and self.review_due_on is not None
            and self.review_due_on < (on or today())
        )
