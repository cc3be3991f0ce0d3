"""Analysis pages: an alliance's health, the portfolio heatmap, the action plan, exports."""

import html

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core import freshness
from accord.core.generic import form_view
from accord.core.numbers import whole_formatter
from accord.core.views import is_htmx
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.models import Alliance

from .. import access, actions, charts, exports
from ..forms import ActionForm
from ..models import HealthAction, HealthPolicy, JointGoal, Relaunch, RelaunchStatus, Wave, WaveKind
from ..results import (
    ALL,
    alliance_trend,
    headline_results,
    latest_results,
    unavailable_headlines,
    wave_results,
)

HEAT_BANDS = [(75, "heat-4"), (62.5, "heat-3"), (50, "heat-2"), (37.5, "heat-1")]


def heat_class(score) -> str:
    if score is None:
        return "heat-none"
    return next((css for floor, css in HEAT_BANDS if score >= floor), "heat-0")


def _results(alliance, user) -> dict:
    """The alliance's closed joint waves (the latest and its charts, the trend) and, for our
    company's people, its pulse surveys."""
    trend = alliance_trend(alliance, user)
    latest = trend[-1] if trend else None
    pulse_trend = alliance_trend(alliance, user, kind=WaveKind.PULSE) if user.is_internal else []
    return {
        "latest": latest,
        "radar": charts.radar(latest) if latest else None,
        "gap_chart": charts.gap_bars(latest) if latest else None,
        "trend_chart": charts.trend(trend),
        "pulse_latest": pulse_trend[-1] if pulse_trend else None,
        "pulse_chart": charts.trend(pulse_trend),
    }


@require_GET
def alliance_health(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    user = request.user
    can_manage = access.can_manage_health(user, alliance)
    waves = Wave.objects.visible_to(user).filter(alliance=alliance).select_related("instrument")
    context = {
        "alliance": alliance,
        "can_manage": can_manage,
        "waves": waves,
        # The closed waves' results, worked out from their answers: kept until anything changes.
        **freshness.kept("alliance-health", user, (alliance.pk,), lambda: _results(alliance, user)),
        "actions": HealthAction.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("owner", "owner__company"),
        "action_form": ActionForm(alliance=alliance) if can_manage else None,
        "goals": JointGoal.objects.visible_to(user)
        .filter(alliance=alliance)
        .prefetch_related("metrics")[:10],
        "relaunch": Relaunch.objects.filter(alliance=alliance).order_by("-created_at").first(),
        "RelaunchStatus": RelaunchStatus,
        "policy": HealthPolicy.load(),
    }
    return render(request, "health/alliance_health.html", context)


@require_POST
def action_new(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    if not access.can_manage_health(request.user, alliance):
        raise PermissionDenied(_("Only the people who run this alliance plan its actions."))
    form = ActionForm(request.POST, alliance=alliance)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "status")}
        wave_id = request.POST.get("wave", "").strip()
        if wave_id:
            if not wave_id.isdigit():
                raise Http404(_("No such wave."))  # a malformed id names no wave, as a missing one
            data["wave"] = access.get_wave_for_user(request.user, wave_id)
        try:
            actions.action_create(actor=request.user, alliance=alliance, data=data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Action added to the plan; its owner is notified."))
    else:
        for field, errors in form.errors.items():
            messages.error(
                request,
                _("%(field)s: %(errors)s")
                % {"field": field.replace("_", " ").capitalize(), "errors": "; ".join(errors)},
            )
    return redirect(f"/alliances/{alliance.pk}/health/#actions")


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = access.get_action_for_user(request.user, pk)
    can_manage = access.can_manage_health(request.user, action.alliance)
    is_owner = action.owner_id == request.user.pk
    if request.method == "POST" and not (can_manage or is_owner):
        raise PermissionDenied(_("Only the action's owner or the alliance's managers change it."))
    form = ActionForm(
        request.POST or None,
        instance=action,
        alliance=action.alliance,
        initial={"version": action.version},
    )
    if not can_manage:
        for name in list(form.fields):
            if name not in ("status", "version"):
                del form.fields[name]

    def update(data):
        return actions.action_update(
            actor=request.user,
            action=action,
            data={k: v for k, v in data.items() if k != "version"},
            expected_version=data.get("version"),
            owner_only=not can_manage,
        )

    def page(form):
        context = {
            "form": form,
            "action": action,
            "alliance": action.alliance,
            "can_edit": can_manage or is_owner,
        }
        return render(
            request, "health/action_form.html", context, status=400 if form.errors else 200
        )

    return form_view(
        request,
        form,
        update,
        success=_("Action updated."),
        then=f"/alliances/{action.alliance_id}/health/#actions",
        page=page,
    )


@require_GET
def wave_export(request, pk):
    wave = access.get_wave_for_user(request.user, pk)
    return exports.wave_results_xlsx(wave_results(wave))


def _heatmap(user):
    waves = Wave.objects.visible_to(user).filter(
        kind=WaveKind.JOINT, alliance__in=Alliance.objects.active()
    )
    results = [r for r in latest_results(waves) if r.available]
    return results, _themes_of(results)


def _themes_of(results) -> list[tuple[str, str]]:
    themes = {}
    for result in results:
        for heading in result.themes:
            themes.setdefault(heading.key, heading.name)
    return list(themes.items())


HEATMAP_PAGE = 50


def _heatmap_page(request, policy):
    """One page of the heatmap (HEATMAP_PAGE alliances, by name): the latest wave of each
    alliance worked out and paginated in the database, and only that page's headlines read and
    drawn; the export has them all."""
    waves = (
        Wave.objects.visible_to(request.user)
        .filter(kind=WaveKind.JOINT, alliance__in=Alliance.objects.active())
        .latest_closed()
        .exclude(Exists(unavailable_headlines(policy)))
        .select_related("alliance")
        .order_by("alliance__name", "alliance_id")
    )
    page = Paginator(waves, HEATMAP_PAGE).get_page(request.GET.get("page"))
    waves = list(page.object_list)
    found = headline_results(waves, policy)
    results = [found[w.pk] for w in waves if found[w.pk].available]
    return page, results, _themes_of(results)


def _heat_cells(cells: list[dict], number) -> str:
    """A heatmap row's cells as HTML: the page's hundreds of rows times themes are thousands of
    cells, rendered here rather than by template tags (the same markup)."""
    parts = []
    for cell in cells:
        title = f' title="{html.escape(str(cell["title"]))}"' if cell["title"] else ""
        value = number(cell["value"]) if cell["value"] is not None else "–"
        parts.append(f'<td class="heat {html.escape(cell["css"])}"{title}>{value}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped or a formatted number


@require_GET
def portfolio(request):
    if not request.user.is_internal:
        raise PermissionDenied(_("The portfolio heatmap is internal to our company."))
    policy = HealthPolicy.load()
    page, results, themes = _heatmap_page(request, policy)
    mode = "gap" if request.GET.get("show") == "gap" else "score"
    # The template's own number format, worked out once per distinct figure.
    number = whole_formatter()
    sentinel = "987654321"
    alliance_url = reverse("health:alliance_health", args=[sentinel])
    rows = []
    for result in results:
        overall = result.group(ALL)
        gaps = {g.key: g for g in result.gaps}
        cells = []
        for key, _unused in themes:
            if mode == "gap":
                gap = gaps.get(key)
                cells.append(
                    {
                        "value": gap.gap if gap else None,
                        "css": f"gap-{gap.klass}" if gap else "heat-none",
                        "title": gap.klass_label if gap else _("No gap shown"),
                    }
                )
            else:
                score = overall.themes.get(key)
                cells.append({"value": score, "css": heat_class(score), "title": ""})
        rows.append(
            {
                "result": result,
                "cells": cells,
                "cells_html": _heat_cells(cells, number),
                "overall": overall.overall,
                "url": alliance_url.replace(sentinel, str(result.wave.alliance_id)),
            }
        )
    running = (
        Wave.objects.visible_to(request.user)
        .filter(launched_at__isnull=False, closed_at__isnull=True)
        .select_related("alliance")
        .order_by("closes_on")
    )
    context = {"rows": rows, "themes": themes, "mode": mode, "policy": policy, "page": page}
    if is_htmx(request):
        return render(request, "health/_heatmap.html", context)
    return render(request, "health/portfolio.html", {**context, "running": running})


@require_GET
def portfolio_export(request):
    if not request.user.is_internal:
        raise PermissionDenied(_("The portfolio heatmap is internal to our company."))
    results, themes = _heatmap(request.user)
    return exports.portfolio_xlsx(results, themes)
