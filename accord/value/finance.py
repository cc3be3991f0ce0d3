"""Pure financial arithmetic for value: discounting, cost of delay, exclusivity lost.

Time is measured in actual days over 365 (the convention of the deal models we import), and
results are rounded to cents (amounts) or tenths (months) only at the end.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
DAYS_PER_YEAR = Decimal(365)
DAYS_PER_MONTH = Decimal("365.25") / 12


def years_between(start: dt.date, end: dt.date) -> Decimal:
    return Decimal((end - start).days) / DAYS_PER_YEAR


def discount_factor(rate: Decimal, valuation_date: dt.date, on: dt.date) -> Decimal:
    """1 / (1 + rate) ** years from the valuation date to `on` (unrounded)."""
    rate = Decimal(rate)
    if rate < 0:
        raise ValueError("The discount rate must not be negative.")
    with localcontext() as ctx:
        ctx.prec = 34
        return Decimal(1) / (Decimal(1) + rate) ** years_between(valuation_date, on)


def present_value(amount: Decimal, rate: Decimal, valuation_date: dt.date, on: dt.date) -> Decimal:
    """The value at the valuation date of `amount` paid on `on`, rounded to cents."""
    return (Decimal(amount) * discount_factor(rate, valuation_date, on)).quantize(
        CENT, ROUND_HALF_UP
    )


def npv(flows, rate: Decimal, valuation_date: dt.date) -> Decimal:
    """Net present value of (date, signed amount) pairs, rounded once to cents."""
    total = sum(
        (Decimal(amount) * discount_factor(rate, valuation_date, on) for on, amount in flows),
        Decimal(0),
    )
    return total.quantize(CENT, ROUND_HALF_UP)


def cost_of_delay(
    amount: Decimal,
    rate: Decimal,
    valuation_date: dt.date,
    baseline_date: dt.date,
    new_date: dt.date,
) -> Decimal:
    """Value eroded when a payment of `amount` moves from `baseline_date` to `new_date`:
    NPV(baseline date) − NPV(new date), at the deal's discount rate and valuation date.
    Zero when the payment is not later than planned."""
    if new_date <= baseline_date:
        return Decimal("0.00")
    amount = Decimal(amount)
    eroded = amount * (
        discount_factor(rate, valuation_date, baseline_date)
        - discount_factor(rate, valuation_date, new_date)
    )
    return eroded.quantize(CENT, ROUND_HALF_UP)


def exclusivity_months_lost(
    baseline_date: dt.date, new_date: dt.date, loe_date: dt.date | None
) -> Decimal | None:
    """Months of protected sales lost when launch moves from `baseline_date` to `new_date`
    and exclusivity still ends on `loe_date`: the part of the delay that falls before loss of
    exclusivity, in months of 365.25/12 days. None when the LOE date is not known."""
    if loe_date is None:
        return None
    start = min(baseline_date, loe_date)
    end = min(max(new_date, baseline_date), loe_date)
    return (Decimal((end - start).days) / DAYS_PER_MONTH).quantize(TENTH, ROUND_HALF_UP)


def convert(amount: Decimal, rate: Decimal | None) -> Decimal | None:
    """An amount in the reporting currency at `rate` (None when no rate is recorded)."""
    if rate is None:
        return None
    return (Decimal(amount) * Decimal(rate)).quantize(CENT, ROUND_HALF_UP)


def risk_adjusted(amount: Decimal | None, phase: str) -> Decimal | None:
    """An asset NPV times the probability of success of its phase (reference data), in cents;
    None when no asset NPV is given."""
    from .reference import success_probability

    if amount is None:
        return None
    probability = success_probability(phase)
    if probability is None:
        return None
    return (Decimal(amount) * probability).quantize(CENT, ROUND_HALF_UP)


def asset_delay_cost(value: Decimal, rate: Decimal, delay_days: int) -> Decimal:
    """What a delay of `delay_days` costs an asset worth `value` today: its whole stream of cash
    flows arrives that much later, so value × (1 − 1 / (1 + rate) ** (days / 365)), in cents."""
    if delay_days <= 0 or not value:
        return Decimal("0.00")
    rate = Decimal(rate)
    with localcontext() as ctx:
        ctx.prec = 34
        factor = Decimal(1) / (Decimal(1) + rate) ** (Decimal(delay_days) / DAYS_PER_YEAR)
    return (Decimal(value) * (1 - factor)).quantize(CENT, ROUND_HALF_UP)
