"""The pre-signing review API: start a review (multipart), read reviews and their findings,
dismiss a finding with a reason; scoped exactly like the pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import optional_id
from accord.core.filtering import BoundedFilterSet
from accord.core.viewsets import ListRetrieveViewSet
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.filters import IdFilter
from accord.portfolio.models import Alliance, Program

from .. import access, actions
from ..filters import visible_alliances
from ..models import (
    FindingKind,
    PresigningDocument,
    PresigningFinding,
    PresigningReview,
    sees_register,
)
from ..views.presigning import get_review_for_user


class PresigningDocumentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="file.original_name", read_only=True)

    class Meta:
        model = PresigningDocument
        fields = ["position", "role", "name", "defined_terms"]
        # Read-only (the job writes them): no database-dependent integer bounds in the schema.
        read_only_fields = fields


class PresigningReviewSerializer(serializers.ModelSerializer):
    """A draft agreement read against its plans; `counts` are the open findings by kind."""

    documents = PresigningDocumentSerializer(many=True, read_only=True)
    counts = serializers.SerializerMethodField()
    created_by = serializers.StringRelatedField()

    class Meta:
        model = PresigningReview
        fields = [
            "id",
            "alliance",
            "program",
            "title",
            "status",
            "error",
            "created_by",
            "created_at",
            "finished_at",
            "documents",
            "counts",
        ]
        read_only_fields = fields

    def get_counts(self, review) -> dict[str, int]:
        return {kind: getattr(review, f"n_{kind}", 0) for kind in FindingKind.values}


class PresigningStartSerializer(scoping.Serializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    program = optional_id(Program.objects.all())
    title = serializers.CharField(max_length=250, required=False, allow_blank=True)
    agreement = serializers.FileField(required=False, help_text="The draft agreement.")
    plans = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="The plans (work plan, budget, annex): repeat the field, up to 5 files.",
    )


class PresigningFindingSerializer(serializers.ModelSerializer):
    """One place where a plan does not speak the agreement's language, with both passages."""

    plan_document = serializers.IntegerField(source="plan_document.position", read_only=True)
    other_document = serializers.IntegerField(
        source="other_document.position", read_only=True, allow_null=True, default=None
    )
    dismissed_by = serializers.StringRelatedField()

    class Meta:
        model = PresigningFinding
        fields = [
            "id",
            "review",
            "kind",
            "term",
            "detail",
            "nearest",
            "plan_document",
            "plan_start",
            "plan_end",
            "plan_passage",
            "other_document",
            "other_start",
            "other_end",
            "other_passage",
            "dismissed_at",
            "dismissed_by",
            "dismiss_reason",
        ]
        read_only_fields = fields


class DismissSerializer(scoping.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class PresigningFindingFilter(BoundedFilterSet):
    review = filters.NumberFilter(field_name="review_id", label="Review")
    kind = filters.MultipleChoiceFilter(choices=FindingKind.choices)
    open = filters.BooleanFilter(field_name="dismissed_at", lookup_expr="isnull", label="Open")

    class Meta:
        model = PresigningFinding
        fields: list[str] = []


class PresigningReviewFilter(BoundedFilterSet):
    alliance = IdFilter(queryset=visible_alliances, label="Alliance")

    class Meta:
        model = PresigningReview
        fields: list[str] = []


class PresigningReviewViewSet(ListRetrieveViewSet):
    serializer_class = PresigningReviewSerializer
    filterset_class = PresigningReviewFilter
    lookup_value_regex = r"\d+"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        counts = {
            f"n_{kind}": Count(
                "findings", filter=Q(findings__kind=kind, findings__dismissed_at=None)
            )
            for kind in FindingKind.values
        }
        return (
            PresigningReview.objects.visible_to(self.request.user)
            .select_related("created_by")
            .prefetch_related("documents__file")
            .annotate(**counts)
            .order_by("-created_at", "-pk")
        )

    def get_object(self):
        review = get_review_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=review.pk)

    @extend_schema(
        request={"multipart/form-data": PresigningStartSerializer},
        responses={201: PresigningReviewSerializer},
        description=(
            "Upload a draft agreement (`agreement`) and one to five plans (`plans`, repeated) as "
            "TXT, PDF or DOCX; the review is read in the background (status queued → done)."
        ),
    )
    def create(self, request):
        if not sees_register(request.user) or not access.may_keep_registers(request.user):
            raise PermissionDenied(_("Only our staff who keep registers review draft agreements."))
        payload = PresigningStartSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        alliance = get_alliance_for_user(request.user, data["alliance"].pk, write=True)
        review = actions.presigning_review_start(
            actor=request.user,
            alliance=alliance,
            agreement_file=data.get("agreement"),
            plan_files=request.FILES.getlist("plans"),
            program=data.get("program"),
            title=data.get("title", ""),
        )
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(self.get_serializer(fresh).data, status=201)


class PresigningFindingViewSet(ListRetrieveViewSet):
    serializer_class = PresigningFindingSerializer
    filterset_class = PresigningFindingFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (
            PresigningFinding.objects.visible_to(self.request.user)
            .select_related("plan_document", "other_document", "dismissed_by")
            .order_by("review_id", "pk")
        )

    @extend_schema(request=DismissSerializer, responses=PresigningFindingSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def dismiss(self, request, pk=None):
        finding = self.get_object()
        get_review_for_user(request.user, finding.review_id, write=True)
        payload = DismissSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        actions.presigning_finding_dismiss(
            actor=request.user, finding=finding, reason=payload.validated_data.get("reason", "")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=finding.pk)).data)
