"""Filters for health lists, shared by the pages and the API."""

import django_filters as filters

from accord.core.filtering import AllianceFilterSet, BoundedFilterSet

from .models import (
    ActionStatus,
    HealthAction,
    JointGoal,
    Metric,
    Relaunch,
    RelaunchStatus,
    Wave,
    WaveKind,
)


class WaveFilter(AllianceFilterSet):
    kind = filters.ChoiceFilter(choices=WaveKind.choices)
    closed = filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Wave
        fields: list[str] = []


class HealthActionFilter(AllianceFilterSet):
    status = filters.ChoiceFilter(choices=ActionStatus.choices)
    owner = filters.NumberFilter(field_name="owner_id")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = HealthAction
        fields: list[str] = []


class JointGoalFilter(AllianceFilterSet):
    period = filters.CharFilter()

    class Meta:
        model = JointGoal
        fields: list[str] = []


class MetricFilter(BoundedFilterSet):
    goal = filters.NumberFilter(field_name="goal_id")
    alliance = filters.NumberFilter(field_name="goal__alliance_id")

    class Meta:
        model = Metric
        fields: list[str] = []


class RelaunchFilter(AllianceFilterSet):
    status = filters.ChoiceFilter(choices=RelaunchStatus.choices)

    class Meta:
        model = Relaunch
        fields: list[str] = []
