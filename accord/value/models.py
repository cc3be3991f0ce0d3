"""The value of an alliance: its deal-time baseline, the current forecast, recorded exchange
rates, payments and royalty reports that realise it, and loss-of-exclusivity dates."""

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Named, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance, Program

from .reference import phase_choices


def sees_value(user) -> bool:
    """Deal values are internal: partner users never see them."""
    return bool(user.is_authenticated and user.is_active and user.is_internal)


def validate_currency(value: str) -> None:
    if value and not re.fullmatch(r"[A-Z]{3}", value):
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code (e.g. USD, EUR, JPY).")
            % {"value": value}
        )


class ProgramScopedQuerySet(VisibleQuerySet):
    """Rows for our staff, minus those about firewalled programs the user is not cleared for."""

    visibility = dict(internal_only=True, program="program")


class Direction(models.TextChoices):
    IN = "in", _("In (we receive)")
    OUT = "out", _("Out (we pay)")


class FlowKind(models.TextChoices):
    UPFRONT = "upfront", _("Upfront")
    MILESTONE = "milestone", _("Milestone")
    ROYALTY = "royalty", _("Royalty")
    COST_SHARING = "cost_sharing", _("Cost sharing")
    OTHER = "other", _("Other")


# --- Forecasts ------------------------------------------------------------------------------


class ForecastKind(models.TextChoices):
    BASELINE = "baseline", _("Deal-time baseline")
    REFORECAST = "reforecast", _("Re-forecast")


class ForecastStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class ForecastQuerySet(VisibleQuerySet):
    visibility = dict(internal_only=True, alliance="alliance")

    def current(self):
        return self.filter(is_current=True)

    def baselines(self):
        return self.filter(kind=ForecastKind.BASELINE)


class Forecast(VersionedModel):
    """One version of an alliance's value forecast: the deal-time baseline (version 1) or a
    re-forecast; frozen once approved, and the latest approved one is the forecast in force."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="forecasts")
    number = models.PositiveIntegerField(
        help_text=_("1 is the baseline; each re-forecast adds one.")
    )
    kind = models.CharField(max_length=12, choices=ForecastKind.choices)
    status = models.CharField(
        max_length=10, choices=ForecastStatus.choices, default=ForecastStatus.DRAFT
    )
    is_current = models.BooleanField(default=False, editable=False)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    discount_rate = models.DecimalField(
        max_digits=6,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("Annual rate as a fraction: 0.1 for 10%."),
    )
    valuation_date = models.DateField(help_text=_("The date the NPV is discounted to."))
    npv = models.DecimalField(
        _("NPV"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The deal model's net present value, as approved."),
    )
    asset_value = models.DecimalField(
        _("asset NPV (unrisked)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "What the deal is for: our share of the NPV of the licensed asset or co-developed "
            "programme at the valuation date, before the deal's own payments and before risk. Leave "
            "empty when we license out (the deal's value is what we receive)."
        ),
    )
    asset_phase = models.CharField(
        _("asset phase"),
        max_length=12,
        blank=True,
        choices=phase_choices,
        help_text=_("The asset's phase: its probability of success risk-adjusts the asset NPV."),
    )
    note = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = ForecastQuerySet.as_manager()

    class Meta:
        ordering = ["alliance", "number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="value_forecast_number"),
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(kind="baseline"),
                name="value_one_baseline",
            ),
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(is_current=True),
                name="value_one_current_forecast",
            ),
            models.CheckConstraint(
                condition=Q(discount_rate__gte=0), name="value_discount_rate_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["is_current", "alliance"])]

    def __str__(self) -> str:
        label = "Baseline" if self.kind == ForecastKind.BASELINE else f"Re-forecast {self.number}"
        return f"{self.alliance} — {label}"

    @property
    def is_frozen(self) -> bool:
        return self.status == ForecastStatus.APPROVED

    def clean(self):
        super().clean()
        if self.discount_rate is not None and self.discount_rate > 1:
            raise ValidationError(
                {"discount_rate": _("Give the rate as a fraction between 0 and 1 (0.1 for 10%).")}
            )
        if self.asset_value is not None and not self.asset_phase:
            raise ValidationError(
                {"asset_phase": _("Give the asset's phase: it sets the probability of success.")}
            )

    @property
    def risked_asset_value(self) -> Decimal | None:
        """The asset NPV times the probability of success of its phase (cents)."""
        from .finance import risk_adjusted

        return risk_adjusted(self.asset_value, self.asset_phase)


class CashFlowQuerySet(ProgramScopedQuerySet):
    def inflows(self):
        return self.filter(direction=Direction.IN)


class CashFlow(models.Model):
    """A forecast payment in one version of an alliance's forecast, from our company's view."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="cash_flows")
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    milestone = models.ForeignKey(
        "contracts.Milestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="value_cash_flows",
    )
    kind = models.CharField(max_length=14, choices=FlowKind.choices)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    due_on = models.DateField(help_text=_("When it is expected; a yearly figure uses 31 December."))
    amount = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("In the forecast's currency; the direction says who pays."),
    )
    label = models.CharField(max_length=200, blank=True)

    objects = CashFlowQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="value_cash_flow_not_negative")
        ]
        indexes = [models.Index(fields=["forecast", "due_on"]), models.Index(fields=["milestone"])]

    def __str__(self) -> str:
        return self.label or f"{self.get_kind_display()} {self.due_on:%Y}"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.direction == Direction.IN else -self.amount


# --- Exchange rates -------------------------------------------------------------------------


class ExchangeRate(models.Model):
    """A recorded rate: one unit of `currency` is worth `rate` of the reporting currency from
    `effective_on` until the next recorded rate."""

    currency = models.CharField(max_length=3, validators=[validate_currency])
    rate = models.DecimalField(max_digits=18, decimal_places=8, validators=[MinValueValidator(0)])
    effective_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["currency", "-effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "effective_on"], name="value_rate_once"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="value_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate} from {self.effective_on}"

    def clean(self):
        super().clean()
        from .conf import reporting_currency

        if self.currency and self.currency == reporting_currency():
            raise ValidationError(
                {"currency": f"{self.currency} is the reporting currency: its rate is always 1."}
            )
        if self.rate is not None and self.rate <= 0:
            raise ValidationError({"rate": _("The rate must be greater than zero.")})


# --- Realised value -------------------------------------------------------------------------


class Payment(VersionedModel):
    """A payment received or made under the alliance outside the milestone register (upfront,
    cost-sharing true-up, other)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="value_payments")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=FlowKind.choices)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    paid_on = models.DateField()
    amount = models.DecimalField(max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, validators=[validate_currency])
    description = models.CharField(max_length=250)

    objects = ProgramScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="value_payment_not_negative")
        ]
        indexes = [models.Index(fields=["alliance", "paid_on"])]

    def __str__(self) -> str:
        return self.description

    def clean(self):
        super().clean()
        if self.kind == FlowKind.ROYALTY:
            raise ValidationError({"kind": _("Record royalties as a royalty report.")})
        if self.kind == FlowKind.MILESTONE:
            raise ValidationError(
                {
                    "kind": _(
                        "Milestone payments come from the contracts register: mark them paid there."
                    )
                }
            )


class RoyaltyReport(VersionedModel):
    """A partner's (or our) royalty report for a period: net sales, the royalty due and when it
    was paid."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="royalty_reports")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.IN)
    period_start = models.DateField()
    period_end = models.DateField()
    currency = models.CharField(max_length=3, validators=[validate_currency])
    net_sales = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    royalty_amount = models.DecimalField(
        max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(
        null=True, blank=True, help_text=_("Empty until the royalty is paid.")
    )

    objects = ProgramScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="value_royalty_period_order",
            ),
            models.UniqueConstraint(
                fields=["alliance", "program", "direction", "period_start"],
                name="value_royalty_once_per_program_period",
            ),
            models.UniqueConstraint(
                fields=["alliance", "direction", "period_start"],
                condition=Q(program__isnull=True),
                name="value_royalty_once_per_period",
            ),
        ]
        indexes = [models.Index(fields=["alliance", "paid_on"])]

    def __str__(self) -> str:
        return f"Royalties {self.period_start} – {self.period_end}"

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period ends before it starts."
        if (
            self.paid_on
            and self.period_end
            and self.paid_on < self.period_end - dt.timedelta(days=366)
        ):
            errors["paid_on"] = "The payment date is more than a year before the period ends."
        if errors:
            raise ValidationError(errors)


class ExclusivityLoss(VersionedModel):
    """When the alliance's product loses exclusivity (patent expiry, data protection), per
    alliance or per program: a delay before it costs months of protected sales."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="loe_dates")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    loe_date = models.DateField(_("loss of exclusivity"))
    basis = models.CharField(max_length=200, blank=True, help_text=_("e.g. US composition patent."))

    objects = ProgramScopedQuerySet.as_manager()

    class Meta:
        ordering = ["loe_date"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "program"], name="value_one_program_loe"),
            models.UniqueConstraint(
                fields=["alliance"], condition=Q(program__isnull=True), name="value_one_loe"
            ),
        ]

    def __str__(self) -> str:
        return f"LOE {self.loe_date}"


# --- Co-promotion details -------------------------------------------------------------------


# A period's details, or one imported row's: far above any real field force, and within a 32-bit
# integer on every database (so the API documents the same bound everywhere).
MAX_DETAILS = 10_000_000


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    REMOTE = "remote", _("Remote / video")
    PHONE = "phone", _("Phone")
    DIGITAL = "digital", _("Digital")


class AllianceScopedQuerySet(VisibleQuerySet):
    visibility = dict(internal_only=True, alliance="alliance")


class DetailRule(VersionedModel):
    """How much one detail in a channel counts towards the contracted minimum, from a date
    (e.g. from an amendment's effective date a remote detail counts 0.5). Without a rule a
    detail counts 1."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="detail_rules")
    channel = models.CharField(max_length=14, choices=Channel.choices)
    effective_from = models.DateField()
    weight = models.DecimalField(
        max_digits=4, decimal_places=2, help_text=_("1 counts fully, 0.5 half, 0 not at all.")
    )
    source = models.CharField(
        max_length=200, blank=True, help_text=_("Where it is agreed, e.g. Amendment 2 § 3.1.")
    )

    objects = AllianceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["channel", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "channel", "effective_from"], name="value_detail_rule_once"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=1), name="value_detail_weight_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} counts {self.weight} from {self.effective_from}"

    def clean(self):
        super().clean()
        if self.weight is not None and not (0 <= self.weight <= 1):
            raise ValidationError({"weight": _("Give a weight between 0 and 1.")})


class DetailMinimum(VersionedModel):
    """The contracted minimum number of details in a period of a co-promotion."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="detail_minimums")
    period_start = models.DateField()
    period_end = models.DateField()
    minimum = models.PositiveIntegerField(
        help_text=_("Details owed in the period."), validators=[MaxValueValidator(MAX_DETAILS)]
    )
    label = models.CharField(max_length=60, blank=True, help_text=_("e.g. Q1 2026."))

    objects = AllianceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="value_detail_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.period_start} – {self.period_end}"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                raise ValidationError({"period_end": _("The period ends before it starts.")})
            overlap = DetailMinimum.objects.filter(
                alliance_id=self.alliance_id,
                period_start__lte=self.period_end,
                period_end__gte=self.period_start,
            ).exclude(pk=self.pk)
            if self.alliance_id and overlap.exists():
                raise ValidationError(
                    {"period_start": f"This period overlaps “{overlap.first()}”."}
                )


class DetailActual(models.Model):
    """Details actually delivered on a day in a channel (imported from the field force's
    reports)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="details")
    detailed_on = models.DateField()
    channel = models.CharField(max_length=14, choices=Channel.choices)
    count = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_DETAILS)])
    region = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text=_("The imported file."))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AllianceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["detailed_on", "pk"]
        indexes = [models.Index(fields=["alliance", "detailed_on"])]

    def __str__(self) -> str:
        return f"{self.count} {self.get_channel_display().lower()} on {self.detailed_on}"


# --- Outcome measures -----------------------------------------------------------------------


class OutcomeCategory(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    INNOVATION = "innovation", _("Innovation")
    FINANCIAL = "financial", _("Financial")
    RELATIONSHIP = "relationship", _("Relationship")


class OutcomeStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    ACHIEVED = "achieved", _("Achieved")


class OutcomeMeasure(VersionedModel, Named):
    """An outcome the alliance is judged on (strategic, innovation, financial, relationship):
    its target, where it stands and when that was assessed."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="outcome_measures"
    )
    category = models.CharField(max_length=14, choices=OutcomeCategory.choices)
    name = models.CharField(max_length=200)
    target = models.CharField(max_length=200, help_text=_("e.g. Two INDs filed by 2027."))
    actual = models.CharField(max_length=200, blank=True, help_text=_("Where it stands now."))
    status = models.CharField(
        max_length=10, choices=OutcomeStatus.choices, default=OutcomeStatus.ON_TRACK
    )
    assessed_on = models.DateField()
    note = models.TextField(blank=True)

    objects = AllianceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name"]


from .summary_models import ValueSummary, ValueYear  # noqa: E402, F401  (stored summaries, split for size)
