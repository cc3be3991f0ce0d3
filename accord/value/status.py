"""Value's status signals for the alliance's first screen (registered in apps.py): value
captured versus the forecast to date, and the value at risk, as `services.portfolio_value`
computes them (the one place these figures are computed)."""

from __future__ import annotations

from .models import sees_value
from .services import portfolio_value


def status_signals(alliance_ids, user) -> dict[int, dict]:
    if not sees_value(user):
        return {}
    value = portfolio_value(user, alliance_ids=alliance_ids)
    return {
        row.alliance_id: {
            "value_at_risk": row.value_at_risk,
            "forecast_total": row.forecast_total,
            "forecast_to_date": row.forecast_to_date,
            "realised_to_date": row.realised_to_date,
            "captured_pct": row.captured_pct,
            "currency": value.currency,
        }
        for row in value.alliances
    }
