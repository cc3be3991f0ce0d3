"""The alliance dossier (JSON, PDF, DOCX)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import documents, scoping
from accord.portfolio.models import Alliance

from .. import access, dossiers

# --- Dossier --------------------------------------------------------------------------------


class DossierBlockSerializer(scoping.Serializer):
    kind = serializers.ChoiceField(choices=["heading", "paragraph", "bullets", "table"])
    text = serializers.CharField(required=False)
    items = serializers.ListField(child=serializers.CharField(), required=False)
    headers = serializers.ListField(child=serializers.CharField(), required=False)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class DossierSectionSerializer(scoping.Serializer):
    title = serializers.CharField()
    source = serializers.CharField()
    blocks = DossierBlockSerializer(many=True)


class DossierSerializer(scoping.Serializer):
    alliance = serializers.IntegerField()
    title = serializers.CharField()
    sections = DossierSectionSerializer(many=True)


def _block(block) -> dict:
    if isinstance(block, documents.Heading):
        return {"kind": "heading", "text": block.text}
    if isinstance(block, documents.Paragraph):
        return {"kind": "paragraph", "text": block.text}
    if isinstance(block, documents.Bullets):
        return {"kind": "bullets", "items": block.items}
    return {
        "kind": "table",
        "headers": block.headers,
        "rows": [[documents._text(v) for v in row] for row in block.rows],
    }


class PdfRenderer(renderers.BaseRenderer):
    media_type = documents.PDF_TYPE
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DocxRenderer(PdfRenderer):
    media_type = documents.DOCX_TYPE
    format = "docx"


class DossierViewSet(viewsets.GenericViewSet):
    """The alliance dossier (internal): its sections as JSON, or the PDF / Word file."""

    lookup_value_regex = r"\d+"

    serializer_class = DossierSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Alliance.objects.none()

    def _alliance(self, request, pk):
        return access.get_internal_alliance_for_user(request.user, pk)

    def retrieve(self, request, pk=None):
        alliance = self._alliance(request, pk)
        data = {
            "alliance": alliance.pk,
            "title": f"Alliance dossier: {alliance.name}",
            "sections": [
                {"title": s.title, "source": s.source, "blocks": [_block(b) for b in s.blocks]}
                for s in dossiers.sections(alliance, request.user)
            ],
        }
        return Response(data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[PdfRenderer, renderers.JSONRenderer])
    def pdf(self, request, pk=None):
        alliance = self._alliance(request, pk)
        return documents.response(
            dossiers.build(alliance, request.user), "pdf", dossiers.filename(alliance)
        )

    @extend_schema(
        responses={
            (200, documents.DOCX_TYPE): OpenApiTypes.BINARY,
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=[DocxRenderer, renderers.JSONRenderer])
    def docx(self, request, pk=None):
        alliance = self._alliance(request, pk)
        return documents.response(
            dossiers.build(alliance, request.user), "docx", dossiers.filename(alliance)
        )
