"""The practice and knowledge API: lessons, playbooks, applied packages and tasks, RACI,
templates and the alliance dossier. Same scoping as the pages; every write is an action."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accord.core import documents
from accord.core.api import REASON_PARAMETER, ReasonSerializer, reason_from
from accord.people.models import User
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.models import Alliance, Program, TherapeuticArea

from . import access, actions, dossiers, relevance
from .filters import (
    ApplicationFilter,
    LessonFilter,
    PlaybookFilter,
    ProgressFilter,
    RaciFilter,
    RoleHolderFilter,
    TaskFilter,
    TemplateFilter,
    TemplateUseFilter,
)
from .models import (
    RACI_FIELDS,
    Deliverable,
    DocumentTemplate,
    Lesson,
    Playbook,
    PlaybookApplication,
    PlaybookTask,
    PracticeChange,
    RaciEntry,
    RoleHolder,
    SourceType,
    TaskStatus,
    TemplateUse,
    TemplateVersion,
    Topic,
    alliance_progress_queryset,
)

VERSION_FIELD = {
    "required": False,
    "min_value": 1,
    "help_text": "On update: the version you read. A stale version answers 409 Conflict.",
}


def _internal_only(user, what):
    if not user.is_internal:
        raise PermissionDenied(f"{what} is internal to our company.")


def _scoped_alliances(request):
    return Alliance.objects.visible_to(request.user) if request else Alliance.objects.none()


def _scoped_programs(request):
    return Program.objects.visible_to(request.user) if request else Program.objects.none()


class ScopedAlliance(serializers.PrimaryKeyRelatedField):
    """An alliance id the caller may see (anything else reads as not existing)."""

    def get_queryset(self):
        return _scoped_alliances(self.context.get("request"))


class ScopedProgram(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return _scoped_programs(self.context.get("request"))


# --- Lessons --------------------------------------------------------------------------------


class PracticeChangeSerializer(serializers.ModelSerializer):
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


class LessonSerializer(serializers.ModelSerializer):
    alliance = ScopedAlliance(required=False, allow_null=True)
    program = ScopedProgram(required=False, allow_null=True)
    topics = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Topic.objects.all(), required=False
    )
    therapeutic_areas = serializers.SlugRelatedField(
        many=True, slug_field="name", queryset=TherapeuticArea.objects.all(), required=False
    )
    source_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    author = serializers.CharField(source="author.__str__", read_only=True, default=None)
    practice_changes = PracticeChangeSerializer(many=True, read_only=True)
    version = serializers.IntegerField(**VERSION_FIELD)

    class Meta:
        model = Lesson
        fields = [
            "id",
            "title",
            "context",
            "what_happened",
            "lesson",
            "recommendation",
            "phase",
            "topics",
            "alliance_type",
            "therapeutic_areas",
            "alliance",
            "program",
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


class RelevantLessonSerializer(serializers.ModelSerializer):
    relevance = serializers.IntegerField(read_only=True)
    alliance_name = serializers.CharField(source="alliance.name", read_only=True, default=None)

    class Meta:
        model = Lesson
        fields = ["id", "title", "recommendation", "alliance", "alliance_name", "relevance"]
        read_only_fields = fields


class PromoteSerializer(serializers.Serializer):
    playbook = serializers.PrimaryKeyRelatedField(queryset=Playbook.objects.active())
    change = serializers.CharField(min_length=5, max_length=2000)
    deliverable = serializers.DictField(
        required=False,
        help_text="Optional deliverable to add: title, anchor, offset_days, cadence, owner_role.",
    )


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
class LessonViewSet(viewsets.ModelViewSet):
    """Lessons learned. Partners see only lessons shared with their alliance; a lesson about a
    firewalled program only the people cleared for it."""

    # Ids are digits: anything else (/lessons/null,null/) is a 404, not a server error.
    lookup_value_regex = r"\d+"

    serializer_class = LessonSerializer
    filterset_class = LessonFilter
    http_method_names = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        lessons = Lesson.objects.visible_to(self.request.user).with_list_data()
        if not self.request.query_params.get("q"):
            lessons = lessons.order_by("-recorded_on", "-pk")
        return lessons

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_lesson_for_user(self.request.user, self.kwargs["pk"], write=write)

    def _data(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        return data

    def perform_create(self, serializer):
        user = self.request.user
        data = self._data(serializer)
        source_type = data.pop("source_type", SourceType.OTHER)
        source_id = data.pop("source_id", None)
        if not access.can_record_lesson(user, data.get("alliance")):
            raise PermissionDenied("You cannot record lessons here.")
        serializer.instance = actions.lesson_create(
            actor=user, data=data, source_type=source_type, source_id=source_id
        )

    def perform_update(self, serializer):
        data = self._data(serializer)
        for fixed in ("source_type", "source_id"):
            if fixed in data and data.pop(fixed) != getattr(serializer.instance, fixed):
                raise serializers.ValidationError({fixed: "What taught a lesson is fixed."})
        serializer.instance = actions.lesson_update(
            actor=self.request.user,
            lesson=serializer.instance,
            data=data,
            expected_version=serializer.validated_data.get("version"),
        )

    def perform_destroy(self, instance):
        actions.lesson_delete(
            actor=self.request.user, lesson=instance, reason=reason_from(self.request)
        )

    @extend_schema(request=PromoteSerializer, responses=PracticeChangeSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def promote(self, request, pk=None):
        lesson = access.get_lesson_for_user(request.user, pk)
        if not access.can_promote_lesson(request.user):
            raise PermissionDenied(
                "Promoting a lesson into a playbook is an alliance leader's call."
            )
        payload = PromoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        deliverable = payload.validated_data.get("deliverable")
        if deliverable:
            checked = DeliverableSerializer(data=deliverable)
            checked.is_valid(raise_exception=True)
            deliverable = {k: v for k, v in checked.validated_data.items() if k != "version"}
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
            raise serializers.ValidationError({"alliance": ["Give an alliance id."]}) from None
        alliance = get_alliance_for_user(request.user, alliance_id)
        lessons = relevance.relevant_lessons(alliance, request.user, limit=20)
        return Response(RelevantLessonSerializer(lessons, many=True).data)


# --- Playbooks ------------------------------------------------------------------------------


class DeliverableSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), required=False, allow_null=True
    )
    template = serializers.PrimaryKeyRelatedField(
        queryset=DocumentTemplate.objects.all(), required=False, allow_null=True
    )
    timing = serializers.CharField(source="timing_label", read_only=True)
    version = serializers.IntegerField(**VERSION_FIELD)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "playbook",
            "order",
            "title",
            "description",
            "topic",
            "owner_role",
            "anchor",
            "offset_days",
            "cadence",
            "timing",
            "template",
            "is_active",
            "revision",
            "version",
        ]
        read_only_fields = ["playbook", "is_active", "revision"]


class PlaybookSerializer(serializers.ModelSerializer):
    deliverables = serializers.SerializerMethodField()
    version = serializers.IntegerField(**VERSION_FIELD)

    class Meta:
        model = Playbook
        fields = [
            "id",
            "name",
            "kind",
            "package",
            "lifecycle",
            "description",
            "is_active",
            "revision",
            "deliverables",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["revision", "created_at", "updated_at"]

    def get_deliverables(self, playbook) -> list[dict]:
        active = [d for d in playbook.deliverables.all() if d.is_active]
        return DeliverableSerializer(active, many=True).data


class PlaybookViewSet(viewsets.ModelViewSet):
    """Standard service packages per tier and lifecycle templates (internal)."""

    lookup_value_regex = r"\d+"

    serializer_class = PlaybookSerializer
    filterset_class = PlaybookFilter
    http_method_names = ["get", "post", "patch"]

    def get_queryset(self):
        return (
            Playbook.objects.visible_to(self.request.user)
            .prefetch_related("deliverables__topic")
            .order_by("kind", "name")
        )

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_playbook_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer):
        if not access.can_edit_playbooks(self.request.user):
            raise PermissionDenied("Only alliance leaders change playbooks.")
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = actions.playbook_create(actor=self.request.user, data=data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        serializer.instance = actions.playbook_update(
            actor=self.request.user,
            playbook=serializer.instance,
            data=data,
            expected_version=expected,
        )

    @extend_schema(request=DeliverableSerializer, responses=DeliverableSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def deliverables(self, request, pk=None):
        """Add a deliverable (a new revision of the playbook)."""
        playbook = access.get_playbook_for_user(request.user, pk, write=True)
        payload = DeliverableSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = {k: v for k, v in payload.validated_data.items() if k != "version"}
        deliverable = actions.deliverable_create(actor=request.user, playbook=playbook, data=data)
        return Response(DeliverableSerializer(deliverable).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    destroy=extend_schema(
        description="Remove the deliverable from its playbook (a new revision; kept for the tasks made from it)."
    )
)
class DeliverableViewSet(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"\d+"
    serializer_class = DeliverableSerializer
    http_method_names = ["get", "patch", "delete"]
    filter_backends: list = []

    def get_queryset(self):
        return Deliverable.objects.filter(
            playbook__in=Playbook.objects.visible_to(self.request.user)
        )

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_deliverable_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        serializer.instance = actions.deliverable_update(
            actor=self.request.user,
            deliverable=serializer.instance,
            data=data,
            expected_version=expected,
        )

    def perform_destroy(self, instance):
        actions.deliverable_retire(actor=self.request.user, deliverable=instance)


# --- Applied playbooks and tasks ------------------------------------------------------------


class ProgressFields(serializers.Serializer):
    tasks_total = serializers.IntegerField(read_only=True)
    tasks_done = serializers.IntegerField(read_only=True)
    tasks_due = serializers.IntegerField(read_only=True)
    tasks_late = serializers.IntegerField(read_only=True)
    behind = serializers.SerializerMethodField()

    def get_behind(self, row) -> bool:
        return row.tasks_late > 0


class ApplicationSerializer(serializers.ModelSerializer):
    alliance = ScopedAlliance()
    playbook = serializers.PrimaryKeyRelatedField(queryset=Playbook.objects.all())
    playbook_name = serializers.CharField(source="playbook.name", read_only=True)
    playbook_revision = serializers.IntegerField(source="playbook.revision", read_only=True)
    start_date = serializers.DateField(required=False)
    tasks_total = serializers.IntegerField(read_only=True)
    tasks_done = serializers.IntegerField(read_only=True)
    tasks_due = serializers.IntegerField(read_only=True)
    tasks_late = serializers.IntegerField(read_only=True)
    behind = serializers.SerializerMethodField()

    class Meta:
        model = PlaybookApplication
        fields = [
            "id",
            "alliance",
            "playbook",
            "playbook_name",
            "revision",
            "playbook_revision",
            "start_date",
            "applied_at",
            "tasks_total",
            "tasks_done",
            "tasks_due",
            "tasks_late",
            "behind",
        ]
        read_only_fields = ["revision", "applied_at"]
        validators: list = []  # applying again is not an error: it returns the application

    def get_behind(self, row) -> bool:
        return getattr(row, "tasks_late", 0) > 0


class ReapplyResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    reopened = serializers.IntegerField()


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Playbooks applied to alliances. POST applies one (idempotent: 200 with the existing
    application if it was applied already, 201 when new)."""

    lookup_value_regex = r"\d+"

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return (
            PlaybookApplication.objects.visible_to(self.request.user)
            .select_related("playbook")
            .with_progress()
            .order_by("pk")
        )

    def get_object(self):
        application = access.get_application_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=application.pk)

    def create(self, request, *args, **kwargs):
        _internal_only(request.user, "Playbooks")
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        alliance = payload.validated_data["alliance"]
        if not access.can_work_on(request.user, alliance):
            raise PermissionDenied("You can view this alliance but not change it.")
        playbook = payload.validated_data["playbook"]
        if not Playbook.objects.visible_to(request.user).filter(pk=playbook.pk).exists():
            raise Http404
        application, created = actions.playbook_apply(
            actor=request.user,
            alliance=alliance,
            playbook=playbook,
            start_date=payload.validated_data.get("start_date"),
        )
        data = self.get_serializer(self.get_queryset().get(pk=application.pk)).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=ReasonSerializer, responses=ReapplyResultSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reapply(self, request, pk=None):
        """Bring the alliance up to the playbook's current revision (audited, with a reason)."""
        application = access.get_application_for_user(request.user, pk, write=True)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = actions.application_reapply(
            actor=request.user, application=application, reason=payload.validated_data["reason"]
        )
        return Response(ReapplyResultSerializer(result).data)


class TaskSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.internal().filter(is_active=True), required=False, allow_null=True
    )
    owner_name = serializers.CharField(source="owner.__str__", read_only=True, default=None)
    status = serializers.ChoiceField(
        choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.WITHDRAWN], required=False
    )
    late = serializers.BooleanField(source="is_late", read_only=True)
    version = serializers.IntegerField(**VERSION_FIELD)

    class Meta:
        model = PlaybookTask
        fields = [
            "id",
            "alliance",
            "application",
            "deliverable",
            "occurrence",
            "title",
            "description",
            "owner_role",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "late",
            "completed_at",
            "note",
            "version",
        ]
        read_only_fields = [
            "alliance",
            "application",
            "deliverable",
            "occurrence",
            "title",
            "description",
            "owner_role",
            "completed_at",
        ]


class TaskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The tasks applied playbooks created. PATCH ticks one off (status=done), reassigns it,
    re-dates it or adds a note."""

    lookup_value_regex = r"\d+"

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    http_method_names = ["get", "patch"]

    def get_queryset(self):
        return (
            PlaybookTask.objects.visible_to(self.request.user)
            .select_related("owner")
            .order_by("due_date", "pk")
        )

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_task_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        serializer.instance = actions.task_update(
            actor=self.request.user,
            task=serializer.instance,
            data=data,
            expected_version=expected,
        )


class AllianceProgressSerializer(serializers.ModelSerializer):
    tasks_total = serializers.IntegerField(read_only=True)
    tasks_done = serializers.IntegerField(read_only=True)
    tasks_due = serializers.IntegerField(read_only=True)
    tasks_late = serializers.IntegerField(read_only=True)
    behind = serializers.SerializerMethodField()

    class Meta:
        model = Alliance
        fields = [
            "id",
            "name",
            "tier",
            "stage",
            "tasks_total",
            "tasks_done",
            "tasks_due",
            "tasks_late",
            "behind",
        ]
        read_only_fields = fields

    def get_behind(self, row) -> bool:
        return row.tasks_late > 0


class PackageProgressViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Alliances with a package or template applied and how far they are: filter
    `tier=1&behind=true` for "which Tier 1 alliances are behind their package?"."""

    lookup_value_regex = r"\d+"

    serializer_class = AllianceProgressSerializer
    filterset_class = ProgressFilter

    def list(self, request, *args, **kwargs):
        _internal_only(request.user, "Package progress")
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Alliance.objects.none()
        return alliance_progress_queryset(Alliance.objects.visible_to(self.request.user)).order_by(
            "name"
        )


# --- Roles ----------------------------------------------------------------------------------


class RaciEntrySerializer(serializers.ModelSerializer):
    alliance = ScopedAlliance()
    version = serializers.IntegerField(**VERSION_FIELD)

    class Meta:
        model = RaciEntry
        fields = [
            "id",
            "alliance",
            "order",
            "activity",
            *RACI_FIELDS,
            "in_am_scope",
            "note",
            "version",
        ]


class RaciEntryViewSet(viewsets.ModelViewSet):
    """An alliance's RACI: who is responsible, accountable, consulted, informed (internal)."""

    lookup_value_regex = r"\d+"

    serializer_class = RaciEntrySerializer
    filterset_class = RaciFilter
    http_method_names = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        return RaciEntry.objects.visible_to(self.request.user).order_by(
            "alliance_id", "order", "pk"
        )

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_raci_entry_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer):
        _internal_only(self.request.user, "The RACI")
        data = dict(serializer.validated_data)
        data.pop("version", None)
        alliance = data.pop("alliance")
        if not access.can_work_on(self.request.user, alliance):
            raise PermissionDenied("You can view this alliance but not change it.")
        serializer.instance = actions.raci_entry_create(
            actor=self.request.user, alliance=alliance, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        if "alliance" in data and data.pop("alliance").pk != serializer.instance.alliance_id:
            raise serializers.ValidationError({"alliance": "An activity stays with its alliance."})
        serializer.instance = actions.raci_entry_update(
            actor=self.request.user, entry=serializer.instance, data=data, expected_version=expected
        )

    def perform_destroy(self, instance):
        actions.raci_entry_delete(actor=self.request.user, entry=instance)


class RoleHolderSerializer(serializers.ModelSerializer):
    alliance = ScopedAlliance()
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = RoleHolder
        fields = ["id", "alliance", "group", "user", "name", "title"]
        validators: list = []  # the action names the field when the person already has the role


class RoleHolderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The person filling each party's role on an alliance (owners of its playbook tasks)."""

    lookup_value_regex = r"\d+"

    serializer_class = RoleHolderSerializer
    filterset_class = RoleHolderFilter

    def get_queryset(self):
        return (
            RoleHolder.objects.visible_to(self.request.user).select_related("user").order_by("pk")
        )

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_role_holder_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer):
        _internal_only(self.request.user, "Roles")
        data = dict(serializer.validated_data)
        alliance = data.pop("alliance")
        if not access.can_work_on(self.request.user, alliance):
            raise PermissionDenied("You can view this alliance but not change it.")
        serializer.instance = actions.role_holder_add(
            actor=self.request.user, alliance=alliance, **data
        )

    def perform_destroy(self, instance):
        actions.role_holder_remove(actor=self.request.user, holder=instance)


# --- Templates library ----------------------------------------------------------------------


class TemplateVersionSerializer(serializers.ModelSerializer):
    file = serializers.UUIDField(source="file_id", read_only=True)
    download = serializers.SerializerMethodField()
    file_name = serializers.CharField(source="file.original_name", read_only=True)

    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "file", "file_name", "download", "notes", "uploaded_at"]
        read_only_fields = fields

    def get_download(self, version) -> str:
        return f"/files/{version.file_id}/"


class DocumentTemplateSerializer(serializers.ModelSerializer):
    versions = TemplateVersionSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentTemplate
        fields = ["id", "name", "kind", "description", "is_active", "versions"]
        read_only_fields = fields


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DocumentTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """The templates library (internal): versions and their files."""

    lookup_value_regex = r"\d+"

    serializer_class = DocumentTemplateSerializer
    filterset_class = TemplateFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            DocumentTemplate.objects.visible_to(self.request.user).with_current().order_by("name")
        )

    def get_object(self):
        template = access.get_template_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=template.pk)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses=TemplateVersionSerializer
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def versions(self, request, pk=None):
        """Issue a new version (multipart: file, notes)."""
        template = access.get_template_for_user(request.user, pk, write=True)
        payload = UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = actions.template_version_add(
            actor=request.user,
            template=template,
            upload=payload.validated_data["file"],
            notes=payload.validated_data.get("notes", ""),
        )
        return Response(TemplateVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class TemplateUseSerializer(serializers.ModelSerializer):
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


class TemplateUseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
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
            raise PermissionDenied("You can view this alliance but not change it.")
        return use

    def perform_create(self, serializer):
        _internal_only(self.request.user, "The templates library")
        data = serializer.validated_data
        if not access.can_work_on(self.request.user, data["alliance"]):
            raise PermissionDenied("You can view this alliance but not change it.")
        serializer.instance = actions.template_adopt(
            actor=self.request.user,
            alliance=data["alliance"],
            template=data["template"],
            version=data.get("version"),
        )

    def perform_destroy(self, instance):
        actions.template_use_remove(actor=self.request.user, use=instance)


# --- Dossier --------------------------------------------------------------------------------


class DossierBlockSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["heading", "paragraph", "bullets", "table"])
    text = serializers.CharField(required=False)
    items = serializers.ListField(child=serializers.CharField(), required=False)
    headers = serializers.ListField(child=serializers.CharField(), required=False)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class DossierSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    source = serializers.CharField()
    blocks = DossierBlockSerializer(many=True)


class DossierSerializer(serializers.Serializer):
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
