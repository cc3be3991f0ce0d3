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
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import (
    Entry,
    alliance_scope,
    assign,
    create_entry,
    delete_entry,
    open_update,
    program_scope,
    save_update,
    update_entry,
)
from accord.core.versioning import lock

from .models import (
    CashFlow,
    DetailMinimum,
    DetailRule,
    ExchangeRate,
    ExclusivityLoss,
    Forecast,
    ForecastKind,
    ForecastStatus,
    OutcomeMeasure,
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


def _normalise_currency(obj) -> None:
    if getattr(obj, "currency", None):
        obj.currency = obj.currency.strip().upper()


def _check_program(obj) -> None:
    program = getattr(obj, "program", None)
    if program is not None and program.alliance_id != obj.alliance_id:
        raise ValidationError({"program": _("This program belongs to another alliance.")})


def _check_entry(obj, relations: dict | None = None) -> None:
    _normalise_currency(obj)
    _check_program(obj)
    obj.full_clean(exclude=["alliance"])


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
            {
                "forecast": _(
                    "This forecast is approved and frozen: start a re-forecast to change it."
                )
            }
        )


def _check_draft(forecast: Forecast, relations: dict) -> None:
    _require_draft(forecast)
    _check_entry(forecast)


FORECAST = Entry(
    Forecast,
    FORECAST_AUDIT,
    editable=FORECAST_FIELDS,
    check=_check_draft,
    scope=alliance_scope,
    noun="a draft forecast",
)


# --- Forecasts ------------------------------------------------------------------------------


@transaction.atomic
def forecast_create(*, actor, alliance, data: dict, kind: str = ForecastKind.BASELINE) -> Forecast:
    """The deal-time baseline (once per alliance), or a re-forecast copied, flows and all, from
    the forecast in force."""
    existing = Forecast.objects.select_for_update().filter(alliance=alliance)
    if kind == ForecastKind.BASELINE:
        if existing.filter(kind=ForecastKind.BASELINE).exists():
            raise ValidationError({"kind": _("This alliance already has its deal-time baseline.")})
        source = None
    elif kind == ForecastKind.REFORECAST:
        source = existing.filter(is_current=True).first()
        if source is None:
            raise ValidationError(
                {"kind": _("Approve the deal-time baseline before re-forecasting.")}
            )
        if existing.filter(status=ForecastStatus.DRAFT).exists():
            raise ValidationError(
                {"kind": _("A draft forecast is already open: approve or delete it first.")}
            )
    else:
        raise ValidationError({"kind": _("Choose baseline or re-forecast.")})
    number = (existing.aggregate(n=Max("number"))["n"] or 0) + 1
    forecast = Forecast(alliance=alliance, kind=kind, number=number)
    if source is not None:
        for name in FORECAST_FIELDS:
            setattr(forecast, name, getattr(source, name))
        forecast.npv = None
    assign(forecast, data, FORECAST_FIELDS)
    _check_entry(forecast)
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
    forecast = update_entry(
        FORECAST, forecast, actor=actor, data=data, expected_version=expected_version, reason=reason
    )
    refresh_later(forecast.alliance_id)
    return forecast


@transaction.atomic
def forecast_approve(*, actor, forecast: Forecast, expected_version=None) -> Forecast:
    """Freeze a draft; it becomes the forecast in force (the previous one stays, frozen)."""
    forecast, before = open_update(FORECAST, forecast, expected_version, fields=["status"])
    _require_draft(forecast)
    if not forecast.cash_flows.exists():
        raise ValidationError({"cash_flows": _("Add the forecast cash flows before approving.")})
    previous = Forecast.objects.select_for_update().filter(
        alliance_id=forecast.alliance_id, is_current=True
    )
    previous.update(is_current=False)
    forecast.status = ForecastStatus.APPROVED
    forecast.is_current = True
    forecast.approved_by = actor
    forecast.approved_at = timezone.now()
    reason = "approved: now the forecast in force"
    save_update(FORECAST, forecast, before, actor=actor, reason=reason)
    refresh_later(forecast.alliance_id)
    return forecast


@transaction.atomic
def forecast_delete(*, actor, forecast: Forecast, reason: str) -> None:
    forecast = delete_entry(FORECAST, forecast, actor=actor, reason=reason, check=_require_draft)
    refresh_later(forecast.alliance_id)


# --- Cash flows -----------------------------------------------------------------------------


def _validate_flow(flow: CashFlow, relations: dict | None = None) -> None:
    if flow.milestone is not None:
        if flow.milestone.alliance_id != flow.alliance_id:
            raise ValidationError({"milestone": _("This milestone belongs to another alliance.")})
        # A flow about a firewalled program's milestone is as secret as the milestone.
        flow.program = flow.milestone.program
    _check_program(flow)
    flow.full_clean(exclude=["forecast", "alliance"])


CASH_FLOW = Entry(
    CashFlow, CASH_FLOW_FIELDS, check=_validate_flow, scope=program_scope, versioned=False
)


@transaction.atomic
def cash_flow_create(*, actor, forecast: Forecast, data: dict) -> CashFlow:
    forecast = lock(Forecast, forecast.pk)
    _require_draft(forecast)
    flow = CashFlow(forecast=forecast, alliance_id=forecast.alliance_id)
    create_entry(CASH_FLOW, flow, actor=actor, data=data)
    refresh_later(flow.alliance_id)
    return flow


@transaction.atomic
def cash_flow_update(*, actor, flow: CashFlow, data: dict, reason: str = "") -> CashFlow:
    forecast = lock(Forecast, flow.forecast_id)
    _require_draft(forecast)
    flow = update_entry(CASH_FLOW, flow, actor=actor, data=data, reason=reason)
    refresh_later(flow.alliance_id)
    return flow


@transaction.atomic
def cash_flow_delete(*, actor, flow: CashFlow, reason: str = "") -> None:
    forecast = lock(Forecast, flow.forecast_id)
    _require_draft(forecast)
    audit.record_delete(
        actor=actor, obj=flow, fields=CASH_FLOW_FIELDS, reason=reason, **program_scope(flow)
    )
    refresh_later(flow.alliance_id)
    flow.delete()


# --- Exchange rates -------------------------------------------------------------------------


@transaction.atomic
def exchange_rate_record(*, actor, data: dict) -> ExchangeRate:
    rate = ExchangeRate(recorded_by=actor)
    assign(rate, data, RATE_FIELDS)
    _normalise_currency(rate)
    rate.full_clean(exclude=["recorded_by"])
    rate.save()
    audit.record_create(actor=actor, obj=rate, fields=RATE_FIELDS)
    refresh_all_later()
    return rate


# --- Payments, royalties, LOE ---------------------------------------------------------------


def _create(entry: Entry, *, actor, alliance, data):
    obj = create_entry(entry, entry.model(alliance=alliance), actor=actor, data=data)
    _refresh_if_money(obj)
    return obj


def _refresh_if_money(obj) -> None:
    if isinstance(obj, Payment | RoyaltyReport | ExclusivityLoss):
        refresh_later(obj.alliance_id)


def _update(entry: Entry, obj, *, actor, data, expected_version, reason):
    obj = update_entry(
        entry, obj, actor=actor, data=data, expected_version=expected_version, reason=reason
    )
    _refresh_if_money(obj)
    return obj


def _delete(entry: Entry, obj, *, actor, reason):
    obj = delete_entry(entry, obj, actor=actor, reason=reason)
    _refresh_if_money(obj)


def _value_entry(model, fields: list[str], noun: str) -> Entry:
    """How one kind of alliance value record is written: checked as an entry, its audit rows
    under its program."""
    return Entry(model, fields, check=_check_entry, scope=program_scope, noun=noun)


def _entry_actions(entry: Entry, keyword: str):
    """The `create`, `update` and `delete` actions of one kind of alliance record, each one
    transaction: `create(*, actor, alliance, data)`, `update(*, actor, <keyword>, data,
    expected_version=None, reason="")` and `delete(*, actor, <keyword>, reason)`."""

    def record(given: dict):
        if set(given) != {keyword}:
            raise TypeError(f"The record is given as `{keyword}=`, not {sorted(given)}.")
        return given[keyword]

    @transaction.atomic
    def create(*, actor, alliance, data: dict):
        return _create(entry, actor=actor, alliance=alliance, data=data)

    @transaction.atomic
    def update(*, actor, data, expected_version=None, reason="", **given):
        return _update(
            entry,
            record(given),
            actor=actor,
            data=data,
            expected_version=expected_version,
            reason=reason,
        )

    @transaction.atomic
    def delete(*, actor, reason: str, **given) -> None:
        _delete(entry, record(given), actor=actor, reason=reason)

    return create, update, delete


PAYMENT = _value_entry(Payment, PAYMENT_FIELDS, "a payment")
ROYALTY_REPORT = _value_entry(RoyaltyReport, ROYALTY_FIELDS, "a royalty report")
LOE = _value_entry(ExclusivityLoss, LOE_FIELDS, "a loss-of-exclusivity date")


payment_create, payment_update, payment_delete = _entry_actions(PAYMENT, "payment")
royalty_report_create, royalty_report_update, royalty_report_delete = _entry_actions(
    ROYALTY_REPORT, "report"
)
loe_create, loe_update, loe_delete = _entry_actions(LOE, "loe")


# --- Co-promotion details -------------------------------------------------------------------

DETAIL_RULE_FIELDS = ["channel", "effective_from", "weight", "source"]
DETAIL_MINIMUM_FIELDS = ["period_start", "period_end", "minimum", "label"]
DETAIL_RULE = _value_entry(DetailRule, DETAIL_RULE_FIELDS, "a counting rule")
DETAIL_MINIMUM = _value_entry(DetailMinimum, DETAIL_MINIMUM_FIELDS, "a contracted minimum")


detail_rule_create, detail_rule_update, detail_rule_delete = _entry_actions(DETAIL_RULE, "rule")
detail_minimum_create, detail_minimum_update, detail_minimum_delete = _entry_actions(
    DETAIL_MINIMUM, "minimum"
)


@transaction.atomic
def details_import(*, actor, alliance, rows: list[dict], source: str) -> int:
    """Write every previewed row or none (rows as `details.parse` returns them)."""
    import datetime as dt

    from .models import Channel, DetailActual

    if not rows:
        raise ValidationError({"file": _("There is nothing to import.")})
    created = []
    for number, row in enumerate(rows, start=1):
        try:
            day = dt.date.fromisoformat(row["date"])
            count = int(row["count"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError(
                {"file": _("Row %(number)s is not a detail row.") % {"number": number}}
            ) from error
        if row.get("channel") not in Channel.values or count < 0:
            raise ValidationError(
                {"file": _("Row %(number)s is not a detail row.") % {"number": number}}
            )
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
OUTCOME = _value_entry(OutcomeMeasure, OUTCOME_FIELDS, "an outcome measure")


outcome_create, outcome_update, outcome_delete = _entry_actions(OUTCOME, "outcome")
