"""Builders for value records, through the actions so audit rows and derived fields are right."""

import datetime as dt
from decimal import Decimal

from accord.value import actions
from accord.value.models import ForecastKind


def baseline(alliance, *, actor=None, flows=(), approve=True, **data):
    """A deal-time baseline with its cash flows: `flows` are dicts for `cash_flow_create`."""
    values = {
        "currency": "USD",
        "discount_rate": Decimal("0.10"),
        "valuation_date": dt.date(2024, 1, 1),
        "npv": Decimal("100000000"),
    }
    values.update(data)
    forecast = actions.forecast_create(
        actor=actor, alliance=alliance, data=values, kind=ForecastKind.BASELINE
    )
    for flow in flows:
        cash_flow(forecast, actor=actor, **flow)
    if approve:
        forecast = actions.forecast_approve(actor=actor, forecast=forecast)
    return forecast


def cash_flow(forecast, *, actor=None, **data):
    values = {
        "kind": "milestone",
        "direction": "in",
        "due_on": dt.date(2025, 6, 30),
        "amount": Decimal("10000000"),
    }
    values.update(data)
    return actions.cash_flow_create(actor=actor, forecast=forecast, data=values)


def rate(currency, value, effective_on, *, actor=None):
    return actions.exchange_rate_record(
        actor=actor,
        data={"currency": currency, "rate": Decimal(value), "effective_on": effective_on},
    )


def payment(alliance, *, actor=None, **data):
    values = {
        "kind": "upfront",
        "direction": "in",
        "paid_on": dt.date(2024, 2, 1),
        "amount": Decimal("5000000"),
        "currency": "USD",
        "description": "Upfront payment",
    }
    values.update(data)
    return actions.payment_create(actor=actor, alliance=alliance, data=values)


def royalty(alliance, *, actor=None, **data):
    values = {
        "direction": "in",
        "period_start": dt.date(2025, 1, 1),
        "period_end": dt.date(2025, 3, 31),
        "currency": "USD",
        "net_sales": Decimal("40000000"),
        "royalty_amount": Decimal("4000000"),
        "paid_on": dt.date(2025, 5, 15),
    }
    values.update(data)
    return actions.royalty_report_create(actor=actor, alliance=alliance, data=values)


def loe(alliance, *, actor=None, **data):
    values = {"loe_date": dt.date(2035, 6, 30), "basis": "US composition patent"}
    values.update(data)
    return actions.loe_create(actor=actor, alliance=alliance, data=values)
