"""API: decisions and action items."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from accord.core import scoping
from accord.core.api import entry_fields
from accord.core.viewsets import through

from .. import access, actions
from ..actions.records import ACTION_FIELDS
from ..filters import ActionFilter, DecisionFilter
from ..models import (
    ActionItem,
    ActionStatus,
    Decision,
    DecisionStatus,
)
from .common import (
    RecordViewSet,
    alliance_field,
    body_field,
    decision_field,
    meeting_field,
    payload,
    person_field,
    program_field,
    require,
    version_field,
)

# --- Decisions ------------------------------------------------------------------------------


class DecisionSerializer(scoping.ModelSerializer):
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
        fields = entry_fields(
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
        )
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


class DecisionTransitionSerializer(scoping.Serializer):
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


@through(access, actions, "decision", verbs=("update",))
class DecisionViewSet(RecordViewSet):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    noun = "decision"

    def get_queryset(self):
        return Decision.objects.visible_to(self.request.user).order_by("-raised_on", "-pk")

    def create_record(self, user, alliance, data):
        meeting = data.pop("meeting", None)
        return actions.decision_create(actor=user, alliance=alliance, data=data, meeting=meeting)

    def update_entry(self, decision, data, expected):
        data.pop("meeting", None)
        return super().update_entry(decision, data, expected)

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
        return self.respond(decision)


# --- Action items ---------------------------------------------------------------------------


class ActionItemSerializer(scoping.ModelSerializer):
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
        # The action's fields but the agenda item (set when the action is agreed in a meeting).
        fields = entry_fields(*(name for name in ACTION_FIELDS if name != "agenda_item"))
        read_only_fields = ["completed_on", "created_at", "updated_at"]


class ActionItemViewSet(RecordViewSet):
    serializer_class = ActionItemSerializer
    filterset_class = ActionFilter
    getter = staticmethod(access.get_action_for_user)
    noun = "action"

    def get_queryset(self):
        return ActionItem.objects.visible_to(self.request.user).order_by("due_on", "pk")

    def wants_write(self) -> bool:
        return False  # the owner may update the status: checked in update_entry

    def create_record(self, user, alliance, data):
        meeting = data.pop("meeting", None)
        if "status" in data and data.pop("status") != ActionStatus.OPEN:
            raise serializers.ValidationError({"status": ["A new action is open."]})
        return actions.action_create(actor=user, alliance=alliance, data=data, meeting=meeting)

    def update_entry(self, item, data, expected):
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
