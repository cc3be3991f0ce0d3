"""The benchmark seed and scenarios, on the small world (the real scale runs in `make bench`)."""

import datetime as dt
from decimal import Decimal

import pytest

from accord.contracts import seed as contracts_seed
from accord.contracts.models import Milestone
from accord.core.benchmarking import BenchContext
from accord.core.seeding import SeedContext
from accord.value import bench, seed
from accord.value.models import CashFlow, Forecast, Payment
from accord.value.services import portfolio_value


@pytest.mark.slow  # benchmark scale
def test_bigpharma_seed_and_bench_scenarios(world):
    for alliance in (world.alliance_a, world.alliance_b):
        alliance.effective_date = dt.date(2024, 1, 15)
        alliance.save(update_fields=["effective_date"])
    ctx = SeedContext(size="bigpharma", today=dt.date(2026, 6, 30))
    ctx.objects["alliances"] = [world.alliance_a, world.alliance_b]
    ctx.objects["people"] = [world.manager_a]
    ctx.options.update(obligations=20, restriction_scopes=10)
    contracts_seed.seed_bigpharma(ctx)
    seed.seed_bigpharma(ctx)
    assert Forecast.objects.filter(is_current=True).count() == 2
    assert CashFlow.objects.count() == 24
    assert Payment.objects.count() == 2
    # Every register milestone is in the deal plan, at the date planned then.
    linked = CashFlow.objects.filter(milestone__isnull=False).select_related("milestone")
    assert sorted(f.milestone_id for f in linked) == sorted(
        Milestone.objects.values_list("pk", flat=True)
    )
    assert Milestone.objects.count() == 10
    slipped = [
        f
        for f in linked
        if f.milestone.paid_on is None
        and (f.milestone.achieved_on or f.milestone.forecast_date) > f.due_on
    ]
    value = portfolio_value(world.leader, as_of=ctx.today)
    assert len(value.alliances) == 2
    assert value.forecast_total > Decimal(0)
    assert value.slipped_milestones == len(slipped) > 0
    assert value.value_at_risk > value.cost_of_delay > 0
    scenarios = bench.scenarios(BenchContext())
    assert [s.name for s in scenarios] == [
        "value: portfolio_value service (leader)",
        "value: portfolio_summary service, stored (leader)",
        "value: portfolio value page",
        "value: alliance Value tab",
    ]
    for scenario in scenarios:
        response = scenario.run()
        assert response.status_code == 200, scenario.name
