"""Agreement imports in the API: start one (upload), follow its reading, list its findings,
and link a finding to the register entry created from it (POST …/confirm/)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.viewsets import ListRetrieveCreateViewSet
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.models import Alliance

from .. import access, actions
from ..models import AgreementImport, ImportFinding, sees_register
from ..views.imports import get_finding_for_user, get_import_for_user

ENTRY_GETTERS = {
    "agreement": access.get_agreement_for_user,
    "obligation": access.get_obligation_for_user,
    "milestone": access.get_milestone_for_user,
    "right": access.get_right_for_user,
    "restriction": access.get_restriction_for_user,
}


class FindingSerializer(scoping.ModelSerializer):
    confirmed_type = serializers.SerializerMethodField(
        help_text="The kind of register entry it became (agreement, obligation, …), or null."
    )

    class Meta:
        model = ImportFinding
        fields = [
            "id",
            "category",
            "target",
            "field",
            "start",
            "end",
            "text",
            "value",
            "how",
            "score",
            "prefill",
            "confirmed_type",
            "confirmed_id",
            "confirmed_at",
        ]
        read_only_fields = fields

    def get_confirmed_type(self, obj) -> str | None:
        return obj.confirmed_type.model if obj.confirmed_type_id else None


class AgreementImportSerializer(scoping.ModelSerializer):
    file_name = serializers.CharField(source="file.original_name", read_only=True)
    file = serializers.FileField(write_only=True, help_text="The agreement: TXT, PDF or DOCX.")

    class Meta:
        model = AgreementImport
        fields = [
            "id",
            "alliance",
            "file",
            "file_name",
            "status",
            "progress",
            "error",
            "agreement",
            "created_at",
        ]
        read_only_fields = ["status", "progress", "error", "agreement", "created_at"]


class ConfirmSerializer(scoping.Serializer):
    entry_type = serializers.ChoiceField(choices=sorted(ENTRY_GETTERS))
    entry_id = serializers.IntegerField(min_value=1)


class AgreementImportViewSet(ListRetrieveCreateViewSet):
    """Imports of agreements (our staff only, like the register). POST (multipart: alliance,
    file) starts one; the reading runs in the background: poll `status` and `progress`."""

    serializer_class = AgreementImportSerializer
    lookup_value_regex = r"\d+"
    filterset_class = None
    queryset = AgreementImport.objects.none()

    def get_queryset(self):
        user = self.request.user
        return (
            AgreementImport.objects.visible_to(user)
            .filter(alliance__in=Alliance.objects.visible_to(user))
            .select_related("file")
        )

    def get_object(self):
        return get_import_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        if not (sees_register(request.user) and access.may_keep_registers(request.user)):
            raise PermissionDenied(_("Only our staff who keep registers import agreements."))
        payload = AgreementImportSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        alliance = get_alliance_for_user(
            request.user, payload.validated_data["alliance"].pk, write=True
        )
        started = actions.agreement_import_start(
            actor=request.user, alliance=alliance, upload=payload.validated_data["file"]
        )
        return Response(AgreementImportSerializer(started).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=FindingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def findings(self, request, pk=None):
        agreement_import = self.get_object()
        return Response(FindingSerializer(agreement_import.findings.all(), many=True).data)

    @extend_schema(request=ConfirmSerializer, responses=FindingSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"findings/(?P<finding_id>\d+)/confirm",
        serializer_class=ConfirmSerializer,
    )
    def confirm(self, request, pk=None, finding_id=None):
        """Link a finding to the register entry created from it (create the entry first with
        the finding's `prefill`, through its own endpoint)."""
        finding = get_finding_for_user(request.user, finding_id, write=True)
        if finding.agreement_import_id != int(pk):
            raise Http404(_("No such finding in this import."))
        payload = ConfirmSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        getter = ENTRY_GETTERS[payload.validated_data["entry_type"]]
        entry = getter(request.user, payload.validated_data["entry_id"], write=True)
        confirmed = actions.import_finding_confirm(actor=request.user, finding=finding, entry=entry)
        return Response(FindingSerializer(confirmed).data)
