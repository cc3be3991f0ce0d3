"""The portfolio dashboard: internal users only (partners never see tiers, values or workload)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.core.access import require_internal

from .. import dashboard


@require_GET
def portfolio_dashboard(request):
    require_internal(request.user, "The portfolio dashboard")
    board = dashboard.kept(request.user)
    charts = board.charts()
    links = {
        "tier": [f.url for f in board.by_tier],
        "stage": [f.url for f in board.by_stage],
        "type": [f.url for f in board.by_type],
        "area": [f.url for f in board.by_area],
    }
    return render(
        request,
        "reporting/dashboard.html",
        {"board": board, "charts": charts, "chart_links": links},
    )
