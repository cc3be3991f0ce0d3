"""Hand-computed figures for the pure finance functions."""

import datetime as dt
from decimal import Decimal

import pytest

from accord.value import finance

V = dt.date(2024, 1, 1)


def test_discount_factor_whole_years():
    # 365 days is one year: 1 / 1.1 ** 1; 730 days: 1 / 1.21.
    factor = finance.discount_factor(Decimal("0.1"), V, dt.date(2024, 12, 31))
    assert factor.quantize(Decimal("1e-12")) == Decimal("0.909090909091")
    assert finance.present_value(Decimal("121"), Decimal("0.1"), V, dt.date(2025, 12, 31)) == (
        Decimal("100.00")
    )


def test_present_value_on_valuation_date_is_amount():
    assert finance.present_value(Decimal("250.55"), Decimal("0.08"), V, V) == Decimal("250.55")


def test_npv_of_signed_flows():
    # +1100 in one year, -121 in two years at 10%: 1000 - 100 = 900.
    flows = [(dt.date(2024, 12, 31), Decimal("1100")), (dt.date(2025, 12, 31), Decimal("-121"))]
    assert finance.npv(flows, Decimal("0.1"), V) == Decimal("900.00")


def test_cost_of_delay_one_year_slip():
    # 12.1m due in 1 year slips to 2 years at 10%: 11,000,000 - 10,000,000.
    cost = finance.cost_of_delay(
        Decimal("12100000"), Decimal("0.1"), V, dt.date(2024, 12, 31), dt.date(2025, 12, 31)
    )
    assert cost == Decimal("1000000.00")


def test_cost_of_delay_half_year_slip():
    # 73 days = 0.2 year: 10,000,000 * (1 - 1.1 ** -0.2) = 10,000,000 * 0.0188815043 = 188,815.04
    cost = finance.cost_of_delay(Decimal("10000000"), Decimal("0.1"), V, V, dt.date(2024, 3, 14))
    assert (dt.date(2024, 3, 14) - V).days == 73
    assert cost == Decimal("188815.04")


def test_no_cost_when_not_later():
    assert finance.cost_of_delay(Decimal("5"), Decimal("0.1"), V, V, V) == Decimal("0.00")
    earlier = finance.cost_of_delay(Decimal("5"), Decimal("0.1"), V, dt.date(2025, 1, 1), V)
    assert earlier == Decimal("0.00")


def test_zero_rate_costs_nothing():
    cost = finance.cost_of_delay(Decimal("1000"), Decimal("0"), V, V, dt.date(2026, 1, 1))
    assert cost == Decimal("0.00")


def test_negative_rate_refused():
    with pytest.raises(ValueError):
        finance.discount_factor(Decimal("-0.1"), V, V)


def test_exclusivity_months_lost():
    # 181 days before LOE: 181 / 30.4375 = 5.946... -> 5.9 months.
    lost = finance.exclusivity_months_lost(
        dt.date(2027, 1, 1), dt.date(2027, 7, 1), dt.date(2035, 1, 1)
    )
    assert lost == Decimal("5.9")


def test_exclusivity_lost_capped_by_loe():
    # Only the 90 days up to LOE (2027-04-01) are lost: 90 / 30.4375 = 2.957 -> 3.0.
    lost = finance.exclusivity_months_lost(
        dt.date(2027, 1, 1), dt.date(2028, 1, 1), dt.date(2027, 4, 1)
    )
    assert lost == Decimal("3.0")
    after = finance.exclusivity_months_lost(
        dt.date(2028, 1, 1), dt.date(2029, 1, 1), dt.date(2027, 4, 1)
    )
    assert after == Decimal("0.0")


def test_exclusivity_unknown_loe():
    assert finance.exclusivity_months_lost(V, dt.date(2025, 1, 1), None) is None


def test_convert():
    assert finance.convert(Decimal("100"), Decimal("1.0842")) == Decimal("108.42")
    assert finance.convert(Decimal("100"), None) is None


def test_risk_adjusted_asset_by_phase():
    from accord.value.finance import risk_adjusted

    # data/success_rates.json: Phase 2 reaches the market 15 % of the time, a filed one 91 %
    assert risk_adjusted(Decimal("200000000"), "phase_2") == Decimal("30000000.00")
    assert risk_adjusted(Decimal("200000000"), "filed") == Decimal("182000000.00")
    assert risk_adjusted(None, "phase_2") is None
    assert risk_adjusted(Decimal("1"), "no such phase") is None


def test_asset_cost_of_delay_by_hand():
    from accord.value.finance import asset_delay_cost

    # a full year at 10 %: 1,000,000 × (1 − 1/1.1) = 90,909.09
    assert asset_delay_cost(Decimal("1000000"), Decimal("0.10"), 365) == Decimal("90909.09")
    # half a year at 21 %: 1,000,000 × (1 − 1/1.1) again, since 1.21 ** 0.5 = 1.1
    assert asset_delay_cost(Decimal("1000000"), Decimal("0.21"), 182.5) == Decimal("90909.09")
    assert asset_delay_cost(Decimal("1000000"), Decimal("0.10"), 0) == Decimal("0.00")
