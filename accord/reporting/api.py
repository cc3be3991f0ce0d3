"""The reporting API: dashboard figures, weekly notes, tracker imports, the executive pack.

Internal users only (partner users get 403). The same actions as the pages do every write.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.access import require_internal
from accord.core.documents import PDF_TYPE
from accord.core.viewsets import ListRetrieveViewSet, SummarySchema
from accord.portfolio.models import Alliance

from . import actions, dashboard, myweek, notes, pack, pack_actions, tracker
from .models import (
    ImportStatus,
    PackExport,
    PackFormat,
    PackStatus,
    Section,
    TrackerImport,
    WeeklyNote,
)


class FigureSerializer(scoping.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    url = serializers.CharField(help_text="The list behind the figure.")


class HeatSerializer(scoping.Serializer):
    alliance = serializers.IntegerField(source="alliance_id")
    alliance_name = serializers.CharField(source="alliance")
    tier = serializers.IntegerField()
    wave = serializers.IntegerField(source="wave_id")
    overall = serializers.FloatField(allow_null=True)


class DashboardSerializer(scoping.Serializer):
    today = serializers.DateField()
    horizon = serializers.DateField()
    by_tier = FigureSerializer(many=True)
    by_type = FigureSerializer(many=True)
    by_stage = FigureSerializer(many=True)
    by_area = FigureSerializer(many=True)
    attention = FigureSerializer(many=True)
    value_figures = FigureSerializer(many=True)
    heat = HeatSerializer(many=True)


class SummaryViewSet(viewsets.GenericViewSet):
    """A `list` route that answers one summary object computed for the person asking (no
    records to page or filter; an alliance-scoped token is refused it: it spans the portfolio)."""

    schema = SummarySchema()  # one object, not a list
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):  # pragma: no cover - list() does the work
        return Alliance.objects.none()


class DashboardViewSet(SummaryViewSet):
    """The portfolio dashboard's figures for the person asking."""

    serializer_class = DashboardSerializer

    def list(self, request, *args, **kwargs):
        require_internal(request.user, "The portfolio dashboard")
        return Response(DashboardSerializer(dashboard.kept(request.user)).data)


class WeekRowSerializer(scoping.Serializer):
    kind = serializers.CharField(help_text="The kind of record: obligation, action, issue…")
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    url = serializers.CharField(help_text="The record's page.")
    due = serializers.DateField(allow_null=True)
    alliance = serializers.IntegerField(source="alliance_id", allow_null=True)
    alliance_name = serializers.CharField()
    who = serializers.CharField(help_text="Whose it is.")
    detail = serializers.CharField()
    can_mark_done = serializers.BooleanField(source="done")
    can_snooze = serializers.BooleanField(source="snooze")


class WeekBucketSerializer(scoping.Serializer):
    key = serializers.ChoiceField(choices=[key for key, _label in myweek.BUCKETS])
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Everything in the bucket.")
    rows = WeekRowSerializer(
        many=True, help_text="The first rows, or the asked page of the asked bucket."
    )


class MyWeekSerializer(scoping.Serializer):
    today = serializers.DateField()
    end = serializers.DateField(help_text="The window runs from overdue to this day.")
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Rows by kind.")
    buckets = WeekBucketSerializer(many=True)
    page = serializers.IntegerField(allow_null=True, help_text="With `bucket`: this page.")
    pages = serializers.IntegerField(allow_null=True, help_text="With `bucket`: of so many.")


WEEK_PARAMETERS = [
    OpenApiParameter("alliance", int, description="Only this alliance."),
    OpenApiParameter("kind", str, description="Only this kind of row."),
    OpenApiParameter("person", int, description="A leader: only this person of the team."),
    OpenApiParameter(
        "bucket",
        str,
        enum=[key for key, _label in myweek.BUCKETS],
        description="This bucket alone, whole, 50 rows a page (otherwise the first 10 of each).",
    ),
    OpenApiParameter("page", int, description="With `bucket`: the page."),
]


class MyWeekViewSet(SummaryViewSet):
    """What needs the person asking (a leader: their team) from overdue to two weeks ahead, as
    the home page shows it: each bucket's count and first rows, or one bucket whole, paged."""

    serializer_class = MyWeekSerializer

    @extend_schema(parameters=WEEK_PARAMETERS)
    def list(self, request, *args, **kwargs):
        require_internal(request.user, "My week")
        asked = myweek.ask(request.user, request.query_params)
        if not asked.valid:
            raise serializers.ValidationError(asked.form.errors)
        week = asked.week
        if asked.page is not None:
            buckets = [_bucket(week.bucket, [row for _source, row in asked.page.object_list])]
            page, pages = asked.page.number, asked.page.paginator.num_pages
        else:
            buckets = [_bucket(b, [row for _s, row in b.shown]) for b in week.buckets]
            page = pages = None
        data = {
            "today": week.today,
            "end": week.end,
            "total": week.total,
            "counts": week.counts,
            "buckets": buckets,
            "page": page,
            "pages": pages,
        }
        return Response(MyWeekSerializer(data).data)


def _bucket(bucket, rows) -> dict:
    return {"key": bucket.key, "label": bucket.label, "count": bucket.count, "rows": rows}


class PackExportSerializer(scoping.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="Where the file is, once ready.")

    class Meta:
        model = PackExport
        fields = [
            "id",
            "format",
            "as_of",
            "status",
            "step",
            "steps",
            "error",
            "requested_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, export) -> str | None:
        if export.status != PackStatus.DONE or export.file_id is None:
            return None
        return f"/api/v1/reporting/packs/{export.pk}/download/"


class PackRequestSerializer(scoping.Serializer):
    format = serializers.ChoiceField(choices=PackFormat.choices)


class PackExportViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The executive pack, built in the background: ask for one (202 at once), follow its
    status, download it when ready. Each pack is its requester's own."""

    serializer_class = PackExportSerializer
    filter_backends: list = []
    portfolio_wide = True  # a pack is about the whole portfolio: no alliance-limited token

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator
            return PackExport.objects.none()
        require_internal(self.request.user, "The executive pack")
        return PackExport.objects.visible_to(self.request.user).select_related("file")

    @extend_schema(request=PackRequestSerializer, responses={202: PackExportSerializer})
    def create(self, request, *args, **kwargs):
        self.get_queryset()
        payload = PackRequestSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        export = pack_actions.pack_request(actor=request.user, fmt=payload.validated_data["format"])
        return Response(PackExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, pack.PPTX_TYPE): OpenApiTypes.BINARY,
            (200, PDF_TYPE): OpenApiTypes.BINARY,
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        from .views.packs import file_response

        return file_response(self.get_object())


class NoteSerializer(scoping.ModelSerializer):
    annotations = serializers.SerializerMethodField()

    class Meta:
        model = WeeklyNote
        fields = [
            "id",
            "week_start",
            "week_end",
            "status",
            "content",
            "generated_at",
            "approved_by",
            "approved_at",
            "annotations",
        ]

    def get_annotations(self, note) -> list[dict]:
        return [
            {"alliance": a.alliance_id, "section": a.section, "text": a.text}
            for a in note.annotations.all()
        ]


class AnnotateSerializer(scoping.Serializer):
    section = serializers.ChoiceField(choices=Section.choices)
    alliance = serializers.IntegerField(required=False, allow_null=True)
    text = serializers.CharField(allow_blank=True, max_length=actions.MAX_ANNOTATION)


class WeeklyNoteViewSet(ListRetrieveViewSet):
    """Weekly notes to executives: drafts and the archive."""

    serializer_class = NoteSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator
            return WeeklyNote.objects.none()
        require_internal(self.request.user, "The weekly note")
        return WeeklyNote.objects.visible_to(self.request.user).prefetch_related("annotations")

    @extend_schema(request=AnnotateSerializer, responses=NoteSerializer)
    @action(detail=True, methods=["post"])
    def annotate(self, request, pk=None):
        note = self.get_object()
        if not actions.can_edit_notes(request.user):
            return Response(
                {"detail": _("Only the alliance leader annotates the weekly note.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        payload = AnnotateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        alliance = None
        if payload.validated_data.get("alliance"):
            alliance = Alliance.objects.filter(pk=payload.validated_data["alliance"]).first()
            if alliance is None:
                raise serializers.ValidationError(
                    {"alliance": [_("This alliance is not in the note.")]}
                )
        actions.note_annotate(
            actor=request.user,
            note=note,
            section=payload.validated_data["section"],
            text=payload.validated_data["text"],
            alliance=alliance,
        )
        return Response(NoteSerializer(self.get_queryset().get(pk=note.pk)).data)

    @extend_schema(request=None, responses=NoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        note = self.get_object()
        note = actions.note_approve(actor=request.user, note=note)
        return Response(NoteSerializer(self.get_queryset().get(pk=note.pk)).data)

    @extend_schema(responses={(200, PDF_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        note = self.get_object()
        reply = HttpResponse(notes.pdf_bytes(note), content_type=PDF_TYPE)
        reply["Content-Disposition"] = (
            f'attachment; filename="weekly-note-{note.week_start:%Y-%m-%d}.pdf"'
        )
        return reply


class TrackerImportSerializer(scoping.ModelSerializer):
    file_name = serializers.CharField(source="file.original_name", read_only=True)
    progress_pct = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrackerImport
        fields = [
            "id",
            "file_name",
            "created_at",
            "headers",
            "mapping",
            "status",
            "total_rows",
            "processed_rows",
            "progress_pct",
            "errors",
            "created_count",
            "updated_count",
            "finished_at",
        ]
        # Counted by the import itself, never written by a client.
        read_only_fields = [
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
        ]


class TrackerUploadSerializer(scoping.Serializer):
    file = serializers.FileField()


class TrackerMappingSerializer(scoping.Serializer):
    mapping = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Accord field -> the tracker's column header (empty: not imported).",
    )


PreviewSerializer = inline_serializer(
    "TrackerPreview",
    {
        "errors": serializers.ListField(child=serializers.DictField()),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "total": serializers.IntegerField(),
    },
)


class TrackerImportViewSet(
    mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Import an alliance tracker: upload, map columns, preview (dry run), commit, status."""

    serializer_class = TrackerImportSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator
            return TrackerImport.objects.none()
        require_internal(self.request.user, "Importing a tracker")
        if not actions.can_import(self.request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("Only the alliance leader imports a tracker."))
        return TrackerImport.objects.select_related("file")

    @extend_schema(
        request={"multipart/form-data": TrackerUploadSerializer},
        responses={201: TrackerImportSerializer},
    )
    def create(self, request, *args, **kwargs):
        self.get_queryset()
        payload = TrackerUploadSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        created = actions.import_upload(actor=request.user, upload=payload.validated_data["file"])
        return Response(TrackerImportSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TrackerMappingSerializer, responses=TrackerImportSerializer)
    @action(detail=True, methods=["post"])
    def mapping(self, request, pk=None):
        tracker_import = self.get_object()
        payload = TrackerMappingSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        updated = actions.import_map(
            actor=request.user,
            tracker_import=tracker_import,
            mapping=payload.validated_data["mapping"],
        )
        return Response(TrackerImportSerializer(updated).data)

    @extend_schema(responses=PreviewSerializer)
    @action(detail=True, methods=["get"])
    def preview(self, request, pk=None):
        tracker_import = self.get_object()
        if tracker_import.status != ImportStatus.UPLOADED:
            raise serializers.ValidationError({"status": [_("This import has already run.")]})
        outcome = tracker.run(tracker_import, request.user, commit=False)
        return Response(
            {
                "errors": outcome.errors,
                "created": outcome.created,
                "updated": outcome.updated,
                "total": outcome.total,
            }
        )

    @extend_schema(request=None, responses={202: TrackerImportSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        tracker_import = self.get_object()
        queued = actions.import_commit(actor=request.user, tracker_import=tracker_import)
        return Response(TrackerImportSerializer(queued).data, status=status.HTTP_202_ACCEPTED)
