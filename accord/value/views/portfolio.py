"""The portfolio value list, its Excel export, and the exchange rates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accord.core import exports
from accord.core.forms import add_errors
from accord.portfolio.models import Alliance

from .. import access, actions, services
from ..conf import reporting_currency
from ..forms import (
    SORTS,
    PortfolioFilterForm,
    RateForm,
)
from ..models import (
    ExchangeRate,
)
from ._common import (
    _require_internal,
)

# --- Portfolio ------------------------------------------------------------------------------


def _portfolio(request):
    _require_internal(request.user)
    form = PortfolioFilterForm(request.GET or None)
    alliances = Alliance.objects.visible_to(request.user)
    as_of = None
    sort = "name"
    at_risk = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            alliances = alliances.filter(name__icontains=data["q"])
        if data["tier"]:
            alliances = alliances.filter(tier=data["tier"])
        if data["type"]:
            alliances = alliances.filter(alliance_type=data["type"])
        as_of = data["as_of"]
        sort = data["sort"] or "name"
        at_risk = data["at_risk"]
    value = services.portfolio_value(request.user, as_of=as_of, alliance_ids=alliances.values("pk"))
    rows = value.alliances
    if at_risk:
        rows = [row for row in rows if row.value_at_risk > 0]
    keys = {
        "name": lambda r: (r.name.lower(),),
        "forecast": lambda r: (-r.forecast_to_date, r.name.lower()),
        "realised": lambda r: (-r.realised_to_date, r.name.lower()),
        "gap": lambda r: (r.gap, r.name.lower()),
        "risk": lambda r: (-r.value_at_risk, r.name.lower()),
    }
    rows = sorted(rows, key=keys[sort])
    return form, value, rows, sort


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def portfolio(request):
    form, value, rows, sort = _portfolio(request)
    chart = None
    if rows:
        top = rows[:15]
        chart = {
            "type": "bar",
            "data": {
                "labels": [r.name for r in top],
                "datasets": [
                    {"label": "Forecast to date", "data": [float(r.forecast_to_date) for r in top]},
                    {"label": "Realised to date", "data": [float(r.realised_to_date) for r in top]},
                ],
            },
            "options": {"indexAxis": "y"},
        }
    context = {
        "form": form,
        "value": value,
        "rows": rows,
        "sort": sort,
        "sorts": SORTS,
        "chart": chart,
        "query": request.GET.urlencode(),
        "can_record_rates": access.can_record_rates(request.user),
    }
    return render(request, "value/portfolio.html", context, status=_status(form))


def portfolio_export(request):
    _form, value, rows, _sort = _portfolio(request)
    headers = [
        "Alliance",
        f"Forecast to date ({value.currency})",
        f"Realised to date ({value.currency})",
        "Captured %",
        f"Whole-life forecast ({value.currency})",
        "Slipped milestones",
        f"Cost of delay ({value.currency})",
        f"Value at risk ({value.currency})",
        "Amounts without an exchange rate",
    ]
    lines = [
        [
            r.name,
            r.forecast_to_date,
            r.realised_to_date,
            r.captured_pct,
            r.forecast_total,
            r.slipped_milestones,
            r.cost_of_delay,
            r.value_at_risk,
            r.unconverted,
        ]
        for r in rows
    ]
    return exports.xlsx_response(
        f"accord-value-{value.as_of:%Y-%m-%d}.xlsx", "Value", headers, lines
    )


@require_http_methods(["GET", "POST"])
def rates(request):
    _require_internal(request.user)
    can_record = access.can_record_rates(request.user)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("Leaders and administrators record exchange rates.")
        if form.is_valid():
            try:
                rate = actions.exchange_rate_record(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Rate recorded: {rate}.")
                return redirect("value:rates")
    context = {
        "form": form if can_record else None,
        "rates": ExchangeRate.objects.select_related("recorded_by"),
        "currency": reporting_currency(),
    }
    return render(request, "value/rates.html", context, status=400 if form.errors else 200)
