"""The contracts API's serializers: shapes and types; writes go through the actions."""

from rest_framework import serializers

from accord.core import scoping
from accord.core.api import entry_fields, optional_id, version_field
from accord.people.models import User
from accord.portfolio.models import Alliance, Company, Program, Territory

from ..actions.fields import (
    AGREEMENT_FIELDS,
    MILESTONE_FIELDS,
    OBLIGATION_FIELDS,
    RESTRICTION_FIELDS,
    RIGHT_FIELDS,
)
from ..models import (
    REASON_STATES,
    Agreement,
    CalendarFeed,
    ContractEvent,
    DefinedTerm,
    Milestone,
    Obligation,
    Restriction,
    Right,
    State,
)


class ScopedFields:
    """Limit related-record choices to what the requesting user may see."""

    def scope_fields(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        fields = self.fields
        if "alliance" in fields and not fields["alliance"].read_only:
            fields["alliance"].queryset = Alliance.objects.visible_to(user)
        if "agreement" in fields and not fields["agreement"].read_only:
            fields["agreement"].queryset = Agreement.objects.visible_to(user)
        if "program" in fields and not fields["program"].read_only:
            fields["program"].queryset = Program.objects.visible_to(user)
        if "notice_reference_right" in fields:
            fields["notice_reference_right"].queryset = Right.objects.visible_to(user)
        if "defined_terms" in fields:
            fields["defined_terms"].child_relation.queryset = DefinedTerm.objects.visible_to(user)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_fields()


class EntrySerializer(ScopedFields, scoping.ModelSerializer):
    """A register entry of an alliance."""

    alliance = serializers.PrimaryKeyRelatedField(
        queryset=Alliance.objects.all(), help_text="On create: the alliance id; cannot change."
    )
    version = version_field()


class AgreementSerializer(EntrySerializer):
    """An agreement of an alliance: master agreement, amendment or side letter."""

    parties = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Company.objects.all(), required=False
    )
    amends = optional_id(Agreement.objects.all())
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = entry_fields(*AGREEMENT_FIELDS, "documents")
        read_only_fields = ["created_at", "updated_at"]

    def scope_fields(self):
        super().scope_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["amends"].queryset = Agreement.objects.visible_to(request.user)

    def get_documents(self, agreement) -> list[dict]:
        return [
            {"id": str(d.pk), "name": d.original_name, "kind": d.kind, "url": f"/files/{d.pk}/"}
            for d in agreement.documents.all()
        ]


class DefinedTermSerializer(ScopedFields, scoping.ModelSerializer):
    """A term an agreement defines, with its definition and section."""

    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())

    class Meta:
        model = DefinedTerm
        fields = ["id", "alliance", "agreement", "term", "definition", "section"]
        read_only_fields = ["alliance"]


class EventSerializer(ScopedFields, scoping.ModelSerializer):
    """An event agreements count from (e.g. First Commercial Sale)."""

    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    agreement = optional_id(Agreement.objects.all())
    program = optional_id(Program.objects.all())

    class Meta:
        model = ContractEvent
        fields = [
            "id",
            "alliance",
            "agreement",
            "program",
            "name",
            "occurred_on",
            "note",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class ObligationSerializer(EntrySerializer):
    """An obligation with its due rule; due_date and status are derived."""

    agreement = optional_id(Agreement.objects.all())
    program = optional_id(Program.objects.all())
    owner = optional_id(User.objects.assignable())
    notice_reference_right = optional_id(Right.objects.all())
    status = serializers.SerializerMethodField()

    class Meta:
        model = Obligation
        fields = entry_fields(
            *OBLIGATION_FIELDS,
            "due_date",
            "due_at",
            "status",
            "state",
            "state_reason",
            "completed_on",
            "evidence",
            "source",
        )
        read_only_fields = [
            "due_date",
            "due_at",
            "state",
            "state_reason",
            "completed_on",
            "evidence",
            "source",
            "created_at",
            "updated_at",
        ]

    def get_status(self, obligation) -> str:
        return getattr(obligation, "status", None) or obligation.status_at()


class MilestoneSerializer(EntrySerializer):
    """A milestone with its amount (or redacted/unknown), payer, payee and payment."""

    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    program = optional_id(Program.objects.all())
    payer = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())
    payee = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())
    defined_terms = serializers.PrimaryKeyRelatedField(
        many=True, queryset=DefinedTerm.objects.all(), required=False
    )
    payment_status = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = entry_fields(
            *MILESTONE_FIELDS,
            "payment_status",
            "achieved_evidence",
            "achieved_evidence_url",
            "slipped_on",
            "slip_reason",
        )
        read_only_fields = [
            "achieved_evidence",
            "achieved_evidence_url",
            "slipped_on",
            "slip_reason",
            "created_at",
            "updated_at",
        ]

    def get_payment_status(self, milestone) -> str:
        return getattr(milestone, "payment_status", None) or milestone.payment_state


TERRITORY_CODES = dict(
    many=True,
    slug_field="code",
    queryset=Territory.objects.all(),
    required=False,
    help_text="ISO country or region codes (e.g. US, EU, WW); empty: everywhere.",
)


class RightSerializer(EntrySerializer):
    """A licence, option, opt-in/out, ROFN/ROFR or target reservation."""

    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    program = optional_id(Program.objects.all())
    territories = serializers.SlugRelatedField(**TERRITORY_CODES)

    class Meta:
        model = Right
        fields = entry_fields(*RIGHT_FIELDS)
        read_only_fields = ["created_at", "updated_at"]


class RestrictionSerializer(EntrySerializer):
    """An exclusivity or non-compete: targets, mechanisms, fields, territories, period."""

    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    territories = serializers.SlugRelatedField(**TERRITORY_CODES)

    class Meta:
        model = Restriction
        fields = entry_fields(*RESTRICTION_FIELDS)
        read_only_fields = ["created_at", "updated_at"]


class OverlapSerializer(scoping.Serializer):
    restriction = serializers.IntegerField(source="restriction.pk")
    restriction_title = serializers.CharField(source="restriction.title")
    section = serializers.CharField(source="restriction.section")
    agreement = serializers.CharField(source="restriction.agreement.title")
    alliance = serializers.CharField(source="restriction.alliance.name")
    reasons = serializers.ListField(child=serializers.CharField())


class ProgramRefSerializer(scoping.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    alliance = serializers.CharField(source="alliance.name")
    target = serializers.CharField()


class MayWeAnswerSerializer(scoping.Serializer):
    allowed = serializers.BooleanField()
    restrictions = OverlapSerializer(many=True)
    programs = ProgramRefSerializer(many=True)


class CompleteSerializer(scoping.Serializer):
    completed_on = serializers.DateField()
    evidence = serializers.CharField(allow_blank=True, max_length=5000)


class StateSerializer(scoping.Serializer):
    state = serializers.ChoiceField(choices=[State.OPEN, *REASON_STATES])
    reason = serializers.CharField(min_length=5, max_length=2000)


class MilestoneAchievedSerializer(scoping.Serializer):
    achieved_on = serializers.DateField(help_text="Not later than today.")
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    evidence_url = serializers.CharField(required=False, allow_blank=True, max_length=500)


class MilestoneSlippedSerializer(scoping.Serializer):
    forecast_date = serializers.DateField(help_text="The new forecast: after today.")
    reason = serializers.CharField(max_length=2000)


class ExerciseSerializer(scoping.Serializer):
    exercised_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class FeedSerializer(scoping.ModelSerializer):
    alliance = optional_id(Alliance.objects.all())
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    url = serializers.SerializerMethodField(
        help_text="Only in the answer to create: the secret address."
    )

    class Meta:
        model = CalendarFeed
        fields = [
            "id",
            "name",
            "alliance",
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
            "url",
        ]
        read_only_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]

    def get_url(self, feed) -> str | None:
        token = self.context.get("token")
        return f"/contracts/feeds/{token}.ics" if token else None
