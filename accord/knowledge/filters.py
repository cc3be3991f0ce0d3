"""Filters shared by the pages and the API, so both accept the same query."""

import django_filters as filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accord.core.filtering import AllianceFilterSet, BoundedFilterSet, yes_or_no
from accord.portfolio.filters import IdFilter, visible_alliances
from accord.portfolio.models import (
    Alliance,
    AllianceType,
    ServicePackage,
    Stage,
    Territory,
    TherapeuticArea,
    Tier,
)

from .models import (
    DocumentTemplate,
    Lesson,
    Lifecycle,
    Playbook,
    PlaybookApplication,
    PlaybookKind,
    PlaybookTask,
    PracticeChange,
    RaciEntry,
    RoleGroup,
    RoleHolder,
    SourceType,
    TaskStatus,
    TemplateKind,
    TemplateUse,
    TerritoryProfile,
    Topic,
)


@extend_schema_field(OpenApiTypes.STR)
class TopicFilter(filters.ModelMultipleChoiceFilter):
    """Topics by slug (governance, ip, regulatory, commercial, relationship...)."""


class LessonFilter(BoundedFilterSet):
    q = filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("Full-text search of lessons.")
    )
    alliance = IdFilter(
        queryset=visible_alliances,
        label=_("Alliance"),
        widget=forms.Select(
            attrs={"data-typeahead": reverse_lazy("portfolio:choices", args=["alliances"])}
        ),
    )
    topic = TopicFilter(
        field_name="topics__slug",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label=_("Topic"),
        distinct=True,
    )
    phase = filters.MultipleChoiceFilter(choices=Stage.choices, label=_("Lifecycle phase"))
    type = filters.MultipleChoiceFilter(
        field_name="alliance_type", choices=AllianceType.choices, label=_("Alliance type")
    )
    therapeutic_area = filters.ModelMultipleChoiceFilter(
        field_name="therapeutic_areas", queryset=TherapeuticArea.objects.all(), distinct=True
    )
    source_type = filters.MultipleChoiceFilter(choices=SourceType.choices, label=_("Taught by"))
    promoted = filters.BooleanFilter(
        method="filter_promoted", label=_("Promoted into a playbook"), widget=forms.CheckboxInput
    )
    shared = filters.BooleanFilter(field_name="shared_with_partner", label=_("Shared with partner"))

    class Meta:
        model = Lesson
        fields: list[str] = []

    def filter_promoted(self, queryset, name, value):
        promoted = Exists(PracticeChange.objects.filter(lesson=OuterRef("pk")))
        return queryset.filter(promoted) if value else queryset


class PlaybookFilter(BoundedFilterSet):
    kind = filters.ChoiceFilter(choices=PlaybookKind.choices)
    package = filters.ChoiceFilter(choices=ServicePackage.choices)
    lifecycle = filters.ChoiceFilter(choices=Lifecycle.choices)
    active = filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = Playbook
        fields: list[str] = []


class ApplicationFilter(AllianceFilterSet):
    playbook = filters.NumberFilter(field_name="playbook_id")
    outdated = filters.BooleanFilter(
        method="filter_outdated", label=_("Applied from an older revision")
    )

    class Meta:
        model = PlaybookApplication
        fields: list[str] = []

    def filter_outdated(self, queryset, name, value):
        return yes_or_no(queryset, queryset.filter(revision__lt=F("playbook__revision")), value)


class TaskFilter(AllianceFilterSet):
    application = filters.NumberFilter(field_name="application_id")
    status = filters.MultipleChoiceFilter(choices=TaskStatus.choices)
    owner = filters.NumberFilter(field_name="owner_id")
    late = filters.BooleanFilter(method="filter_late", label=_("Late"))
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte")

    class Meta:
        model = PlaybookTask
        fields: list[str] = []

    def filter_late(self, queryset, name, value):
        return yes_or_no(queryset, queryset.late(timezone.localdate()), value)


class ProgressFilter(BoundedFilterSet):
    """The portfolio's progress against packages: "which Tier 1 alliances are behind?"."""

    tier = filters.MultipleChoiceFilter(choices=Tier.choices)
    package = filters.ChoiceFilter(
        choices=ServicePackage.choices, method="filter_package", label=_("Package applied")
    )
    stage = filters.MultipleChoiceFilter(choices=Stage.choices)
    behind = filters.BooleanFilter(
        method="filter_behind", label=_("Behind (a late deliverable)"), widget=forms.CheckboxInput
    )
    ordering = filters.OrderingFilter(
        fields=(("name", "name"), ("tier", "tier"), ("tasks_late", "late")),
        label=_("Sort by"),
    )

    class Meta:
        model = Alliance
        fields: list[str] = []

    def filter_package(self, queryset, name, value):
        applied = PlaybookApplication.objects.filter(
            alliance=OuterRef("pk"), playbook__package=value
        )
        return queryset.filter(Exists(applied))

    def filter_behind(self, queryset, name, value):
        if value:
            return queryset.filter(tasks_late__gt=0)
        return queryset


class RaciFilter(AllianceFilterSet):
    class Meta:
        model = RaciEntry
        fields: list[str] = []


class RoleHolderFilter(AllianceFilterSet):
    group = filters.ChoiceFilter(choices=RoleGroup.choices)

    class Meta:
        model = RoleHolder
        fields: list[str] = []


class TemplateFilter(BoundedFilterSet):
    kind = filters.ChoiceFilter(choices=TemplateKind.choices)
    active = filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = DocumentTemplate
        fields: list[str] = []


class TemplateUseFilter(AllianceFilterSet):
    template = filters.NumberFilter(field_name="template_id")

    class Meta:
        model = TemplateUse
        fields: list[str] = []


class TerritoryProfileFilter(BoundedFilterSet):
    q = filters.CharFilter(method="filter_search", label=_("Search"))
    territory = filters.ModelChoiceFilter(
        queryset=Territory.objects.all(), to_field_name="code", label=_("Territory")
    )
    past_review = filters.BooleanFilter(
        method="filter_past_review", label=_("Past its review date"), widget=forms.CheckboxInput
    )

    class Meta:
        model = TerritoryProfile
        fields: list[str] = []

    def filter_past_review(self, queryset, name, value):
        return queryset.past_review(timezone.localdate()) if value else queryset
