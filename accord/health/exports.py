"""Health exports: only what the anonymity rules let the page show (results.py) goes in a file."""

from django.utils.translation import gettext as _

from accord.core.exports import xlsx_response

from .results import WaveResult


def _rectangular(headers: list, rows: list[list]) -> tuple[list, list[list]]:
    width = max([len(headers), *[len(r) for r in rows]])
    headers = headers + [""] * (width - len(headers))
    return headers, [r + [None] * (width - len(r)) for r in rows]


def wave_results_xlsx(result: WaveResult):
    wave = result.wave
    groups = result.shown_groups
    headers = [_("Level"), _("Category"), _("Theme"), *[f"{g.label} (n={g.n})" for g in groups]]
    rows = []
    for category in result.categories:
        rows.append(
            ["category", category.name, "", *[g.categories.get(category.key) for g in groups]]
        )
    for theme in result.themes:
        rows.append(
            ["theme", theme.category_name, theme.name, *[g.themes.get(theme.key) for g in groups]]
        )
    for gap in result.gaps:
        rows.append(["gap", "", gap.name, _("%(gap)s points") % {"gap": gap.gap}, gap.klass_label])
    for comment in result.comments:
        rows.append(["comment", comment.group, comment.theme, comment.text])
    filename = f"health-wave-{wave.pk}.xlsx"
    if not result.available:
        headers, rows = [_("Results")], [[result.reason]]
    return xlsx_response(filename, _("Results"), *_rectangular(headers, rows))


def portfolio_xlsx(results: list[WaveResult], themes: list):
    headers = [
        _("Alliance"),
        _("Wave"),
        _("Respondents"),
        *[name for _key, name in themes],
        _("Largest gap"),
    ]
    rows = []
    for result in results:
        overall = result.group("all")
        largest = max(result.gaps, key=lambda g: g.gap, default=None)
        rows.append(
            [
                result.wave.alliance.name,
                result.wave.title,
                result.n,
                *[(overall.themes.get(key) if overall else None) for key, _name in themes],
                f"{largest.name}: {largest.gap} ({largest.klass_label})" if largest else "",
            ]
        )
    return xlsx_response("health-portfolio.xlsx", _("Health"), *_rectangular(headers, rows))
