"""Every write to value: views, the API, seeds and commands come here.

Each action runs in one transaction, validates with the model's rules and writes its audit
records in that same transaction. An approved forecast is frozen: a re-forecast is a new
version, copied from the forecast in force, edited as a draft and approved in its turn.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.core import audit
from accord.core.versioning import bump, check_version, lock

from .models import (
    CashFlow,
    ExchangeRate,
    ExclusivityLoss,
    Forecast,
    ForecastKind,
    ForecastStatus,
    Payment,
    RoyaltyReport,
)

FORECAST_FIELDS = [
    "currency",
    "discount_rate",
    "valuation_date",
    "npv",
    "asset_value",
    "asset_phase",
    "note",
]
FORECAST_AUDIT = ["number", "kind", "status", *FORECAST_FIELDS]
CASH_FLOW_FIELDS = ["program", "milestone", "kind", "direction", "due_on", "amount", "label"]
RATE_FIELDS = ["currency", "rate", "effective_on"]
PAYMENT_FIELDS = [
    "program",
    "kind",
    "direction",
    "paid_on",
    "amount",
    "currency",
    "description",
]
ROYALTY_FIELDS = [
    "program",
    "direction",
    "period_start",
    "period_end",
    "currency",
    "net_sales",
    "royalty_amount",
    "paid_on",
]
LOE_FIELDS = ["program", "loe_date", "basis"]


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": f"Give a reason for {what} (at least 5 characters)."})
    return reason


def _assign(instance, data: dict, allowed) -> None:
    for name, value in data.items():
        if name not in allowed:
            raise ValidationError({name: "This field cannot be set here."})
        setattr(instance, name, value)
    for name in ("currency",):
        if name in allowed and getattr(instance, name, None):
            setattr(instance, name, getattr(instance, name).strip().upper())


def _check_program(obj) -> None:
    program = getattr(obj, "program", None)
    if program is not None and program.alliance_id != obj.alliance_id:
        raise ValidationError({"program": "This program belongs to another alliance."})


def _scope(obj) -> dict:
    return {"alliance_id": obj.alliance_id, "program_id": getattr(obj, "program_id", None)}


def refresh_later(alliance_id: int) -> None:
    """Once the transaction commits, recompute the alliance's stored value summaries (a job)."""
    from .tasks import refresh_value_summaries

    transaction.on_commit(lambda: refresh_value_summaries.enqueue(alliance_ids=[alliance_id]))


def refresh_all_later() -> None:
    from .tasks import refresh_all_value_summaries

    transaction.on_commit(refresh_all_value_summaries.enqueue)


def _require_draft(forecast: Forecast) -> None:
    if forecast.status != ForecastStatus.DRAFT:
        raise ValidationError(
            {"forecast": "This forecast is approved and frozen: start a re-forecast to change it."}
        )


# --- Forecasts ------------------------------------------------------------------------------


@transaction.atomic
def forecast_create(*, actor, alliance, data: dict, kind: str = ForecastKind.BASELINE) -> Forecast:
    """The deal-time baseline (once per alliance), or a re-forecast copied, flows and all, from
    the forecast in force."""
    existing = Forecast.objects.select_for_update().filter(alliance=alliance)
    if kind == ForecastKind.BASELINE:
        if existing.filter(kind=ForecastKind.BASELINE).exists():
            raise ValidationError({"kind": "This alliance already has its deal-time baseline."})
        source = None
    elif kind == ForecastKind.REFORECAST:
        source = existing.filter(is_current=True).first()
        if source is None:
            raise ValidationError({"kind": "Approve the deal-time baseline before re-forecasting."})
        if existing.filter(status=ForecastStatus.DRAFT).exists():
            raise ValidationError(
                {"kind": "A draft forecast is already open: approve or delete it first."}
            )
    else:
        raise ValidationError({"kind": "Choose baseline or re-forecast."})
    number = (existing.aggregate(n=Max("number"))["n"] or 0) + 1
    forecast = Forecast(alliance=alliance, kind=kind, number=number)
    if source is not None:
        for name in FORECAST_FIELDS:
            setattr(forecast, name, getattr(source, name))
        forecast.npv = None
    _assign(forecast, data, FORECAST_FIELDS)
    forecast.full_clean(exclude=["alliance"])
    forecast.save()
    if source is not None:
        CashFlow.objects.bulk_create(
            CashFlow(
                forecast=forecast,
                alliance_id=flow.alliance_id,
                program_id=flow.program_id,
                milestone_id=flow.milestone_id,
                kind=flow.kind,
                direction=flow.direction,
                due_on=flow.due_on,
                amount=flow.amount,
                label=flow.label,
            )
            for flow in source.cash_flows.all()
        )
    audit.record_create(actor=actor, obj=forecast, fields=FORECAST_AUDIT, alliance_id=alliance.pk)
    refresh_later(alliance.pk)
    return forecast


@transaction.atomic
def forecast_update(
    *, actor, forecast: Forecast, data: dict, expected_version=None, reason: str = ""
) -> Forecast:
    forecast = lock(Forecast, forecast.pk)
    check_version(forecast, expected_version)
    _require_draft(forecast)
    before = audit.snapshot(forecast, FORECAST_AUDIT)
    _assign(forecast, data, FORECAST_FIELDS)
    forecast.full_clean(exclude=["alliance"])
    bump(forecast)
    forecast.save()
    audit.record_update(
        actor=actor, obj=forecast, before=before, reason=reason, alliance_id=forecast.alliance_id
    )
    refresh_later(forecast.alliance_id)
    return forecast


@transaction.atomic
def forecast_approve(*, actor, forecast: Forecast, expected_version=None) -> Forecast:
    """Freeze a draft; it becomes the forecast in force (the previous one stays, frozen)."""
    forecast = lock(Forecast, forecast.pk)
    check_version(forecast, expected_version)
    _require_draft(forecast)
    if not forecast.cash_flows.exists():
        raise ValidationError({"cash_flows": "Add the forecast cash flows before approving."})
    before = audit.snapshot(forecast, ["status"])
    previous = Forecast.objects.select_for_update().filter(
        alliance_id=forecast.alliance_id, is_current=True
    )
    previous.update(is_current=False)
    forecast.status = ForecastStatus.APPROVED
    forecast.is_current = True
    forecast.approved_by = actor
    forecast.approved_at = timezone.now()
    bump(forecast)
    forecast.save()
    audit.record_update(
        actor=actor,
        obj=forecast,
        before=before,
        reason="approved: now the forecast in force",
        alliance_id=forecast.alliance_id,
    )
    refresh_later(forecast.alliance_id)
    return forecast


@transaction.atomic
def forecast_delete(*, actor, forecast: Forecast, reason: str) -> None:
    reason = _require_reason(reason, "deleting a draft forecast")
    forecast = lock(Forecast, forecast.pk)
    _require_draft(forecast)
    audit.record_delete(
        actor=actor,
        obj=forecast,
        fields=FORECAST_AUDIT,
        reason=reason,
        alliance_id=forecast.alliance_id,
    )
    refresh_later(forecast.alliance_id)
    forecast.delete()


# --- Cash flows -----------------------------------------------------------------------------


def _validate_flow(flow: CashFlow) -> None:
    if flow.milestone is not None:
        if flow.milestone.alliance_id != flow.alliance_id:
            raise ValidationError({"milestone": "This milestone belongs to another alliance."})
        # A flow about a firewalled program's milestone is as secret as the milestone.
        flow.program = flow.milestone.program
    _check_program(flow)
    flow.full_clean(exclude=["forecast", "alliance"])


@transaction.atomic
def cash_flow_create(*, actor, forecast: Forecast, data: dict) -> CashFlow:
    forecast = lock(Forecast, forecast.pk)
    _require_draft(forecast)
    flow = CashFlow(forecast=forecast, alliance_id=forecast.alliance_id)
    _assign(flow, data, CASH_FLOW_FIELDS)
    _validate_flow(flow)
    flow.save()
    audit.record_create(actor=actor, obj=flow, fields=CASH_FLOW_FIELDS, **_scope(flow))
    refresh_later(flow.alliance_id)
    return flow


@transaction.atomic
def cash_flow_update(*, actor, flow: CashFlow, data: dict, reason: str = "") -> CashFlow:
    forecast = lock(Forecast, flow.forecast_id)
    _require_draft(forecast)
    flow = CashFlow.objects.select_for_update().get(pk=flow.pk)
    before = audit.snapshot(flow, CASH_FLOW_FIELDS)
    _assign(flow, data, CASH_FLOW_FIELDS)
    _validate_flow(flow)
    flow.save()
    audit.record_update(actor=actor, obj=flow, before=before, reason=reason, **_scope(flow))
    refresh_later(flow.alliance_id)
    return flow


@transaction.atomic
def cash_flow_delete(*, actor, flow: CashFlow, reason: str = "") -> None:
    forecast = lock(Forecast, flow.forecast_id)
    _require_draft(forecast)
    audit.record_delete(
        actor=actor, obj=flow, fields=CASH_FLOW_FIELDS, reason=reason, **_scope(flow)
    )
    refresh_later(flow.alliance_id)
    flow.delete()


# --- Exchange rates -------------------------------------------------------------------------


@transaction.atomic
def exchange_rate_record(*, actor, data: dict) -> ExchangeRate:
    rate = ExchangeRate(recorded_by=actor)
    _assign(rate, data, RATE_FIELDS)
    rate.full_clean(exclude=["recorded_by"])
    rate.save()
    audit.record_create(actor=actor, obj=rate, fields=RATE_FIELDS)
    refresh_all_later()
    return rate


# --- Payments, royalties, LOE ---------------------------------------------------------------


def _create(model, fields, *, actor, alliance, data):
    obj = model(alliance=alliance)
    _assign(obj, data, fields)
    _check_program(obj)
    obj.full_clean(exclude=["alliance"])
    obj.save()
    audit.record_create(actor=actor, obj=obj, fields=fields, **_scope(obj))
    _refresh_if_money(obj)
    return obj


def _refresh_if_money(obj) -> None:
    if isinstance(obj, Payment | RoyaltyReport | ExclusivityLoss):
        refresh_later(obj.alliance_id)


def _update(model, fields, obj, *, actor, data, expected_version, reason):
    obj = lock(model, obj.pk)
    check_version(obj, expected_version)
    before = audit.snapshot(obj, fields)
    _assign(obj, data, fields)
    _check_program(obj)
    obj.full_clean(exclude=["alliance"])
    bump(obj)
    obj.save()
    audit.record_update(actor=actor, obj=obj, before=before, reason=reason, **_scope(obj))
    _refresh_if_money(obj)
    return obj


def _delete(model, fields, obj, *, actor, reason, what):
    reason = _require_reason(reason, what)
    obj = lock(model, obj.pk)
    audit.record_delete(actor=actor, obj=obj, fields=fields, reason=reason, **_scope(obj))
    _refresh_if_money(obj)
    obj.delete()


@transaction.atomic
def payment_create(*, actor, alliance, data: dict) -> Payment:
    return _create(Payment, PAYMENT_FIELDS, actor=actor, alliance=alliance, data=data)


@transaction.atomic
def payment_update(*, actor, payment, data, expected_version=None, reason="") -> Payment:
    return _update(
        Payment,
        PAYMENT_FIELDS,
        payment,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def payment_delete(*, actor, payment, reason: str) -> None:
    _delete(Payment, PAYMENT_FIELDS, payment, actor=actor, reason=reason, what="deleting a payment")


@transaction.atomic
def royalty_report_create(*, actor, alliance, data: dict) -> RoyaltyReport:
    return _create(RoyaltyReport, ROYALTY_FIELDS, actor=actor, alliance=alliance, data=data)


@transaction.atomic
def royalty_report_update(
    *, actor, report, data, expected_version=None, reason=""
) -> RoyaltyReport:
    return _update(
        RoyaltyReport,
        ROYALTY_FIELDS,
        report,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def royalty_report_delete(*, actor, report, reason: str) -> None:
    _delete(
        RoyaltyReport,
        ROYALTY_FIELDS,
        report,
        actor=actor,
        reason=reason,
        what="deleting a royalty report",
    )


@transaction.atomic
def loe_create(*, actor, alliance, data: dict) -> ExclusivityLoss:
    return _create(ExclusivityLoss, LOE_FIELDS, actor=actor, alliance=alliance, data=data)


@transaction.atomic
def loe_update(*, actor, loe, data, expected_version=None, reason="") -> ExclusivityLoss:
    return _update(
        ExclusivityLoss,
        LOE_FIELDS,
        loe,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def loe_delete(*, actor, loe, reason: str) -> None:
    _delete(
        ExclusivityLoss,
        LOE_FIELDS,
        loe,
        actor=actor,
        reason=reason,
        what="deleting a loss-of-exclusivity date",
    )


# --- Co-promotion details -------------------------------------------------------------------

DETAIL_RULE_FIELDS = ["channel", "effective_from", "weight", "source"]
DETAIL_MINIMUM_FIELDS = ["period_start", "period_end", "minimum", "label"]


@transaction.atomic
def detail_rule_create(*, actor, alliance, data: dict):
    from .models import DetailRule

    return _create(DetailRule, DETAIL_RULE_FIELDS, actor=actor, alliance=alliance, data=data)


@transaction.atomic
def detail_rule_update(*, actor, rule, data, expected_version=None, reason=""):
    from .models import DetailRule

    return _update(
        DetailRule,
        DETAIL_RULE_FIELDS,
        rule,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def detail_rule_delete(*, actor, rule, reason: str) -> None:
    from .models import DetailRule

    _delete(
        DetailRule,
        DETAIL_RULE_FIELDS,
        rule,
        actor=actor,
        reason=reason,
        what="deleting a counting rule",
    )


@transaction.atomic
def detail_minimum_create(*, actor, alliance, data: dict):
    from .models import DetailMinimum

    return _create(DetailMinimum, DETAIL_MINIMUM_FIELDS, actor=actor, alliance=alliance, data=data)


@transaction.atomic
def detail_minimum_update(*, actor, minimum, data, expected_version=None, reason=""):
    from .models import DetailMinimum

    return _update(
        DetailMinimum,
        DETAIL_MINIMUM_FIELDS,
        minimum,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def detail_minimum_delete(*, actor, minimum, reason: str) -> None:
    from .models import DetailMinimum

    _delete(
        DetailMinimum,
        DETAIL_MINIMUM_FIELDS,
        minimum,
        actor=actor,
        reason=reason,
        what="deleting a contracted minimum",
    )


@transaction.atomic
def details_import(*, actor, alliance, rows: list[dict], source: str) -> int:
    """Write every previewed row or none (rows as `details.parse` returns them)."""
    import datetime as dt

    from .models import Channel, DetailActual

    if not rows:
        raise ValidationError({"file": "There is nothing to import."})
    created = []
    for number, row in enumerate(rows, start=1):
        try:
            day = dt.date.fromisoformat(row["date"])
            count = int(row["count"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError({"file": f"Row {number} is not a detail row."}) from error
        if row.get("channel") not in Channel.values or count < 0:
            raise ValidationError({"file": f"Row {number} is not a detail row."})
        created.append(
            DetailActual(
                alliance=alliance,
                detailed_on=day,
                channel=row["channel"],
                count=count,
                region=str(row.get("region", ""))[:100],
                source=source[:200],
                imported_by=actor,
            )
        )
    DetailActual.objects.bulk_create(created, batch_size=2000)
    total = sum(item.count for item in created)
    audit.record(
        actor=actor,
        obj=alliance,
        action="update",
        changes={"details": ("", f"{total} details in {len(created)} rows imported from {source}")},
        alliance_id=alliance.pk,
    )
    return len(created)


# --- Outcome measures -----------------------------------------------------------------------

OUTCOME_FIELDS = ["category", "name", "target", "actual", "status", "assessed_on", "note"]


@transaction.atomic
def outcome_create(*, actor, alliance, data: dict):
    from .models import OutcomeMeasure

    return _create(OutcomeMeasure, OUTCOME_FIELDS, actor=actor, alliance=alliance, data=data)


@transaction.atomic
def outcome_update(*, actor, outcome, data, expected_version=None, reason=""):
    from .models import OutcomeMeasure

    return _update(
        OutcomeMeasure,
        OUTCOME_FIELDS,
        outcome,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def outcome_delete(*, actor, outcome, reason: str) -> None:
    from .models import OutcomeMeasure

    _delete(
        OutcomeMeasure,
        OUTCOME_FIELDS,
        outcome,
        actor=actor,
        reason=reason,
        what="deleting an outcome measure",
    )
