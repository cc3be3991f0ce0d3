"""The survey API: instruments, waves, respondents, answering, results and the action plan."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.api import optional_id, version_field, visible_or_missing
from accord.core.viewsets import ListRetrieveCreateViewSet, ThroughAccess, through
from accord.people.models import User
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.models import Alliance, Company

from .. import access, actions
from ..filters import WaveFilter
from ..models import (
    Instrument,
    ItemKind,
    Respondent,
    Side,
    Wave,
    WaveKind,
)
from ..results import alliance_trend, latest_results, previous_closed, wave_results
from ..views.surveys import response_rates
from .common import ResultSerializer, internal_only, result_data

# --- Instruments ----------------------------------------------------------------------------


TRANSLATIONS_HELP = (
    "The texts in other languages, by language code: "
    '{"ja": {"text": "…", "anchors": {"0": "…"}}, "de": {…}}. A respondent reads the one in '
    "their language; answers belong to the item whatever language it was read in."
)


class ItemTranslationSerializer(scoping.Serializer):
    text = serializers.CharField(max_length=400, required=False)
    anchors = serializers.DictField(child=serializers.CharField(), required=False)


class NameTranslationSerializer(scoping.Serializer):
    name = serializers.CharField(required=False)


class ItemSerializer(scoping.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=400)
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    anchors = serializers.DictField(child=serializers.CharField(), required=False)
    # Checked by the item itself (accord.core.locales.validate_translations), whose messages
    # name the language and field at fault; the schema documents the shape.
    translations = extend_schema_field(serializers.DictField(child=ItemTranslationSerializer()))(
        serializers.JSONField
    )(required=False, help_text=TRANSLATIONS_HELP)


class ItemChangeSerializer(ItemSerializer):
    text = serializers.CharField(max_length=400, required=False)
    kind = serializers.ChoiceField(choices=ItemKind.choices, required=False)


class ThemeSerializer(scoping.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    translations = serializers.DictField(child=NameTranslationSerializer(), read_only=True)
    items = ItemSerializer(many=True, source="items.all")


class CategorySerializer(scoping.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    translations = serializers.DictField(child=NameTranslationSerializer(), read_only=True)
    themes = ThemeSerializer(many=True, source="themes.all")


class InstrumentSerializer(scoping.ModelSerializer):
    version = serializers.IntegerField(source="number", read_only=True)
    categories = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = [
            "id",
            "family",
            "version",
            "name",
            "description",
            "translations",
            "categories",
            "created_at",
        ]
        read_only_fields = ["family", "translations", "created_at"]

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, instrument) -> list[dict]:
        return CategorySerializer(instrument.structure(), many=True).data


class InstrumentSummarySerializer(scoping.ModelSerializer):
    version = serializers.IntegerField(source="number", read_only=True)

    class Meta:
        model = Instrument
        fields = ["id", "family", "version", "name", "description", "created_at"]
        read_only_fields = ["family", "created_at"]


class NameSerializer(scoping.Serializer):
    name = serializers.CharField(max_length=120)
    category = serializers.IntegerField(required=False, help_text="For a theme: its category id.")


class NewItemSerializer(ItemSerializer):
    theme = serializers.IntegerField()


@extend_schema_view(
    categories=extend_schema(request=NameSerializer, responses=InstrumentSerializer),
    themes=extend_schema(request=NameSerializer, responses=InstrumentSerializer),
    items=extend_schema(request=NewItemSerializer, responses=InstrumentSerializer),
    remove_item=extend_schema(request=None, responses=InstrumentSerializer),
)
class InstrumentViewSet(ListRetrieveCreateViewSet):
    """Survey instruments. A change to one a wave has used creates (and returns) its next version."""

    serializer_class = InstrumentSerializer
    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    filter_backends: list = []

    def get_serializer_class(self):
        return InstrumentSummarySerializer if self.action == "list" else InstrumentSerializer

    def get_queryset(self):
        return Instrument.objects.visible_to(self.request.user).order_by("family", "-number")

    def get_object(self):
        return access.get_instrument_for_user(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer):
        if not access.can_edit_instruments(self.request.user):
            raise PermissionDenied(
                _("Only alliance managers, leaders and admins edit instruments.")
            )
        serializer.instance = actions.instrument_create(
            actor=self.request.user, data=serializer.validated_data
        )

    def _writable(self, pk):
        return access.get_instrument_for_user(self.request.user, pk, write=True)

    @action(detail=True, methods=["post"])
    def categories(self, request, pk=None):
        # Access before the payload: out of scope is a 404 and read-only a 403, whatever is sent.
        instrument = self._writable(pk)
        payload = NameSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        instrument, _ = actions.category_add(
            actor=request.user, instrument=instrument, name=payload.validated_data["name"]
        )
        return Response(InstrumentSerializer(instrument).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def themes(self, request, pk=None):
        instrument = self._writable(pk)
        payload = NameSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        if "category" not in payload.validated_data:
            raise serializers.ValidationError({"category": _("Give the category id.")})
        instrument, _unused = actions.theme_add(
            actor=request.user,
            instrument=instrument,
            category_id=payload.validated_data["category"],
            name=payload.validated_data["name"],
        )
        return Response(InstrumentSerializer(instrument).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        instrument = self._writable(pk)
        payload = NewItemSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        instrument, _ = actions.item_add(
            actor=request.user, instrument=instrument, theme_id=data.pop("theme"), data=data
        )
        return Response(InstrumentSerializer(instrument).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["delete"], url_path=r"items/(?P<item_pk>\d+)")
    def remove_item(self, request, pk=None, item_pk=None):
        instrument = actions.item_remove(
            actor=request.user, instrument=self._writable(pk), item_id=item_pk
        )
        return Response(InstrumentSerializer(instrument).data)

    @extend_schema(request=ItemChangeSerializer, responses=InstrumentSerializer)
    @remove_item.mapping.patch
    def change_item(self, request, pk=None, item_pk=None):
        """Change an item's text, kind, scale or translations (a new version if a wave used it)."""
        instrument = self._writable(pk)
        payload = ItemChangeSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        instrument, _ = actions.item_update(
            actor=request.user,
            instrument=instrument,
            item_id=item_pk,
            data=dict(payload.validated_data),
        )
        return Response(InstrumentSerializer(instrument).data)


# --- Waves ----------------------------------------------------------------------------------


class WaveSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    instrument = serializers.PrimaryKeyRelatedField(queryset=Instrument.objects.all())
    status = serializers.CharField(read_only=True)
    invited = serializers.IntegerField(read_only=True, source="invited_count")
    answered = serializers.IntegerField(read_only=True, source="answered_count")
    version = version_field(help_text=None)

    class Meta:
        model = Wave
        fields = [
            "id",
            "alliance",
            "instrument",
            "kind",
            "title",
            "opens_on",
            "closes_on",
            "status",
            "launched_at",
            "closed_at",
            "invited",
            "answered",
            "version",
        ]
        read_only_fields = ["launched_at", "closed_at"]

    def validate_alliance(self, alliance):
        return visible_or_missing(alliance, self.context)


class RespondentSerializer(scoping.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    company = optional_id(Company.objects.all())
    invited = serializers.SerializerMethodField()

    class Meta:
        model = Respondent
        fields = [
            *("id", "user", "name", "email", "function", "company", "side", "language"),
            "invited",
        ]
        read_only_fields = ["side"]
        extra_kwargs = {"name": {"required": False}, "email": {"required": False}}

    def get_invited(self, respondent) -> bool:
        return respondent.invited_at is not None


class RateSerializer(scoping.Serializer):
    company = serializers.CharField()
    function = serializers.CharField(help_text="Empty for the company's total.")
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    rate = serializers.IntegerField()


class AnswerPayloadSerializer(scoping.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Item id → answer: 1-5, 0-100, yes/no or text depending on the item.",
    )
    submit = serializers.BooleanField(
        default=False, help_text="False saves for later; True submits (final)."
    )


class InvitationSerializer(scoping.ModelSerializer):
    wave = serializers.IntegerField(source="wave_id")
    title = serializers.CharField(source="wave.title")
    alliance = serializers.IntegerField(source="wave.alliance_id")
    closes_on = serializers.DateField(source="wave.closes_on")
    submitted = serializers.SerializerMethodField()
    draft = serializers.JSONField()

    class Meta:
        model = Respondent
        fields = ["id", "wave", "title", "alliance", "closes_on", "submitted", "draft"]

    def get_submitted(self, respondent) -> bool:
        return respondent.submitted_at is not None


class WaveCreateSerializer(scoping.Serializer):
    alliances = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    instrument = serializers.IntegerField(
        required=False, help_text="Default: the newest default instrument."
    )
    kind = serializers.ChoiceField(choices=WaveKind.choices, default=WaveKind.JOINT)
    title = serializers.CharField(max_length=200)
    opens_on = serializers.DateField(required=False)
    closes_on = serializers.DateField()
    include_team = serializers.BooleanField(default=True)


class TrendPointSerializer(scoping.Serializer):
    wave = serializers.IntegerField()
    title = serializers.CharField()
    opens_on = serializers.DateField()
    available = serializers.BooleanField()
    overall = serializers.DictField(child=serializers.FloatField(allow_null=True))


class HeatmapRowSerializer(scoping.Serializer):
    alliance = serializers.IntegerField()
    alliance_name = serializers.CharField()
    wave = serializers.IntegerField()
    n = serializers.IntegerField()
    themes = serializers.DictField(child=serializers.FloatField())
    gaps = serializers.DictField(child=serializers.CharField(), help_text="Theme key → gap class.")


def _wave_queryset(user):
    from django.db.models import Count, Q

    return (
        Wave.objects.visible_to(user)
        .select_related("alliance", "instrument")
        .annotate(
            invited_count=Count("respondents", distinct=True),
            answered_count=Count(
                "respondents", filter=Q(respondents__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("-opens_on", "-pk")
    )


ALLIANCE_PARAM = OpenApiParameter("alliance", int, required=True, description="The alliance id.")
KIND_PARAM = OpenApiParameter(
    "kind", str, enum=WaveKind.values, description="joint (default) or pulse"
)


@extend_schema_view(
    create=extend_schema(request=WaveCreateSerializer, responses=WaveSerializer(many=True)),
    destroy=extend_schema(responses={204: None}),
    launch=extend_schema(request=None, responses=WaveSerializer),
    close=extend_schema(request=None, responses=WaveSerializer),
    remind=extend_schema(request=None, responses={200: RateSerializer(many=True)}),
    results=extend_schema(responses=ResultSerializer),
    rates=extend_schema(responses=RateSerializer(many=True)),
    answer=extend_schema(request=AnswerPayloadSerializer, responses=InvitationSerializer),
    trend=extend_schema(
        parameters=[ALLIANCE_PARAM, KIND_PARAM], responses=TrendPointSerializer(many=True)
    ),
    heatmap=extend_schema(responses=HeatmapRowSerializer(many=True)),
)
@through(access, actions, "wave", verbs=("update", "delete"))
class WaveViewSet(ThroughAccess, viewsets.ModelViewSet):
    """Survey waves. Results appear only once a wave is closed, and only as anonymity allows."""

    serializer_class = WaveSerializer
    filterset_class = WaveFilter
    http_method_names = ["get", "post", "patch", "delete"]
    parent = "alliance"
    delete_reason = False
    moved_message = gettext_lazy("A wave cannot move to another alliance.")
    reread = True

    def get_queryset(self):
        return _wave_queryset(self.request.user)

    def wants_write(self) -> bool:
        return super().wants_write() and self.action not in ("answer",)

    def create(self, request, *args, **kwargs):
        payload = WaveCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        alliances = [get_alliance_for_user(request.user, pk) for pk in data.pop("alliances")]
        for alliance in alliances:
            if not access.can_manage_health(request.user, alliance):
                raise PermissionDenied(
                    _("You do not run %(alliance)s, so you cannot survey it.")
                    % {"alliance": alliance}
                )
        instrument_id = data.pop("instrument", None)
        if instrument_id is None:
            data["instrument"] = actions.instrument_install_default(actor=None)
        else:
            data["instrument"] = access.get_instrument_for_user(request.user, instrument_id)
        include_team = data.pop("include_team")
        waves = actions.waves_create(
            actor=request.user, alliances=alliances, data=data, include_team=include_team
        )
        fresh = self.get_queryset().filter(pk__in=[w.pk for w in waves])
        return Response(WaveSerializer(fresh, many=True).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], filterset_class=None)
    def launch(self, request, pk=None):
        return self.respond(actions.wave_launch(actor=request.user, wave=self.get_object()))

    @action(detail=True, methods=["post"], filterset_class=None)
    def close(self, request, pk=None):
        return self.respond(actions.wave_close(actor=request.user, wave=self.get_object()))

    @action(detail=True, methods=["post"], filterset_class=None)
    def remind(self, request, pk=None):
        wave = self.get_object()
        actions.send_reminders(wave=wave, force=True)
        return Response(RateSerializer(response_rates(wave), many=True).data)

    @action(detail=True, methods=["get"], filterset_class=None)
    def results(self, request, pk=None):
        wave = self.get_object()
        previous = previous_closed(wave)
        result = wave_results(wave, previous=wave_results(previous) if previous else None)
        return Response(result_data(result))

    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def rates(self, request, pk=None):
        return Response(RateSerializer(response_rates(self.get_object()), many=True).data)

    @extend_schema(methods=["GET"], responses=RespondentSerializer(many=True))
    @extend_schema(methods=["POST"], request=RespondentSerializer, responses=RespondentSerializer)
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def respondents(self, request, pk=None):
        wave = access.get_wave_for_user(request.user, pk, write=True)
        if request.method == "GET":
            return Response(
                RespondentSerializer(wave.respondents.select_related("company"), many=True).data
            )
        payload = RespondentSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = data.get("user")
        if (
            user is not None
            and not User.objects.visible_to(request.user).filter(pk=user.pk).exists()
        ):
            raise serializers.ValidationError(
                {"user": _('Invalid pk "%(pk)s" - object does not exist.') % {"pk": user.pk}}
            )
        respondent = actions.respondent_add(
            actor=request.user,
            wave=wave,
            user=user,
            name=data.get("name", ""),
            email=data.get("email", ""),
            function=data.get("function", ""),
            company=data.get("company"),
            language=data.get("language", ""),
        )
        return Response(RespondentSerializer(respondent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"respondents/(?P<respondent_pk>\d+)",
        filterset_class=None,
    )
    def remove_respondent(self, request, pk=None, respondent_pk=None):
        wave = access.get_wave_for_user(request.user, pk, write=True)
        respondent = get_object_or_404(Respondent, wave=wave, pk=respondent_pk)
        actions.respondent_remove(actor=request.user, respondent=respondent)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], filterset_class=None)
    def answer(self, request, pk=None):
        """Answer (or save answers to) a wave you are invited to as one of our staff."""
        respondent = access.get_invitation_for_user(request.user, pk)
        payload = AnswerPayloadSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        respondent = actions.answers_save(
            respondent=respondent,
            answers=payload.validated_data["answers"],
            submit=payload.validated_data["submit"],
        )
        return Response(InvitationSerializer(respondent).data)

    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def trend(self, request):
        raw = request.query_params.get("alliance", "")
        if not raw.isdigit():
            raise serializers.ValidationError({"alliance": _("Give the alliance id.")})
        kind = request.query_params.get("kind", WaveKind.JOINT)
        if kind not in WaveKind.values:
            raise serializers.ValidationError({"kind": _("Choose joint or pulse.")})
        unknown = set(request.query_params) - {"alliance", "kind"}
        if unknown:
            raise serializers.ValidationError({name: "Unknown filter." for name in unknown})
        alliance = get_alliance_for_user(request.user, int(raw))
        if kind == WaveKind.PULSE:
            internal_only(request.user, "A pulse check")
        points = [
            {
                "wave": r.wave.pk,
                "title": r.wave.title,
                "opens_on": r.wave.opens_on,
                "available": r.available,
                "overall": {g.key: g.overall for g in r.shown_groups if not g.function}
                if r.available
                else {},
            }
            for r in alliance_trend(alliance, request.user, kind=kind)
        ]
        return Response(TrendPointSerializer(points, many=True).data)

    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def heatmap(self, request):
        internal_only(request.user, "The portfolio heatmap")
        waves = Wave.objects.visible_to(request.user).filter(
            kind=WaveKind.JOINT, alliance__in=Alliance.objects.active()
        )
        rows = [
            {
                "alliance": r.wave.alliance_id,
                "alliance_name": r.wave.alliance.name,
                "wave": r.wave.pk,
                "n": r.n,
                "themes": r.group("all").themes,
                "gaps": {g.key: str(g.klass) for g in r.gaps},
            }
            for r in latest_results(waves)
            if r.available
        ]
        return Response(HeatmapRowSerializer(rows, many=True).data)


class InvitationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The waves the signed-in member of our staff is asked to answer (answer via waves/{id}/answer/)."""

    serializer_class = InvitationSerializer
    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    filter_backends: list = []

    def get_queryset(self):
        return (
            Respondent.objects.filter(
                user=self.request.user, side=Side.OWN, wave__launched_at__isnull=False
            )
            .filter(wave__alliance__in=Alliance.objects.visible_to(self.request.user))
            .select_related("wave")
            .order_by("-wave__opens_on", "pk")
        )
