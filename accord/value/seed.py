"""Demo and benchmark value data (see accord.core.seeding).

The demo gives each alliance with contract milestones a deal-time baseline consistent with
them, plus a few others; two milestones have slipped past their baseline date (Sunhe's NMPA
approval by six months, eating into exclusivity; Polaris's sales milestone by a year), Kestrel
ADC has an approved re-forecast, and received payments and royalty reports make the realised
line believable. Rates are recorded for the currencies the deals use. The worked examples, rates,
slips and re-forecast are in data/.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accord.core.seeding import load_data

from . import actions
from .models import (
    CashFlow,
    Direction,
    ExchangeRate,
    FlowKind,
    Forecast,
    ForecastKind,
    ForecastStatus,
    Payment,
    RoyaltyReport,
)

DEMO = load_data("accord.value")
# Deals where we (large pharma) receive the upfront; in the others we pay it.
WE_RECEIVE = {"out_license", "regional", "co_promotion"}
RATES = DEMO["rates"]
# Milestones that slipped since the deal: title -> days they were planned earlier.
# (Sunhe's NMPA approval slips in its worked example, data/worked_examples.json.)
SLIPS = DEMO["slips"]
M = Decimal(1_000_000)
ORDER = ["discovery", "preclinical", "phase_1", "phase_2", "phase_3", "filed", "marketed"]


def _record_rates(ctx, actor):
    for currency, rate in RATES.items():
        for days, factor in ((900, Decimal("0.97")), (30, Decimal(1))):
            actions.exchange_rate_record(
                actor=actor,
                data={
                    "currency": currency,
                    "rate": (Decimal(rate) * factor).quantize(Decimal("0.0001")),
                    "effective_on": ctx.days_ago(days),
                },
            )


def _baseline(ctx, alliance, actor, milestones, index):
    from accord.contracts.models import Milestone

    start = alliance.effective_date
    receive = alliance.alliance_type in WE_RECEIVE
    asset = {}
    if not receive and alliance.deal_value_musd:
        # What the deal is for: the asset or programme, at the phase of its lead program.
        phases = [p for p in alliance.programs.values_list("phase", flat=True) if p in ORDER]
        asset = {
            "asset_value": alliance.deal_value_musd * M,
            "asset_phase": max(phases, key=ORDER.index, default="preclinical"),
        }
    forecast = actions.forecast_create(
        actor=actor,
        alliance=alliance,
        kind=ForecastKind.BASELINE,
        data={
            "currency": "USD",
            "discount_rate": Decimal("0.09") + Decimal(index % 3) / 100,
            "valuation_date": start,
            "npv": Decimal(40 + 15 * (index % 5)) * M,
            "note": "Deal model as approved by the investment committee.",
            **asset,
        },
    )
    upfront = Decimal(10 + 5 * (index % 4)) * M
    actions.cash_flow_create(
        actor=actor,
        forecast=forecast,
        data={
            "kind": FlowKind.UPFRONT,
            "direction": Direction.IN if receive else Direction.OUT,
            "due_on": start + dt.timedelta(days=30),
            "amount": upfront,
            "label": "Upfront payment",
        },
    )
    for milestone in milestones:
        when = milestone.forecast_date or milestone.achieved_on
        if when is None or milestone.amount is None or milestone.currency != "USD":
            continue
        when = when - dt.timedelta(days=SLIPS.get(milestone.title, 0))
        actions.cash_flow_create(
            actor=actor,
            forecast=forecast,
            data={
                "kind": FlowKind.MILESTONE,
                "direction": Direction.IN if milestone.payee.kind == "own" else Direction.OUT,
                "due_on": when,
                "amount": milestone.amount,
                "milestone": Milestone.objects.get(pk=milestone.pk),
                "label": milestone.title,
            },
        )
    for year in range(1, 6):
        due = dt.date(start.year + year, 12, 31)
        actions.cash_flow_create(
            actor=actor,
            forecast=forecast,
            data={
                "kind": FlowKind.ROYALTY if receive else FlowKind.COST_SHARING,
                "direction": Direction.IN if receive else Direction.OUT,
                "due_on": due,
                "amount": Decimal(2 + year * (1 + index % 3)) * M,
                "label": "Royalties" if receive else "Development cost share",
            },
        )
    forecast = actions.forecast_approve(actor=actor, forecast=forecast)
    if start + dt.timedelta(days=40) <= ctx.today:
        actions.payment_create(
            actor=actor,
            alliance=alliance,
            data={
                "kind": FlowKind.UPFRONT,
                "direction": Direction.IN if receive else Direction.OUT,
                "paid_on": start + dt.timedelta(days=40),
                "amount": upfront,
                "currency": "USD",
                "description": "Upfront payment on signing",
            },
        )
    if receive:
        # Quarterly royalty reports for the last year, the latest one not yet paid.
        for quarter in range(4):
            end = ctx.days_ago(30 + 91 * quarter)
            report_start = end - dt.timedelta(days=90)
            if report_start < start:
                continue
            actions.royalty_report_create(
                actor=actor,
                alliance=alliance,
                data={
                    "direction": Direction.IN,
                    "period_start": report_start,
                    "period_end": end,
                    "currency": "EUR" if index % 2 else "USD",
                    "net_sales": Decimal(30 + 5 * quarter) * M,
                    "royalty_amount": Decimal(3 + quarter) * M / 2,
                    "paid_on": None if quarter == 0 else end + dt.timedelta(days=45),
                },
            )
    return forecast


@transaction.atomic
def seed_demo(ctx) -> None:
    from accord.contracts.models import Milestone

    people = ctx.objects["people"]
    alliances = ctx.objects["alliances"]
    leader = people["helen"]
    _record_rates(ctx, leader)
    with_milestones = {}
    for milestone in Milestone.objects.select_related("payee").order_by("pk"):
        with_milestones.setdefault(milestone.alliance_id, []).append(milestone)
    examples = load_data("accord.value", "worked_examples")["alliances"]
    worked = {alliances[key].pk for key in examples if key in alliances}
    chosen = [
        a
        for a in alliances.values()
        if a.pk in with_milestones and a.effective_date and a.pk not in worked
    ]
    chosen += [
        a
        for a in alliances.values()
        if a.effective_date
        and a.pk not in with_milestones
        and a.pk not in worked
        and a.stage == "execution"
    ][:6]
    for index, alliance in enumerate(chosen):
        _baseline(ctx, alliance, leader, with_milestones.get(alliance.pk, []), index)
    for key, spec in examples.items():
        if key in alliances:
            seed_worked_example(alliances[key], spec, leader)
    again = DEMO["reforecast"]
    reforecast = alliances.get(again["alliance"])
    if reforecast is not None and Forecast.objects.filter(alliance=reforecast).exists():
        draft = actions.forecast_create(
            actor=leader,
            alliance=reforecast,
            kind=ForecastKind.REFORECAST,
            data={"note": again["note"]},
        )
        for flow in draft.cash_flows.filter(kind=FlowKind.COST_SHARING):
            actions.cash_flow_update(
                actor=leader, flow=flow, data={"amount": flow.amount + M}, reason=again["reason"]
            )
        actions.forecast_approve(actor=leader, forecast=draft)
    copromo = alliances.get("polaris_copromo")
    if copromo is not None:
        _seed_details(ctx, copromo, people.get("marcus", leader))
    from . import summaries

    summaries.store()
    ctx.notes.append(
        f"value: {len(chosen) + len(worked)} alliances with baselines (worked examples: "
        + ", ".join(examples)
        + "); slipped milestones: NMPA approval of MRD-3300, "
        + ", ".join(SLIPS)
    )


def seed_worked_example(alliance, spec: dict, actor) -> None:
    """One worked example of docs/value.md (data/worked_examples.json) on a demo alliance:
    days count from its signing, the valuation date."""
    from accord.contracts.models import Milestone

    start = alliance.effective_date

    def day(n: int) -> dt.date:
        return start + dt.timedelta(days=n)

    def add_flows(forecast, flows):
        for flow in flows:
            data = {
                "kind": flow["kind"],
                "direction": flow["direction"],
                "due_on": day(flow["day"]),
                "amount": Decimal(flow["amount"]),
                "label": flow.get("label", flow.get("milestone", "")),
            }
            if "milestone" in flow:
                data["milestone"] = Milestone.objects.get(
                    alliance=alliance, title=flow["milestone"]
                )
            actions.cash_flow_create(actor=actor, forecast=forecast, data=data)

    baseline = actions.forecast_create(
        actor=actor,
        alliance=alliance,
        kind=ForecastKind.BASELINE,
        data={
            "currency": "USD",
            "discount_rate": Decimal(spec["discount_rate"]),
            "valuation_date": start,
            "npv": Decimal(spec["npv"]),
            "asset_value": Decimal(spec["asset_value"]) if "asset_value" in spec else None,
            "asset_phase": spec.get("asset_phase", ""),
            "note": f"Worked example (docs/value.md): {spec['what']}.",
        },
    )
    add_flows(baseline, spec["flows"])
    actions.forecast_approve(actor=actor, forecast=baseline)
    if "reforecast" in spec:
        again = spec["reforecast"]
        draft = actions.forecast_create(
            actor=actor,
            alliance=alliance,
            kind=ForecastKind.REFORECAST,
            data={"note": again["note"], "asset_phase": again["asset_phase"]},
        )
        add_flows(draft, again["flows"])
        actions.forecast_approve(actor=actor, forecast=draft)
    for payment in spec.get("payments", []):
        actions.payment_create(
            actor=actor,
            alliance=alliance,
            data={
                "kind": payment["kind"],
                "direction": payment["direction"],
                "paid_on": day(payment["day"]),
                "amount": Decimal(payment["amount"]),
                "currency": "USD",
                "description": payment["description"],
            },
        )
    for report in spec.get("royalties", []):
        actions.royalty_report_create(
            actor=actor,
            alliance=alliance,
            data={
                "direction": Direction.IN,
                "period_start": day(report["start"]),
                "period_end": day(report["end"]),
                "currency": "USD",
                "net_sales": Decimal(report["net_sales"]),
                "royalty_amount": Decimal(report["amount"]),
                "paid_on": day(report["paid"]),
            },
        )
    if "loe_day" in spec:
        actions.loe_create(
            actor=actor,
            alliance=alliance,
            data={"loe_date": day(spec["loe_day"]), "basis": "CN compound patent"},
        )


def _seed_details(ctx, alliance, actor) -> None:
    """Four quarters of a co-promotion's details; from the amendment at the start of the third
    quarter a remote detail counts 0.5, and the third quarter falls short of its minimum."""
    start = ctx.today - dt.timedelta(days=364)
    quarters = [
        (start + dt.timedelta(days=91 * i), start + dt.timedelta(days=91 * i + 90))
        for i in range(4)
    ]
    for number, (first, last) in enumerate(quarters, start=1):
        actions.detail_minimum_create(
            actor=actor,
            alliance=alliance,
            data={
                "label": f"Quarter {number}",
                "period_start": first,
                "period_end": last,
                "minimum": 1000,
            },
        )
    actions.detail_rule_create(
        actor=actor,
        alliance=alliance,
        data={
            "channel": "remote",
            "effective_from": quarters[2][0],
            "weight": Decimal("0.5"),
            "source": "Amendment 2 § 3.1 (remote details count half)",
        },
    )
    rows = []
    for number, (first, _last) in enumerate(quarters, start=1):
        face_to_face = 45 if number == 3 else 60
        for week in range(13):
            day = first + dt.timedelta(days=7 * week)
            for channel, count in (
                ("face_to_face", face_to_face),
                ("remote", 30),
                ("phone", 10),
                ("digital", 5),
            ):
                rows.append(
                    {
                        "date": day.isoformat(),
                        "channel": channel,
                        "count": count,
                        "region": "US East",
                    }
                )
    actions.details_import(actor=actor, alliance=alliance, rows=rows, source="field-force-q.csv")


def seed_bigpharma(ctx) -> None:
    """A baseline with 12 cash flows (the contract milestones' among them), a payment and four
    royalty reports for every signed alliance, bulk-inserted (no audit rows: benchmark data)."""
    from django.utils import timezone

    alliances = [a for a in ctx.objects["alliances"] if a.effective_date is not None]
    rng = ctx.rng
    now = timezone.now()
    with transaction.atomic():
        ExchangeRate.objects.bulk_create(
            ExchangeRate(currency=c, rate=Decimal(r), effective_on=ctx.days_ago(400))
            for c, r in RATES.items()
        )
        forecasts = Forecast.objects.bulk_create(
            Forecast(
                alliance=a,
                number=1,
                kind=ForecastKind.BASELINE,
                status=ForecastStatus.APPROVED,
                is_current=True,
                currency=rng.choice(["USD", "USD", "EUR", "CHF"]),
                discount_rate=Decimal("0.10"),
                valuation_date=a.effective_date,
                npv=Decimal(rng.randint(10, 400)) * M,
                approved_at=now,
            )
            for a in alliances
        )
        ladders = {}
        for milestone in ctx.objects.get("milestones", []):
            ladders.setdefault(milestone.alliance_id, []).append(milestone)
        flows, payments, royalties = [], [], []
        for forecast in forecasts:
            start = forecast.valuation_date
            # The deal plan's milestone inflows, at the dates planned then: where the register's
            # forecast has moved later since, the milestone shows as slipped (value at risk).
            ladder = ladders.get(forecast.alliance_id, [])
            for milestone in ladder:
                flows.append(
                    CashFlow(
                        forecast=forecast,
                        alliance_id=forecast.alliance_id,
                        milestone_id=milestone.pk,
                        kind=FlowKind.MILESTONE,
                        direction=Direction.IN,
                        due_on=getattr(milestone, "planned_date", milestone.forecast_date),
                        amount=milestone.amount,
                        label=milestone.title,
                    )
                )
            for n in range(12 - len(ladder)):
                flows.append(
                    CashFlow(
                        forecast=forecast,
                        alliance_id=forecast.alliance_id,
                        kind=FlowKind.UPFRONT
                        if n == 0
                        else rng.choice(
                            [FlowKind.MILESTONE, FlowKind.ROYALTY, FlowKind.COST_SHARING]
                        ),
                        direction=rng.choice([Direction.IN, Direction.IN, Direction.OUT]),
                        due_on=start + dt.timedelta(days=30 + 180 * n),
                        amount=Decimal(rng.randint(1, 60)) * M,
                    )
                )
            payments.append(
                Payment(
                    alliance_id=forecast.alliance_id,
                    kind=FlowKind.UPFRONT,
                    direction=Direction.IN,
                    paid_on=min(start + dt.timedelta(days=40), ctx.today),
                    amount=Decimal(rng.randint(1, 60)) * M,
                    currency=forecast.currency,
                    description="Upfront payment",
                )
            )
            for quarter in range(4):
                end = ctx.days_ago(30 + 91 * quarter)
                if end - dt.timedelta(days=90) < start:
                    continue
                royalties.append(
                    RoyaltyReport(
                        alliance_id=forecast.alliance_id,
                        direction=Direction.IN,
                        period_start=end - dt.timedelta(days=90),
                        period_end=end,
                        currency=forecast.currency,
                        royalty_amount=Decimal(rng.randint(1, 9)) * M,
                        paid_on=end + dt.timedelta(days=45),
                    )
                )
        CashFlow.objects.bulk_create(flows, batch_size=5000)
        Payment.objects.bulk_create(payments, batch_size=5000)
        RoyaltyReport.objects.bulk_create(royalties, batch_size=5000)
    # Written in bulk, not by the actions: store the summaries as their jobs would.
    from . import summaries

    summaries.store()
