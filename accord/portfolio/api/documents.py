"""The portfolio API: documents."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from accord.core import scoping
from accord.core.api import REASON_PARAMETER, optional_id, visible_or_missing
from accord.core.viewsets import ListRetrieveCreateDestroyViewSet, ThroughAccess, through

from .. import access, actions
from ..filters import DocumentFilter
from ..models import (
    Alliance,
    AllianceDocument,
    Program,
)


class DocumentSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    program = optional_id(Program.objects.all())
    file = serializers.FileField(
        write_only=True,
        allow_empty_file=True,
        help_text="PDF, DOCX, XLSX or UTF-8 text, checked by its content.",
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    file_id = serializers.UUIDField(read_only=True)
    download_url = serializers.SerializerMethodField()
    file_name = serializers.CharField(source="file.original_name", read_only=True)
    kind = serializers.CharField(source="file.kind", read_only=True)
    size = serializers.IntegerField(source="file.size", read_only=True)
    sha256 = serializers.CharField(source="file.sha256", read_only=True)

    class Meta:
        model = AllianceDocument
        fields = [
            "id",
            "alliance",
            "program",
            "title",
            "file",
            "file_id",
            "file_name",
            "kind",
            "size",
            "sha256",
            "download_url",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = ["uploaded_by", "uploaded_at"]

    def get_download_url(self, document) -> str:
        return f"/files/{document.file_id}/"

    def validate_alliance(self, alliance):
        return visible_or_missing(alliance, self.context)

    def validate_program(self, program):
        return visible_or_missing(program, self.context)


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
@through(access, actions, "document")
class DocumentViewSet(ThroughAccess, ListRetrieveCreateDestroyViewSet):
    """Alliance documents: upload (multipart), list, delete with a reason; files are
    downloaded from /files/<file_id>/ with the same access rules."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter

    def get_queryset(self):
        return (
            AllianceDocument.objects.visible_to(self.request.user)
            .select_related("file")
            .order_by("-uploaded_at", "-pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        alliance = data["alliance"]
        if not access.can_upload_document(self.request.user, alliance):
            raise PermissionDenied(_("Only the alliance's team adds documents."))
        serializer.instance = actions.document_upload(
            actor=self.request.user,
            alliance=alliance,
            upload=data["file"],
            title=data.get("title", ""),
            program=data.get("program"),
        )
