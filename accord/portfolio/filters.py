"""Filters for portfolio lists, shared by the pages and the API so both accept the same query."""

import django_filters as filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accord.core.filtering import BoundedFilterSet
from accord.people.models import User

from .models import (
    RESPONSIBLE_ROLES,
    STAGE_ORDER,
    Alliance,
    AllianceDocument,
    AllianceMember,
    AlliancePartner,
    AllianceType,
    AMTeam,
    Company,
    Modality,
    Phase,
    Program,
    Stage,
    Territory,
    TherapeuticArea,
    Tier,
)


def visible_alliances(request):
    """The alliances a filter offers: those the request's user sees."""
    if request is None:
        return Alliance.objects.all()
    return Alliance.objects.visible_to(request.user)


def visible_partners(request):
    if request is None:
        return Company.objects.partners()
    return Company.objects.partners().visible_to(request.user)


def assignable_people(request):
    if request is None or not request.user.is_authenticated or request.user.is_partner:
        return User.objects.none()
    return User.objects.assignable()


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.ModelChoiceFilter):
    """Chooses a record by id (documented as an integer in the OpenAPI schema)."""


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(filters.ModelChoiceFilter):
    """Chooses a record by its code (documented as a string in the OpenAPI schema)."""


class AllianceOrdering(filters.OrderingFilter):
    """Sort by lifecycle order for stage, and by first partner's name for partner."""

    def filter(self, qs, value):
        if not value:
            return qs.order_by("name")
        fields = []
        for item in value:
            # The parameter's public name ("score", "type") stands for a field ("tier_score").
            field = self.get_ordering_value(item)
            descending = field.startswith("-")
            name = field.lstrip("-")
            if name == "stage":
                qs = qs.annotate(
                    stage_rank=Case(
                        *[
                            When(stage=stage, then=Value(rank))
                            for stage, rank in STAGE_ORDER.items()
                        ],
                        output_field=IntegerField(),
                    )
                )
                name = "stage_rank"
            elif name == "partner":
                first_partner = (
                    AlliancePartner.objects.filter(alliance=OuterRef("pk"))
                    .order_by("company__name")
                    .values("company__name")[:1]
                )
                qs = qs.annotate(first_partner=Subquery(first_partner))
                name = "first_partner"
            fields.append(f"-{name}" if descending else name)
        return qs.order_by(*fields, "name", "pk")


class AllianceFilter(BoundedFilterSet):
    # Tiers, scores and who runs what are internal: a partner filtering or sorting by them
    # would learn them from which alliances come back.
    internal_only = ("tier", "am_team", "manager", "unassigned")
    internal_orderings = ("tier", "score")

    q = filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Alliance, partner, program, compound, target or indication.",
    )
    type = filters.MultipleChoiceFilter(field_name="alliance_type", choices=AllianceType.choices)
    stage = filters.MultipleChoiceFilter(choices=Stage.choices)
    tier = filters.MultipleChoiceFilter(choices=Tier.choices)
    therapeutic_area = filters.ModelMultipleChoiceFilter(
        field_name="therapeutic_areas",
        queryset=TherapeuticArea.objects.all(),
        distinct=True,
    )
    territory = CodeFilter(
        queryset=Territory.objects.all(),
        to_field_name="code",
        method="filter_territory",
        label="Covers territory",
        help_text="ISO country or region code, e.g. JP or EU.",
    )
    partner = IdFilter(
        queryset=visible_partners,
        method="filter_partner",
        label="Partner",
        widget=forms.Select(
            attrs={"data-typeahead": reverse_lazy("portfolio:choices", args=["partners"])}
        ),
    )
    am_team = filters.ModelChoiceFilter(queryset=AMTeam.objects.all(), label="AM team")
    manager = IdFilter(
        queryset=assignable_people,
        method="filter_manager",
        label="Run by",
        help_text="Alliance manager or designated person.",
    )
    unassigned = filters.BooleanFilter(
        method="filter_unassigned",
        label="Nobody designated",
        widget=forms.CheckboxInput,
    )
    effective_after = filters.DateFilter(field_name="effective_date", lookup_expr="gte")
    effective_before = filters.DateFilter(field_name="effective_date", lookup_expr="lte")
    ordering = AllianceOrdering(
        fields=(
            ("name", "name"),
            ("tier", "tier"),
            ("stage", "stage"),
            ("effective_date", "effective_date"),
            ("tier_score", "score"),
            ("partner", "partner"),
            ("alliance_type", "type"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Alliance
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value, self.request.user)

    def filter_territory(self, queryset, name, territory):
        # A licence for "Asia Pacific" covers Japan: match the territory itself, or any region
        # that contains it, or (for a region) any of its countries.
        covering = Territory.objects.filter(
            Q(pk=territory.pk) | Q(countries=territory) | Q(regions=territory)
        ).values("pk")
        return queryset.filter(
            Exists(
                Alliance.territories.through.objects.filter(
                    alliance=OuterRef("pk"), territory__in=covering
                )
            )
        )

    def filter_partner(self, queryset, name, company):
        return queryset.filter(
            Exists(AlliancePartner.objects.filter(alliance=OuterRef("pk"), company=company))
        )

    def filter_manager(self, queryset, name, user):
        return queryset.filter(
            Exists(
                AllianceMember.objects.filter(
                    alliance=OuterRef("pk"),
                    user=user,
                    role__in=RESPONSIBLE_ROLES,
                )
            )
        )

    def filter_unassigned(self, queryset, name, value):
        if value:
            return queryset.without_responsible_person()
        return queryset


class ProgramFilter(BoundedFilterSet):
    q = filters.CharFilter(method="filter_search", label="Search")
    alliance = filters.NumberFilter(field_name="alliance_id")
    phase = filters.MultipleChoiceFilter(choices=Phase.choices)
    modality = filters.MultipleChoiceFilter(choices=Modality.choices)
    therapeutic_area = filters.ModelChoiceFilter(queryset=TherapeuticArea.objects.all())
    firewalled = filters.BooleanFilter(field_name="is_firewalled")

    class Meta:
        model = Program
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(compound__icontains=value)
            | Q(target__icontains=value)
            | Q(indication__icontains=value)
        )


class CompanyFilter(BoundedFilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label="Search")
    kind = filters.ChoiceFilter(choices=Company.Kind.choices)
    type = filters.MultipleChoiceFilter(field_name="company_type", choices=Company.Type.choices)

    class Meta:
        model = Company
        fields: list[str] = []


class DocumentFilter(BoundedFilterSet):
    # Scoped to the requester by BoundedFilterSet: a firewalled program's id is a missing id.
    alliance = filters.ModelChoiceFilter(queryset=Alliance.objects.all())
    program = filters.ModelChoiceFilter(queryset=Program.objects.all())

    class Meta:
        model = AllianceDocument
        fields = ["alliance", "program"]
