"""Playbooks, their deliverables, applied packages, tasks and package progress."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import ReasonSerializer, optional_id, version_field
from accord.core.viewsets import ListRetrieveCreateViewSet, ThroughAccess, split_version, through
from accord.people.models import User
from accord.portfolio.models import Alliance

from .. import access, actions
from ..actions.playbooks import PLAYBOOK_FIELDS
from ..filters import (
    ApplicationFilter,
    PlaybookFilter,
    ProgressFilter,
    TaskFilter,
)
from ..models import (
    Deliverable,
    DocumentTemplate,
    Playbook,
    PlaybookApplication,
    PlaybookTask,
    TaskStatus,
    Topic,
    alliance_progress_queryset,
)
from ._common import (
    ScopedAlliance,
    _internal_only,
    _workable_alliance,
)

# --- Playbooks ------------------------------------------------------------------------------


class DeliverableSerializer(scoping.ModelSerializer):
    topic = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), required=False, allow_null=True
    )
    template = optional_id(DocumentTemplate.objects.all())
    timing = serializers.CharField(source="timing_label", read_only=True)
    version = version_field()

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


class PlaybookSerializer(scoping.ModelSerializer):
    deliverables = serializers.SerializerMethodField()
    version = version_field()

    class Meta:
        model = Playbook
        fields = [
            "id",
            *PLAYBOOK_FIELDS,
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


@through(access, actions, "playbook", verbs=("update",))
class PlaybookViewSet(ThroughAccess, viewsets.ModelViewSet):
    """Standard service packages per tier and lifecycle templates (internal)."""

    serializer_class = PlaybookSerializer
    filterset_class = PlaybookFilter
    http_method_names = ["get", "post", "patch"]

    def get_queryset(self):
        return (
            Playbook.objects.visible_to(self.request.user)
            .prefetch_related("deliverables__topic")
            .order_by("kind", "name")
        )

    def perform_create(self, serializer):
        if not access.can_edit_playbooks(self.request.user):
            raise PermissionDenied(_("Only alliance leaders change playbooks."))
        data, _unused = split_version(serializer)
        serializer.instance = actions.playbook_create(actor=self.request.user, data=data)

    @extend_schema(request=DeliverableSerializer, responses=DeliverableSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def deliverables(self, request, pk=None):
        """Add a deliverable (a new revision of the playbook)."""
        playbook = access.get_playbook_for_user(request.user, pk, write=True)
        payload = DeliverableSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data, _ = split_version(payload)
        deliverable = actions.deliverable_create(actor=request.user, playbook=playbook, data=data)
        return Response(DeliverableSerializer(deliverable).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    destroy=extend_schema(
        description="Remove the deliverable from its playbook (a new revision; kept for the tasks made from it)."
    )
)
class DeliverableViewSet(
    ThroughAccess,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DeliverableSerializer
    http_method_names = ["get", "patch", "delete"]
    filter_backends: list = []
    getter = staticmethod(access.get_deliverable_for_user)
    entry = "deliverable"
    update_action = staticmethod(actions.deliverable_update)
    delete_action = staticmethod(actions.deliverable_retire)
    delete_reason = False

    def get_queryset(self):
        return Deliverable.objects.filter(
            playbook__in=Playbook.objects.visible_to(self.request.user)
        )


# --- Applied playbooks and tasks ------------------------------------------------------------


class ProgressFields(scoping.Serializer):
    # How far an applied package is (the `with_progress` annotations). A comment, not a
    # docstring: drf-spectacular would publish it as each serializer's description.
    tasks_total = serializers.IntegerField(read_only=True)
    tasks_done = serializers.IntegerField(read_only=True)
    tasks_due = serializers.IntegerField(read_only=True)
    tasks_late = serializers.IntegerField(read_only=True)
    behind = serializers.SerializerMethodField()

    def get_behind(self, row) -> bool:
        return getattr(row, "tasks_late", 0) > 0


class ApplicationSerializer(ProgressFields, scoping.ModelSerializer):
    alliance = ScopedAlliance()
    playbook = serializers.PrimaryKeyRelatedField(queryset=Playbook.objects.all())
    playbook_name = serializers.CharField(source="playbook.name", read_only=True)
    playbook_revision = serializers.IntegerField(source="playbook.revision", read_only=True)
    start_date = serializers.DateField(required=False)

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


class ReapplyResultSerializer(scoping.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    reopened = serializers.IntegerField()


class ApplicationViewSet(ThroughAccess, ListRetrieveCreateViewSet):
    """Playbooks applied to alliances. POST applies one (idempotent: 200 with the existing
    application if it was applied already, 201 when new)."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    getter = staticmethod(access.get_application_for_user)
    reread = True

    def get_queryset(self):
        return (
            PlaybookApplication.objects.visible_to(self.request.user)
            .select_related("playbook")
            .with_progress()
            .order_by("pk")
        )

    def create(self, request, *args, **kwargs):
        _internal_only(request.user, "Playbooks")  # before the payload: 403, not a 400
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        alliance = _workable_alliance(request.user, payload.validated_data["alliance"], "Playbooks")
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
        payload = ReasonSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        result = actions.application_reapply(
            actor=request.user, application=application, reason=payload.validated_data["reason"]
        )
        return Response(ReapplyResultSerializer(result).data)


class TaskSerializer(scoping.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.internal().filter(is_active=True), required=False, allow_null=True
    )
    owner_name = serializers.CharField(source="owner.__str__", read_only=True, default=None)
    status = serializers.ChoiceField(
        choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.WITHDRAWN], required=False
    )
    late = serializers.BooleanField(source="is_late", read_only=True)
    version = version_field()

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
    ThroughAccess,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The tasks applied playbooks created. PATCH ticks one off (status=done), reassigns it,
    re-dates it or adds a note."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    http_method_names = ["get", "patch"]
    getter = staticmethod(access.get_task_for_user)
    entry = "task"
    update_action = staticmethod(actions.task_update)

    def get_queryset(self):
        return (
            PlaybookTask.objects.visible_to(self.request.user)
            .select_related("owner")
            .order_by("due_date", "pk")
        )


class AllianceProgressSerializer(ProgressFields, scoping.ModelSerializer):
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
