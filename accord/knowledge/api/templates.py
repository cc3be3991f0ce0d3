"""The templates library and template uses."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accord.core import scoping
from accord.core.viewsets import ListRetrieveCreateDestroyViewSet, ThroughAccess

from .. import access, actions
from ..filters import (
    TemplateFilter,
    TemplateUseFilter,
)
from ..models import (
    DocumentTemplate,
    TemplateUse,
    TemplateVersion,
)
from ._common import (
    ScopedAlliance,
    _workable_alliance,
)

# --- Templates library ----------------------------------------------------------------------


class TemplateVersionSerializer(scoping.ModelSerializer):
    file = serializers.UUIDField(source="file_id", read_only=True)
    download = serializers.SerializerMethodField()
    file_name = serializers.CharField(source="file.original_name", read_only=True)

    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "file", "file_name", "download", "notes", "uploaded_at"]
        read_only_fields = fields

    def get_download(self, version) -> str:
        return f"/files/{version.file_id}/"


class DocumentTemplateSerializer(scoping.ModelSerializer):
    versions = TemplateVersionSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentTemplate
        fields = ["id", "name", "kind", "description", "is_active", "versions"]
        read_only_fields = fields


class UploadSerializer(scoping.Serializer):
    file = serializers.FileField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DocumentTemplateViewSet(ThroughAccess, viewsets.ReadOnlyModelViewSet):
    """The templates library (internal): versions and their files."""

    serializer_class = DocumentTemplateSerializer
    filterset_class = TemplateFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    getter = staticmethod(access.get_template_for_user)
    reread = True

    def get_queryset(self):
        return (
            DocumentTemplate.objects.visible_to(self.request.user).with_current().order_by("name")
        )

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses=TemplateVersionSerializer
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def versions(self, request, pk=None):
        """Issue a new version (multipart: file, notes)."""
        template = access.get_template_for_user(request.user, pk, write=True)
        payload = UploadSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        version = actions.template_version_add(
            actor=request.user,
            template=template,
            upload=payload.validated_data["file"],
            notes=payload.validated_data.get("notes", ""),
        )
        return Response(TemplateVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class TemplateUseSerializer(scoping.ModelSerializer):
    alliance = ScopedAlliance()
    template = serializers.PrimaryKeyRelatedField(queryset=DocumentTemplate.objects.all())
    version = serializers.PrimaryKeyRelatedField(
        queryset=TemplateVersion.objects.all(),
        required=False,
        help_text="Default: the template's latest version.",
    )
    version_number = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = TemplateUse
        fields = ["id", "alliance", "template", "version", "version_number", "adopted_at"]
        read_only_fields = ["adopted_at"]
        validators: list = []  # adopting again moves the alliance to the version given


class TemplateUseViewSet(ListRetrieveCreateDestroyViewSet):
    """Which alliances use which version of each library document. POST adopts a version
    (or moves an alliance to another version of the same document)."""

    lookup_value_regex = r"\d+"

    serializer_class = TemplateUseSerializer
    filterset_class = TemplateUseFilter

    def get_queryset(self):
        return (
            TemplateUse.objects.visible_to(self.request.user)
            .select_related("version")
            .order_by("pk")
        )

    def get_object(self):
        from django.shortcuts import get_object_or_404

        use = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if self.request.method == "DELETE" and not access.can_work_on(
            self.request.user, use.alliance
        ):
            raise PermissionDenied(_("You can view this alliance but not change it."))
        return use

    def perform_create(self, serializer):
        data = serializer.validated_data
        alliance = _workable_alliance(self.request.user, data["alliance"], "The templates library")
        serializer.instance = actions.template_adopt(
            actor=self.request.user,
            alliance=alliance,
            template=data["template"],
            version=data.get("version"),
        )

    def perform_destroy(self, instance):
        actions.template_use_remove(actor=self.request.user, use=instance)
