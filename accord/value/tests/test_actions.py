import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.core.models import AuditEvent
from accord.value import actions
from accord.value.models import CashFlow, Forecast, ForecastKind, RoyaltyReport

from . import factories


def test_reforecast_copies_flows_and_keeps_baseline_frozen(world):
    baseline = factories.baseline(
        world.alliance_a,
        actor=world.manager_a,
        flows=[
            {"kind": "upfront", "amount": Decimal("7")},
            {"kind": "royalty", "amount": Decimal("3")},
        ],
    )
    draft = actions.forecast_create(
        actor=world.manager_a, alliance=world.alliance_a, data={}, kind=ForecastKind.REFORECAST
    )
    assert (draft.number, draft.currency, draft.discount_rate) == (2, "USD", Decimal("0.1000"))
    assert sorted(draft.cash_flows.values_list("amount", flat=True)) == [Decimal("3"), Decimal("7")]
    with pytest.raises(ValidationError) as error:
        actions.cash_flow_create(
            actor=world.manager_a,
            forecast=baseline,
            data={
                "kind": "other",
                "direction": "in",
                "due_on": dt.date(2025, 1, 1),
                "amount": Decimal(1),
            },
        )
    assert "frozen" in str(error.value)
    with pytest.raises(ValidationError):
        actions.forecast_create(
            actor=world.manager_a, alliance=world.alliance_a, data={}, kind=ForecastKind.REFORECAST
        )  # one draft at a time
    actions.forecast_approve(actor=world.manager_a, forecast=draft)
    assert list(Forecast.objects.filter(is_current=True).values_list("number", flat=True)) == [2]
    assert CashFlow.objects.filter(forecast=baseline).count() == 2


def test_reforecast_needs_an_approved_baseline(world):
    with pytest.raises(ValidationError) as error:
        actions.forecast_create(
            actor=world.manager_a, alliance=world.alliance_a, data={}, kind=ForecastKind.REFORECAST
        )
    assert error.value.message_dict == {
        "kind": ["Approve the deal-time baseline before re-forecasting."]
    }
    assert not Forecast.objects.exists()


def test_flow_on_firewalled_milestone_inherits_its_program(world, book):
    flow = CashFlow.objects.get(milestone=book.m3)
    assert flow.program == world.program_a2


def test_flow_refuses_another_alliances_program(world):
    draft = factories.baseline(world.alliance_a, approve=False)
    with pytest.raises(ValidationError) as error:
        factories.cash_flow(draft, program=world.program_b1)
    assert "program" in error.value.message_dict
    assert not CashFlow.objects.exists()


def test_royalty_period_order_and_audit(world):
    with pytest.raises(ValidationError) as error:
        factories.royalty(
            world.alliance_a, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 3, 31)
        )
    assert error.value.message_dict["period_end"] == ["The period ends before it starts."]
    assert not RoyaltyReport.objects.exists()
    report = factories.royalty(world.alliance_a, actor=world.manager_a)
    rows = AuditEvent.objects.filter(
        object_id=str(report.pk), action="create", field="royalty_amount"
    )
    assert list(rows.values_list("new_value", flat=True)) == ["4000000"]


def test_delete_needs_reason(world):
    payment = factories.payment(world.alliance_a)
    with pytest.raises(ValidationError):
        actions.payment_delete(actor=world.manager_a, payment=payment, reason="")
    actions.payment_delete(actor=world.manager_a, payment=payment, reason="entered twice")
    assert AuditEvent.objects.filter(action="delete", reason="entered twice").exists()


def test_rate_for_reporting_currency_refused(world):
    with pytest.raises(ValidationError) as error:
        factories.rate("USD", "1", dt.date(2025, 1, 1))
    assert "currency" in error.value.message_dict


def test_asset_npv_needs_its_phase_and_a_reforecast_keeps_it(world):
    data = {
        "currency": "USD",
        "discount_rate": Decimal("0.10"),
        "valuation_date": dt.date(2024, 1, 1),
        "asset_value": Decimal("500000000"),
    }
    with pytest.raises(ValidationError) as error:
        actions.forecast_create(actor=world.leader, alliance=world.alliance_a, data=data)
    assert "asset_phase" in error.value.message_dict
    assert Forecast.objects.count() == 0
    baseline = factories.baseline(
        world.alliance_a,
        actor=world.leader,
        asset_value=Decimal("500000000"),
        asset_phase="phase_3",
        flows=[{"kind": "upfront", "direction": "out"}],
    )
    assert baseline.risked_asset_value == Decimal("290000000.00")  # 58 %
    again = actions.forecast_create(
        actor=world.leader, alliance=world.alliance_a, data={}, kind=ForecastKind.REFORECAST
    )
    assert (again.asset_value, again.asset_phase) == (Decimal("500000000"), "phase_3")
