"""The value figures of alliances, per program bucket: the one computation behind the Value tab,
the portfolio value page, the dashboard, the stored summaries and `portfolio_value`.

`compute(alliance_ids, user=..., as_of=...)` returns a `Bucket` per (alliance, program) — the
program of the record, None for what is not tied to a program — so that a firewalled program's
amounts can be stored apart and counted only for the people cleared for it. With a user, it
reads only what that user may see (the live computation); with `user=None` it reads everything
(what the stored summaries keep, filtered by scope when read). The rules are in docs/value.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from accord.portfolio.models import Alliance

from . import finance
from .models import (
    CashFlow,
    Direction,
    ExclusivityLoss,
    Forecast,
    ForecastKind,
    ForecastStatus,
    sees_value,
)

ZERO = Decimal("0.00")


@dataclass(kw_only=True)
class Figures:
    """An alliance's value figures (one program's, or all of them) in the reporting currency:
    what a `Bucket` sums and a summary (`summaries.AllianceSummary`) shows."""

    receipts_planned_to_date: Decimal | None = ZERO
    receipts_planned_total: Decimal | None = ZERO
    payments_planned_to_date: Decimal | None = ZERO
    payments_planned_total: Decimal | None = ZERO
    received_to_date: Decimal = ZERO
    paid_to_date: Decimal = ZERO
    npv_signing: Decimal | None = None
    npv_current: Decimal | None = None
    inflow_risk: Decimal = ZERO
    inflow_cost_of_delay: Decimal = ZERO
    asset_cost_of_delay: Decimal = ZERO
    months_exclusivity_lost: Decimal | None = None
    slipped: int = 0
    unconverted: int = 0


@dataclass
class Bucket(Figures):
    """The figures of one alliance for one program (None: not tied to a program)."""

    alliance_id: int
    program_id: int | None
    modelled: bool = False
    # unrounded sums, in the reporting currency, before `finish()`
    _sums: dict = field(default_factory=lambda: defaultdict(Decimal), repr=False)


# The figures by name, in order; what `compute` keeps of a bucket adds whether it is modelled.
FIGURES = [figure.name for figure in dataclasses.fields(Figures)]
FIELDS = ["modelled", *FIGURES]


@lru_cache(maxsize=100_000)
def _factor(rate, valuation_date, on):
    return finance.discount_factor(rate, valuation_date, on)


def _scoped(model, user):
    return model.objects.visible_to(user) if user is not None else model.objects.all()


def _cents(value) -> Decimal:
    return Decimal(value or 0).quantize(finance.CENT, ROUND_HALF_UP)


def compute(alliance_ids, *, user=None, as_of: dt.date, npv: bool = True) -> dict[tuple, Bucket]:
    """Every figure of the given alliances by (alliance id, program id), in the reporting
    currency, as of `as_of`. `user=None` reads everything; a user reads their scope only.
    `npv=False` skips the present values (the live `portfolio_value` does not show them)."""

    from .services import rate_expression, realised_sources

    if user is not None and not sees_value(user):
        return {}
    alliances = Alliance.objects.filter(pk__in=alliance_ids)
    if user is not None:
        alliances = alliances.filter(pk__in=Alliance.objects.visible_to(user))
    buckets: dict[tuple, Bucket] = {}

    def bucket(alliance_id, program_id) -> Bucket:
        key = (alliance_id, program_id)
        if key not in buckets:
            buckets[key] = Bucket(alliance_id, program_id)
        return buckets[key]

    # The approved forecasts that matter: the baseline (at signing) and the one in force.
    forecasts = {
        f["pk"]: f
        for f in _scoped(Forecast, user)
        .filter(alliance__in=alliances, status=ForecastStatus.APPROVED)
        .filter(Q(kind=ForecastKind.BASELINE) | Q(is_current=True))
        .annotate(fx_rate=rate_expression("currency", "valuation_date"))
        .values(
            "pk",
            "alliance_id",
            "kind",
            "is_current",
            "currency",
            "discount_rate",
            "valuation_date",
            "asset_value",
            "asset_phase",
            "fx_rate",
        )
    }
    modelled = {f["alliance_id"] for f in forecasts.values()}
    for alliance_id in modelled:
        bucket(alliance_id, None)
    # Present values by (forecast, bucket), in the forecast's currency.
    present: dict[tuple, Decimal] = defaultdict(Decimal)
    flows = (
        _scoped(CashFlow, user)
        .filter(forecast_id__in=list(forecasts))
        .annotate(fx_rate=rate_expression("forecast__currency", "due_on"))
        .values(
            "forecast_id", "alliance_id", "program_id", "direction", "due_on", "amount", "fx_rate"
        )
        .order_by()
    )
    for flow in flows:
        forecast = forecasts[flow["forecast_id"]]
        item = bucket(flow["alliance_id"], flow["program_id"])
        if npv:
            sign = 1 if flow["direction"] == Direction.IN else -1
            present[(forecast["pk"], flow["program_id"])] += (
                sign
                * flow["amount"]
                * _factor(forecast["discount_rate"], forecast["valuation_date"], flow["due_on"])
            )
        if not forecast["is_current"]:
            continue
        if flow["fx_rate"] is None:
            item.unconverted += 1
            continue
        converted = flow["amount"] * Decimal(flow["fx_rate"])
        what = "receipts" if flow["direction"] == Direction.IN else "payments"
        item._sums[f"{what}_planned_total"] += converted
        if flow["due_on"] <= as_of:
            item._sums[f"{what}_planned_to_date"] += converted

    # Deal NPV: the risk-adjusted asset (not tied to a program) plus the deal's own flows.
    for forecast in forecasts.values() if npv else ():
        risked = finance.risk_adjusted(forecast["asset_value"], forecast["asset_phase"])
        if risked is not None:
            present[(forecast["pk"], None)] += risked
        programs = {p for (f, p) in present if f == forecast["pk"]} | {None}
        for program_id in programs:
            item = bucket(forecast["alliance_id"], program_id)
            value = finance.convert(
                _cents(present.get((forecast["pk"], program_id), ZERO)),
                None if forecast["fx_rate"] is None else Decimal(forecast["fx_rate"]),
            )
            if value is None and program_id is None:
                item.unconverted += 1
            for name, applies in (
                ("npv_signing", forecast["kind"] == ForecastKind.BASELINE),
                ("npv_current", forecast["is_current"]),
            ):
                if applies and value is not None:
                    setattr(item, name, value)

    # Money that moved: received and paid, each on its own date.
    scope_user = user
    for source in realised_sources(scope_user, alliances, end=as_of):
        for row in source.order_by().values("alliance_id", "program_id", "signed", "fx_rate"):
            item = bucket(row["alliance_id"], row["program_id"])
            if row["fx_rate"] is None:
                item.unconverted += 1
                continue
            if row["signed"] is None:
                continue
            signed = Decimal(row["signed"])
            if signed > 0:
                item._sums["received_to_date"] += signed
            elif signed < 0:
                item._sums["paid_to_date"] -= signed

    # Slipped milestones of the baselines: their cost of delay and exclusivity lost.
    _slips(user, alliances, forecasts, bucket)

    for item in buckets.values():
        item.modelled = item.alliance_id in modelled
        for name, total in item._sums.items():
            setattr(item, name, _cents(total))
        if item.modelled:
            item.npv_signing = item.npv_signing if item.npv_signing is not None else ZERO
            item.npv_current = item.npv_current if item.npv_current is not None else ZERO
    return buckets


def slip_rows(user, alliances):
    """Flows of approved baselines tied to a register milestone that is not paid and whose date
    (achieved, else forecast) is later than the baseline's date for it, in either direction."""
    from accord.contracts.models import Milestone

    from .services import rate_expression

    return (
        _scoped(CashFlow, user)
        .filter(
            alliance__in=alliances,
            forecast__kind=ForecastKind.BASELINE,
            forecast__status=ForecastStatus.APPROVED,
            milestone__in=_scoped(Milestone, user).filter(paid_on__isnull=True),
        )
        .annotate(new_date=Coalesce("milestone__achieved_on", "milestone__forecast_date"))
        .filter(new_date__gt=F("due_on"))
        .annotate(fx_currency=F("forecast__currency"))
        .annotate(fx_rate=rate_expression("fx_currency", "due_on"))
    )


def loe_dates(user, alliance_ids) -> dict[tuple, dt.date]:
    return {
        (item["alliance_id"], item["program_id"]): item["loe_date"]
        for item in _scoped(ExclusivityLoss, user)
        .filter(alliance_id__in=alliance_ids)
        .values("alliance_id", "program_id", "loe_date")
    }


def _slips(user, alliances, forecasts, bucket) -> None:
    rows = list(
        slip_rows(user, alliances)
        .values(
            "alliance_id",
            "direction",
            "milestone__kind",
            "milestone__program_id",
            "program_id",
            "amount",
            "due_on",
            "new_date",
            "fx_rate",
            "forecast__discount_rate",
            "forecast__valuation_date",
        )
        .order_by("alliance_id", "due_on", "pk")
    )
    if not rows:
        return
    loe = loe_dates(user, {row["alliance_id"] for row in rows})
    in_force = {f["alliance_id"]: f for f in forecasts.values() if f["is_current"]}
    longest: dict[tuple, int] = {}
    for row in rows:
        program_id = row["milestone__program_id"] or row["program_id"]
        item = bucket(row["alliance_id"], program_id)
        item.slipped += 1
        delay = (row["new_date"] - row["due_on"]).days
        key = (row["alliance_id"], program_id)
        longest[key] = max(longest.get(key, 0), delay)
        if row["milestone__kind"] == "regulatory":
            loe_date = loe.get((row["alliance_id"], row["milestone__program_id"])) or loe.get(
                (row["alliance_id"], None)
            )
            months = finance.exclusivity_months_lost(row["due_on"], row["new_date"], loe_date)
            if months is not None:
                item.months_exclusivity_lost = max(item.months_exclusivity_lost or ZERO, months)
        if row["direction"] != Direction.IN:
            continue
        rate = None if row["fx_rate"] is None else Decimal(row["fx_rate"])
        cost = finance.cost_of_delay(
            row["amount"],
            row["forecast__discount_rate"],
            row["forecast__valuation_date"],
            row["due_on"],
            row["new_date"],
        )
        amount, cost = finance.convert(row["amount"], rate), finance.convert(cost, rate)
        if amount is None:
            item.unconverted += 1
            continue
        item._sums["inflow_risk"] += amount + cost
        item._sums["inflow_cost_of_delay"] += cost
    # What the deal is for arrives as late as its longest slip: the risk-adjusted asset of the
    # forecast in force loses the value of that delay (counted once per program bucket).
    for (alliance_id, program_id), delay in longest.items():
        forecast = in_force.get(alliance_id)
        if forecast is None or forecast["fx_rate"] is None:
            continue
        risked = finance.risk_adjusted(forecast["asset_value"], forecast["asset_phase"])
        if not risked:
            continue
        cost = finance.asset_delay_cost(risked, forecast["discount_rate"], delay)
        bucket(alliance_id, program_id).asset_cost_of_delay = finance.convert(
            cost, Decimal(forecast["fx_rate"])
        )


# The value tab's figures by calendar year, per (alliance, program, year): baseline and forecast
# in force, in and out, and what was received and paid, in the reporting currency, unrounded
# (the reader sums a user's visible buckets, then rounds to cents).
YEAR_FIELDS = ["baseline_in", "baseline_out", "forecast_in", "forecast_out", "received", "paid"]


def years(alliance_ids, *, user=None) -> dict[tuple, dict]:
    """{(alliance id, program id, year): {field: Decimal}} for YEAR_FIELDS; `user=None` reads
    everything (what is stored), a user their scope only (four queries either way)."""
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    from .services import _converted, rate_expression, realised_sources

    if user is not None and not sees_value(user):
        return {}
    alliances = Alliance.objects.filter(pk__in=alliance_ids)
    if user is not None:
        alliances = alliances.filter(pk__in=Alliance.objects.visible_to(user))
    found: dict[tuple, dict] = {}

    def row(alliance_id, program_id, year) -> dict:
        key = (alliance_id, program_id, year)
        if key not in found:
            found[key] = {name: Decimal(0) for name in YEAR_FIELDS}
        return found[key]

    flows = (
        _scoped(CashFlow, user)
        .filter(forecast__status=ForecastStatus.APPROVED, alliance__in=alliances)
        .filter(Q(forecast__kind=ForecastKind.BASELINE) | Q(forecast__is_current=True))
        .annotate(fx_currency=F("forecast__currency"))
        .annotate(fx_rate=rate_expression("fx_currency", "due_on"))
        .annotate(converted=_converted("amount"), year=ExtractYear("due_on"))
        .order_by()
        .values(
            "alliance_id",
            "program_id",
            "year",
            "direction",
            "forecast__kind",
            "forecast__is_current",
        )
        .annotate(total=Sum("converted"))
    )
    for item in flows:
        target = row(item["alliance_id"], item["program_id"], item["year"])
        total = Decimal(item["total"] or 0)
        suffix = "in" if item["direction"] == Direction.IN else "out"
        if item["forecast__kind"] == ForecastKind.BASELINE:
            target[f"baseline_{suffix}"] += total
        if item["forecast__is_current"]:
            target[f"forecast_{suffix}"] += total
    for source in realised_sources(user, alliances):
        grouped = (
            source.annotate(year=ExtractYear("on"))
            .order_by()
            .values("alliance_id", "program_id", "year")
            .annotate(
                received=Sum("signed", filter=Q(signed__gt=0)),
                paid=Sum("signed", filter=Q(signed__lt=0)),
            )
        )
        for item in grouped:
            target = row(item["alliance_id"], item["program_id"], item["year"])
            target["received"] += Decimal(item["received"] or 0)
            target["paid"] += -Decimal(item["paid"] or 0)
    return found
