"""Filters for contract lists, shared by the pages and the API so both accept the same query."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.filtering import BoundedFilterSet
from accord.portfolio.filters import IdFilter, assignable_people, visible_alliances

from .models import (
    Agreement,
    AgreementKind,
    Category,
    ContractEvent,
    DefinedTerm,
    Milestone,
    MilestoneKind,
    Obligation,
    Party,
    PaymentStatus,
    Restriction,
    RestrictionKind,
    RestrictionState,
    Right,
    RightKind,
    RightState,
    Status,
    Variance,
    VarianceState,
)


class AllianceScoped(BoundedFilterSet):
    alliance = IdFilter(queryset=visible_alliances, label=_("Alliance"))
    q = filters.CharFilter(method="filter_search", label=_("Search"))


# "Open": every status of an obligation not yet finished, whatever its due date.
OPEN = "open"
OPEN_STATUSES = (Status.PENDING, Status.UPCOMING, Status.DUE, Status.OVERDUE, Status.IN_DISPUTE)


class ObligationFilter(AllianceScoped):
    status = filters.MultipleChoiceFilter(
        choices=[(OPEN, _("Open (not finished)")), *Status.choices],
        method="filter_status",
        label=_("Status"),  # worked out, not a column: django-filter cannot name it
    )
    category = filters.MultipleChoiceFilter(choices=Category.choices)
    owed_by = filters.ChoiceFilter(choices=Party.choices, label=_("Owed by"))
    owner = IdFilter(queryset=assignable_people, label=_("Owner"))
    mine = filters.BooleanFilter(method="filter_mine", label=_("Mine"), widget=forms.CheckboxInput)
    unowned = filters.BooleanFilter(
        method="filter_unowned",
        label=_("Nobody designated"),
        help_text=_("Open, without an owner, on an alliance nobody runs."),
        widget=forms.CheckboxInput,
    )
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due after"))
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due before"))
    agreement = filters.NumberFilter(field_name="agreement_id", label=_("Agreement"))
    ordering = filters.OrderingFilter(
        fields=(
            ("due_date", "due"),
            ("title", "title"),
            ("alliance__name", "alliance"),
            ("category", "category"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Obligation
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        statuses = {status for status in value if status != OPEN}
        if OPEN in value:
            statuses.update(OPEN_STATUSES)
        return queryset.with_status_in(sorted(statuses), timezone.now())

    def filter_unowned(self, queryset, name, value):
        # The same as the leader's "Nobody designated" panel.
        return queryset.nobody_designated() if value else queryset


class MilestoneFilter(AllianceScoped):
    kind = filters.MultipleChoiceFilter(choices=MilestoneKind.choices)
    mine = filters.BooleanFilter(method="filter_mine", label=_("Mine"), widget=forms.CheckboxInput)
    expected = filters.BooleanFilter(
        method="filter_expected", label=_("Not achieved yet"), widget=forms.CheckboxInput
    )
    payment_status = filters.MultipleChoiceFilter(
        choices=PaymentStatus.choices, label=_("Payment status")
    )
    currency = filters.CharFilter(method="filter_currency")
    forecast_after = filters.DateFilter(
        field_name="forecast_date", lookup_expr="gte", label=_("Forecast after")
    )
    forecast_before = filters.DateFilter(
        field_name="forecast_date", lookup_expr="lte", label=_("Forecast before")
    )
    paid_after = filters.DateFilter(field_name="paid_on", lookup_expr="gte", label=_("Paid after"))
    paid_before = filters.DateFilter(
        field_name="paid_on", lookup_expr="lte", label=_("Paid before")
    )
    ordering = filters.OrderingFilter(
        fields=(
            ("forecast_date", "forecast"),
            ("paid_on", "paid"),
            ("title", "title"),
            ("amount", "amount"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Milestone
        fields: list[str] = []

    def filter_expected(self, queryset, name, value):
        return queryset.expected() if value else queryset

    def filter_currency(self, queryset, name, value):
        value = value.upper()
        return queryset.filter(Q(currency=value) | Q(paid_currency=value))


class RightFilter(AllianceScoped):
    kind = filters.MultipleChoiceFilter(choices=RightKind.choices)
    holder = filters.ChoiceFilter(choices=Party.choices)
    state = filters.MultipleChoiceFilter(choices=RightState.choices)
    unused = filters.BooleanFilter(
        method="filter_unused", label=_("Unused only"), widget=forms.CheckboxInput
    )
    expires_before = filters.DateFilter(
        field_name="window_closes", lookup_expr="lte", label=_("Expires before")
    )

    class Meta:
        model = Right
        fields: list[str] = []

    def filter_unused(self, queryset, name, value):
        return queryset.unused(timezone.localdate()) if value else queryset


class RestrictionFilter(BoundedFilterSet):
    alliance = IdFilter(queryset=visible_alliances, label=_("Alliance"))
    kind = filters.MultipleChoiceFilter(choices=RestrictionKind.choices)
    bound = filters.ChoiceFilter(choices=Party.choices)
    state = filters.MultipleChoiceFilter(choices=RestrictionState.choices)
    target = filters.CharFilter(field_name="targets", lookup_expr="icontains")

    class Meta:
        model = Restriction
        fields: list[str] = []


class DefinedTermFilter(BoundedFilterSet):
    alliance = IdFilter(queryset=visible_alliances, label=_("Alliance"))
    agreement = filters.NumberFilter(field_name="agreement_id", label=_("Agreement"))
    q = filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = DefinedTerm
        fields: list[str] = []


class AgreementFilter(BoundedFilterSet):
    alliance = IdFilter(queryset=visible_alliances, label=_("Alliance"))
    kind = filters.MultipleChoiceFilter(choices=AgreementKind.choices)

    class Meta:
        model = Agreement
        fields: list[str] = []


class EventFilter(BoundedFilterSet):
    alliance = IdFilter(queryset=visible_alliances, label=_("Alliance"))

    class Meta:
        model = ContractEvent
        fields: list[str] = []


def visible_obligations(request):
    if request is None:
        return Obligation.objects.all()
    return Obligation.objects.visible_to(request.user)


class VarianceFilter(AllianceScoped):
    state = filters.MultipleChoiceFilter(choices=VarianceState.choices, label=_("State"))
    obligation = IdFilter(queryset=visible_obligations, label=_("Obligation"))
    expiring = filters.BooleanFilter(
        method="filter_expiring",
        label=_("About to expire (in force, ending or to revisit within 30 days)"),
        widget=forms.CheckboxInput,
    )
    active = filters.BooleanFilter(
        method="filter_active", label=_("In force today"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Variance
        fields: list[str] = []

    def filter_expiring(self, queryset, name, value):
        return queryset.expiring(timezone.localdate()) if value else queryset

    def filter_active(self, queryset, name, value):
        return queryset.active_on(timezone.localdate()) if value else queryset
