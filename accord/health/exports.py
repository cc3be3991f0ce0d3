"""Health exports: only what the anonymity rules let the page show (results.py) goes in a file."""

from accord.core.exports import xlsx_response

from .results import WaveResult


def _rectangular(headers: list, rows: list[list]) -> tuple[list, list[list]]:
    width = max([len(headers), *[len(r) for r in rows]])
    headers = headers + [""] * (width - len(headers))
    return headers, [r + [None] * (width - len(r)) for r in rows]


def wave_results_xlsx(result: WaveResult):
    wave = result.wave
    groups = result.shown_groups
    headers = ["Level", "Category", "Theme", *[f"{g.label} (n={g.n})" for g in groups]]
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
        rows.append(["gap", "", gap.name, f"{gap.gap} points", gap.klass_label])
    for comment in result.comments:
        rows.append(["comment", comment.group, comment.theme, comment.text])
    filename = f"health-wave-{wave.pk}.xlsx"
    if not result.available:
        headers, rows = ["Results"], [[result.reason]]
    return xlsx_response(filename, "Results", *_rectangular(headers, rows))


def portfolio_xlsx(results: list[WaveResult], themes: list):
    headers = ["Alliance", "Wave", "Respondents", *[name for _, name in themes], "Largest gap"]
    rows = []
    for result in results:
        overall = result.group("all")
        largest = max(result.gaps, key=lambda g: g.gap, default=None)
        rows.append(
            [
                result.wave.alliance.name,
                result.wave.title,
                result.n,
                *[(overall.themes.get(key) if overall else None) for key, _ in themes],
                f"{largest.name}: {largest.gap} ({largest.klass_label})" if largest else "",
            ]
        )
    return xlsx_response("health-portfolio.xlsx", "Health", *_rectangular(headers, rows))
