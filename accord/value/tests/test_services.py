import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.portfolio.tests.factories import AllianceFactory
from accord.value import actions
from accord.value.models import ForecastKind
from accord.value.services import portfolio_value, slipped_milestones

from . import factories
from .conftest import AS_OF

COST_M2 = Decimal("953836.12")  # 12.1m × (1.1^-(546/365) − 1.1^-(911/365))
COST_M3 = Decimal("290042.24")  # 7m × (1.1^-(455/365) − 1.1^-(638/365))


def test_cleared_manager_sees_everything(world, book):
    value = portfolio_value(world.manager_a, as_of=AS_OF)
    assert value.currency == "USD"
    a, b = value.alliances
    assert (a.name, b.name) == ("Kestrel ADC Collaboration", "Polaris IL-23 Co-development")
    # 20 + 10 + 12.1 + 7 due by the end of 2025; + 5 royalties in 2026; the 3m out is not value.
    assert a.forecast_to_date == Decimal("49100000.00")
    assert a.forecast_total == Decimal("54100000.00")
    # upfront 20m + M1 10m + EUR 1m royalties at 1.1
    assert a.realised_to_date == Decimal("31100000.00")
    assert a.slipped_milestones == 2
    assert a.cost_of_delay == COST_M2 + COST_M3
    assert a.value_at_risk == Decimal("19100000.00") + COST_M2 + COST_M3
    # EUR 10m before the first rate uses the earliest (1.1); 2026's EUR 5m at 1.2.
    assert b.forecast_to_date == Decimal("11000000.00")
    assert b.forecast_total == Decimal("17000000.00")
    assert b.realised_to_date == Decimal("11000000.00")
    assert b.value_at_risk == Decimal("0.00")
    assert value.forecast_to_date == Decimal("60100000.00")
    assert value.realised_to_date == Decimal("42100000.00")
    assert value.value_at_risk == a.value_at_risk
    assert value.unconverted == 0


def test_firewalled_program_hidden_from_leader(world, book):
    value = portfolio_value(world.leader, as_of=AS_OF)
    a = value.alliances[0]
    assert a.forecast_to_date == Decimal("42100000.00")
    assert a.forecast_total == Decimal("47100000.00")
    assert a.slipped_milestones == 1
    assert a.value_at_risk == Decimal("12100000.00") + COST_M2
    assert portfolio_value(world.executive, as_of=AS_OF) == value
    assert portfolio_value(world.firewalled, as_of=AS_OF) == value


def test_partners_see_nothing(world, book):
    for persona in ("partner_a", "partner_b", "outsider"):
        value = portfolio_value(getattr(world, persona), as_of=AS_OF)
        assert value.alliances == []
        assert value.forecast_total == Decimal("0.00")
        assert value.realised_to_date == Decimal("0.00")


def test_as_of_and_alliance_filter(world, book):
    value = portfolio_value(
        world.manager_a, as_of=dt.date(2024, 12, 31), alliance_ids=[world.alliance_b.pk]
    )
    assert [item.alliance_id for item in value.alliances] == [world.alliance_b.pk]
    assert value.forecast_to_date == Decimal("11000000.00")
    assert value.realised_to_date == Decimal("11000000.00")


def test_reforecast_in_force_once_approved(world, book):
    draft = actions.forecast_create(
        actor=world.manager_a, alliance=world.alliance_b, data={}, kind=ForecastKind.REFORECAST
    )
    flow = draft.cash_flows.get(kind="royalty")
    actions.cash_flow_update(actor=world.manager_a, flow=flow, data={"amount": Decimal("10000000")})
    before = portfolio_value(world.leader, as_of=AS_OF).alliances[1]
    assert before.forecast_total == Decimal("17000000.00")  # the draft does not count
    actions.forecast_approve(actor=world.manager_a, forecast=draft)
    after = portfolio_value(world.leader, as_of=AS_OF).alliances[1]
    assert after.forecast_total == Decimal("23000000.00")  # 11m + EUR 10m at 1.2


def test_missing_rate_is_counted_not_guessed(world, book):
    factories.payment(
        world.alliance_b, currency="CHF", amount=Decimal("100"), paid_on=dt.date(2025, 2, 1)
    )
    value = portfolio_value(world.leader, as_of=AS_OF)
    assert value.alliances[1].realised_to_date == Decimal("11000000.00")
    assert value.alliances[1].unconverted == 1


def test_slipped_milestone_detail(world, book):
    rows = slipped_milestones(world.manager_a, [world.alliance_a.pk])
    assert [(r.title, r.delay_days, r.cost_of_delay, r.months_exclusivity_lost) for r in rows] == [
        ("Secret approval", 183, COST_M3, Decimal("6.0")),
        ("Phase 2 start", 365, COST_M2, None),
    ]


def test_constant_query_count(world, book):
    with CaptureQueriesContext(connection) as few:
        portfolio_value(world.leader, as_of=AS_OF)
    for index in range(10):
        alliance = AllianceFactory(name=f"Extra {index}")
        factories.baseline(alliance, flows=[{"kind": "upfront", "amount": Decimal("1")}])
        factories.payment(alliance, amount=Decimal("1"))
    with CaptureQueriesContext(connection) as many:
        value = portfolio_value(world.leader, as_of=AS_OF)
    assert len(value.alliances) == 12
    assert len(many) == len(few)


def test_alliance_we_only_pay_for_is_listed_with_zero_value(world):
    factories.baseline(
        world.alliance_b,
        flows=[{"kind": "upfront", "direction": "out", "amount": Decimal("4000000")}],
    )
    value = portfolio_value(world.leader, as_of=AS_OF)
    assert [(a.name, a.forecast_total, a.forecast_to_date) for a in value.alliances] == [
        ("Polaris IL-23 Co-development", Decimal("0.00"), Decimal("0.00"))
    ]
