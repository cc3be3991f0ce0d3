from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.core.models import Titled, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance

from .surveys import Side


class Rag(models.TextChoices):
    GREEN = "green", _("On target")
    AMBER = "amber", _("Near target")
    RED = "red", _("Off target")
    NONE = "none", _("No actual yet")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


def rag_status(*, direction: str, target, actual, tolerance_pct) -> str:
    """Green on or beyond target; amber within `tolerance_pct` % of the target; red beyond that.

    The amber band is a share of |target|, so a target of 0 has no amber band.
    """
    if actual is None or target is None:
        return Rag.NONE
    target, actual = Decimal(target), Decimal(actual)
    band = abs(target) * Decimal(tolerance_pct) / 100
    if direction == Direction.HIGHER:
        if actual >= target:
            return Rag.GREEN
        return Rag.AMBER if actual >= target - band else Rag.RED
    if actual <= target:
        return Rag.GREEN
    return Rag.AMBER if actual <= target + band else Rag.RED


class JointGoalQuerySet(VisibleQuerySet):
    visibility = dict(alliance="alliance")


class JointGoal(VersionedModel, Titled):
    """One of the alliance's joint goals for a period (e.g. five a year), endorsed by the JSC."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="joint_goals")
    period = models.CharField(max_length=20, help_text=_("The goal period, e.g. 2026 or 2026-H2."))
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    relaunch = models.ForeignKey(
        "health.Relaunch", null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    # The JSC's endorsement, recorded now; `governance_decision_id` is where the governance
    # module (a later issue) will link the meeting decision that endorsed it.
    endorsed_on = models.DateField(null=True, blank=True)
    endorsed_by = models.CharField(
        max_length=200, blank=True, help_text=_("Who endorsed it, e.g. the JSC co-chairs by name.")
    )
    endorsement_reference = models.CharField(
        max_length=200, blank=True, help_text=_("The meeting and minute, e.g. JSC 2026-03 item 4.")
    )
    endorsement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    governance_decision_id = models.BigIntegerField(null=True, blank=True)

    objects = JointGoalQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "order", "pk"]
        indexes = [models.Index(fields=["alliance", "period"])]

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_on is not None


class MetricQuerySet(VisibleQuerySet):
    visibility = dict(alliance="goal__alliance")


class Metric(VersionedModel):
    """A measure of a joint goal, updated by the company it is assigned to."""

    goal = models.ForeignKey(JointGoal, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text=_("e.g. %, days, details per month, USD m."))
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    owner_side = models.CharField(
        "updated by",
        max_length=10,
        choices=Side.choices,
        default=Side.OWN,
        help_text=_("Which company reports the actuals of this metric."),
    )
    amber_tolerance_pct = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        # xgettext:no-python-format
        help_text=_("Within this % of target is amber; empty uses the health policy's tolerance."),
    )

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class MetricValue(models.Model):
    """A metric's target and actual for one reporting period (e.g. 2026-Q1)."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=20, help_text=_("e.g. 2026-Q1; periods sort as text."))
    target = models.DecimalField(max_digits=14, decimal_places=2)
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period"], name="metric_value_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.period}"

    def clean(self):
        if not self.period or not self.period.strip():
            raise ValidationError({"period": _("Name the period, e.g. 2026-Q1.")})


class RelaunchStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class RelaunchQuerySet(VisibleQuerySet):
    visibility = dict(alliance="alliance")


class Relaunch(VersionedModel):
    """A guided relaunch of an alliance in distress: how the partners agree to work together again."""

    STEPS = [
        ("context", _("Why relaunch"), ["reason", "meeting_date", "facilitator"]),
        ("goals", _("Joint goals"), []),
        (
            "communication",
            _("Communication and meetings"),
            ["communication_rules", "meeting_rules"],
        ),
        ("decisions", _("Decision-making"), ["decision_protocols"]),
        (
            "issues",
            _("Issue resolution and escalation"),
            ["issue_resolution", "escalation_process"],
        ),
        ("lessons", _("Lessons from the recent challenges"), ["lessons"]),
    ]

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="relaunches")
    status = models.CharField(
        max_length=15, choices=RelaunchStatus.choices, default=RelaunchStatus.IN_PROGRESS
    )
    reason = models.TextField(
        _("why the alliance needs a relaunch"),
        blank=True,
        help_text=_("What went wrong: restructurings, new counterparts, stuck decisions…"),
    )
    meeting_date = models.DateField(_("relaunch meeting"), null=True, blank=True)
    facilitator = models.CharField(max_length=200, blank=True)
    communication_rules = models.TextField(_("ground rules for communication"), blank=True)
    meeting_rules = models.TextField(_("ground rules for meetings"), blank=True)
    decision_protocols = models.TextField(_("decision-making protocols"), blank=True)
    issue_resolution = models.TextField(_("issue resolution"), blank=True)
    escalation_process = models.TextField(_("escalation process"), blank=True)
    lessons = models.TextField(_("lessons from the recent challenges"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # Where the governance module (a later issue) links the relaunch meeting's record.
    governance_meeting_id = models.BigIntegerField(null=True, blank=True)
    lesson_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Set by the lessons-learned app when a lesson is captured from this relaunch."),
    )

    objects = RelaunchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(status="in_progress"),
                name="relaunch_one_in_progress_per_alliance",
            )
        ]

    def __str__(self) -> str:
        return f"Relaunch of {self.alliance}"

    @classmethod
    def step_keys(cls) -> list[str]:
        return [key for key, _, _ in cls.STEPS]

    def step_done(self, key: str) -> bool:
        if key == "goals":
            return self.goals.exists()
        fields = next(f for k, _, f in self.STEPS if k == key)
        return all(
            getattr(self, name) not in (None, "") for name in fields if name != "facilitator"
        )

    def missing_steps(self) -> list[str]:
        return [label for key, label, _ in self.STEPS if not self.step_done(key)]
