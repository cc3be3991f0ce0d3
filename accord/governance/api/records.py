"""API: decisions, action items, issues, risks and partner communications."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import access, actions
from ..filters import ActionFilter, CommunicationFilter, DecisionFilter, IssueFilter, RiskFilter
from ..models import (
    ActionItem,
    ActionStatus,
    Communication,
    Decision,
    DecisionStatus,
    Issue,
    IssueEscalation,
    ReviewOutcome,
    Risk,
)
from .common import (
    ReasonSerializer,
    alliance_field,
    body_field,
    company_field,
    decision_field,
    is_write,
    meeting_field,
    payload,
    person_field,
    program_field,
    require,
    version_field,
)


class _RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch"]
    lookup_value_regex = r"\d+"
    getter = None  # the access helper
    create_action = None
    contribute_to_create = True
    noun = "record"

    def get_object(self):
        record = type(self).getter(self.request.user, self.kwargs["pk"], write=self._write_check())
        return self.get_queryset().get(pk=record.pk)

    def _write_check(self) -> bool:
        return is_write(self.request)

    def _record(self, pk, *, write=False):
        return type(self).getter(self.request.user, pk, write=write)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        alliance = data.pop("alliance")
        user = self.request.user
        if self.contribute_to_create:
            require(
                access.can_contribute(user, alliance),
                f"Only members of this alliance's bodies add {self.noun}s.",
            )
        else:
            require(
                access.can_manage(user, alliance),
                f"Only the people who run this alliance add {self.noun}s.",
            )
        if not user.is_internal and data.get("is_internal"):
            raise serializers.ValidationError(
                {"is_internal": ["Only our own staff mark records internal."]}
            )
        record = self.create_record(user, alliance, data)
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def create_record(self, user, alliance, data):
        return type(self).create_action(actor=user, alliance=alliance, data=data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        alliance = data.pop("alliance", None)
        if alliance is not None and alliance.pk != serializer.instance.alliance_id:
            raise serializers.ValidationError(
                {"alliance": [f"A {self.noun} cannot move to another alliance."]}
            )
        record = self.update_record(serializer.instance, data, expected)
        serializer.instance = self.get_queryset().get(pk=record.pk)


# --- Decisions ------------------------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    alliance = alliance_field()
    committee = body_field(required=False, allow_null=True, help_text="The body that holds it now.")
    program = program_field(required=False, allow_null=True)
    meeting = meeting_field(
        required=False, allow_null=True, help_text="On create: the meeting where it is raised."
    )
    latency_days = serializers.IntegerField(read_only=True, allow_null=True)
    version = version_field()

    class Meta:
        model = Decision
        fields = [
            "id",
            "alliance",
            "committee",
            "meeting",
            "program",
            "title",
            "description",
            "area",
            "status",
            "raised_on",
            "raised_by",
            "due_on",
            "proposed_on",
            "decided_on",
            "decided_by",
            "outcome",
            "rationale",
            "outside_charter",
            "latency_days",
            "is_internal",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "raised_by",
            "proposed_on",
            "decided_on",
            "decided_by",
            "outcome",
            "rationale",
            "outside_charter",
            "created_at",
            "updated_at",
        ]


class DecisionTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[s for s in DecisionStatus.choices if s[0] != DecisionStatus.RAISED]
    )
    outcome = serializers.CharField(
        required=False, allow_blank=True, help_text="What was decided (to decide)."
    )
    rationale = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Why (to defer or escalate)."
    )
    meeting = meeting_field(required=False, allow_null=True)
    on = serializers.DateField(required=False, allow_null=True)
    version = version_field()


class DecisionViewSet(_RecordViewSet):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    getter = staticmethod(access.get_decision_for_user)
    noun = "decision"

    def get_queryset(self):
        return Decision.objects.visible_to(self.request.user).order_by("-raised_on", "-pk")

    def create_record(self, user, alliance, data):
        meeting = data.pop("meeting", None)
        return actions.decision_create(actor=user, alliance=alliance, data=data, meeting=meeting)

    def update_record(self, decision, data, expected):
        data.pop("meeting", None)
        return actions.decision_update(
            actor=self.request.user, decision=decision, data=data, expected_version=expected
        )

    @extend_schema(request=DecisionTransitionSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="status", filterset_class=None)
    def transition(self, request, pk=None):
        """raised → proposed → decided / deferred / escalated."""
        decision = self._record(pk, write=True)
        data = payload(DecisionTransitionSerializer, request)
        decision = actions.decision_transition(
            actor=request.user,
            decision=decision,
            status=data["status"],
            outcome=data.get("outcome", ""),
            rationale=data.get("rationale", ""),
            reason=data.get("reason", ""),
            meeting=data.get("meeting"),
            on=data.get("on"),
            expected_version=data.get("version"),
        )
        return Response(DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data)


# --- Action items ---------------------------------------------------------------------------


class ActionItemSerializer(serializers.ModelSerializer):
    alliance = alliance_field()
    committee = body_field(required=False, allow_null=True)
    program = program_field(required=False, allow_null=True)
    meeting = meeting_field(
        required=False, allow_null=True, help_text="On create: the meeting where it was agreed."
    )
    decision = decision_field(required=False, allow_null=True)
    owner = person_field(help_text="From either company.")
    status = serializers.ChoiceField(
        choices=ActionStatus.choices,
        required=False,
        help_text="On update: the owner may change it.",
    )
    version = version_field()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "alliance",
            "committee",
            "meeting",
            "decision",
            "program",
            "title",
            "description",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "is_internal",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["completed_on", "created_at", "updated_at"]


class ActionItemViewSet(_RecordViewSet):
    serializer_class = ActionItemSerializer
    filterset_class = ActionFilter
    getter = staticmethod(access.get_action_for_user)
    noun = "action"

    def get_queryset(self):
        return ActionItem.objects.visible_to(self.request.user).order_by("due_on", "pk")

    def _write_check(self) -> bool:
        return False  # the owner may update the status: checked in update_record

    def create_record(self, user, alliance, data):
        meeting = data.pop("meeting", None)
        if "status" in data and data.pop("status") != ActionStatus.OPEN:
            raise serializers.ValidationError({"status": ["A new action is open."]})
        return actions.action_create(actor=user, alliance=alliance, data=data, meeting=meeting)

    def update_record(self, item, data, expected):
        user = self.request.user
        data.pop("meeting", None)
        new_status = data.pop("status", None)
        if data:
            require(
                access.can_manage(user, item.alliance),
                "You can view this action item but not change it.",
            )
            item = actions.action_update(
                actor=user, action=item, data=data, expected_version=expected
            )
            expected = None
        if new_status is not None and new_status != item.status:
            if not access.can_update_action(user, item):
                raise PermissionDenied(
                    "Only the owner or the alliance's managers update this action."
                )
            item = actions.action_set_status(
                actor=user, action=item, status=new_status, expected_version=expected
            )
        return item


# --- Issues ---------------------------------------------------------------------------------


class EscalationSerializer(serializers.ModelSerializer):
    class Meta:
        model = IssueEscalation
        fields = ["from_level", "to_level", "at", "by", "reason", "days_at_previous_level"]
        read_only_fields = fields


class IssueSerializer(serializers.ModelSerializer):
    alliance = alliance_field()
    level = body_field(
        required=False, allow_null=True, help_text="On create: the body it starts with."
    )
    program = program_field(required=False, allow_null=True)
    days_at_level = serializers.IntegerField(source="days_here", read_only=True)
    limit_days = serializers.IntegerField(
        source="level.escalation_days", read_only=True, allow_null=True
    )
    past_limit = serializers.BooleanField(read_only=True)
    escalations = EscalationSerializer(many=True, read_only=True)
    version = version_field()

    class Meta:
        model = Issue
        fields = [
            "id",
            "alliance",
            "program",
            "title",
            "description",
            "area",
            "severity",
            "raised_by",
            "raised_on",
            "status",
            "level",
            "level_since",
            "days_at_level",
            "limit_days",
            "past_limit",
            "escalations",
            "resolution",
            "resolved_on",
            "closed_on",
            "is_internal",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "raised_by",
            "raised_on",
            "status",
            "level_since",
            "resolution",
            "resolved_on",
            "closed_on",
            "created_at",
            "updated_at",
        ]


class AssignSerializer(serializers.Serializer):
    level = body_field()
    reason = serializers.CharField(min_length=5, max_length=2000)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(min_length=5)


class IssueViewSet(_RecordViewSet):
    serializer_class = IssueSerializer
    filterset_class = IssueFilter
    getter = staticmethod(access.get_issue_for_user)
    create_action = staticmethod(actions.issue_create)
    noun = "issue"

    def get_queryset(self):
        return (
            Issue.objects.visible_to(self.request.user)
            .select_related("level")
            .prefetch_related("escalations")
            .order_by("-raised_on", "-pk")
        )

    def update_record(self, issue, data, expected):
        if "level" in data and data.pop("level") != issue.level:
            raise serializers.ValidationError(
                {"level": ["Escalate the issue or assign it to another body instead."]}
            )
        return actions.issue_update(
            actor=self.request.user, issue=issue, data=data, expected_version=expected
        )

    def _done(self, issue):
        return Response(IssueSerializer(self.get_queryset().get(pk=issue.pk)).data)

    @extend_schema(request=ReasonSerializer, responses=IssueSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def escalate(self, request, pk=None):
        """One level up the current body's escalation path; the clock restarts there."""
        issue = self._record(pk, write=True)
        data = payload(ReasonSerializer, request)
        return self._done(
            actions.issue_escalate(actor=request.user, issue=issue, reason=data["reason"])
        )

    @extend_schema(request=AssignSerializer, responses=IssueSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def assign(self, request, pk=None):
        issue = self._record(pk, write=True)
        data = payload(AssignSerializer, request)
        return self._done(
            actions.issue_assign_level(
                actor=request.user, issue=issue, level=data["level"], reason=data["reason"]
            )
        )

    @extend_schema(request=ResolveSerializer, responses=IssueSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def resolve(self, request, pk=None):
        issue = self._record(pk, write=True)
        data = payload(ResolveSerializer, request)
        return self._done(
            actions.issue_resolve(actor=request.user, issue=issue, resolution=data["resolution"])
        )

    @extend_schema(request=ReasonSerializer, responses=IssueSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reopen(self, request, pk=None):
        issue = self._record(pk, write=True)
        data = payload(ReasonSerializer, request)
        return self._done(
            actions.issue_reopen(actor=request.user, issue=issue, reason=data["reason"])
        )

    @extend_schema(request=None, responses=IssueSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def close(self, request, pk=None):
        issue = self._record(pk, write=True)
        return self._done(actions.issue_close(actor=request.user, issue=issue))


# --- Risks ----------------------------------------------------------------------------------


class RiskSerializer(serializers.ModelSerializer):
    alliance = alliance_field()
    program = program_field(required=False, allow_null=True)
    owner = person_field()
    score = serializers.IntegerField(read_only=True)
    rating = serializers.ChoiceField(choices=["low", "medium", "high"], read_only=True)
    version = version_field()

    class Meta:
        model = Risk
        fields = [
            "id",
            "alliance",
            "program",
            "title",
            "description",
            "area",
            "likelihood",
            "impact",
            "score",
            "rating",
            "mitigation",
            "owner",
            "review_on",
            "status",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class RiskViewSet(_RecordViewSet):
    """The risk register: internal to our company."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    getter = staticmethod(access.get_risk_for_user)
    contribute_to_create = False
    noun = "risk"

    def get_queryset(self):
        return Risk.objects.visible_to(self.request.user).order_by("review_on", "pk")

    def create_record(self, user, alliance, data):
        data.pop("status", None)
        return actions.risk_create(actor=user, alliance=alliance, data=data)

    def update_record(self, risk, data, expected):
        return actions.risk_update(
            actor=self.request.user, risk=risk, data=data, expected_version=expected
        )


# --- Communications -------------------------------------------------------------------------


class CommunicationSerializer(serializers.ModelSerializer):
    alliance = alliance_field()
    program = program_field(required=False, allow_null=True)
    proposed_by = company_field(help_text="The party that wants to publish.")
    reviewers = person_field(many=True, required=False, help_text="From the other party.")
    version = version_field()

    class Meta:
        model = Communication
        fields = [
            "id",
            "alliance",
            "program",
            "title",
            "kind",
            "proposed_by",
            "summary",
            "planned_release_on",
            "reviewers",
            "status",
            "submitted_on",
            "review_business_days",
            "review_due_on",
            "outcome",
            "outcome_notes",
            "concluded_on",
            "is_internal",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "submitted_on",
            "review_business_days",
            "review_due_on",
            "outcome",
            "outcome_notes",
            "concluded_on",
            "created_at",
            "updated_at",
        ]


class ConcludeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    notes = serializers.CharField(required=False, allow_blank=True)


class CommunicationViewSet(_RecordViewSet):
    serializer_class = CommunicationSerializer
    filterset_class = CommunicationFilter
    getter = staticmethod(access.get_communication_for_user)
    create_action = staticmethod(actions.communication_create)
    contribute_to_create = False
    noun = "communication"

    def get_queryset(self):
        return (
            Communication.objects.visible_to(self.request.user)
            .prefetch_related("reviewers")
            .order_by("-pk")
        )

    def update_record(self, communication, data, expected):
        return actions.communication_update(
            actor=self.request.user,
            communication=communication,
            data=data,
            expected_version=expected,
        )

    def _done(self, communication):
        return Response(CommunicationSerializer(self.get_queryset().get(pk=communication.pk)).data)

    @extend_schema(request=None, responses=CommunicationSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request, pk=None):
        """Send for review: the review period (business days) runs from today."""
        communication = self._record(pk, write=True)
        return self._done(
            actions.communication_submit(actor=request.user, communication=communication)
        )

    @extend_schema(request=ConcludeSerializer, responses=CommunicationSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def conclude(self, request, pk=None):
        communication = self._record(pk)
        require(
            access.can_review_communication(request.user, communication),
            "Only the reviewers or the alliance's managers record the outcome.",
        )
        data = payload(ConcludeSerializer, request)
        return self._done(
            actions.communication_conclude(
                actor=request.user,
                communication=communication,
                outcome=data["outcome"],
                notes=data.get("notes", ""),
            )
        )

    @extend_schema(request=ReasonSerializer, responses=CommunicationSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def withdraw(self, request, pk=None):
        communication = self._record(pk, write=True)
        data = payload(ReasonSerializer, request)
        return self._done(
            actions.communication_withdraw(
                actor=request.user, communication=communication, reason=data["reason"]
            )
        )
