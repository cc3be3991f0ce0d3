"""API: governance bodies, their charters and seats."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import entry_fields
from accord.core.viewsets import ListRetrieveCreateUpdateViewSet, through

from .. import access, actions, charter
from ..actions.committees import CHARTER_FIELDS, ESCALATION_FIELDS
from ..filters import CommitteeFilter
from ..models import Area, Committee, CommitteeMember, CommitteeRole, GovernanceSettings
from .common import (
    ThroughAccess,
    alliance_field,
    body_field,
    company_field,
    is_write,
    payload,
    person_field,
    program_field,
    require,
    version_field,
)


class FinalSaySerializer(scoping.Serializer):
    area = serializers.ChoiceField(choices=Area.choices, help_text="The matter.")
    company = company_field(
        help_text="The party with the final say on it when the parties deadlock."
    )


class SeatSerializer(scoping.ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)
    company = serializers.CharField(source="user.company.name", read_only=True)

    class Meta:
        model = CommitteeMember
        fields = ["id", "user", "name", "company", "role", "start_date", "end_date", "end_reason"]
        read_only_fields = fields


class CommitteeSerializer(scoping.ModelSerializer):
    alliance = alliance_field()
    parent = body_field(required=False, allow_null=True)
    escalates_to = body_field(
        required=False, allow_null=True, help_text="Empty: the body it reports to (if any)."
    )
    program = program_field(required=False, allow_null=True)
    decides = serializers.ListField(
        child=serializers.ChoiceField(choices=Area.choices),
        required=False,
        help_text="The matters the charter gives it.",
    )
    final_say = FinalSaySerializer(many=True, required=False)
    members = serializers.SerializerMethodField(help_text="Current seats.")
    version = version_field()

    class Meta:
        model = Committee
        fields = entry_fields(
            "kind", "name", *CHARTER_FIELDS, "final_say", *ESCALATION_FIELDS, "members"
        )
        read_only_fields = ["created_at", "updated_at"]

    def get_members(self, committee) -> list[dict]:
        seats = getattr(committee, "current_seats", None)
        if seats is None:
            seats = (
                CommitteeMember.objects.current()
                .filter(committee=committee)
                .select_related("user__company")
            )
        return SeatSerializer(seats, many=True).data


def _final_say(data) -> dict | None:
    rules = data.pop("final_say", None)
    if rules is None:
        return None
    return {rule["area"]: rule["company"] for rule in rules}


class SeatCreateSerializer(scoping.Serializer):
    user = person_field()
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    start_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class SeatEndSerializer(scoping.Serializer):
    end_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(min_length=5, max_length=300)


class SeatRoleSerializer(scoping.Serializer):
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CadenceYearSerializer(scoping.Serializer):
    year = serializers.IntegerField()
    required = serializers.IntegerField()
    held = serializers.IntegerField()
    scheduled = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["met", "missed", "on track", "at risk"])


class CharterCheckSerializer(scoping.Serializer):
    warnings = serializers.ListField(child=serializers.CharField())
    cadence = CadenceYearSerializer(many=True)


@through(access, actions, "committee", verbs=())
class CommitteeViewSet(ThroughAccess, ListRetrieveCreateUpdateViewSet):
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter
    http_method_names = ["get", "post", "patch"]
    parent = "alliance"
    moved_message = ["A body cannot move to another alliance."]
    reread = True

    def get_queryset(self):
        current = CommitteeMember.objects.current().select_related("user__company")
        return (
            Committee.objects.visible_to(self.request.user)
            .prefetch_related(
                Prefetch("memberships", queryset=current, to_attr="current_seats"), "final_say"
            )
            .order_by("alliance_id", "name", "pk")
        )

    def writable_parent(self, user, alliance):
        require(
            access.can_manage(user, alliance),
            "Only the people who run this alliance set up its governance.",
        )
        return alliance

    def perform_create(self, serializer):
        alliance = self.writable_parent(self.request.user, serializer.validated_data["alliance"])
        data, _ = self.action_data(serializer)
        final_say = _final_say(data)
        committee = actions.committee_create(
            actor=self.request.user, alliance=alliance, data=data, final_say=final_say
        )
        serializer.instance = self.fresh(committee)

    def update_entry(self, committee, data, expected):
        final_say = _final_say(data)
        return actions.committee_update(
            **self.entry_kwargs(committee),
            data=data,
            final_say=final_say,
            expected_version=expected,
        )

    @extend_schema(
        methods=["GET"],
        responses=SeatSerializer(many=True),
        filters=False,
        description="Every seat, past and present.",
    )
    @extend_schema(methods=["POST"], request=SeatCreateSerializer, responses=SeatSerializer)
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def members(self, request, pk=None):
        committee = access.get_committee_for_user(request.user, pk)
        if request.method == "GET":
            seats = committee.memberships.select_related("user__company").order_by(
                "end_date", "role", "pk"
            )
            return Response(SeatSerializer(seats, many=True).data)
        require(
            access.can_manage(request.user, committee.alliance),
            "You cannot change who sits on this body.",
        )
        data = payload(SeatCreateSerializer, request)
        seat = actions.committee_member_add(
            actor=request.user,
            committee=committee,
            user=data["user"],
            role=data["role"],
            start_date=data.get("start_date"),
            reason=data.get("reason", ""),
        )
        return Response(SeatSerializer(seat).data, status=status.HTTP_201_CREATED)

    def _seat(self, request, pk, seat_pk):
        committee = access.get_committee_for_user(request.user, pk)
        seat = get_object_or_404(
            CommitteeMember.objects.select_related("user"), committee=committee, pk=seat_pk
        )
        require(
            access.can_manage(request.user, committee.alliance),
            "You cannot change who sits on this body.",
        )
        return seat

    @extend_schema(request=SeatEndSerializer, responses=SeatSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"members/(?P<seat_pk>\d+)/end",
        filterset_class=None,
    )
    def end_member(self, request, pk=None, seat_pk=None):
        seat = self._seat(request, pk, seat_pk)
        data = payload(SeatEndSerializer, request)
        seat = actions.committee_member_end(
            actor=request.user, seat=seat, end_date=data.get("end_date"), reason=data["reason"]
        )
        return Response(SeatSerializer(seat).data)

    @extend_schema(request=SeatRoleSerializer, responses=SeatSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"members/(?P<seat_pk>\d+)/role",
        filterset_class=None,
    )
    def member_role(self, request, pk=None, seat_pk=None):
        seat = self._seat(request, pk, seat_pk)
        data = payload(SeatRoleSerializer, request)
        seat = actions.committee_member_change_role(
            actor=request.user,
            seat=seat,
            role=data["role"],
            on=data.get("on"),
            reason=data.get("reason", ""),
        )
        return Response(SeatSerializer(seat).data)

    @extend_schema(responses=CharterCheckSerializer, filters=False)
    @action(detail=True, methods=["get"], url_path="charter-check", filterset_class=None)
    def charter_check(self, request, pk=None):
        """Where the membership deviates from the charter, and meetings held against the cadence."""
        committee = access.get_committee_for_user(request.user, pk)
        today = timezone.localdate()
        seats = (
            CommitteeMember.objects.current(today)
            .filter(committee=committee)
            .select_related("user__company")
        )
        companies = charter.parties(committee.alliance)
        warnings = charter.charter_warnings(
            committee, seats, companies, charter.alliance_team_ids(committee.alliance)
        )
        cadence = charter.cadence_compliance(committee, committee.meetings.all(), on=today)
        return Response(CharterCheckSerializer({"warnings": warnings, "cadence": cadence}).data)


class TermsSerializer(scoping.ModelSerializer):
    alliance = serializers.IntegerField(source="alliance_id", read_only=True)

    class Meta:
        model = GovernanceSettings
        fields = ["alliance", "disclosure_review_business_days", "business_calendar"]


class TermsViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """An alliance's governance terms (the id is the alliance's), e.g. the disclosure review period."""

    serializer_class = TermsSerializer
    http_method_names = ["get", "patch"]
    lookup_value_regex = r"\d+"
    filter_backends: list = []

    def get_queryset(self):  # pragma: no cover - get_object does the work
        return GovernanceSettings.objects.none()

    def get_object(self):
        alliance = access.get_alliance_for_user(self.request.user, self.kwargs["pk"])
        if not access.sees_governance(self.request.user, alliance):
            raise Http404
        if is_write(self.request):
            require(
                access.can_manage(self.request.user, alliance),
                "Only the people who run this alliance change its terms.",
            )
        return GovernanceSettings.for_alliance(alliance)

    def perform_update(self, serializer):
        serializer.instance = actions.governance_settings_update(
            actor=self.request.user,
            alliance=serializer.instance.alliance,
            data=dict(serializer.validated_data),
        )
