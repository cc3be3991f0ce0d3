"""The portfolio API: programs."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.access import require_internal
from accord.core.api import REASON_PARAMETER, entry_fields, version_field, visible_or_missing
from accord.core.models import Signature
from accord.core.viewsets import ThroughAccess, through
from accord.people import signatures
from accord.people.models import User

from .. import access, actions
from ..actions.programs import PROGRAM_FIELDS
from ..filters import ProgramFilter
from ..models import (
    Alliance,
    Program,
    TherapeuticArea,
)


class ProgramSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    therapeutic_area = serializers.SlugRelatedField(
        slug_field="name",
        queryset=TherapeuticArea.objects.all(),
        required=False,
        allow_null=True,
    )
    firewall_members = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="For a firewalled program: the user ids of the people cleared for it.",
    )
    version = version_field()

    class Meta:
        model = Program
        fields = entry_fields(*PROGRAM_FIELDS)
        read_only_fields = ["created_at", "updated_at"]

    def validate_alliance(self, alliance):
        return visible_or_missing(alliance, self.context)


class SignatureSerializer(scoping.ModelSerializer):
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Signature
        fields = [
            "id",
            "subject",
            "meaning",
            "signer",
            "signer_name",
            "signed_at",
            "content",
            "content_hash",
            "is_current",
            "superseded_at",
            "superseded_reason",
        ]
        read_only_fields = fields


class SignRequestSerializer(scoping.Serializer):
    meaning = serializers.ChoiceField(choices=Signature.Meaning.choices)
    password = serializers.CharField(
        max_length=200, help_text="Your password: signing re-authenticates.", trim_whitespace=False
    )
    otp_code = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        help_text="Your authenticator code, required when you have enrolled one.",
    )


class ClearanceAmendmentSerializer(scoping.Serializer):
    is_firewalled = serializers.BooleanField()
    firewall_members = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.filter(is_active=True)
    )
    reason = serializers.CharField(min_length=5, max_length=2000)
    version = version_field(
        help_text="The version of the program you read. A stale version answers 409 Conflict."
    )


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
@through(access, actions, "program")
class ProgramViewSet(ThroughAccess, viewsets.ModelViewSet):
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter
    http_method_names = ["get", "post", "patch", "delete"]
    parent = "alliance"
    moved_message = "A program cannot move to another alliance."

    def get_queryset(self):
        return (
            Program.objects.visible_to(self.request.user)
            .select_related("therapeutic_area")
            .prefetch_related("firewall_members")
            .order_by("alliance_id", "name")
        )

    def writable_parent(self, user, alliance):
        return access.get_alliance_for_user(user, alliance.pk, write=True)

    def perform_destroy(self, instance):
        if not self.request.user.can_create_records:
            raise PermissionDenied(_("You cannot delete programs."))
        super().perform_destroy(instance)

    @extend_schema(
        methods=["GET"],
        responses=SignatureSerializer(many=True),
        filters=False,
        description="The signatures on the program's firewall clearance, current and superseded.",
    )
    @extend_schema(
        methods=["POST"],
        request=SignRequestSerializer,
        responses={201: SignatureSerializer},
        description="Sign the firewall clearance (re-authenticates with password and TOTP).",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="clearance-signatures",
        filterset_class=None,
        pagination_class=None,
    )
    def clearance_signatures(self, request, pk=None):
        program = access.get_program_for_user(request.user, pk)
        if request.method == "GET":
            require_internal(request.user, "Clearance signatures")
            rows = signatures.history(program, actions.CLEARANCE)
            return Response(SignatureSerializer(rows, many=True).data)
        if not access.can_sign_clearance(request.user, program):
            raise PermissionDenied(_("You cannot sign this program's firewall clearance."))
        payload = SignRequestSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        signature = actions.program_sign_clearance(
            actor=request.user,
            program=program,
            meaning=payload.validated_data["meaning"],
            password=payload.validated_data["password"],
            otp_code=payload.validated_data.get("otp_code", ""),
        )
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ClearanceAmendmentSerializer,
        responses=ProgramSerializer,
        description="Change a signed firewall clearance with a reason; the signatures are "
        "superseded and the clearance needs signing again.",
    )
    @action(detail=True, methods=["post"], url_path="clearance-amendment", filterset_class=None)
    def clearance_amendment(self, request, pk=None):
        program = access.get_program_for_user(request.user, pk, write=True)
        payload = ClearanceAmendmentSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        program = actions.program_amend_clearance(
            actor=request.user,
            program=program,
            is_firewalled=data["is_firewalled"],
            firewall_members=list(data["firewall_members"]),
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return Response(ProgramSerializer(program, context={"request": request}).data)
