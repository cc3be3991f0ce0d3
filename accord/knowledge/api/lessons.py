"""Lessons learned and their promotion into the playbook."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import REASON_PARAMETER, version_field
from accord.core.viewsets import ThroughAccess, split_version, through
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.models import Territory, TherapeuticArea

from .. import access, actions, relevance
from ..actions.lessons import LESSON_CONTENT_FIELDS
from ..filters import (
    LessonFilter,
)
from ..models import (
    Lesson,
    Playbook,
    PracticeChange,
    SourceType,
    Topic,
)
from ._common import (
    ScopedAlliance,
    ScopedProgram,
    _internal_only,
)
from .playbooks import DeliverableSerializer

# --- Lessons --------------------------------------------------------------------------------


class PracticeChangeSerializer(scoping.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.__str__", read_only=True)
    playbook_name = serializers.CharField(source="playbook.name", read_only=True)

    class Meta:
        model = PracticeChange
        fields = [
            "id",
            "playbook",
            "playbook_name",
            "change",
            "deliverable",
            "playbook_revision",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class LessonSerializer(scoping.ModelSerializer):
    alliance = ScopedAlliance(required=False, allow_null=True)
    program = ScopedProgram(required=False, allow_null=True)
    topics = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Topic.objects.all(), required=False
    )
    therapeutic_areas = serializers.SlugRelatedField(
        many=True, slug_field="name", queryset=TherapeuticArea.objects.all(), required=False
    )
    territory = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        required=False,
        allow_null=True,
        help_text="The country or region code it is about (e.g. JP).",
    )
    source_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    author = serializers.CharField(source="author.__str__", read_only=True, default=None)
    practice_changes = PracticeChangeSerializer(many=True, read_only=True)
    version = version_field()

    class Meta:
        model = Lesson
        fields = [
            "id",
            *LESSON_CONTENT_FIELDS,
            "source_type",
            "source_id",
            "source_label",
            "shared_with_partner",
            "recorded_on",
            "author",
            "practice_changes",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source_label", "author", "created_at", "updated_at"]


class RelevantLessonSerializer(scoping.ModelSerializer):
    relevance = serializers.IntegerField(read_only=True)
    alliance_name = serializers.CharField(source="alliance.name", read_only=True, default=None)

    class Meta:
        model = Lesson
        fields = ["id", "title", "recommendation", "alliance", "alliance_name", "relevance"]
        read_only_fields = fields


class PromoteSerializer(scoping.Serializer):
    playbook = serializers.PrimaryKeyRelatedField(queryset=Playbook.objects.active())
    change = serializers.CharField(min_length=5, max_length=2000)
    deliverable = serializers.DictField(
        required=False,
        help_text="Optional deliverable to add: title, anchor, offset_days, cadence, owner_role.",
    )


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
@through(access, actions, "lesson", verbs=("update", "delete"))
class LessonViewSet(ThroughAccess, viewsets.ModelViewSet):
    """Lessons learned. Partners see only lessons shared with their alliance; a lesson about a
    firewalled program only the people cleared for it."""

    serializer_class = LessonSerializer
    filterset_class = LessonFilter
    http_method_names = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        lessons = Lesson.objects.visible_to(self.request.user).with_list_data()
        if not self.request.query_params.get("q"):
            lessons = lessons.order_by("-recorded_on", "-pk")
        return lessons

    def perform_create(self, serializer):
        user = self.request.user
        data, _unused = split_version(serializer)
        source_type = data.pop("source_type", SourceType.OTHER)
        source_id = data.pop("source_id", None)
        if not access.can_record_lesson(user, data.get("alliance")):
            raise PermissionDenied(_("You cannot record lessons here."))
        serializer.instance = actions.lesson_create(
            actor=user, data=data, source_type=source_type, source_id=source_id
        )

    def perform_update(self, serializer):
        data, expected = split_version(serializer)
        for fixed in ("source_type", "source_id"):
            if fixed in data and data.pop(fixed) != getattr(serializer.instance, fixed):
                raise serializers.ValidationError({fixed: _("What taught a lesson is fixed.")})
        serializer.instance = self.update_entry(serializer.instance, data, expected)

    @extend_schema(request=PromoteSerializer, responses=PracticeChangeSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def promote(self, request, pk=None):
        lesson = access.get_lesson_for_user(request.user, pk)
        if not access.can_promote_lesson(request.user):
            raise PermissionDenied(
                _("Promoting a lesson into a playbook is an alliance leader's call.")
            )
        payload = PromoteSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        deliverable = payload.validated_data.get("deliverable")
        if deliverable:
            checked = DeliverableSerializer(data=deliverable, context={"request": request})
            checked.is_valid(raise_exception=True)
            deliverable, _unused = split_version(checked)
        change = actions.lesson_promote(
            actor=request.user,
            lesson=lesson,
            playbook=payload.validated_data["playbook"],
            change=payload.validated_data["change"],
            deliverable_data=deliverable or None,
        )
        return Response(PracticeChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("alliance", int, required=True)],
        responses=RelevantLessonSerializer(many=True),
        filters=False,
        description="The lessons from other alliances most relevant to this one (see relevance.py).",
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def relevant(self, request):
        _internal_only(request.user, "Relevance ranking")
        try:
            alliance_id = int(request.query_params.get("alliance", ""))
        except ValueError:
            raise serializers.ValidationError({"alliance": [_("Give an alliance id.")]}) from None
        alliance = get_alliance_for_user(request.user, alliance_id)
        lessons = relevance.relevant_lessons(alliance, request.user, limit=20)
        return Response(RelevantLessonSerializer(lessons, many=True).data)
