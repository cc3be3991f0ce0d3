"""The contracts API's viewsets, scoped exactly like the pages."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import REASON_PARAMETER
from accord.core.viewsets import (
    AllianceEntryViewSet,
    ListRetrieveCreateDestroyViewSet,
    SummarySchema,
    ThroughAccess,
    change_action,
    through,
)
from accord.portfolio.access import get_alliance_for_user, get_program_for_user
from accord.portfolio.models import Territory

from .. import access, actions, extraction, services
from ..conflicts import Scope
from ..filters import (
    OPEN,
    AgreementFilter,
    DefinedTermFilter,
    EventFilter,
    MilestoneFilter,
    ObligationFilter,
    RestrictionFilter,
    RightFilter,
)
from ..models import (
    Agreement,
    CalendarFeed,
    ContractEvent,
    DefinedTerm,
    Milestone,
    Obligation,
    Restriction,
    Right,
    Status,
    sees_register,
)
from .serializers import (
    AgreementSerializer,
    CompleteSerializer,
    DefinedTermSerializer,
    EventSerializer,
    ExerciseSerializer,
    FeedSerializer,
    MayWeAnswerSerializer,
    MilestoneAchievedSerializer,
    MilestoneSerializer,
    MilestoneSlippedSerializer,
    ObligationSerializer,
    OverlapSerializer,
    ProgramRefSerializer,
    RestrictionSerializer,
    RightSerializer,
    StateSerializer,
)

# --- Viewsets -------------------------------------------------------------------------------


class SuggestionSerializer(scoping.Serializer):
    category = serializers.CharField(help_text="The CUAD category it answers.")
    field = serializers.CharField(help_text="Where it belongs in the register.")
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    value = serializers.CharField(help_text="A normalised answer, 'redacted', or empty.")


class ImportSerializer(scoping.Serializer):
    name = serializers.CharField()
    agreement = serializers.DictField(
        child=serializers.CharField(), help_text="Values for a new agreement."
    )
    suggestions = SuggestionSerializer(many=True)


class RegisterWriters:
    """A create from someone who never edits a register (an executive, a partner user) is a 403
    before the payload is read, not a 400 about its fields; the alliance's own write check
    follows once the payload names it."""

    def create(self, request, *args, **kwargs):
        if not access.may_keep_registers(request.user):
            raise PermissionDenied(_("Only our staff who keep registers record contract entries."))
        return super().create(request, *args, **kwargs)


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
class RegisterViewSet(RegisterWriters, AllianceEntryViewSet):
    """Create through the alliance's write check; read, update and delete through access helpers."""

    moved_message = "An entry cannot move to another alliance."
    noun = ""

    def writable_alliance(self, user, pk):
        return get_alliance_for_user(user, pk, write=True)

    def get_object(self):
        obj = super().get_object()
        # A read answers from the list's queryset, with its annotations (status, payment).
        return (
            obj
            if self.request.method not in ("GET", "HEAD", "OPTIONS")
            else (self.get_queryset().get(pk=obj.pk))
        )


@through(access, actions, "agreement")
class AgreementViewSet(RegisterViewSet):
    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses=ImportSerializer,
        description="Read an agreement (TXT, PDF, DOCX) and suggest register entries; saves nothing.",
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def suggest(self, request):
        if not sees_register(request.user) or not request.user.can_create_records:
            raise PermissionDenied(_("Only our staff who keep registers import agreements."))
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError(
                {"file": _("Send the agreement as the multipart field “file”.")}
            )
        try:
            name, found = extraction.suggestions_from_upload(upload)
        except DjangoValidationError:
            raise
        except Exception as error:  # a malformed PDF or DOCX the parsers cannot read
            raise serializers.ValidationError(
                {"file": _("This file could not be read as an agreement.")}
            ) from error
        return Response(
            ImportSerializer(
                {
                    "name": name,
                    "agreement": extraction.agreement_prefill(name, found),
                    "suggestions": found,
                }
            ).data
        )

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter

    def get_queryset(self):
        return (
            Agreement.objects.visible_to(self.request.user)
            .prefetch_related("parties", "documents")
            .order_by("alliance_id", "effective_date", "pk")
        )

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses=AgreementSerializer,
        description="Attach a document (PDF, Word, Excel or text), checked like every upload.",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def documents(self, request, pk=None):
        agreement = access.get_agreement_for_user(request.user, pk, write=True)
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError(
                {"file": _("Send the document as the multipart field “file”.")}
            )
        actions.agreement_attach(actor=request.user, agreement=agreement, upload=upload)
        return self.respond(agreement)


@through(access, actions, "term", prefix="defined_term", verbs=("create", "delete"))
class DefinedTermViewSet(RegisterWriters, ThroughAccess, ListRetrieveCreateDestroyViewSet):
    serializer_class = DefinedTermSerializer
    filterset_class = DefinedTermFilter
    parent = "agreement"
    delete_reason = False

    def get_queryset(self):
        return DefinedTerm.objects.visible_to(self.request.user).order_by("term", "pk")

    def writable_parent(self, user, agreement):
        return access.get_agreement_for_user(user, agreement.pk, write=True)


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
@through(access, actions, "event")
class EventViewSet(RegisterWriters, ThroughAccess, ListRetrieveCreateDestroyViewSet):
    """Events agreements count from; recording one schedules what waits for it."""

    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return ContractEvent.objects.visible_to(self.request.user).order_by("-occurred_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        alliance = get_alliance_for_user(self.request.user, data.pop("alliance").pk, write=True)
        serializer.instance = actions.event_record(
            actor=self.request.user, alliance=alliance, **data
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                many=True,
                enum=[*Status.values, OPEN],
                description="Derived from the due date at request time; `open` is every status "
                "still to act on (pending, upcoming, due, overdue, in dispute).",
            )
        ]
    ),
)
@through(access, actions, "obligation")
class ObligationViewSet(RegisterViewSet):
    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter

    def get_queryset(self):
        return (
            Obligation.objects.visible_to(self.request.user)
            .with_status(timezone.now())
            .order_by("due_date", "pk")
        )

    complete = change_action(
        "complete",
        CompleteSerializer,
        actions.obligation_complete,
        responses=ObligationSerializer,
        description="Record it done, with evidence.",
    )

    set_status = change_action(
        "set_status",
        StateSerializer,
        actions.obligation_set_state,
        responses=ObligationSerializer,
        description="Waive, amend, dispute, terminate or reopen, with a reason.",
        url_path="status",
    )


@through(access, actions, "milestone")
class MilestoneViewSet(RegisterViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter

    def get_queryset(self):
        return (
            Milestone.objects.visible_to(self.request.user)
            .with_payment_status()
            .prefetch_related("defined_terms")
            .order_by("forecast_date", "pk")
        )

    mark_achieved = change_action(
        "mark_achieved",
        MilestoneAchievedSerializer,
        actions.milestone_mark_achieved,
        responses=MilestoneSerializer,
        description="Mark it achieved: the date (not later than today) and evidence (a note and/or a link).",
        url_path="mark-achieved",
    )

    mark_slipped = change_action(
        "mark_slipped",
        MilestoneSlippedSerializer,
        actions.milestone_mark_slipped,
        responses=MilestoneSerializer,
        description="Mark it slipped: the new forecast date (after today) and the reason.",
        url_path="mark-slipped",
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        wanted = self.request.query_params.getlist("payment_status")
        return (
            queryset.filter(payment_status__in=wanted)
            if wanted and self.action == "list"
            else queryset
        )


@through(access, actions, "right")
class RightViewSet(RegisterViewSet):
    serializer_class = RightSerializer
    filterset_class = RightFilter

    def get_queryset(self):
        return (
            Right.objects.visible_to(self.request.user)
            .prefetch_related("territories")
            .order_by("window_closes", "pk")
        )

    exercise = change_action(
        "exercise",
        ExerciseSerializer,
        actions.right_exercise,
        responses=RightSerializer,
        description="Record that the right was exercised.",
    )

    @extend_schema(
        responses=OverlapSerializer(many=True),
        description="Restrictions of other agreements this right runs into.",
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def conflicts(self, request, pk=None):
        right = access.get_right_for_user(request.user, pk)
        _internal(request.user)
        return Response(OverlapSerializer(services.right_conflicts(right), many=True).data)


def _internal(user):
    if not access.can_check_conflicts(user):
        raise PermissionDenied(_("Conflict checks are internal to our company."))


class RestrictionConflictSerializer(scoping.Serializer):
    restrictions = OverlapSerializer(many=True)
    programs = ProgramRefSerializer(many=True)


@through(access, actions, "restriction")
class RestrictionViewSet(RegisterViewSet):
    serializer_class = RestrictionSerializer
    filterset_class = RestrictionFilter

    def get_queryset(self):
        return (
            Restriction.objects.visible_to(self.request.user)
            .prefetch_related("territories")
            .order_by("starts_on", "pk")
        )

    @extend_schema(
        responses=RestrictionConflictSerializer,
        description="Other agreements' restrictions this one overlaps, and our programs elsewhere inside it.",
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def conflicts(self, request, pk=None):
        restriction = access.get_restriction_for_user(request.user, pk)
        _internal(request.user)
        check = services.restriction_conflicts(restriction, request.user)
        return Response(
            RestrictionConflictSerializer(
                {"restrictions": check.restrictions, "programs": check.programs}
            ).data
        )


class MayWeQuerySerializer(scoping.Serializer):
    target = serializers.CharField(required=False, allow_blank=True, max_length=150)
    mechanism = serializers.CharField(required=False, allow_blank=True, max_length=150)
    field = serializers.CharField(required=False, allow_blank=True, max_length=150)
    territory = serializers.SlugRelatedField(
        slug_field="code", queryset=Territory.objects.all(), required=False
    )
    on = serializers.DateField(required=False)
    program = serializers.IntegerField(
        required=False, help_text="Instead: check this program's own scope."
    )

    def validate(self, data):
        if not (data.get("program") or any(data.get(k) for k in ("target", "mechanism", "field"))):
            raise serializers.ValidationError(
                {"target": _("Name at least a target, a mechanism or a field (or give a program).")}
            )
        return data


class ConflictCheckViewSet(viewsets.GenericViewSet):
    """May we work on target X in field Y in territory Z on date D? Or: does program P conflict?"""

    schema = SummarySchema()  # one answer, not a list, although it is the list route

    serializer_class = MayWeAnswerSerializer
    filterset_class = None
    queryset = Restriction.objects.none()
    pagination_class = None

    @extend_schema(parameters=[MayWeQuerySerializer], responses=MayWeAnswerSerializer)
    def list(self, request):
        _internal(request.user)
        query = MayWeQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data.get("program"):
            program = get_program_for_user(request.user, data["program"])
            overlaps = services.program_conflicts(program)
            return Response(
                MayWeAnswerSerializer(
                    {"allowed": not overlaps, "restrictions": overlaps, "programs": [program]}
                ).data
            )
        answer = services.may_we(Scope.asked(data), request.user)
        return Response(
            MayWeAnswerSerializer(
                {
                    "allowed": answer.allowed,
                    "restrictions": answer.restrictions,
                    "programs": answer.programs,
                }
            ).data
        )


class FeedViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your calendar feeds. DELETE revokes a feed (its address stops working)."""

    serializer_class = FeedSerializer
    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    filterset_class = None
    queryset = CalendarFeed.objects.none()

    def get_queryset(self):
        return CalendarFeed.objects.filter(user=self.request.user).order_by("-created_at")

    def get_object(self):
        return access.get_feed_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        payload = FeedSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        alliance = payload.validated_data.get("alliance")
        if alliance is not None:
            alliance = get_alliance_for_user(request.user, alliance.pk)
        feed, token = actions.feed_create(
            actor=request.user, name=payload.validated_data.get("name", ""), alliance=alliance
        )
        return Response(
            FeedSerializer(feed, context={"token": token}).data, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, instance):
        actions.feed_revoke(actor=self.request.user, feed=instance)
