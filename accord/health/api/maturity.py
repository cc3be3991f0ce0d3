"""The maturity self-assessment and benchmark API (internal users only)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import version_field
from accord.core.viewsets import ListRetrieveCreateDestroyViewSet, ListRetrieveCreateViewSet

from .. import access, actions, maturity
from ..models import BenchmarkEntry, BenchmarkSet, MaturityAssessment
from .common import internal_only


class AssessmentSerializer(scoping.ModelSerializer):
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = MaturityAssessment
        fields = [
            "id",
            "title",
            "assessed_on",
            "status",
            "answers",
            "facts",
            "scores",
            "completed_at",
            "version",
        ]
        read_only_fields = ["status", "answers", "facts", "scores", "completed_at"]


class AnswersSerializer(scoping.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(), help_text="Question key → 1-5."
    )
    complete = serializers.BooleanField(default=False)
    version = version_field(help_text=None)


class ComparisonSerializer(scoping.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    ours = serializers.FloatField()
    n = serializers.IntegerField()
    median = serializers.FloatField(required=False)
    q1 = serializers.FloatField(required=False)
    q3 = serializers.FloatField(required=False)
    percentile = serializers.IntegerField(required=False)


@extend_schema_view(
    answers=extend_schema(request=AnswersSerializer, responses=AssessmentSerializer),
    export=extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR}),
    compare=extend_schema(responses=ComparisonSerializer(many=True)),
)
class MaturityViewSet(ListRetrieveCreateViewSet):
    """Capability and digital maturity self-assessments of our alliance management function."""

    serializer_class = AssessmentSerializer
    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    filter_backends: list = []

    def get_queryset(self):
        return MaturityAssessment.objects.visible_to(self.request.user).order_by(
            "-assessed_on", "-pk"
        )

    def get_object(self):
        return access.get_assessment_for_user(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer):
        internal_only(self.request.user, "The maturity self-assessment")
        if not access.can_assess_maturity(self.request.user):
            raise PermissionDenied(
                _("Only alliance leaders and admins run the maturity self-assessment.")
            )
        serializer.instance = actions.assessment_create(
            actor=self.request.user, data=serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        assessment = access.get_assessment_for_user(request.user, pk, write=True)
        payload = AnswersSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        assessment = actions.assessment_answer(
            actor=request.user,
            assessment=assessment,
            answers=data["answers"],
            expected_version=data.get("version"),
            complete=data["complete"],
        )
        return Response(AssessmentSerializer(assessment).data)

    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """The anonymised result as one CSV row (the benchmark file format)."""
        assessment = self.get_object()
        if assessment.status != MaturityAssessment.Status.COMPLETED:
            raise serializers.ValidationError(
                {"status": _("Complete the assessment before exporting it.")}
            )
        response = HttpResponse(
            maturity.export_csv(assessment), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="maturity-{assessment.assessed_on:%Y-%m}.csv"'
        )
        return response

    @extend_schema(parameters=[OpenApiParameter("benchmark", int, required=True)])
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        assessment = self.get_object()
        raw = request.query_params.get("benchmark", "")
        if not raw.isdigit():
            raise serializers.ValidationError({"benchmark": _("Give the benchmark id.")})
        benchmark = access.get_benchmark_for_user(request.user, int(raw))
        if not assessment.scores:
            raise serializers.ValidationError({"status": _("Complete the assessment first.")})
        rows = maturity.compare(assessment.scores, list(benchmark.entries.all()))
        return Response(ComparisonSerializer(rows, many=True).data)


class EntrySerializer(scoping.ModelSerializer):
    class Meta:
        model = BenchmarkEntry
        fields = ["organisation", "assessed_on", "capacity", "digital", "outcomes", "index"]


class BenchmarkSerializer(scoping.ModelSerializer):
    entries = EntrySerializer(many=True, read_only=True)

    class Meta:
        model = BenchmarkSet
        fields = ["id", "name", "source_name", "imported_at", "entries"]


class ImportSerializer(scoping.Serializer):
    name = serializers.CharField(max_length=200)
    file = serializers.FileField()
    confirm = serializers.BooleanField(
        default=False,
        help_text="False: check the file and return the preview; True: import all rows.",
    )


class PreviewSerializer(scoping.Serializer):
    rows = EntrySerializer(many=True)
    errors = serializers.ListField(child=serializers.CharField())


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: PreviewSerializer,
            201: BenchmarkSerializer,
            400: OpenApiResponse(description="The file's problems"),
        },
    ),
)
class BenchmarkViewSet(ListRetrieveCreateDestroyViewSet):
    """Imported benchmark files of other organisations' anonymised maturity results."""

    serializer_class = BenchmarkSerializer
    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    filter_backends: list = []
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            BenchmarkSet.objects.visible_to(self.request.user)
            .prefetch_related("entries")
            .order_by("-imported_at")
        )

    def get_object(self):
        return access.get_benchmark_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        internal_only(request.user, "Benchmarks")
        if not access.can_assess_maturity(request.user):
            raise PermissionDenied(_("Only alliance leaders and admins import benchmarks."))
        payload = ImportSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        parsed = maturity.parse_benchmark(upload.read(maturity.MAX_IMPORT_BYTES + 1))
        if parsed.errors:
            return Response({"file": parsed.errors}, status=status.HTTP_400_BAD_REQUEST)
        if not payload.validated_data["confirm"]:
            return Response(PreviewSerializer({"rows": parsed.rows, "errors": []}).data)
        benchmark = actions.benchmark_import(
            actor=request.user,
            name=payload.validated_data["name"],
            source_name=upload.name,
            rows=parsed.rows,
        )
        return Response(
            BenchmarkSerializer(self.get_queryset().get(pk=benchmark.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def perform_destroy(self, instance):
        if not access.can_assess_maturity(self.request.user):
            raise PermissionDenied(_("Only alliance leaders and admins delete benchmarks."))
        actions.benchmark_delete(actor=self.request.user, benchmark=instance)
