from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reference import SingletonModel


class TieringPolicy(SingletonModel):
    """How alliances are scored into tiers: a weight per factor and the tier thresholds."""

    weight_strategic = models.PositiveSmallIntegerField(
        _("weight: strategic importance"), default=30
    )
    weight_value = models.PositiveSmallIntegerField(_("weight: deal value"), default=25)
    weight_risk = models.PositiveSmallIntegerField(_("weight: risk"), default=20)
    weight_complexity = models.PositiveSmallIntegerField(_("weight: complexity"), default=15)
    weight_stage = models.PositiveSmallIntegerField(_("weight: lifecycle stage"), default=10)
    tier1_min_score = models.PositiveSmallIntegerField(
        _("Tier 1 from score"),
        default=60,
        validators=[MaxValueValidator(100)],
    )
    tier2_min_score = models.PositiveSmallIntegerField(
        _("Tier 2 from score"),
        default=35,
        validators=[MaxValueValidator(100)],
    )
    value_floor_musd = models.DecimalField(
        _("deal value scoring nothing (USD m)"),
        max_digits=10,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    value_ceiling_musd = models.DecimalField(
        _("deal value scoring fully (USD m)"),
        max_digits=10,
        decimal_places=1,
        default=Decimal("1000"),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tiering policy")
        verbose_name_plural = _("tiering policy")

    def __str__(self) -> str:
        return "Tiering policy"

    def clean(self):
        errors = {}
        if self.weights_total() == 0:
            errors["weight_strategic"] = "At least one factor needs a weight above zero."
        if self.tier1_min_score <= self.tier2_min_score:
            errors["tier1_min_score"] = "The Tier 1 threshold must be above the Tier 2 threshold."
        if (
            self.value_ceiling_musd is not None
            and self.value_floor_musd is not None
            and (self.value_ceiling_musd <= self.value_floor_musd)
        ):
            errors["value_ceiling_musd"] = (
                "The full-score value must be above the zero-score value."
            )
        if errors:
            raise ValidationError(errors)

    def weights(self) -> dict[str, int]:
        return {
            "strategic": self.weight_strategic,
            "value": self.weight_value,
            "risk": self.weight_risk,
            "complexity": self.weight_complexity,
            "stage": self.weight_stage,
        }

    def weights_total(self) -> int:
        return sum(self.weights().values())


class WorkloadPolicy(SingletonModel):
    """What an alliance costs its manager, and where a manager's capacity ends."""

    tier1_points = models.DecimalField(
        _("load of a Tier 1 alliance"), max_digits=4, decimal_places=2, default=Decimal("2")
    )
    tier2_points = models.DecimalField(
        _("load of a Tier 2 alliance"), max_digits=4, decimal_places=2, default=Decimal("1")
    )
    tier3_points = models.DecimalField(
        _("load of a Tier 3 alliance"), max_digits=4, decimal_places=2, default=Decimal("0.5")
    )
    intensive_stage_multiplier = models.DecimalField(
        _("multiplier in launch or relaunch"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.25"),
        validators=[MinValueValidator(1)],
        help_text=_("Launch and relaunch periods need more of the manager's time."),
    )
    capacity_points = models.DecimalField(
        _("capacity (load points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_(
            "Above this a manager is over capacity (default: more than 2-3 complex alliances)."
        ),
    )
    max_alliances = models.PositiveSmallIntegerField(
        _("most alliances per person"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Holding more than this many alliances is over capacity, whatever their tier."),
    )
    near_capacity_pct = models.PositiveSmallIntegerField(
        _("near capacity from (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("workload policy")
        verbose_name_plural = _("workload policy")

    def __str__(self) -> str:
        return "Workload policy"

    def points_for_tier(self, tier: int):
        return {1: self.tier1_points, 2: self.tier2_points, 3: self.tier3_points}[tier]
