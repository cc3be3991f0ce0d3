"""The alliance's Value tab: forecasts, cash flows, payments, royalty reports, LOE dates,
outcome measures and the co-promotion details import."""

from functools import partial

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.forms import add_errors
from accord.core.generic import (
    Entity,
    create_page,
    delete_entity,
    delete_view,
    edit_page,
    form_view,
    perform,
)
from accord.core.views import confirm_preview
from accord.portfolio.forms import DeleteForm

from .. import access, actions, details, services, summaries
from ..conf import reporting_currency
from ..details import IMPORT_SALT, read_detail_upload
from ..forms import (
    CashFlowForm,
    DetailUploadForm,
    ForecastForm,
)
from ..models import (
    DetailMinimum,
    DetailRule,
    ExclusivityLoss,
    Forecast,
    ForecastKind,
    ForecastStatus,
    Payment,
    RoyaltyReport,
)
from ._common import (
    _entry,
    _form_page,
    _tab_url,
)

# --- The alliance's Value tab ---------------------------------------------------------------


def alliance_value(request, pk):
    user = request.user
    alliance = access.get_value_alliance(user, pk)
    years = services.alliance_years(user, alliance)
    currency = reporting_currency()
    # One set of figures for the whole tab, the stored summary the portfolio value page and the
    # status read too; its headline block is shown as `portfolio_value` lists an alliance.
    deal = summaries.alliance_summary(alliance, user)
    figures = deal if deal is not None and summaries.is_listed(deal) else None
    context = {
        "outcomes": services.outcome_summary(user, alliance, figures),
        "alliance": alliance,
        "can_edit": access.can_edit_value(user, alliance),
        "currency": currency,
        "summary": figures,
        "deal": deal,
        "as_of": timezone.localdate(),
        "years": years,
        "chart": services.year_chart(years, currency),
        "slipped": services.slipped_milestones(user, [alliance.pk]),
        "forecasts": Forecast.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("approved_by")
        .order_by("-number"),
        "has_baseline": Forecast.objects.filter(
            alliance=alliance, kind=ForecastKind.BASELINE
        ).exists(),
        "payments": Payment.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("program"),
        "royalties": RoyaltyReport.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("program"),
        "compliance": services.detail_compliance(user, alliance),
        "detail_rules": DetailRule.objects.visible_to(user).filter(alliance=alliance),
        "detail_minimums": DetailMinimum.objects.visible_to(user).filter(alliance=alliance),
        "loes": ExclusivityLoss.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("program"),
    }
    return render(request, "value/alliance_value.html", context)


# --- Forecasts ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def forecast_new(request, pk):
    alliance = access.get_value_alliance(request.user, pk, write=True)
    kind = request.GET.get("kind") or request.POST.get("kind") or ForecastKind.BASELINE
    if kind not in ForecastKind.values:
        kind = ForecastKind.BASELINE
    current = Forecast.objects.filter(alliance=alliance, is_current=True).first()
    initial = {}
    if kind == ForecastKind.REFORECAST and current is not None:
        initial = {f: getattr(current, f) for f in ("currency", "discount_rate", "valuation_date")}
    form = ForecastForm(request.POST or None, initial=initial, alliance=alliance, user=request.user)
    if request.method == "POST":
        done = perform(
            request,
            form,
            lambda data: actions.forecast_create(
                actor=request.user, alliance=alliance, data=form.action_data(), kind=kind
            ),
            success=lambda forecast: (
                _("%(forecast)s started as a draft: add its cash flows.") % {"forecast": forecast}
            ),
            then=lambda forecast: reverse("value:forecast_detail", args=[forecast.pk]),
        )
        if done is not None:
            return done
    what = _("re-forecast") if kind == ForecastKind.REFORECAST else _("deal-time baseline")
    context = {
        "alliance": alliance,
        "what": what,
        "kind": kind,
        "cancel_url": _tab_url(alliance.pk),
        "help": _("A re-forecast starts as a copy of the forecast in force, cash flows and all.")
        if kind == ForecastKind.REFORECAST
        else _("The NPV, currency and discount rate of the deal model; add its cash flows next."),
    }
    return _form_page(request, context, form)


def forecast_detail(request, pk):
    forecast = access.get_forecast_for_user(request.user, pk)
    flows = forecast.cash_flows.visible_to(request.user).select_related("milestone", "program")
    can_edit = access.can_edit_value(request.user, forecast.alliance)
    context = {
        "forecast": forecast,
        "alliance": forecast.alliance,
        "flows": flows,
        "can_edit": can_edit and forecast.status == ForecastStatus.DRAFT,
        "totals": services.forecast_totals(flows),
    }
    return render(request, "value/forecast_detail.html", context)


FORECAST = Entity("forecast", ForecastForm, access, actions)


@require_http_methods(["GET", "POST"])
def forecast_edit(request, pk):
    forecast = access.get_forecast_for_user(request.user, pk, write=True)
    page = reverse("value:forecast_detail", args=[forecast.pk])
    return _edit(request, FORECAST, forecast, then=page, cancel_url=page)


def _edit(request, entity, obj, *, then, cancel_url):
    """A value record's edit page: the shared form page, the record as saved meanwhile after
    a concurrent edit."""
    context = {
        "alliance": obj.alliance,
        "what": entity.label,
        "object": obj,
        "cancel_url": cancel_url,
    }
    return edit_page(
        request, entity, obj, "value/form.html", context=context, then=then, on_conflict="reload"
    )


@require_POST
def forecast_approve(request, pk):
    forecast = access.get_forecast_for_user(request.user, pk, write=True)
    try:
        actions.forecast_approve(actor=request.user, forecast=forecast)
    except ValidationError as error:
        messages.error(request, _(" ").join(error.messages))
        return redirect("value:forecast_detail", pk=forecast.pk)
    messages.success(
        request,
        _("%(forecast)s approved: it is now the forecast in force.") % {"forecast": forecast},
    )
    return redirect("value:alliance_value", pk=forecast.alliance_id)


forecast_delete = delete_view(
    FORECAST,
    form_class=DeleteForm,
    then=lambda forecast: reverse("value:alliance_value", args=[forecast.alliance_id]),
    allowed=lambda user, forecast: forecast.status == ForecastStatus.DRAFT,
    refused=gettext_lazy("An approved forecast is frozen: it cannot be deleted."),
    success=lambda forecast: _("Draft “%(forecast)s” deleted.") % {"forecast": forecast},
    cancel=lambda forecast: reverse("value:forecast_detail", args=[forecast.pk]),
)


# --- Cash flows -----------------------------------------------------------------------------


def _flow_form(request, forecast, action, success, flow=None):
    """The form of a cash flow of a draft forecast, run through `action(actor=, data=)`."""
    if forecast.status != ForecastStatus.DRAFT:
        raise PermissionDenied(_("This forecast is approved and frozen: start a re-forecast."))
    alliance = forecast.alliance if flow is None else flow.alliance
    instance = {"instance": flow} if flow is not None else {}
    form = CashFlowForm(request.POST or None, **instance, alliance=alliance, user=request.user)
    page = reverse("value:forecast_detail", args=[forecast.pk])
    context = {"alliance": alliance, "what": _("cash flow"), "cancel_url": page}
    if flow is not None:
        context["object"] = flow
    return form_view(
        request,
        form,
        lambda data: action(actor=request.user, data=form.action_data()),
        success=success,
        then=page,
        page=partial(_form_page, request, context),
    )


@require_http_methods(["GET", "POST"])
def flow_new(request, pk):
    forecast = access.get_forecast_for_user(request.user, pk, write=True)
    create = partial(actions.cash_flow_create, forecast=forecast)
    return _flow_form(request, forecast, create, _("Cash flow added."))


@require_http_methods(["GET", "POST"])
def flow_edit(request, pk):
    flow = access.get_cash_flow_for_user(request.user, pk, write=True)
    update = partial(actions.cash_flow_update, flow=flow)
    return _flow_form(request, flow.forecast, update, _("Cash flow saved."), flow=flow)


@require_POST
def flow_delete(request, pk):
    flow = access.get_cash_flow_for_user(request.user, pk, write=True)
    try:
        actions.cash_flow_delete(actor=request.user, flow=flow, reason="removed from the draft")
    except ValidationError as error:
        raise PermissionDenied(_(" ").join(error.messages)) from error
    messages.success(request, _("Cash flow removed."))
    return redirect("value:forecast_detail", pk=flow.forecast_id)


# --- Payments, royalty reports, LOE dates ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def entry_new(request, pk, kind):
    entity = _entry(kind)
    alliance = access.get_value_alliance(request.user, pk, write=True)
    tab = _tab_url(alliance.pk)
    context = {"alliance": alliance, "what": entity.label, "cancel_url": tab}
    success = _("%(what)s recorded.") % {"what": entity.label.capitalize()}
    page = "value/form.html"
    return create_page(
        request,
        entity,
        alliance,
        page,
        context=context,
        success=success,
        then=tab,
        conflict_key="conflict",
    )


@require_http_methods(["GET", "POST"])
def entry_edit(request, kind, pk):
    entity = _entry(kind)
    entry = entity.get(request.user, pk, write=True)
    tab = _tab_url(entry.alliance_id)
    return _edit(request, entity, entry, then=tab, cancel_url=tab)


@require_http_methods(["GET", "POST"])
def entry_delete(request, kind, pk):
    entity = _entry(kind)
    entry = entity.get(request.user, pk, write=True)
    tab = _tab_url(entry.alliance_id)
    success = _("%(what)s deleted.") % {"what": entity.label.capitalize()}
    return delete_entity(
        request, entity, entry, form_class=DeleteForm, success=success, then=tab, cancel_url=tab
    )


@require_http_methods(["GET", "POST"])
def details_import(request, pk):
    """Upload → preview with row-level errors (nothing saved) → confirm (all rows or none)."""
    alliance = access.get_value_alliance(request.user, pk, write=True)
    form = DetailUploadForm(request.POST or None, request.FILES or None)
    parsed, token, status, errors = None, "", 200, []
    if request.method == "POST" and "confirm" in request.POST:

        def do(payload):
            if payload.get("alliance") != alliance.pk:
                raise signing.BadSignature("another alliance")
            return actions.details_import(
                actor=request.user,
                alliance=alliance,
                rows=payload["rows"],
                source=payload["source"],
            )

        count, errors = confirm_preview(request, IMPORT_SALT, do)
        if errors is None:
            messages.success(request, _("Imported %(count)s detail rows.") % {"count": count})
            return redirect("value:alliance_value", pk=alliance.pk)
        status = 400
        form = DetailUploadForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content, kind = read_detail_upload(upload)
        except ValidationError as error:
            add_errors(form, error)
            status = 400
        else:
            parsed = details.parse(content, kind)
            if parsed.ok:
                token = signing.dumps(
                    {"alliance": alliance.pk, "source": upload.name[:200], "rows": parsed.rows},
                    salt=IMPORT_SALT,
                    compress=True,
                )
            else:
                status = 400
    elif request.method == "POST":
        status = 400
    context = {
        "alliance": alliance,
        "form": form,
        "parsed": parsed,
        "preview": parsed.rows[:200] if parsed else [],
        "total": sum(row["count"] for row in parsed.rows) if parsed else 0,
        "payload": token,
        "errors": errors,
    }
    return render(request, "value/details_import.html", context, status=status)
