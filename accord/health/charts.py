"""Chart.js configurations (data only) for accord/core/static/accord/charts.js."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .results import ALL, WaveResult

SCALE_0_100 = {"min": 0, "max": 100}


def radar(result: WaveResult) -> dict | None:
    if not result.available:
        return None
    labels = [h.name for h in result.themes]
    datasets = []
    groups = [g for g in (result.group("own"), result.group("partner")) if g] or [result.group(ALL)]
    for group in groups:
        datasets.append(
            {
                "label": group.label,
                "data": [group.themes.get(h.key) for h in result.themes],
                "fill": True,
            }
        )
    return {
        "type": "radar",
        "data": {"labels": labels, "datasets": datasets},
        "options": {"scales": {"r": {**SCALE_0_100, "ticks": {"stepSize": 25}}}},
    }


def gap_bars(result: WaveResult) -> dict | None:
    """Each theme's score by company, side by side: the perception gap made visible."""
    if not result.available or not result.gaps:
        return None
    return {
        "type": "bar",
        "data": {
            "labels": [g.name for g in result.gaps],
            "datasets": [
                {"label": _("Our company"), "data": [g.own for g in result.gaps]},
                {"label": _("Partner"), "data": [g.partner for g in result.gaps]},
            ],
        },
        "options": {"indexAxis": "y", "scales": {"x": SCALE_0_100}},
    }


def trend(results: list[WaveResult]) -> dict | None:
    shown = [r for r in results if r.available]
    if len(shown) < 2:
        return None
    labels = [f"{r.wave.title} ({r.wave.opens_on:%b %Y})" for r in shown]
    datasets = []
    for key, label in (
        ("own", _("Our company")),
        ("partner", _("Partner")),
        (ALL, _("All respondents")),
    ):
        values = [r.group(key).overall if r.group(key) else None for r in shown]
        if any(v is not None for v in values) and (key != ALL or not datasets):
            datasets.append({"label": label, "data": values, "spanGaps": True})
    categories = {h.key: h.name for r in shown for h in r.categories}
    for key, name in categories.items():
        datasets.append(
            {
                "label": name,
                "data": [r.group(ALL).categories.get(key) for r in shown],
                "borderDash": [4, 4],
                "hidden": True,
            }
        )
    return {
        "type": "line",
        "data": {"labels": labels, "datasets": datasets},
        "options": {"scales": {"y": SCALE_0_100}},
    }


def metric_trend(metric, values) -> dict | None:
    if not values:
        return None
    return {
        "type": "line",
        "data": {
            "labels": [v.period for v in values],
            "datasets": [
                {
                    "label": f"Target ({metric.unit})",
                    "data": [float(v.target) for v in values],
                    "borderDash": [6, 4],
                },
                {
                    "label": f"Actual ({metric.unit})",
                    "data": [float(v.actual) if v.actual is not None else None for v in values],
                    "spanGaps": True,
                },
            ],
        },
        "options": {"plugins": {"legend": {"position": "bottom"}}},
    }


def maturity_bars(comparison: list[dict]) -> dict:
    datasets = [{"label": _("Us"), "data": [row["ours"] for row in comparison]}]
    if comparison and "median" in comparison[0]:
        datasets.append(
            {"label": _("Benchmark median"), "data": [row.get("median") for row in comparison]}
        )
    return {
        "type": "bar",
        "data": {"labels": [row["name"] for row in comparison], "datasets": datasets},
        "options": {"scales": {"y": SCALE_0_100}},
    }
