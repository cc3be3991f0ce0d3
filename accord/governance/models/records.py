"""What governance bodies produce: decisions and action items (issues and risks are in issues.py,
partner communications in communications.py).

Each record with a lifecycle declares its allowed transitions here; the actions refuse any other
with a message naming the current and requested states.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.portfolio.models import Alliance, Program

from .committees import Committee
from .common import (
    Area,
    Record,
    ScopedQuerySet,
    people_of,
    run_by,
    text_search,
    today,
)
from .meetings import Meeting

# An open decision older than this, or one that took longer, is "slow".
SLOW_DECISION_DAYS = 60


# --- Decisions ------------------------------------------------------------------------------


class DecisionStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    DEFERRED = "deferred", _("Deferred")
    ESCALATED = "escalated", _("Escalated")


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


class DecisionQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """Decisions whose title or description contains the text (lists and the top search)."""
        return text_search(self, text)

    def pending(self):
        return self.filter(status__in=PENDING_DECISION)

    def mine(self, who, on: dt.date | None = None):
        """Decisions held by a body on which `who` (a person, or a queryset of people) has a seat
        now: the decision list's "Mine" filter and My week both use this."""
        from .committees import CommitteeMember

        seats = CommitteeMember.objects.current(on).filter(user__in=people_of(who))
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


class Decision(Record):
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
        verbose_name=_("body"),
        help_text=_("The body that holds the decision now."),
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
        help_text=_("The agenda item it was taken under."),
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    area = models.CharField(_("matter"), max_length=30, choices=Area.choices)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.RAISED
    )
    raised_on = models.DateField(default=today)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("needed by"), null=True, blank=True)
    proposed_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by body"),
    )
    outcome = models.TextField(blank=True, help_text=_("What was decided."))
    rationale = models.TextField(blank=True)
    outside_charter = models.BooleanField(
        default=False, help_text=_("Decided by a body whose charter does not give it this matter.")
    )
    slow = models.BooleanField(default=False, editable=False)
    is_internal = models.BooleanField(_("internal only"), default=False)

    objects = DecisionQuerySet.as_manager()

    detail_url = "governance:decision_detail"

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "status"]),
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["status", "raised_on"]),
        ]

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

    def clean(self):
        super().clean()
        if self.decided_on and self.decided_on < self.raised_on:
            raise ValidationError(
                {"decided_on": _("A decision cannot be made before it was raised.")}
            )
        if self.status == DecisionStatus.DECIDED and not self.outcome.strip():
            raise ValidationError({"outcome": _("Say what was decided.")})


# --- Action items ---------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


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
            Q(owner__in=people_of(who)) | Q(owner__role=Role.PARTNER, alliance__in=run_by(who))
        )

    def nobody_designated(self):
        """Open actions whose owner can no longer act on them (their account is closed)."""
        return self.open().filter(owner__is_active=False)

    def not_snoozed(self, on: dt.date):
        snoozed = ActionSnooze.objects.filter(action=models.OuterRef("pk"), until__gt=on)
        return self.exclude(models.Exists(snoozed))

    def overdue(self, on: dt.date | None = None):
        return self.open().filter(_past_due(on))

    def open_and_overdue(self, on: dt.date | None = None) -> dict[str, int]:
        """How many are open, and how many of those are overdue, in one read."""
        return self.open().aggregate(open=Count("pk"), overdue=Count("pk", filter=_past_due(on)))


def _past_due(on: dt.date | None) -> Q:
    return Q(due_on__lt=on or today())


class ActionItem(Record):
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
        verbose_name=_("body"),
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        help_text=_("The meeting where it was agreed."),
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_created",
        help_text=_("The agenda item it was agreed under."),
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
    is_internal = models.BooleanField(_("internal only"), default=False)

    objects = ActionItemQuerySet.as_manager()

    detail_url = "governance:action_detail"

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        indexes = [
            models.Index(fields=["alliance", "status", "due_on"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.is_open and self.due_on < (on or today())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class ActionSnooze(models.Model):
    """Someone put an open action out of My week until a date, saying why (audited)."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="snoozes")
    until = models.DateField(help_text=_("It comes back into My week on this day."))
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
