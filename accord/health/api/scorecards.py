"""The scorecard and relaunch API."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import version_field
from accord.core.viewsets import (
    AllianceEntryViewSet,
    ListRetrieveCreateUpdateViewSet,
    ThroughAccess,
    through,
)
from accord.portfolio.models import Alliance

from .. import access, actions, hooks
from ..actions.scorecards import RELAUNCH_STEP_FIELDS
from ..filters import JointGoalFilter, MetricFilter, RelaunchFilter
from ..models import HealthPolicy, JointGoal, Metric, Rag, Relaunch, rag_status
from .common import managed_alliance


class GoalSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    relaunch = serializers.PrimaryKeyRelatedField(read_only=True)
    # Explicit bounds: a small integer's range differs between SQLite and PostgreSQL.
    order = serializers.IntegerField(required=False, min_value=0, max_value=999)
    version = version_field(help_text=None)

    class Meta:
        model = JointGoal
        fields = [
            "id",
            "alliance",
            "period",
            "title",
            "description",
            "order",
            "relaunch",
            "endorsed_on",
            "endorsed_by",
            "endorsement_reference",
            "governance_decision_id",
            "version",
        ]
        read_only_fields = [
            "endorsed_on",
            "endorsed_by",
            "endorsement_reference",
            "governance_decision_id",
        ]


class EndorseSerializer(scoping.Serializer):
    endorsed_on = serializers.DateField()
    endorsed_by = serializers.CharField(max_length=200)
    endorsement_reference = serializers.CharField(max_length=200)
    governance_decision_id = serializers.IntegerField(required=False, allow_null=True)


@extend_schema_view(endorse=extend_schema(request=EndorseSerializer, responses=GoalSerializer))
@through(access, actions, "goal")
class JointGoalViewSet(AllianceEntryViewSet):
    """Joint goals per period and their JSC endorsement."""

    serializer_class = GoalSerializer
    filterset_class = JointGoalFilter
    delete_reason = False
    moved_message = gettext_lazy("A goal cannot move to another alliance.")

    def get_queryset(self):
        return JointGoal.objects.visible_to(self.request.user).order_by("-period", "order", "pk")

    def writable_alliance(self, user, pk):
        return managed_alliance(
            user, pk, "Only the people who run this alliance set its joint goals."
        )

    @action(detail=True, methods=["post"], filterset_class=None)
    def endorse(self, request, pk=None):
        goal = self.get_object()
        payload = EndorseSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        goal = actions.goal_endorse(actor=request.user, goal=goal, data=payload.validated_data)
        return Response(GoalSerializer(goal).data)


class ValueSerializer(scoping.Serializer):
    period = serializers.CharField(max_length=20)
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    note = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=Rag.choices)


class MetricSerializer(scoping.ModelSerializer):
    goal = serializers.PrimaryKeyRelatedField(queryset=JointGoal.objects.all())
    values = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    version = version_field(help_text=None)

    class Meta:
        model = Metric
        fields = [
            "id",
            "goal",
            "name",
            "unit",
            "direction",
            "owner_side",
            "amber_tolerance_pct",
            "values",
            "status",
            "version",
        ]

    def _values(self, metric) -> list[dict]:
        if not hasattr(metric, "_rag_values"):
            policy = self.context.get("policy") or HealthPolicy.load()
            tolerance = (
                metric.amber_tolerance_pct
                if metric.amber_tolerance_pct is not None
                else policy.amber_tolerance_pct
            )
            metric._rag_values = [
                {
                    "period": v.period,
                    "target": v.target,
                    "actual": v.actual,
                    "note": v.note,
                    "status": rag_status(
                        direction=metric.direction,
                        target=v.target,
                        actual=v.actual,
                        tolerance_pct=tolerance,
                    ),
                }
                for v in sorted(metric.values.all(), key=lambda v: v.period)
            ]
        return metric._rag_values

    @extend_schema_field(ValueSerializer(many=True))
    def get_values(self, metric):
        return ValueSerializer(self._values(metric), many=True).data

    @extend_schema_field(serializers.ChoiceField(choices=Rag.choices))
    def get_status(self, metric):
        reported = [v for v in self._values(metric) if v["actual"] is not None]
        return reported[-1]["status"] if reported else Rag.NONE


class TargetSerializer(scoping.Serializer):
    period = serializers.CharField(max_length=20)
    target = serializers.DecimalField(max_digits=14, decimal_places=2)


class ActualSerializer(scoping.Serializer):
    period = serializers.CharField(max_length=20)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


@extend_schema_view(
    targets=extend_schema(request=TargetSerializer, responses=MetricSerializer),
    actuals=extend_schema(request=ActualSerializer, responses=MetricSerializer),
)
class MetricViewSet(ThroughAccess, viewsets.ModelViewSet):
    """Scorecard metrics: the alliance's managers design them; each side reports its own actuals."""

    serializer_class = MetricSerializer
    filterset_class = MetricFilter
    http_method_names = ["get", "post", "patch", "delete"]
    entry = "metric"
    parent = "goal"
    create_action = staticmethod(actions.metric_create)
    update_action = staticmethod(actions.metric_update)
    delete_action = staticmethod(actions.metric_delete)
    delete_reason = False
    moved_message = gettext_lazy("A metric cannot move to another goal.")

    def get_queryset(self):
        return (
            Metric.objects.visible_to(self.request.user)
            .prefetch_related("values")
            .order_by("goal_id", "pk")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "policy": HealthPolicy.load()}

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS") and self.action != "actuals"
        return access.get_metric_for_user(
            self.request.user, self.kwargs["pk"], write=write, actuals=self.action == "actuals"
        )

    def writable_parent(self, user, goal):
        return access.get_goal_for_user(user, goal.pk, write=True)

    def _fresh(self, metric):
        return Response(
            MetricSerializer(
                self.get_queryset().get(pk=metric.pk), context=self.get_serializer_context()
            ).data
        )

    @action(detail=True, methods=["post"], filterset_class=None)
    def targets(self, request, pk=None):
        metric = self.get_object()
        payload = TargetSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        actions.metric_set_target(actor=request.user, metric=metric, **payload.validated_data)
        return self._fresh(metric)

    @action(detail=True, methods=["post"], filterset_class=None)
    def actuals(self, request, pk=None):
        metric = self.get_object()
        payload = ActualSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        actions.metric_record_actual(actor=request.user, metric=metric, **payload.validated_data)
        return self._fresh(metric)


class RelaunchSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    missing_steps = serializers.SerializerMethodField()
    version = version_field(help_text=None)

    class Meta:
        model = Relaunch
        fields = [
            "id",
            "alliance",
            "status",
            *RELAUNCH_STEP_FIELDS,
            "goals",
            "missing_steps",
            "completed_at",
            "governance_meeting_id",
            "lesson_reference",
            "version",
        ]
        read_only_fields = ["status", "completed_at", "lesson_reference"]

    def get_missing_steps(self, relaunch) -> list[str]:
        return relaunch.missing_steps()


class LessonDraftSerializer(scoping.Serializer):
    alliance = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    source = serializers.CharField(
        help_text="health.relaunch:<id>, for the lessons app to link back."
    )
    occurred_on = serializers.DateField()


class LessonLinkSerializer(scoping.Serializer):
    reference = serializers.CharField(max_length=200)


@extend_schema_view(
    complete=extend_schema(request=None, responses=RelaunchSerializer),
    lesson_draft=extend_schema(responses=LessonDraftSerializer),
    lesson=extend_schema(request=LessonLinkSerializer, responses=RelaunchSerializer),
)
@through(access, actions, "relaunch")
class RelaunchViewSet(ThroughAccess, ListRetrieveCreateUpdateViewSet):
    """Guided relaunches of alliances in distress."""

    serializer_class = RelaunchSerializer
    filterset_class = RelaunchFilter
    http_method_names = ["get", "post", "patch"]
    parent = "alliance"
    create_action = staticmethod(actions.relaunch_start)
    moved_message = gettext_lazy("A relaunch cannot move to another alliance.")
    reread = True

    def get_queryset(self):
        return (
            Relaunch.objects.visible_to(self.request.user)
            .prefetch_related("goals")
            .order_by("-created_at")
        )

    def writable_parent(self, user, alliance):
        return managed_alliance(
            user, alliance.pk, "Only the people who run this alliance lead its relaunch."
        )

    @action(detail=True, methods=["post"], filterset_class=None)
    def complete(self, request, pk=None):
        relaunch = actions.relaunch_complete(actor=request.user, relaunch=self.get_object())
        return self.respond(relaunch)

    @action(detail=True, methods=["get"], url_path="lesson-draft", filterset_class=None)
    def lesson_draft(self, request, pk=None):
        """The draft lesson the lessons-learned app can prefill from a completed relaunch."""
        return Response(LessonDraftSerializer(hooks.lesson_draft(self.get_object())).data)

    @action(detail=True, methods=["post"], filterset_class=None)
    def lesson(self, request, pk=None):
        """Record which lesson was captured from this relaunch (the lessons app's callback)."""
        relaunch = self.get_object()
        payload = LessonLinkSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        relaunch = actions.relaunch_link_lesson(
            actor=request.user, relaunch=relaunch, reference=payload.validated_data["reference"]
        )
        return self.respond(relaunch)
