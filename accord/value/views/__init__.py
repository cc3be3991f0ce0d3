"""Value pages: the alliance's Value tab, its forecasts and records, the portfolio value list,
and the exchange rates."""

from .alliance import (
    alliance_value,
    details_import,
    entry_delete,
    entry_edit,
    entry_new,
    flow_delete,
    flow_edit,
    flow_new,
    forecast_approve,
    forecast_delete,
    forecast_detail,
    forecast_edit,
    forecast_new,
)
from .portfolio import (
    portfolio,
    portfolio_export,
    rates,
)

__all__ = [
    "alliance_value",
    "details_import",
    "entry_delete",
    "entry_edit",
    "entry_new",
    "flow_delete",
    "flow_edit",
    "flow_new",
    "forecast_approve",
    "forecast_delete",
    "forecast_detail",
    "forecast_edit",
    "forecast_new",
    "portfolio",
    "portfolio_export",
    "rates",
]
