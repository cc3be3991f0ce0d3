"""Serializers and filters of the value API (the viewsets are in the package's __init__)."""

import django_filters as filters
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from accord.core import scoping
from accord.core.api import version_field
from accord.core.filtering import BoundedFilterSet
from accord.portfolio.filters import IdFilter
from accord.portfolio.models import Alliance, Program

from ..actions import FORECAST_FIELDS, OUTCOME_FIELDS, PAYMENT_FIELDS, ROYALTY_FIELDS
from ..models import (
    CashFlow,
    Channel,
    DetailActual,
    DetailMinimum,
    DetailRule,
    Direction,
    ExchangeRate,
    ExclusivityLoss,
    FlowKind,
    Forecast,
    ForecastKind,
    ForecastStatus,
    OutcomeCategory,
    OutcomeMeasure,
    OutcomeStatus,
    Payment,
    RoyaltyReport,
)


def inline_choice(choices, **kwargs):
    """A choice field documented inline (no shared enum component whose name other apps'
    "kind" or "direction" choices would collide with)."""
    values = [value for value, _label in choices]
    # A pattern, not an enum: spectacular turns every enum into a shared named component.
    schema = {
        "type": "string",
        "pattern": "^(" + "|".join(values) + ")$",
        "description": "One of: " + ", ".join(f"{v} ({label})" for v, label in choices) + ".",
    }
    field_class = extend_schema_field(schema)(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices, **kwargs)


def _visible_alliances(request):
    return Alliance.objects.visible_to(request.user) if request else Alliance.objects.none()


def _visible_forecasts(request):
    return Forecast.objects.visible_to(request.user) if request else Forecast.objects.none()


class AllianceFilter(BoundedFilterSet):
    """The records of one alliance (the only filter of most value records)."""

    alliance = IdFilter(queryset=_visible_alliances, label="Alliance")

    class Meta:
        fields = ["alliance"]


class ForecastFilter(AllianceFilter):
    kind = filters.ChoiceFilter(choices=ForecastKind.choices)
    current = filters.BooleanFilter(field_name="is_current", label="In force")

    class Meta:
        model = Forecast
        fields = ["alliance", "kind", "current"]


class CashFlowFilter(AllianceFilter):
    forecast = IdFilter(queryset=_visible_forecasts, label="Forecast")

    class Meta:
        model = CashFlow
        fields = ["alliance", "forecast"]


class DetailActualFilter(AllianceFilter):
    after = filters.DateFilter(field_name="detailed_on", lookup_expr="gte", label="On or after")
    before = filters.DateFilter(field_name="detailed_on", lookup_expr="lte", label="On or before")

    class Meta:
        model = DetailActual
        fields = ["alliance", "after", "before"]


class RateFilter(BoundedFilterSet):
    currency = filters.CharFilter()

    class Meta:
        model = ExchangeRate
        fields = ["currency"]


class ScopedSerializer(scoping.ModelSerializer):
    """Related choices limited to what the requesting user may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return
        if "alliance" in self.fields and not self.fields["alliance"].read_only:
            self.fields["alliance"].queryset = Alliance.objects.visible_to(request.user)
        if "program" in self.fields:
            self.fields["program"].queryset = Program.objects.visible_to(request.user)
        if "milestone" in self.fields:
            from accord.contracts.models import Milestone

            self.fields["milestone"].queryset = Milestone.objects.visible_to(request.user)
        if "forecast" in self.fields and not self.fields["forecast"].read_only:
            self.fields["forecast"].queryset = Forecast.objects.visible_to(request.user)


class ValueForecastSerializer(ScopedSerializer):
    """A version of an alliance's value forecast: the deal-time baseline or a re-forecast."""

    alliance = serializers.PrimaryKeyRelatedField(
        queryset=Alliance.objects.all(), help_text="On create: the alliance id; cannot change."
    )
    kind = inline_choice(
        ForecastKind.choices,
        required=False,
        help_text="On create: baseline (once per alliance) or reforecast (copies the forecast in force).",
    )
    status = inline_choice(ForecastStatus.choices, read_only=True)
    version = version_field()

    class Meta:
        model = Forecast
        fields = [
            "id",
            "alliance",
            "number",
            "kind",
            "status",
            "is_current",
            *FORECAST_FIELDS,
            "approved_by",
            "approved_at",
            "version",
        ]
        read_only_fields = ["number", "status", "is_current", "approved_by", "approved_at"]
        validators = []  # the conditional unique constraints are the action's to explain
        extra_kwargs = {
            "currency": {"required": False},
            "discount_rate": {"required": False},
            "valuation_date": {"required": False},
        }


class ValueCashFlowSerializer(ScopedSerializer):
    """A forecast payment, from our company's view (in: we receive; out: we pay)."""

    forecast = serializers.PrimaryKeyRelatedField(queryset=Forecast.objects.all())
    kind = inline_choice(FlowKind.choices)
    direction = inline_choice(Direction.choices)

    class Meta:
        model = CashFlow
        fields = [
            "id",
            "forecast",
            "alliance",
            "kind",
            "direction",
            "due_on",
            "amount",
            "milestone",
            "program",
            "label",
        ]
        read_only_fields = ["alliance"]


class ExchangeRateSerializer(scoping.ModelSerializer):
    """One unit of the currency in the reporting currency, from a date."""

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "rate", "effective_on", "recorded_at"]
        read_only_fields = ["recorded_at"]


class EntrySerializer(ScopedSerializer):
    alliance = serializers.PrimaryKeyRelatedField(
        queryset=Alliance.objects.all(), help_text="On create: the alliance id; cannot change."
    )
    version = version_field()


class ValuePaymentSerializer(EntrySerializer):
    """A payment received or made outside the milestone register."""

    kind = inline_choice(FlowKind.choices)
    direction = inline_choice(Direction.choices)

    class Meta:
        model = Payment
        fields = [
            "id",
            "alliance",
            *PAYMENT_FIELDS,
            "version",
        ]


class RoyaltyReportSerializer(EntrySerializer):
    """A royalty report for a period."""

    direction = inline_choice(Direction.choices, required=False)

    class Meta:
        model = RoyaltyReport
        fields = [
            "id",
            "alliance",
            *ROYALTY_FIELDS,
            "version",
        ]


class ExclusivityLossSerializer(EntrySerializer):
    """When exclusivity is lost, for the alliance or one of its programs."""

    class Meta:
        model = ExclusivityLoss
        fields = ["id", "alliance", "program", "loe_date", "basis", "version"]


class DetailRuleSerializer(EntrySerializer):
    """How much a detail in a channel counts towards the minimum, from a date."""

    channel = inline_choice(Channel.choices)

    class Meta:
        model = DetailRule
        fields = ["id", "alliance", "channel", "effective_from", "weight", "source", "version"]


class OutcomeSerializer(EntrySerializer):
    """An outcome measure of the alliance's performance summary."""

    category = inline_choice(OutcomeCategory.choices)
    status = inline_choice(OutcomeStatus.choices, required=False)

    class Meta:
        model = OutcomeMeasure
        fields = [
            "id",
            "alliance",
            *OUTCOME_FIELDS,
            "version",
        ]


class DetailMinimumSerializer(EntrySerializer):
    """The contracted minimum number of details in a period."""

    class Meta:
        model = DetailMinimum
        fields = ["id", "alliance", "label", "period_start", "period_end", "minimum", "version"]


class DetailActualSerializer(scoping.ModelSerializer):
    """Details delivered on a day in a channel."""

    channel = inline_choice(Channel.choices)

    class Meta:
        model = DetailActual
        fields = [
            "id",
            "alliance",
            "detailed_on",
            "channel",
            "count",
            "region",
            "source",
            "imported_at",
        ]


class DetailUploadSerializer(scoping.Serializer):
    alliance = serializers.IntegerField()
    file = serializers.FileField()


class DetailRowSerializer(scoping.Serializer):
    date = serializers.DateField()
    channel = serializers.CharField()
    count = serializers.IntegerField()
    region = serializers.CharField(allow_blank=True)


class DetailRowErrorSerializer(scoping.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class DetailPreviewSerializer(scoping.Serializer):
    rows = DetailRowSerializer(many=True)
    errors = DetailRowErrorSerializer(many=True)
    details = serializers.IntegerField()
    token = serializers.CharField(help_text="Send it to commit; empty when a row has an error.")


class DetailCommitSerializer(scoping.Serializer):
    token = serializers.CharField()


class DetailCommitResultSerializer(scoping.Serializer):
    imported = serializers.IntegerField()


class ComplianceSerializer(scoping.Serializer):
    label = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    minimum = serializers.IntegerField()
    raw = serializers.IntegerField()
    credited = serializers.DecimalField(max_digits=14, decimal_places=2)
    shortfall = serializers.DecimalField(max_digits=14, decimal_places=2)
    by_channel = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2)
    )


class AllianceValueSerializer(scoping.Serializer):
    alliance_id = serializers.IntegerField()
    name = serializers.CharField()
    forecast_to_date = serializers.DecimalField(max_digits=20, decimal_places=2)
    realised_to_date = serializers.DecimalField(max_digits=20, decimal_places=2)
    forecast_total = serializers.DecimalField(max_digits=20, decimal_places=2)
    value_at_risk = serializers.DecimalField(max_digits=20, decimal_places=2)
    cost_of_delay = serializers.DecimalField(max_digits=20, decimal_places=2)
    slipped_milestones = serializers.IntegerField()
    unconverted = serializers.IntegerField()


class PortfolioValueSerializer(scoping.Serializer):
    currency = serializers.CharField()
    as_of = serializers.DateField()
    forecast_to_date = serializers.DecimalField(max_digits=20, decimal_places=2)
    realised_to_date = serializers.DecimalField(max_digits=20, decimal_places=2)
    forecast_total = serializers.DecimalField(max_digits=20, decimal_places=2)
    value_at_risk = serializers.DecimalField(max_digits=20, decimal_places=2)
    cost_of_delay = serializers.DecimalField(max_digits=20, decimal_places=2)
    slipped_milestones = serializers.IntegerField()
    unconverted = serializers.IntegerField()
    alliances = AllianceValueSerializer(many=True)


class ValueYearSerializer(scoping.Serializer):
    year = serializers.IntegerField()
    baseline_in = serializers.DecimalField(max_digits=20, decimal_places=2)
    baseline_out = serializers.DecimalField(max_digits=20, decimal_places=2)
    forecast_in = serializers.DecimalField(max_digits=20, decimal_places=2)
    forecast_out = serializers.DecimalField(max_digits=20, decimal_places=2)
    received = serializers.DecimalField(max_digits=20, decimal_places=2)
    paid = serializers.DecimalField(max_digits=20, decimal_places=2)


class SlippedMilestoneSerializer(scoping.Serializer):
    milestone_id = serializers.IntegerField()
    title = serializers.CharField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    currency = serializers.CharField()
    baseline_date = serializers.DateField()
    new_date = serializers.DateField()
    delay_days = serializers.IntegerField()
    cost_of_delay = serializers.DecimalField(max_digits=20, decimal_places=2)
    months_exclusivity_lost = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True
    )


class AllianceValueSummarySerializer(scoping.Serializer):
    currency = serializers.CharField()
    as_of = serializers.DateField()
    summary = AllianceValueSerializer(allow_null=True)
    years = ValueYearSerializer(many=True)
    slipped = SlippedMilestoneSerializer(many=True)
    details = ComplianceSerializer(many=True)


class ValueAsOfSerializer(scoping.Serializer):
    as_of = serializers.DateField(required=False)
