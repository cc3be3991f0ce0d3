"""The glossary API: both sides of an alliance read its terms; the people who run it keep
them; a partner user suggests the words of their own company's teams."""

import django_filters as filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import REASON_PARAMETER, entry_fields, optional_id, version_field
from accord.core.filtering import BoundedFilterSet
from accord.core.viewsets import AllianceEntryViewSet, change_action, through
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.filters import IdFilter
from accord.portfolio.models import Company

from .. import access, actions
from ..actions.glossary import TERM_FIELDS, may_keep_glossary
from ..filters import visible_alliances
from ..models import Agreement, GlossaryTerm, TeamWord
from .serializers import EntrySerializer


class GlossaryFilter(BoundedFilterSet):
    alliance = IdFilter(queryset=visible_alliances, label="Alliance")
    q = filters.CharFilter(method="filter_search", label="Search")

    class Meta:
        model = GlossaryTerm
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class TeamWordSerializer(scoping.ModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True)

    class Meta:
        model = TeamWord
        fields = ["id", "company", "company_name", "word", "note", "status"]
        read_only_fields = fields


class GlossaryTermSerializer(EntrySerializer):
    """A glossary term: contractual definition, agreed meaning, translations, team words."""

    agreement = optional_id(Agreement.objects.all())
    translations = serializers.DictField(
        child=serializers.CharField(max_length=500),
        required=False,
        help_text='Language code → agreed translation, e.g. {"ja": "詳細活動"}.',
    )
    team_words = TeamWordSerializer(many=True, read_only=True)
    agreed_by = serializers.StringRelatedField(read_only=True)
    version = version_field()

    class Meta:
        model = GlossaryTerm
        fields = entry_fields(
            *TERM_FIELDS,
            "team_words",
            "agreed_by",
            "agreed_at",
            "endorsed_by_body",
            "endorsed_reference",
            "endorsed_on",
        )
        read_only_fields = [
            "agreed_at",
            "endorsed_by_body",
            "endorsed_reference",
            "endorsed_on",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and not user.is_internal:
            data["agreement"] = None  # the register is internal
            data["team_words"] = [
                w
                for w in data["team_words"]
                if w["status"] == "agreed" or w["company"] == user.company_id
            ]
        return data


class GlossaryEndorseSerializer(scoping.Serializer):
    body = serializers.CharField(max_length=150)
    endorsed_on = serializers.DateField()
    reference = serializers.CharField(max_length=250, required=False, allow_blank=True)


class GlossarySeedSerializer(scoping.Serializer):
    alliance = serializers.IntegerField()
    agreement = serializers.IntegerField(required=False, allow_null=True)


class TeamWordSuggestSerializer(scoping.Serializer):
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.none())
    word = serializers.CharField(max_length=150)
    note = serializers.CharField(max_length=250, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["company"].queryset = Company.objects.visible_to(request.user)


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
@through(access, actions, "term", prefix="glossary_term")
class GlossaryTermViewSet(AllianceEntryViewSet):
    serializer_class = GlossaryTermSerializer
    filterset_class = GlossaryFilter
    model = GlossaryTerm

    def writable_alliance(self, user, pk):
        alliance = get_alliance_for_user(user, pk)
        if not may_keep_glossary(user, alliance):
            raise PermissionDenied(_("The glossary is kept by the people who run the alliance."))
        return alliance

    def create(self, request, *args, **kwargs):
        if not (request.user.is_internal and access.may_keep_registers(request.user)):
            raise PermissionDenied(_("The glossary is kept by the people who run the alliance."))
        return super().create(request, *args, **kwargs)

    def get_queryset(self):
        return (
            GlossaryTerm.objects.visible_to(self.request.user)
            .select_related("agreed_by")
            .prefetch_related("team_words__company")
            .order_by("alliance_id", "term", "pk")
        )

    @extend_schema(
        request=None,
        responses=GlossaryTermSerializer,
        description="Record the meaning and translations as agreed (by you, now).",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def agree(self, request, pk=None):
        term = access.get_glossary_term_for_user(request.user, pk, write=True)
        return self.respond(actions.glossary_term_agree(actor=request.user, term=term))

    endorse = change_action(
        "endorse",
        GlossaryEndorseSerializer,
        actions.glossary_term_endorse,
        responses=GlossaryTermSerializer,
        description="Record that a governance body (the JSC) endorsed the term.",
    )

    @extend_schema(
        request=TeamWordSuggestSerializer,
        responses=GlossaryTermSerializer,
        description="Add (keepers) or suggest (a partner user, for their own company) "
        "a word a team uses for the term.",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def words(self, request, pk=None):
        term = access.get_glossary_term_for_user(request.user, pk)
        user = request.user
        partner_here = (
            user.is_partner and term.alliance.partners.filter(pk=user.company_id).exists()
        )
        if not (may_keep_glossary(user, term.alliance) or partner_here):
            raise PermissionDenied(_("You suggest the words of your own company's teams."))
        payload = TeamWordSuggestSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        actions.team_word_suggest(actor=request.user, term=term, **payload.validated_data)
        return self.respond(term)

    @extend_schema(
        request=GlossarySeedSerializer,
        responses=GlossaryTermSerializer(many=True),
        description="Add the defined terms of the alliance's agreements (or one of "
        "them) that the glossary lacks: glossary_seed_from_agreement.",
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def seed(self, request):
        payload = GlossarySeedSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        alliance = self.writable_alliance(request.user, payload.validated_data["alliance"])
        agreement = None
        if payload.validated_data.get("agreement"):
            agreement = access.get_agreement_for_user(
                request.user, payload.validated_data["agreement"]
            )
        added = actions.glossary_seed_from_agreement(
            actor=request.user, alliance=alliance, agreement=agreement
        )
        fresh = self.get_queryset().filter(pk__in=[t.pk for t in added])
        return Response(GlossaryTermSerializer(fresh, many=True, context={"request": request}).data)
