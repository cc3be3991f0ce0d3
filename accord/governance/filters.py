"""Filters for governance lists, shared by the pages and the API so both accept the same query."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.core.filtering import BoundedFilterSet, yes_or_no
from accord.people.models import User
from accord.portfolio.filters import IdFilter
from accord.portfolio.models import Alliance

from .access import governance_alliances
from .models import (
    SLOW_DECISION_DAYS,
    ActionItem,
    ActionStatus,
    Area,
    Committee,
    CommitteeKind,
    Communication,
    CommunicationKind,
    CommunicationStatus,
    Decision,
    DecisionStatus,
    Issue,
    IssueStatus,
    Meeting,
    MeetingModality,
    MeetingStatus,
    Risk,
    RiskStatus,
    Severity,
    past_limit_q,
)


def alliances_in_scope(request):
    if request is None:
        return Alliance.objects.none()
    # Only what the choice needs: a page renders every option of the drop-down.
    return governance_alliances(request.user).only("pk", "name").order_by("name")


def bodies_in_scope(request):
    if request is None:
        return Committee.objects.none()
    return (
        Committee.objects.visible_to(request.user)
        .select_related("alliance")
        .only("pk", "name", "alliance__name")
        .order_by("alliance__name", "name")
    )


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.alliance.name} · {obj.name}"


class BodyFilter(IdFilter):
    """A governance body by id; the drop-down names its alliance too (every alliance has a JSC)."""

    field_class = BodyChoiceField


def people_in_scope(request):
    if request is None:
        return User.objects.none()
    return User.objects.visible_to(request.user)


class AllianceScoped(BoundedFilterSet):
    alliance = IdFilter(queryset=alliances_in_scope, label=_("Alliance"))


class CommitteeFilter(AllianceScoped):
    kind = filters.MultipleChoiceFilter(choices=CommitteeKind.choices)
    active = filters.BooleanFilter(method="filter_active", label=_("Not dissolved"))

    class Meta:
        model = Committee
        fields: list[str] = []

    def filter_active(self, queryset, name, value):
        return yes_or_no(queryset, queryset.active(), value)


class MeetingFilter(AllianceScoped):
    q = filters.CharFilter(method="filter_search", label=_("Search"))
    committee = BodyFilter(queryset=bodies_in_scope, label=_("Body"))
    status = filters.MultipleChoiceFilter(choices=MeetingStatus.choices)
    modality = filters.MultipleChoiceFilter(choices=MeetingModality.choices)
    after = filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("From"))
    before = filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("To"))
    upcoming = filters.BooleanFilter(method="filter_upcoming", label=_("Upcoming only"))
    internal = filters.BooleanFilter(field_name="is_internal", label=_("Internal only"))
    ordering = filters.OrderingFilter(fields=(("starts_at", "starts_at"),), label=_("Sort by"))

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_upcoming(self, queryset, name, value):
        if value:
            return queryset.filter(status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
        return queryset


def _slow_label() -> str:
    return gettext("Slow (over %(days)s days)") % {"days": SLOW_DECISION_DAYS}


class DecisionFilter(AllianceScoped):
    q = filters.CharFilter(method="filter_search", label=_("Search"))
    committee = BodyFilter(queryset=bodies_in_scope, label=_("Body"))
    status = filters.MultipleChoiceFilter(choices=DecisionStatus.choices)
    area = filters.MultipleChoiceFilter(choices=Area.choices, label=_("Matter"))
    pending = filters.BooleanFilter(method="filter_pending", label=_("Pending only"))
    slow = filters.BooleanFilter(
        method="filter_slow",
        label=lazy(_slow_label, str)(),
    )
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte", label=_("Needed from"))
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Needed by"))
    outside_charter = filters.BooleanFilter(label=_("Decided outside the charter"))
    mine = filters.BooleanFilter(method="filter_mine", label=_("Mine (my bodies)"))
    ordering = filters.OrderingFilter(
        fields=(("raised_on", "raised_on"), ("due_on", "due_on"), ("decided_on", "decided_on")),
        label=_("Sort by"),
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def filter_pending(self, queryset, name, value):
        return queryset.pending() if value else queryset.decided()

    def filter_slow(self, queryset, name, value):
        return yes_or_no(queryset, queryset.slow(), value)


class ActionFilter(AllianceScoped):
    q = filters.CharFilter(method="filter_search", label=_("Search"))
    committee = BodyFilter(queryset=bodies_in_scope, label=_("Body"))
    status = filters.MultipleChoiceFilter(choices=ActionStatus.choices)
    open = filters.BooleanFilter(method="filter_open", label=_("Open only"))
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    owner = IdFilter(queryset=people_in_scope, label=_("Owner"))
    mine = filters.BooleanFilter(method="filter_mine", label=_("Mine"))
    unowned = filters.BooleanFilter(
        method="filter_unowned",
        label=_("Nobody designated"),
        help_text=_("Open, owned by a closed account."),
    )
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due by"))
    ordering = filters.OrderingFilter(
        fields=(("due_on", "due_on"), ("title", "title")), label=_("Sort by")
    )

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_open(self, queryset, name, value):
        return yes_or_no(queryset, queryset.open(), value)

    def filter_overdue(self, queryset, name, value):
        return yes_or_no(queryset, queryset.overdue(), value)

    def filter_unowned(self, queryset, name, value):
        # The same as the leader's "Nobody designated" panel.
        return queryset.nobody_designated() if value else queryset


class IssueFilter(AllianceScoped):
    q = filters.CharFilter(method="filter_search", label=_("Search"))
    level = BodyFilter(queryset=bodies_in_scope, label=_("At body"))
    status = filters.MultipleChoiceFilter(choices=IssueStatus.choices)
    severity = filters.MultipleChoiceFilter(choices=Severity.choices)
    area = filters.MultipleChoiceFilter(choices=Area.choices)
    unresolved = filters.BooleanFilter(method="filter_unresolved", label=_("Unresolved"))
    escalated = filters.BooleanFilter(method="filter_escalated", label=_("Escalated"))
    past_limit = filters.BooleanFilter(method="filter_past_limit", label=_("Past the time limit"))
    owner = IdFilter(queryset=people_in_scope, label=_("Owner"))
    mine = filters.BooleanFilter(method="filter_mine", label=_("Mine"))
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    ordering = filters.OrderingFilter(
        fields=(
            ("raised_on", "raised_on"),
            ("level_since", "level_since"),
            ("target_on", "target_on"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Issue
        fields: list[str] = []

    def filter_unresolved(self, queryset, name, value):
        return yes_or_no(queryset, queryset.unresolved(), value)

    def filter_escalated(self, queryset, name, value):
        # "Escalated": still unresolved, and above the body where it was first raised.
        escalated = queryset.escalated()
        return escalated if value else queryset.exclude(status=IssueStatus.ESCALATED)

    def filter_past_limit(self, queryset, name, value):
        condition = past_limit_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_overdue(self, queryset, name, value):
        return yes_or_no(queryset, queryset.overdue(), value)


class RiskFilter(AllianceScoped):
    status = filters.MultipleChoiceFilter(choices=RiskStatus.choices)
    area = filters.MultipleChoiceFilter(choices=Area.choices)
    review_due = filters.BooleanFilter(method="filter_review_due", label=_("Review due"))

    class Meta:
        model = Risk
        fields: list[str] = []

    def filter_review_due(self, queryset, name, value):
        return yes_or_no(queryset, queryset.review_due(), value)


class CommunicationFilter(AllianceScoped):
    status = filters.MultipleChoiceFilter(choices=CommunicationStatus.choices)
    kind = filters.MultipleChoiceFilter(choices=CommunicationKind.choices)

    class Meta:
        model = Communication
        fields: list[str] = []
