"""API: partner communications, reviewed by the other side."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from accord.core import scoping
from accord.core.api import entry_fields
from accord.core.viewsets import change_action, through

from .. import access, actions
from ..filters import CommunicationFilter
from ..models import (
    Communication,
    ReviewOutcome,
)
from .common import (
    ReasonSerializer,
    RecordViewSet,
    alliance_field,
    company_field,
    payload,
    person_field,
    program_field,
    require,
    version_field,
)

# --- Communications -------------------------------------------------------------------------


class CommunicationSerializer(scoping.ModelSerializer):
    alliance = alliance_field()
    program = program_field(required=False, allow_null=True)
    proposed_by = company_field(help_text="The party that wants to publish.")
    reviewers = person_field(many=True, required=False, help_text="From the other party.")
    version = version_field()

    class Meta:
        model = Communication
        fields = entry_fields(
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
        )
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


class ConcludeSerializer(scoping.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    notes = serializers.CharField(required=False, allow_blank=True)


@through(access, actions, "communication")
class CommunicationViewSet(RecordViewSet):
    serializer_class = CommunicationSerializer
    filterset_class = CommunicationFilter
    contribute_to_create = False
    noun = "communication"

    def get_queryset(self):
        return (
            Communication.objects.visible_to(self.request.user)
            .prefetch_related("reviewers")
            .order_by("-pk")
        )

    @extend_schema(request=None, responses=CommunicationSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request, pk=None):
        """Send for review: the review period (business days) runs from today."""
        communication = self._record(pk, write=True)
        return self.respond(
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
        return self.respond(
            actions.communication_conclude(
                actor=request.user,
                communication=communication,
                outcome=data["outcome"],
                notes=data.get("notes", ""),
            )
        )

    withdraw = change_action(
        "withdraw",
        ReasonSerializer,
        actions.communication_withdraw,
        responses=CommunicationSerializer,
    )
