"""The stored value summaries are the live computation's twin: for generated data (deals in both
directions, several currencies, one without a rate, slipped milestones, a firewalled program),
the figures aggregated in SQL from the stored rows equal those computed from the records, for
each persona; and they stay equal after each kind of input change, refreshed by the jobs the
actions enqueue (nothing here calls the store after the first fill)."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from accord.contracts import actions as contract_actions
from accord.contracts.tests import factories as contracts
from accord.portfolio.models import Alliance, Company
from accord.portfolio.tests.factories import AllianceFactory
from accord.value import actions, figures, services, summaries
from accord.value.models import ForecastKind, ValueSummary

from . import factories

FIELDS = summaries.ADDITIVE + summaries.LARGEST + ["modelled"]
PERSONAS = ["leader", "manager_a", "firewalled", "executive", "admin"]


def _day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _generate(world, rng: random.Random) -> list[Alliance]:
    own = Company.objects.own()
    factories.rate("EUR", "1.1", _day(-2000))
    factories.rate("EUR", "1.2", _day(-200))
    factories.rate("GBP", "1.25", _day(-1500))
    extra = [AllianceFactory(name=f"Generated {n}") for n in range(2)]
    alliances = [world.alliance_a, world.alliance_b, *extra]
    programs = {
        world.alliance_a.pk: [None, world.program_a1, world.program_a2],
        world.alliance_b.pk: [None, world.program_b1],
    }
    for index, alliance in enumerate(alliances):
        currency = ["USD", "EUR", "CHF", "GBP"][index]  # CHF has no rate: not converted
        agreement = contracts.agreement(alliance, effective_date=_day(-1200))
        partner = alliance.partners.first() or Company.objects.exclude(pk=own.pk).first()
        flows = [
            {
                "kind": "upfront",
                "direction": rng.choice(["in", "out"]),
                "due_on": _day(-1100),
                "amount": Decimal(rng.randint(5, 50)) * 1_000_000,
            }
        ]
        for n in range(4):
            we_pay = rng.random() < 0.5
            paid = n == 0
            planned = _day(rng.randint(-900, 700))
            moved = planned + dt.timedelta(days=rng.choice([0, 45, 200, 400]))
            data = {
                "title": f"Milestone {n} of {alliance.name}",
                "kind": rng.choice(["development", "regulatory"]),
                "amount": str(rng.randint(2, 40) * 1_000_000),
                "payer": own if we_pay else partner,
                "payee": partner if we_pay else own,
                "program": rng.choice(programs.get(alliance.pk, [None])),
                "forecast_date": moved,
            }
            if paid:
                data.update(achieved_on=_day(-600), paid_on=_day(-580), paid_amount=data["amount"])
            milestone = contracts.milestone(agreement, **data)
            flows.append(
                {
                    "kind": "milestone",
                    "milestone": milestone,
                    "direction": "out" if we_pay else "in",
                    "due_on": planned if not paid else _day(-600),
                    "amount": Decimal(data["amount"]),
                }
            )
        for year in range(1, 4):
            flows.append(
                {
                    "kind": rng.choice(["royalty", "cost_sharing"]),
                    "direction": rng.choice(["in", "out"]),
                    "due_on": _day(-1100 + 365 * year),
                    "amount": Decimal(rng.randint(1, 9)) * 1_000_000,
                    "program": rng.choice(programs.get(alliance.pk, [None])),
                }
            )
        asset = (
            {"asset_value": Decimal(rng.randint(100, 900)) * 1_000_000, "asset_phase": "phase_2"}
            if index % 2 == 0
            else {}
        )
        factories.baseline(
            alliance,
            currency=currency,
            valuation_date=_day(-1150),
            discount_rate=Decimal("0.0") + Decimal(rng.choice([8, 10, 12])) / 100,
            flows=flows,
            **asset,
        )
        for n in range(2):
            factories.payment(
                alliance,
                kind=rng.choice(["upfront", "cost_sharing", "other"]),
                direction=rng.choice(["in", "out"]),
                paid_on=_day(-1000 + 300 * n),
                amount=Decimal(rng.randint(1, 30)) * 1_000_000,
                currency=rng.choice(["USD", "EUR", currency]),
                program=rng.choice(programs.get(alliance.pk, [None])),
            )
        factories.royalty(
            alliance,
            period_start=_day(-200),
            period_end=_day(-110),
            paid_on=_day(-60),
            currency=currency,
            royalty_amount=Decimal("1234567.89"),
        )
        factories.loe(alliance, loe_date=_day(2500))
    return alliances


def _assert_twins(world, alliances):
    ids = [a.pk for a in alliances]
    for persona in PERSONAS:
        user = getattr(world, persona)
        live = summaries.live_summaries(user, ids)
        stored = summaries.stored_summaries(user, ids)
        assert live, persona
        assert sorted(stored) == sorted(r.alliance_id for r in live), persona
        for row in live:
            twin = stored[row.alliance_id]
            for name in FIELDS:
                assert getattr(twin, name) == getattr(row, name), (persona, row.name, name)
        totals = summaries.portfolio_totals(user, ids)
        for name in ("npv_signing", "paid_to_date", "received_to_date", "value_at_risk"):
            expected = sum((getattr(r, name) or 0 for r in live), Decimal(0))
            assert getattr(totals, name) == expected, (persona, name)
        # The value by year: the stored rows a persona may see, summed, equal the records.
        for alliance in alliances:
            assert summaries.stored_years(user, alliance) == _live_years(user, alliance), (
                persona,
                alliance.name,
            )
    # a partner sees no money at all
    assert summaries.live_summaries(world.partner_a, ids) == []
    assert summaries.stored_summaries(world.partner_a, ids) == {}
    assert services.alliance_years(world.partner_a, world.alliance_a) == []


def _live_years(user, alliance) -> dict:
    """The twin of summaries.stored_years: the user's own records, by year, rounded once."""
    totals: dict = {}
    for (_alliance, _program, year), values in figures.years([alliance.pk], user=user).items():
        row = totals.setdefault(year, dict.fromkeys(figures.YEAR_FIELDS, Decimal(0)))
        for name, value in values.items():
            row[name] += value
    return {
        year: {name: value.quantize(Decimal("0.01")) for name, value in row.items()}
        for year, row in sorted(totals.items())
    }


@pytest.fixture
def generated(world, django_capture_on_commit_callbacks):
    alliances = _generate(world, random.Random(16))
    summaries.store()
    return alliances


def test_stored_equals_live_and_follows_every_change(
    world, generated, django_capture_on_commit_callbacks
):
    alliances = generated
    _assert_twins(world, alliances)
    # the data does exercise what it should
    ids = [a.pk for a in generated]
    leader = {r.alliance_id: r for r in summaries.live_summaries(world.leader, ids)}
    cleared = {r.alliance_id: r for r in summaries.live_summaries(world.manager_a, ids)}
    assert sum(r.slipped for r in leader.values()) > 0
    assert sum(r.unconverted for r in leader.values()) > 0
    assert any(r.paid_to_date for r in leader.values())
    assert any(r.received_to_date for r in leader.values())
    a = world.alliance_a.pk
    assert (cleared[a].slipped, cleared[a].paid_to_date, cleared[a].received_to_date) != (
        leader[a].slipped,
        leader[a].paid_to_date,
        leader[a].received_to_date,
    )
    # The year table too differs by who is cleared for the firewalled program, and the value
    # tab shows the stored figures.
    assert _live_years(world.manager_a, world.alliance_a) != _live_years(
        world.leader, world.alliance_a
    )
    shown = services.alliance_years(world.manager_a, world.alliance_a)
    assert {r.year: (r.forecast_in, r.received, r.paid) for r in shown} == {
        year: (v["forecast_in"], v["received"], v["paid"])
        for year, v in _live_years(world.manager_a, world.alliance_a).items()
    }

    def changed(step):
        with django_capture_on_commit_callbacks(execute=True):
            step()
        _assert_twins(world, alliances)

    # a cash flow (in a re-forecast approved in its turn)
    def reforecast():
        draft = actions.forecast_create(
            actor=world.leader, alliance=world.alliance_b, data={}, kind=ForecastKind.REFORECAST
        )
        flow = draft.cash_flows.order_by("pk").first()
        actions.cash_flow_update(
            actor=world.leader, flow=flow, data={"amount": flow.amount + 7_000_000}
        )
        actions.forecast_approve(actor=world.leader, forecast=draft)

    before = summaries.stored_summaries(world.leader, [world.alliance_b.pk])
    changed(reforecast)
    after = summaries.stored_summaries(world.leader, [world.alliance_b.pk])
    assert after[world.alliance_b.pk].npv_current != before[world.alliance_b.pk].npv_current

    # a payment
    changed(
        lambda: factories.payment(
            world.alliance_a, direction="out", amount=Decimal("3000000"), paid_on=_day(-5)
        )
    )
    # a baseline approved for an alliance without one
    fresh = AllianceFactory(name="Generated late")
    alliances.append(fresh)
    changed(lambda: summaries.store([fresh.pk]))
    changed(
        lambda: factories.baseline(
            fresh,
            valuation_date=_day(-30),
            flows=[{"kind": "upfront", "direction": "out", "due_on": _day(-10)}],
        )
    )
    assert summaries.stored_summaries(world.leader, [fresh.pk])[fresh.pk].modelled is True

    # a milestone's date moving in the contract register
    milestone = (
        world.alliance_a.milestones.filter(paid_on__isnull=True, program__isnull=True)
        .order_by("pk")
        .first()
    )
    changed(
        lambda: contract_actions.milestone_update(
            actor=world.leader,
            milestone=milestone,
            data={"forecast_date": milestone.forecast_date + dt.timedelta(days=500)},
            reason="slipped",
        )
    )
    # an exchange rate recorded for the currency that had none
    chf = next(a for a in alliances if a.name == "Generated 0")
    before = summaries.stored_summaries(world.leader, [chf.pk])[chf.pk]
    changed(lambda: factories.rate("CHF", "1.12", _day(-3000)))
    after = summaries.stored_summaries(world.leader, [chf.pk])[chf.pk]
    assert before.unconverted > 0
    assert after.unconverted == 0


def test_daily_job_refreshes_yesterdays_summaries(world, generated):
    from accord.value.tasks import value_daily

    ValueSummary.objects.update(as_of=_day(-1))
    ValueSummary.objects.filter(alliance=world.alliance_a).delete()
    slot = dt.datetime.combine(timezone.localdate(), dt.time(0, 20)).isoformat()
    assert value_daily.func.periodic_original(slot=slot) == {"summaries": Alliance.objects.count()}
    assert set(ValueSummary.objects.values_list("as_of", flat=True)) == {timezone.localdate()}
    _assert_twins(world, generated)
