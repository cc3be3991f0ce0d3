import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from accord.contracts.models import Milestone
from accord.contracts.tests import factories as contracts
from accord.value.models import Forecast, Payment, RoyaltyReport

from . import factories

AS_OF = dt.date(2025, 12, 31)


@dataclass
class Book:
    baseline_a: Forecast
    baseline_b: Forecast
    m1: Milestone
    m2: Milestone
    m3: Milestone  # on firewalled program A2
    payment_a: Payment
    payment_b: Payment
    royalty_a: RoyaltyReport


def received_milestone(agreement, world, **data):
    values = {
        "payer": world.partner_co_a
        if agreement.alliance == world.alliance_a
        else world.partner_co_b,
        "payee": world.own,
    }
    values.update(data)
    return contracts.milestone(agreement, **values)


@pytest.fixture
def book(world) -> Book:
    """Alliance A (USD baseline at 10%, valued 2024-01-01): upfront 20m, M1 10m paid on time,
    M2 12.1m slipped a year, M3 7m on firewalled A2 slipped 183 days, royalties 5m in 2026 and
    3m cost sharing out. Alliance B (EUR): upfront EUR 10m, EUR 5m in 2026. EUR is 1.1 USD from
    2025 and 1.2 from 2026."""
    agreement_a = contracts.agreement(world.alliance_a)
    contracts.agreement(world.alliance_b)
    m1 = received_milestone(
        agreement_a,
        world,
        title="IND filed",
        amount="10000000",
        forecast_date=dt.date(2024, 12, 31),
        achieved_on=dt.date(2024, 12, 20),
        paid_on=dt.date(2025, 1, 10),
        paid_amount="10000000",
    )
    m2 = received_milestone(
        agreement_a,
        world,
        title="Phase 2 start",
        amount="12100000",
        forecast_date=dt.date(2026, 6, 30),
    )
    m3 = received_milestone(
        agreement_a,
        world,
        title="Secret approval",
        kind="regulatory",
        amount="7000000",
        program=world.program_a2,
        forecast_date=dt.date(2025, 9, 30),
    )
    factories.rate("EUR", "1.1", dt.date(2025, 1, 1))
    factories.rate("EUR", "1.2", dt.date(2026, 1, 1))
    baseline_a = factories.baseline(
        world.alliance_a,
        flows=[
            {"kind": "upfront", "due_on": dt.date(2024, 2, 1), "amount": Decimal("20000000")},
            {"milestone": m1, "due_on": dt.date(2024, 12, 31), "amount": Decimal("10000000")},
            {"milestone": m2, "due_on": dt.date(2025, 6, 30), "amount": Decimal("12100000")},
            {"milestone": m3, "due_on": dt.date(2025, 3, 31), "amount": Decimal("7000000")},
            {"kind": "royalty", "due_on": dt.date(2026, 12, 31), "amount": Decimal("5000000")},
            {
                "kind": "cost_sharing",
                "direction": "out",
                "due_on": dt.date(2024, 6, 30),
                "amount": Decimal("3000000"),
            },
        ],
    )
    baseline_b = factories.baseline(
        world.alliance_b,
        currency="EUR",
        flows=[
            {"kind": "upfront", "due_on": dt.date(2024, 3, 1), "amount": Decimal("10000000")},
            {"kind": "royalty", "due_on": dt.date(2026, 6, 30), "amount": Decimal("5000000")},
        ],
    )
    payment_a = factories.payment(world.alliance_a, amount=Decimal("20000000"))
    payment_b = factories.payment(
        world.alliance_b, currency="EUR", amount=Decimal("10000000"), paid_on=dt.date(2024, 3, 5)
    )
    royalty_a = factories.royalty(
        world.alliance_a, currency="EUR", royalty_amount=Decimal("1000000")
    )
    factories.loe(world.alliance_a, loe_date=dt.date(2034, 12, 31))
    return Book(baseline_a, baseline_b, m1, m2, m3, payment_a, payment_b, royalty_a)
