from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import SingletonModel


class GapClass(models.TextChoices):
    ALIGNED = "aligned", _("Aligned")
    MINOR = "minor", _("Minor gap")
    SIGNIFICANT = "significant", _("Significant gap")
    CRITICAL = "critical", _("Critical gap")


class HealthPolicy(SingletonModel):
    """The rules of health analysis: anonymity threshold, perception-gap classes, RAG tolerance.

    Scores are on a 0-100 scale (1-5 agreement maps 1→0, 3→50, 5→100). The perception gap of a
    theme is the absolute difference between the two companies' scores; it is *aligned* below
    `gap_minor`, *minor* from `gap_minor`, *significant* from `gap_significant` and *critical*
    from `gap_critical` points.
    """

    anonymity_threshold = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("No result is shown for a group of fewer respondents than this."),
    )
    gap_minor = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("5"),
        help_text=_("A gap of at least this many points (0-100 scale) is a minor gap."),
    )
    gap_significant = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("12"),
        help_text=_("A gap of at least this many points is significant."),
    )
    gap_critical = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("20"),
        help_text=_("A gap of at least this many points is critical."),
    )
    drop_alert = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("5"),
        help_text=_(
            "A theme falling by at least this many points since the last wave is highlighted."
        ),
    )
    amber_tolerance_pct = models.PositiveSmallIntegerField(
        default=10,
        validators=[MaxValueValidator(100)],
        # xgettext:no-python-format
        help_text=_("A scorecard metric within this % of its target is amber rather than red."),
    )
    max_goals_per_period = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many joint goals an alliance may set for one period."),
    )
    link_valid_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_(
            "A partner respondent's personal link works this many days after it is sent, "
            "and never after the wave closes."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Remind respondents who have not answered every this many days while a wave is open."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("health policy")
        verbose_name_plural = _("health policy")

    def __str__(self) -> str:
        return "Health policy"

    def clean(self):
        if not (0 < self.gap_minor < self.gap_significant < self.gap_critical <= 100):
            raise ValidationError(
                {
                    "gap_significant": _(
                        "The gap thresholds must rise: 0 < minor < significant < critical ≤ 100."
                    )
                }
            )

    def classify_gap(self, gap) -> str:
        gap = abs(Decimal(str(gap)))
        if gap >= self.gap_critical:
            return GapClass.CRITICAL
        if gap >= self.gap_significant:
            return GapClass.SIGNIFICANT
        if gap >= self.gap_minor:
            return GapClass.MINOR
        return GapClass.ALIGNED
