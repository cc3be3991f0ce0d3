"""Value's status signals for the alliance's first screen (registered in apps.py): value
captured versus the forecast to date, and the value at risk, read from the stored summaries
(`summaries.stored_summaries`, the figures the Value tab and the portfolio value page show),
kept fresh by the actions that change their inputs and the daily job."""

from __future__ import annotations

from accord.portfolio.models import Alliance

from .conf import reporting_currency
from .models import sees_value
from .summaries import ensure_fresh, stored_summaries


def status_signals(alliance_ids, user) -> dict[int, dict]:
    if not sees_value(user):
        return {}
    alliance_ids = list(alliance_ids)
    ensure_fresh(alliance_ids)
    currency = reporting_currency()
    return {
        alliance_id: {
            "value_at_risk": row.value_at_risk,
            # None when no forecast is in force: "No forecast in force", not "USD 0 of USD 0".
            "forecast_total": row.receipts_planned_total,
            "forecast_to_date": row.receipts_planned_to_date,
            "realised_to_date": row.realised_to_date,
            "captured_pct": row.captured_pct,
            # Deals where we pay (in-licences, cost shares): what was paid against the plan.
            "payments_planned_total": row.payments_planned_total,
            "payments_planned_to_date": row.payments_planned_to_date,
            "paid_to_date": row.paid_to_date,
            "net_captured": row.net_captured,
            "currency": currency,
        }
        for alliance_id, row in stored_summaries(
            user, Alliance.objects.filter(pk__in=alliance_ids)
        ).items()
    }
