"""The value API: forecasts and their cash flows, exchange rates, payments, royalty reports,
loss-of-exclusivity dates, the value summary of an alliance and of the portfolio.

Internal users only (partner users get 404 on records and 403 on the portfolio); writes by
whoever may edit the alliance, through the same actions as the pages.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core.api import REASON_PARAMETER
from accord.core.viewsets import AllianceEntryViewSet, SummarySchema, ThroughAccess, through
from accord.portfolio.models import Alliance

from .. import access, actions, services
from ..models import (
    CashFlow,
    DetailActual,
    DetailMinimum,
    DetailRule,
    ExchangeRate,
    ExclusivityLoss,
    Forecast,
    ForecastKind,
    OutcomeMeasure,
    Payment,
    RoyaltyReport,
    sees_value,
)
from .payloads import (
    AllianceFilter,
    AllianceValueSummarySerializer,
    CashFlowFilter,
    DetailActualFilter,
    DetailActualSerializer,
    DetailCommitResultSerializer,
    DetailCommitSerializer,
    DetailMinimumSerializer,
    DetailPreviewSerializer,
    DetailRuleSerializer,
    DetailUploadSerializer,
    ExchangeRateSerializer,
    ExclusivityLossSerializer,
    ForecastFilter,
    OutcomeSerializer,
    PortfolioValueSerializer,
    RateFilter,
    RoyaltyReportSerializer,
    ValueAsOfSerializer,
    ValueCashFlowSerializer,
    ValueForecastSerializer,
    ValuePaymentSerializer,
)

# --- Viewsets -------------------------------------------------------------------------------


def _payload_id(request, name: str) -> int | None:
    value = request.data.get(name) if hasattr(request.data, "get") else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    return None


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
class EntryViewSet(AllianceEntryViewSet):
    """Read through visibility; create through the alliance's write check."""

    filterset_class = AllianceFilter  # most value records are filtered by alliance only

    def writable_alliance(self, user, pk):
        return access.get_value_alliance(user, pk, write=True)

    def get_queryset(self):
        model = type(self).model
        return (
            model.objects.visible_to(self.request.user)
            .filter(alliance__in=Alliance.objects.visible_to(self.request.user))
            .order_by("pk")
        )

    def create(self, request, *args, **kwargs):
        self.check_create_access(request)
        return super().create(request, *args, **kwargs)

    def check_create_access(self, request):
        """May this user write to the alliance named in the payload? Answered before the
        payload's other fields are validated, so a reader learns nothing from a 400."""
        alliance_id = _payload_id(request, "alliance")
        if (
            alliance_id
            and Alliance.objects.visible_to(request.user).filter(pk=alliance_id).exists()
        ):
            access.get_value_alliance(request.user, alliance_id, write=True)


@through(access, actions, "payment")
class PaymentViewSet(EntryViewSet):
    model = Payment
    serializer_class = ValuePaymentSerializer


@through(access, actions, "report", prefix="royalty_report", getter="get_royalty_for_user")
class RoyaltyReportViewSet(EntryViewSet):
    model = RoyaltyReport
    serializer_class = RoyaltyReportSerializer


@through(access, actions, "loe")
class LoeViewSet(EntryViewSet):
    model = ExclusivityLoss
    serializer_class = ExclusivityLossSerializer


@through(access, actions, "forecast", verbs=("update", "delete"))
class ForecastViewSet(EntryViewSet):
    """Forecast versions. Create a baseline or a re-forecast (a draft); approve to freeze it
    and put it in force; only drafts change or are deleted."""

    model = Forecast
    serializer_class = ValueForecastSerializer
    filterset_class = ForecastFilter
    moved_message = "A forecast cannot move to another alliance."

    def get_queryset(self):
        return Forecast.objects.visible_to(self.request.user).order_by("alliance_id", "number")

    def perform_create(self, serializer):
        alliance = self.writable_alliance(
            self.request.user, serializer.validated_data["alliance"].pk
        )
        data, _version = self.action_data(serializer)
        kind = data.pop("kind", ForecastKind.BASELINE)
        serializer.instance = actions.forecast_create(
            actor=self.request.user, alliance=alliance, data=data, kind=kind
        )

    def perform_update(self, serializer):
        if "kind" in serializer.validated_data:
            raise serializers.ValidationError({"kind": _("The kind of a forecast cannot change.")})
        super().perform_update(serializer)

    @extend_schema(
        request=None,
        responses=ValueForecastSerializer,
        description="Approve a draft: it is frozen and becomes the forecast in force.",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, pk=None):
        forecast = access.get_forecast_for_user(request.user, pk, write=True)
        forecast = actions.forecast_approve(actor=request.user, forecast=forecast)
        return Response(ValueForecastSerializer(forecast, context={"request": request}).data)


@through(access, actions, "flow", prefix="cash_flow", verbs=("delete",))
class CashFlowViewSet(EntryViewSet):
    """Cash flows of a forecast; only a draft's flows change."""

    model = CashFlow
    serializer_class = ValueCashFlowSerializer
    filterset_class = CashFlowFilter

    def get_queryset(self):
        return super().get_queryset().order_by("forecast_id", "due_on", "pk")

    def check_create_access(self, request):
        forecast_id = _payload_id(request, "forecast")
        if (
            forecast_id
            and Forecast.objects.visible_to(request.user).filter(pk=forecast_id).exists()
        ):
            access.get_forecast_for_user(request.user, forecast_id, write=True)

    def perform_create(self, serializer):
        forecast = access.get_forecast_for_user(
            self.request.user, serializer.validated_data["forecast"].pk, write=True
        )
        data = dict(serializer.validated_data)
        data.pop("forecast")
        serializer.instance = actions.cash_flow_create(
            actor=self.request.user, forecast=forecast, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "forecast" in data and data.pop("forecast").pk != serializer.instance.forecast_id:
            raise serializers.ValidationError(
                {"forecast": _("A cash flow cannot move to another forecast.")}
            )
        serializer.instance = actions.cash_flow_update(
            actor=self.request.user, flow=serializer.instance, data=data
        )


class ExchangeRateViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Recorded exchange rates to the reporting currency; leaders and admins record them."""

    queryset = ExchangeRate.objects.none()  # for the schema; get_queryset scopes
    serializer_class = ExchangeRateSerializer
    filterset_class = RateFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if not sees_value(self.request.user):
            raise PermissionDenied(_("Deal values are internal to our company."))
        return ExchangeRate.objects.order_by("currency", "-effective_on")

    def perform_create(self, serializer):
        if not access.can_record_rates(self.request.user):
            raise PermissionDenied(_("Leaders and administrators record exchange rates."))
        data = dict(serializer.validated_data)
        data["currency"] = data["currency"].upper()
        serializer.instance = actions.exchange_rate_record(actor=self.request.user, data=data)


class AllianceValueViewSet(viewsets.GenericViewSet):
    """The value summary of one alliance: figures, years and slipped milestones."""

    serializer_class = AllianceValueSummarySerializer
    lookup_value_regex = r"\d+"
    filterset_class = None
    pagination_class = None

    def get_queryset(self):
        return Alliance.objects.visible_to(self.request.user)

    @extend_schema(responses=AllianceValueSummarySerializer)
    def retrieve(self, request, pk=None):
        alliance = access.get_value_alliance(request.user, pk)
        value = services.portfolio_value(request.user, alliance_ids=[alliance.pk])
        payload = {
            "currency": value.currency,
            "as_of": value.as_of,
            "summary": value.alliances[0] if value.alliances else None,
            "years": services.alliance_years(request.user, alliance),
            "slipped": services.slipped_milestones(request.user, [alliance.pk]),
            "details": services.detail_compliance(request.user, alliance),
        }
        return Response(AllianceValueSummarySerializer(payload).data)


class PortfolioValueViewSet(viewsets.GenericViewSet):
    """Forecast against realised for every alliance you may see, in the reporting currency."""

    schema = SummarySchema()  # one object, not a list
    serializer_class = PortfolioValueSerializer
    filterset_class = None
    pagination_class = None

    def get_queryset(self):
        return Alliance.objects.none()

    @extend_schema(
        parameters=[OpenApiParameter("as_of", str, description="YYYY-MM-DD; default today.")],
        responses=PortfolioValueSerializer,
    )
    def list(self, request):
        if not sees_value(request.user):
            raise PermissionDenied(_("Deal values are internal to our company."))
        unknown = sorted(set(request.query_params) - {"as_of", "format"})
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown parameter.")] for name in unknown})
        params = ValueAsOfSerializer(data=request.query_params, context={"request": request})
        params.is_valid(raise_exception=True)
        value = services.portfolio_value(request.user, as_of=params.validated_data.get("as_of"))
        return Response(PortfolioValueSerializer(value).data)


@through(access, actions, "rule", prefix="detail_rule")
class DetailRuleViewSet(EntryViewSet):
    model = DetailRule
    serializer_class = DetailRuleSerializer


@through(access, actions, "minimum", prefix="detail_minimum")
class DetailMinimumViewSet(EntryViewSet):
    model = DetailMinimum
    serializer_class = DetailMinimumSerializer


class DetailActualViewSet(ThroughAccess, viewsets.ReadOnlyModelViewSet):
    """Details delivered, as imported."""

    serializer_class = DetailActualSerializer
    filterset_class = DetailActualFilter
    getter = staticmethod(access.get_detail_for_user)

    def get_queryset(self):
        return DetailActual.objects.visible_to(self.request.user).order_by("detailed_on", "pk")


class DetailImportViewSet(viewsets.GenericViewSet):
    """Import details: preview a CSV/XLSX (nothing saved; row-level errors), then commit the
    previewed rows with the token (all rows or none)."""

    serializer_class = DetailPreviewSerializer
    filterset_class = None
    pagination_class = None

    def get_queryset(self):
        return DetailActual.objects.none()

    @extend_schema(
        request={"multipart/form-data": DetailUploadSerializer},
        responses=DetailPreviewSerializer,
    )
    @action(detail=False, methods=["post"])
    def preview(self, request):
        from django.core import signing

        from .. import details
        from ..details import IMPORT_SALT, read_detail_upload

        alliance_id = _payload_id(request, "alliance")
        if alliance_id is None:
            raise serializers.ValidationError({"alliance": [_("Give the alliance id.")]})
        alliance = access.get_value_alliance(request.user, alliance_id, write=True)
        payload = DetailUploadSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        content, kind = read_detail_upload(upload)
        parsed = details.parse(content, kind)
        token = ""
        if parsed.ok:
            token = signing.dumps(
                {"alliance": alliance.pk, "source": upload.name[:200], "rows": parsed.rows},
                salt=IMPORT_SALT,
                compress=True,
            )
        body = {
            "rows": parsed.rows,
            "errors": parsed.errors,
            "details": sum(row["count"] for row in parsed.rows),
            "token": token,
        }
        return Response(DetailPreviewSerializer(body).data, status=200 if parsed.ok else 400)

    @extend_schema(request=DetailCommitSerializer, responses={201: DetailCommitResultSerializer})
    @action(detail=False, methods=["post"])
    def commit(self, request):
        from django.core import signing

        from ..details import IMPORT_SALT

        body = DetailCommitSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        if not sees_value(request.user):
            raise PermissionDenied(_("Deal values are internal to our company."))
        try:
            payload = signing.loads(body.validated_data["token"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature as error:
            raise serializers.ValidationError(
                {"token": [_("The preview has expired or was altered: preview the file again.")]}
            ) from error
        alliance = access.get_value_alliance(request.user, payload["alliance"], write=True)
        count = actions.details_import(
            actor=request.user, alliance=alliance, rows=payload["rows"], source=payload["source"]
        )
        return Response({"imported": count}, status=201)


@through(access, actions, "outcome")
class OutcomeViewSet(EntryViewSet):
    model = OutcomeMeasure
    serializer_class = OutcomeSerializer
