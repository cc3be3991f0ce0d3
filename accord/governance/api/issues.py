"""API: issues with their escalation path, and risks."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from accord.core import scoping
from accord.core.api import entry_fields
from accord.core.viewsets import change_action, through

from .. import access, actions
from ..filters import IssueFilter, RiskFilter
from ..models import (
    Issue,
    IssueEscalation,
    Risk,
)
from .common import (
    ReasonSerializer,
    RecordViewSet,
    alliance_field,
    body_field,
    person_field,
    program_field,
    version_field,
)

# --- Issues ---------------------------------------------------------------------------------


class EscalationSerializer(scoping.ModelSerializer):
    class Meta:
        model = IssueEscalation
        fields = ["from_level", "to_level", "at", "by", "reason", "days_at_previous_level"]
        read_only_fields = fields


class IssueSerializer(scoping.ModelSerializer):
    alliance = alliance_field()
    level = body_field(
        required=False, allow_null=True, help_text="On create: the body it starts with."
    )
    program = program_field(required=False, allow_null=True)
    owner = person_field(
        required=False, allow_null=True, help_text="One of our people who sees the issue through."
    )
    overdue = serializers.BooleanField(
        read_only=True, help_text="Unresolved and past its target date."
    )
    days_at_level = serializers.IntegerField(source="days_here", read_only=True)
    limit_days = serializers.IntegerField(
        source="level.escalation_days", read_only=True, allow_null=True
    )
    past_limit = serializers.BooleanField(read_only=True)
    escalations = EscalationSerializer(many=True, read_only=True)
    version = version_field()

    class Meta:
        model = Issue
        fields = entry_fields(
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
            "owner",
            "target_on",
            "overdue",
            "days_at_level",
            "limit_days",
            "past_limit",
            "escalations",
            "resolution",
            "resolved_on",
            "closed_on",
            "is_internal",
        )
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


class AssignSerializer(scoping.Serializer):
    level = body_field()
    reason = serializers.CharField(min_length=5, max_length=2000)


class ResolveSerializer(scoping.Serializer):
    resolution = serializers.CharField(min_length=5)


@through(access, actions, "issue")
class IssueViewSet(RecordViewSet):
    serializer_class = IssueSerializer
    filterset_class = IssueFilter
    noun = "issue"

    def get_queryset(self):
        return (
            Issue.objects.visible_to(self.request.user)
            .select_related("level", "owner")
            .prefetch_related("escalations")
            .order_by("-raised_on", "-pk")
        )

    def update_entry(self, issue, data, expected):
        if "level" in data and data.pop("level") != issue.level:
            raise serializers.ValidationError(
                {"level": ["Escalate the issue or assign it to another body instead."]}
            )
        return super().update_entry(issue, data, expected)

    escalate = change_action(
        "escalate",
        ReasonSerializer,
        actions.issue_escalate,
        responses=IssueSerializer,
        doc="One level up the current body's escalation path; the clock restarts there.",
    )

    assign = change_action(
        "assign", AssignSerializer, actions.issue_assign_level, responses=IssueSerializer
    )

    resolve = change_action(
        "resolve", ResolveSerializer, actions.issue_resolve, responses=IssueSerializer
    )

    reopen = change_action(
        "reopen", ReasonSerializer, actions.issue_reopen, responses=IssueSerializer
    )

    @extend_schema(request=None, responses=IssueSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def close(self, request, pk=None):
        issue = self._record(pk, write=True)
        return self.respond(actions.issue_close(actor=request.user, issue=issue))


# --- Risks ----------------------------------------------------------------------------------


class RiskSerializer(scoping.ModelSerializer):
    alliance = alliance_field()
    program = program_field(required=False, allow_null=True)
    owner = person_field()
    score = serializers.IntegerField(read_only=True)
    rating = serializers.ChoiceField(choices=["low", "medium", "high"], read_only=True)
    version = version_field()

    class Meta:
        model = Risk
        fields = entry_fields(
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
        )
        read_only_fields = ["created_at", "updated_at"]


@through(access, actions, "risk", verbs=("update",))
class RiskViewSet(RecordViewSet):
    """The risk register: internal to our company."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    contribute_to_create = False
    noun = "risk"

    def get_queryset(self):
        return Risk.objects.visible_to(self.request.user).order_by("review_on", "pk")

    def create_record(self, user, alliance, data):
        data.pop("status", None)
        return actions.risk_create(actor=user, alliance=alliance, data=data)
