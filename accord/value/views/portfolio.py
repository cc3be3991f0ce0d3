"""The portfolio value list, its Excel export, and the exchange rates."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.core import exports
from accord.core.forms import add_errors
from accord.core.views import paginate
from accord.portfolio.models import Alliance

from .. import access, actions, summaries
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

SQL_SORTS = {
    "name": ["name", "pk"],
    "forecast": ["-v_planned_in", "name", "pk"],
    "realised": ["-v_received", "name", "pk"],
    "gap": ["v_gap", "name", "pk"],
    "paid": ["-v_paid", "name", "pk"],
    "net": ["-v_net", "name", "pk"],
    "risk": ["-v_risk", "name", "pk"],
}
# The stored figures each sort needs (annotated only when asked for: each is a subquery).
SORT_NEEDS = {
    "name": [],
    "forecast": ["v_planned_in"],
    "realised": ["v_received"],
    "gap": ["v_received", "v_planned_in"],
    "paid": ["v_paid"],
    "net": ["v_received", "v_paid"],
    "risk": ["v_risk"],
}
PY_SORTS = {
    "name": lambda r: (r.name.lower(), r.alliance_id),
    "forecast": lambda r: (-(r.receipts_planned_to_date or 0), r.name.lower()),
    "realised": lambda r: (-r.received_to_date, r.name.lower()),
    "gap": lambda r: (r.received_to_date - (r.receipts_planned_to_date or 0), r.name.lower()),
    "paid": lambda r: (-r.paid_to_date, r.name.lower()),
    "net": lambda r: (-r.net_captured, r.name.lower()),
    "risk": lambda r: (-r.value_at_risk, r.name.lower()),
}


@dataclass
class Found:
    form: object
    as_of: object
    live: bool  # a past date: computed from the records, not the stored summaries
    alliances: object  # the filtered alliances (a queryset)
    sort: str
    rows: list | None = None  # the live computation's rows (all of them)


def _portfolio(request) -> Found:
    _require_internal(request.user)
    user = request.user
    form = PortfolioFilterForm(request.GET or None)
    alliances = Alliance.objects.visible_to(user)
    as_of, sort, at_risk, modelled = None, "name", False, ""
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
        modelled = data["modelled"]
    if modelled == "no":
        alliances = summaries.not_modelled(user).filter(pk__in=alliances.values("pk"))
    today = timezone.localdate()
    if as_of is not None and as_of != today:
        rows = summaries.live_summaries(user, alliances.values("pk"), as_of=as_of)
        if modelled == "yes":
            rows = [r for r in rows if r.modelled]
        elif modelled == "":
            rows = [r for r in rows if _has_anything(r)]
        if at_risk:
            rows = [r for r in rows if r.value_at_risk > 0]
        rows.sort(key=PY_SORTS[sort])
        return Found(form, as_of, True, alliances, sort, rows)
    summaries.ensure_fresh(alliances.values("pk"))
    keys = set(SORT_NEEDS[sort])
    if modelled == "yes":
        keys.add("v_modelled")
    elif modelled == "":
        keys.add("v_any")
    if at_risk:
        keys.add("v_risk")
    annotated = summaries.annotate_alliances(user, alliances, *sorted(keys))
    if sort == "gap":
        annotated = annotated.annotate(v_gap=F("v_received") - F("v_planned_in"))
    if sort == "net":
        annotated = annotated.annotate(v_net=F("v_received") - F("v_paid"))
    if modelled == "yes":
        annotated = annotated.filter(v_modelled=True)
    elif modelled == "":
        annotated = annotated.filter(v_any=True)
    if at_risk:
        annotated = annotated.filter(v_risk__gt=0)
    return Found(form, today, False, annotated.order_by(*SQL_SORTS[sort]), sort)


def _has_anything(row) -> bool:
    return bool(
        row.modelled or row.received_to_date or row.paid_to_date or row.unconverted or row.slipped
    )


def _totals(found: Found, user):
    if found.live:
        return summaries.combine_rows(found.rows)
    return summaries.portfolio_totals(user, found.alliances.values("pk"))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def portfolio(request):
    found = _portfolio(request)
    user = request.user
    if found.live:
        page = paginate(request, found.rows)
        rows = list(page.object_list)
    else:
        page = paginate(request, found.alliances.values_list("pk", flat=True))
        ids = list(page.object_list)
        stored = summaries.stored_summaries(user, ids)
        rows = [stored[pk] for pk in ids if pk in stored]
    chart = None
    if rows:
        top = rows[:15]
        chart = {
            "type": "bar",
            "data": {
                "labels": [r.name for r in top],
                "datasets": [
                    {
                        "label": _("Receipts planned to date"),
                        "data": [float(r.receipts_planned_to_date or 0) for r in top],
                    },
                    {
                        "label": _("Received to date"),
                        "data": [float(r.received_to_date) for r in top],
                    },
                    {"label": _("Paid to date"), "data": [float(r.paid_to_date) for r in top]},
                ],
            },
            "options": {"indexAxis": "y"},
        }
    context = {
        "form": found.form,
        "totals": _totals(found, user),
        "currency": reporting_currency(),
        "as_of": found.as_of,
        "page": page,
        "rows": rows,
        "sort": found.sort,
        "sorts": SORTS,
        "chart": chart,
        "query": request.GET.urlencode(),
        "not_modelled": summaries.not_modelled(user).count(),
        "can_record_rates": access.can_record_rates(user),
    }
    return render(request, "value/portfolio.html", context, status=_status(found.form))


def portfolio_export(request):
    found = _portfolio(request)
    user = request.user
    if found.live:
        rows = found.rows
    else:
        ids = list(found.alliances.values_list("pk", flat=True))
        stored = summaries.stored_summaries(user, ids)
        rows = [stored[pk] for pk in ids if pk in stored]
    currency = reporting_currency()
    money = {"currency": currency}
    headers = [
        _("Alliance"),
        _("Forecast to date (%(currency)s)") % money,
        _("Realised to date (%(currency)s)") % money,
        _("Captured %"),
        _("Whole-life forecast (%(currency)s)") % money,
        _("Slipped milestones"),
        _("Cost of delay (%(currency)s)") % money,
        _("Value at risk (%(currency)s)") % money,
        _("Amounts without an exchange rate"),
        _("Payments planned to date (%(currency)s)") % money,
        _("Paid to date (%(currency)s)") % money,
        _("Net value captured (%(currency)s)") % money,
        _("Deal NPV at signing (%(currency)s)") % money,
        _("Deal NPV now (%(currency)s)") % money,
        _("Months of exclusivity lost"),
        _("Value model"),
    ]
    lines = [
        [
            r.name,
            r.receipts_planned_to_date,
            r.received_to_date,
            r.captured_pct,
            r.receipts_planned_total,
            r.slipped,
            r.cost_of_delay,
            r.value_at_risk,
            r.unconverted,
            r.payments_planned_to_date,
            r.paid_to_date,
            r.net_captured,
            r.npv_signing,
            r.npv_current,
            r.months_exclusivity_lost,
            _("yes") if r.modelled else _("not modelled yet"),
        ]
        for r in rows
    ]
    return exports.xlsx_response(
        f"accord-value-{found.as_of:%Y-%m-%d}.xlsx", _("Value"), headers, lines
    )


@require_http_methods(["GET", "POST"])
def rates(request):
    _require_internal(request.user)
    can_record = access.can_record_rates(request.user)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied(_("Leaders and administrators record exchange rates."))
        if form.is_valid():
            try:
                rate = actions.exchange_rate_record(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Rate recorded: %(rate)s.") % {"rate": rate})
                return redirect("value:rates")
    context = {
        "form": form if can_record else None,
        "rates": ExchangeRate.objects.select_related("recorded_by"),
        "currency": reporting_currency(),
    }
    return render(request, "value/rates.html", context, status=400 if form.errors else 200)
