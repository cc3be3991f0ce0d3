"""The variances API: agreed workarounds, read by both sides, kept by our register keepers,
approved by a signature of each side (with the signer's password, as on the page)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from accord.core import scoping
from accord.core.api import entry_fields, optional_id, version_field
from accord.core.viewsets import change_action, through

from .. import access, actions
from ..actions import variances as rules
from ..actions.variances import VARIANCE_FIELDS
from ..filters import VarianceFilter
from ..models import Agreement, Obligation, Restriction, Right, Variance
from .serializers import EntrySerializer, ScopedFields
from .views import RegisterViewSet


class VarianceSerializer(EntrySerializer):
    """A variance: what is done instead of an obligation or clause, when, why, its effect."""

    agreement = optional_id(Agreement.objects.all())
    obligation = optional_id(Obligation.objects.all())
    right = optional_id(Right.objects.all())
    restriction = optional_id(Restriction.objects.all())
    active = serializers.SerializerMethodField(help_text="In force today.")
    signed_by = serializers.SerializerMethodField(help_text="Each side's signer so far.")
    version = version_field()

    class Meta:
        model = Variance
        fields = entry_fields(
            *VARIANCE_FIELDS, "program", "state", "state_reason", "amendment", "active", "signed_by"
        )
        read_only_fields = [
            "program",
            "state",
            "state_reason",
            "amendment",
            "created_at",
            "updated_at",
        ]

    def scope_fields(self):
        ScopedFields.scope_fields(self)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        self.fields["obligation"].queryset = Obligation.objects.visible_to(user)
        self.fields["right"].queryset = Right.objects.visible_to(user)
        self.fields["restriction"].queryset = Restriction.objects.visible_to(user)

    def get_active(self, variance) -> bool:
        return variance.is_active(timezone.localdate())

    def get_signed_by(self, variance) -> dict[str, str]:
        return {side: s.signer_name for side, s in rules.signed_sides(variance).items()}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and not user.is_internal:
            # Register entries are internal: a partner reads the variance, not our register ids.
            for name in ("obligation", "right", "restriction", "agreement", "amendment"):
                data[name] = None
        return data


class VarianceSignSerializer(scoping.Serializer):
    password = serializers.CharField(required=False, allow_blank=True, write_only=True)
    otp_code = serializers.CharField(required=False, allow_blank=True, max_length=12)


class VarianceWithdrawSerializer(scoping.Serializer):
    reason = serializers.CharField(max_length=2000)


class VarianceFormaliseSerializer(scoping.Serializer):
    amendment = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.none())
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["amendment"].queryset = Agreement.objects.visible_to(request.user)


@through(access, actions, "variance")
class VarianceViewSet(RegisterViewSet):
    serializer_class = VarianceSerializer
    filterset_class = VarianceFilter
    http_method_names = ["get", "post", "patch"]

    def get_queryset(self):
        return Variance.objects.visible_to(self.request.user).order_by("ends_on", "pk")

    @extend_schema(
        request=VarianceSignSerializer,
        responses=VarianceSerializer,
        description="Approve the variance for your side with your password (an electronic "
        "signature); the second side's signature puts it in force.",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def sign(self, request, pk=None):
        variance = access.get_variance_for_user(request.user, pk)
        if not rules.may_sign(request.user, variance):
            raise PermissionDenied(_("You do not sign this alliance's variances."))
        payload = VarianceSignSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        actions.variance_sign(
            actor=request.user,
            variance=variance,
            password=payload.validated_data.get("password", ""),
            otp_code=payload.validated_data.get("otp_code", ""),
        )
        return self.respond(variance)

    withdraw = change_action(
        "withdraw",
        VarianceWithdrawSerializer,
        actions.variance_withdraw,
        responses=VarianceSerializer,
        description="Withdraw the variance, with a reason.",
    )

    formalise = change_action(
        "formalise",
        VarianceFormaliseSerializer,
        actions.variance_formalise,
        responses=VarianceSerializer,
        description="Record the amendment that formalised the variance.",
    )
