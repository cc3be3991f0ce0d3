"""The portfolio API: alliances."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.access import require_internal
from accord.core.api import REASON_PARAMETER, ReasonSerializer, reason_from, version_field
from accord.core.models import AuditEvent
from accord.core.viewsets import ThroughAccess, split_version, through
from accord.people.models import User

from .. import access, actions
from ..actions.alliances import ALLIANCE_FIELDS
from ..filters import AllianceFilter
from ..models import (
    RESPONSIBLE_ROLES,
    Alliance,
    AllianceMember,
    AMTeam,
    Company,
    MemberRole,
    Territory,
    TherapeuticArea,
    Tier,
)


class ResponsibleSerializer(scoping.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.__str__")
    role = serializers.ChoiceField(choices=MemberRole.choices)


class PartnerViewAllianceSerializer(scoping.ModelSerializer):
    """What a partner user sees of an alliance: the shared facts, none of our internal ratings."""

    partners = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    therapeutic_areas = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)
    territories = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    program_count = serializers.IntegerField(source="visible_program_count", read_only=True)

    class Meta:
        model = Alliance
        fields = [
            "id",
            *Alliance.SHARED_FACTS,
            "program_count",
        ]
        read_only_fields = fields


class AllianceSerializer(scoping.ModelSerializer):
    partners = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Company.objects.partners(),
        help_text="Partner company ids.",
    )
    therapeutic_areas = serializers.SlugRelatedField(
        many=True,
        slug_field="name",
        queryset=TherapeuticArea.objects.all(),
        required=False,
    )
    territories = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Territory.objects.all(),
        required=False,
        help_text="ISO country codes or region codes (e.g. JP, EU, WW).",
    )
    am_team = serializers.SlugRelatedField(
        slug_field="name",
        queryset=AMTeam.objects.all(),
        required=False,
        allow_null=True,
    )
    program_count = serializers.IntegerField(source="visible_program_count", read_only=True)
    responsible = serializers.SerializerMethodField()
    service_package = serializers.CharField(read_only=True)
    version = version_field()
    alliance_manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.assignable(),
        write_only=True,
        required=False,
        help_text="On create (leaders only): the user id of our alliance manager.",
    )
    designated_person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.assignable(),
        write_only=True,
        required=False,
        help_text="On create (leaders only): the user id of the designated person.",
    )

    class Meta:
        model = Alliance
        fields = [
            "id",
            *ALLIANCE_FIELDS,
            "tier",
            "tier_computed",
            "tier_score",
            "tier_factors",
            "tier_override",
            "tier_override_reason",
            "service_package",
            "program_count",
            "responsible",
            "version",
            "created_at",
            "updated_at",
            "alliance_manager",
            "designated_person",
        ]
        read_only_fields = [
            "tier",
            "tier_computed",
            "tier_score",
            "tier_factors",
            "tier_override",
            "tier_override_reason",
            "created_at",
            "updated_at",
        ]

    def get_responsible(self, alliance) -> list[dict]:
        members = getattr(alliance, "responsible_members", None)
        if members is None:
            members = alliance.members.filter(role__in=RESPONSIBLE_ROLES).select_related("user")
        # One list serializer for every row of a page, not one built (and its fields copied)
        # per alliance.
        if getattr(self, "_responsible", None) is None:
            self._responsible = ResponsibleSerializer(many=True)
        return self._responsible.to_representation(members)

    def validate_name(self, value):
        return value.strip()


ALLIANCE_RESPONSE = PolymorphicProxySerializer(
    component_name="AllianceView",
    serializers=[AllianceSerializer, PartnerViewAllianceSerializer],
    resource_type_field_name=None,
)


class TierOverrideSerializer(scoping.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    reason = serializers.CharField(min_length=5, max_length=2000)
    version = version_field(
        help_text="The version of the alliance you read. A stale version answers 409 Conflict."
    )


class MemberSerializer(scoping.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    name = serializers.CharField(source="user.__str__", read_only=True)
    company = serializers.CharField(source="user.company.name", read_only=True)

    class Meta:
        model = AllianceMember
        fields = ["id", "user", "name", "company", "role", "allocation_pct", "since"]
        read_only_fields = ["since"]


class AuditEventSerializer(scoping.ModelSerializer):
    object_type = serializers.CharField(source="content_type.model", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "change_id",
            "at",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "field",
            "old_value",
            "new_value",
            "reason",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(responses=ALLIANCE_RESPONSE),
    retrieve=extend_schema(responses=ALLIANCE_RESPONSE),
    destroy=extend_schema(parameters=[REASON_PARAMETER]),
)
@through(access, actions, "alliance", verbs=("update", "delete"))
class AllianceViewSet(ThroughAccess, viewsets.ModelViewSet):
    filterset_class = AllianceFilter
    http_method_names = ["get", "post", "patch", "delete"]
    reread = True

    def get_serializer_class(self):
        user = self.request.user
        if getattr(user, "is_partner", False) and self.action in ("list", "retrieve"):
            return PartnerViewAllianceSerializer
        return AllianceSerializer

    def get_queryset(self):
        user = self.request.user
        return Alliance.objects.visible_to(user).with_list_data(user).order_by("name")

    def perform_create(self, serializer):
        user = self.request.user
        if not access.can_create_alliance(user):
            raise PermissionDenied(
                _("Only alliance leaders, managers and admins create alliances.")
            )
        data, _version = split_version(serializer)
        responsible = []
        for field, role in (
            ("alliance_manager", MemberRole.ALLIANCE_MANAGER),
            ("designated_person", MemberRole.DESIGNATED_PERSON),
        ):
            person = data.pop(field, None)
            if person is not None:
                if not access.can_assign_responsibility(user):
                    raise PermissionDenied(
                        _("Only an alliance leader decides who runs an alliance.")
                    )
                responsible.append((person, role))
        alliance = actions.alliance_create(actor=user, data=data, responsible=responsible)
        serializer.instance = self.fresh(alliance)

    def perform_update(self, serializer):
        data = serializer.validated_data
        if "alliance_manager" in data or "designated_person" in data:
            raise serializers.ValidationError(
                {
                    "alliance_manager": _(
                        "Change who runs an alliance through its members endpoint."
                    ),
                }
            )
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        if not self.request.user.can_manage_portfolio:
            raise PermissionDenied(_("Only alliance leaders and admins delete alliances."))
        super().perform_destroy(instance)

    @extend_schema(
        request=TierOverrideSerializer,
        responses=AllianceSerializer,
        methods=["POST"],
        description="Override the computed tier, with a reason.",
    )
    @extend_schema(
        request=ReasonSerializer,
        responses=AllianceSerializer,
        methods=["DELETE"],
        description="Return to the computed tier, with a reason.",
    )
    @action(detail=True, methods=["post", "delete"], url_path="tier-override", filterset_class=None)
    def tier_override(self, request, pk=None):
        alliance = access.get_alliance_for_user(request.user, pk)
        if not access.can_override_tier(request.user):
            raise PermissionDenied(_("Only alliance leaders override tiers."))
        if request.method == "POST":
            payload = TierOverrideSerializer(data=request.data, context={"request": request})
            payload.is_valid(raise_exception=True)
            actions.alliance_override_tier(
                actor=request.user,
                alliance=alliance,
                tier=int(payload.validated_data["tier"]),
                reason=payload.validated_data["reason"],
                expected_version=payload.validated_data.get("version"),
            )
        else:
            actions.alliance_clear_tier_override(
                actor=request.user, alliance=alliance, reason=reason_from(request)
            )
        return Response(AllianceSerializer(self.fresh(alliance)).data)

    @extend_schema(responses=AuditEventSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None)
    def history(self, request, pk=None):
        alliance = access.get_alliance_for_user(request.user, pk)
        require_internal(request.user, "The change history")
        events = (
            AuditEvent.objects.for_alliance(alliance.pk)
            .visible_to(request.user)
            .select_related("content_type")
        )
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)

    @extend_schema(methods=["GET"], responses=MemberSerializer(many=True), filters=False)
    @extend_schema(methods=["POST"], request=MemberSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def members(self, request, pk=None):
        alliance = access.get_alliance_for_user(request.user, pk)
        if request.method == "GET":
            visible_people = User.objects.visible_to(request.user).values("pk")
            members = alliance.members.filter(user__in=visible_people).select_related(
                "user", "user__company"
            )
            return Response(MemberSerializer(members, many=True).data)
        if not access.can_manage_team(request.user, alliance):
            raise PermissionDenied(_("You cannot change this alliance's team."))
        payload = MemberSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        role = payload.validated_data["role"]
        if role in RESPONSIBLE_ROLES and not access.can_assign_responsibility(request.user):
            raise PermissionDenied(_("Only an alliance leader decides who runs an alliance."))
        member = actions.member_add(
            actor=request.user,
            alliance=alliance,
            user=payload.validated_data["user"],
            role=role,
            allocation_pct=payload.validated_data.get("allocation_pct", 100),
        )
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"members/(?P<member_pk>\d+)",
        filterset_class=None,
    )
    def remove_member(self, request, pk=None, member_pk=None):
        alliance = access.get_alliance_for_user(request.user, pk)
        member = access.get_member_for_user(request.user, alliance, member_pk)
        actions.member_remove(actor=request.user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)
