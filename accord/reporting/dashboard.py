"""The portfolio dashboard's figures, each with the link to the list behind it.

Every figure is computed for one person's scope (the `visible_to(user)` querysets of each app)
with set-based queries: the number of queries does not grow with the portfolio. Each figure has
a hand-written SQL twin in tests/test_sql_twins.py that must agree with it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from html import escape
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.contracts.models import Category, Milestone, Obligation, State
from accord.contracts.models.obligations import Status as ObligationStatus
from accord.core.numbers import whole_formatter
from accord.governance.models import Decision, Issue
from accord.health.models import Wave, WaveKind
from accord.portfolio.models import (
    Alliance,
    AllianceType,
    Stage,
    Tier,
)
from accord.portfolio.workload import Status as LoadStatus
from accord.portfolio.workload import manager_loads

HORIZON_DAYS = 90
LIST_SIZE = 6
# The health rows and the managers over capacity the page shows; the heatmap and the workload
# page (and the API) have them all.
SHOWN = 12
LIVE_STAGES = [stage for stage in Stage.values if stage != Stage.TERMINATED]
HEAT_BANDS = [(75, "heat-4"), (62.5, "heat-3"), (50, "heat-2"), (37.5, "heat-1")]


def heat_class(score) -> str:
    if score is None:
        return "heat-none"
    return next((css for floor, css in HEAT_BANDS if score >= floor), "heat-0")


def link(url_name: str, params: list[tuple[str, object]] | None = None) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode([(k, str(v)) for k, v in params])}" if params else url


@dataclass
class Figure:
    key: str
    label: str
    value: int | Decimal | None
    url: str


@dataclass
class Item:
    day: dt.date | None
    title: str
    alliance: str
    url: str


@dataclass
class HeatRow:
    alliance_id: int
    alliance: str
    tier: int
    wave_id: int
    wave: str
    overall: float | None
    css: str
    url: str


@dataclass
class Dashboard:
    today: dt.date
    horizon: dt.date
    by_tier: list[Figure] = field(default_factory=list)
    by_type: list[Figure] = field(default_factory=list)
    by_stage: list[Figure] = field(default_factory=list)
    by_area: list[Figure] = field(default_factory=list)
    attention: list[Figure] = field(default_factory=list)
    decisions: list[Item] = field(default_factory=list)
    milestones: list[Item] = field(default_factory=list)
    notices: list[Item] = field(default_factory=list)
    escalations: list[Item] = field(default_factory=list)
    heat: list[HeatRow] = field(default_factory=list)
    overloaded: list = field(default_factory=list)
    value: object | None = None
    value_figures: list[Figure] = field(default_factory=list)

    def figure(self, key: str) -> Figure:
        groups = (self.by_tier, self.by_type, self.by_stage, self.by_area, self.attention)
        for group in (*groups, self.value_figures):
            for figure in group:
                if figure.key == key:
                    return figure
        raise KeyError(key)

    def charts(self) -> dict:
        """Chart.js configurations (data only) for accord/core/static/accord/charts.js."""
        charts = {
            "tier": _bar(_("Live alliances"), self.by_tier),
            "stage": _bar(_("Alliances"), self.by_stage),
            "type": _bar(_("Live alliances"), self.by_type, horizontal=True),
            "area": _bar(_("Live alliances"), self.by_area, horizontal=True),
        }
        if self.value_figures:
            figures = {f.key: f for f in self.value_figures}
            charts["value"] = {
                "type": "bar",
                "data": {
                    "labels": [_("To date")],
                    "datasets": [
                        {"label": _("Forecast"), "data": [float(figures["value_forecast"].value)]},
                        {"label": _("Realised"), "data": [float(figures["value_realised"].value)]},
                    ],
                },
                "options": {"indexAxis": "y"},
            }
        return charts

    @cached_property
    def heat_shown(self) -> list[HeatRow]:
        """What the page shows of the health rows: the lowest scores first (Tier 1 before the
        others on a tie), then those too few answered to score; the heatmap has every row."""
        scored = sorted(
            (row for row in self.heat if row.overall is not None),
            key=lambda row: (row.overall, row.tier, row.alliance),
        )
        unscored = [row for row in self.heat if row.overall is None]
        return (scored + unscored)[:SHOWN]

    @property
    def heat_html(self) -> str:
        """The shown rows as HTML, built here rather than by template tags (the same markup as
        the template's loop had, every text escaped)."""
        number = whole_formatter()
        return mark_safe(  # noqa: S308 - every text is escaped, the rest are numbers
            "".join(
                f'<tr><td><a href="{escape(row.url)}">{escape(row.alliance)}</a></td>'
                f"<td>{row.tier}</td><td>{escape(row.wave)}</td>"
                f'<td class="heat {escape(row.css)}">'
                f"{number(row.overall) if row.overall is not None else '–'}</td></tr>\n"
                for row in self.heat_shown
            )
        )

    @cached_property
    def overloaded_shown(self) -> list:
        """What the page shows of the managers over capacity: the most loaded first."""
        return sorted(self.overloaded, key=lambda load: -load.points)[:SHOWN]


def _bar(label: str, figures: list[Figure], horizontal=False) -> dict:
    config = {
        "type": "bar",
        "data": {
            "labels": [f.label for f in figures],
            "datasets": [{"label": label, "data": [f.value for f in figures]}],
        },
        "options": {"plugins": {"legend": {"display": False}}},
    }
    if horizontal:
        config["options"]["indexAxis"] = "y"
    return config


def live_alliances(user):
    return Alliance.objects.visible_to(user).active()


def decisions_due(user, horizon: dt.date):
    """Pending decisions needed by the horizon (late ones included: they are still to take)."""
    return Decision.objects.visible_to(user).pending().filter(due_on__lte=horizon)


def milestones_due(user, today: dt.date, horizon: dt.date):
    """Milestones forecast in the window that have not happened (nor been invoiced or paid)."""
    return (
        Milestone.objects.visible_to(user)
        .with_payment_status()
        .filter(payment_status="forecast", forecast_date__gte=today, forecast_date__lte=horizon)
    )


def notices_due(user, today: dt.date, horizon: dt.date):
    """Open notice deadlines (notice to stop a renewal, to exercise, to terminate) in the window."""
    return Obligation.objects.visible_to(user).filter(
        state=State.OPEN,
        category=Category.NOTIFICATION,
        due_date__gte=today,
        due_date__lte=horizon,
    )


def overdue_obligations(user, now: dt.datetime):
    return Obligation.objects.visible_to(user).with_status_in([ObligationStatus.OVERDUE], now)


def escalated_issues(user):
    return Issue.objects.visible_to(user).escalated()


@dataclass
class Counts:
    """What the dashboard counts, before it is labelled and linked (the SQL twins' output)."""

    tiers: dict
    types: dict
    stages: dict
    areas: list  # (area id, name, live alliances), most first
    attention: dict  # figure key -> count
    overloaded: list  # ManagerLoad of each person over capacity
    querysets: dict  # the record sets behind the attention figures, for their lists


def count(user, *, now: dt.datetime) -> Counts:
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    live = live_alliances(user)
    areas = (
        live.order_by()
        .filter(therapeutic_areas__isnull=False)
        .values_list("therapeutic_areas__pk", "therapeutic_areas__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "therapeutic_areas__name")
    )
    querysets = {
        "decisions_due": decisions_due(user, horizon),
        "milestones_due": milestones_due(user, today, horizon),
        "notices_due": notices_due(user, today, horizon),
        "obligations_overdue": overdue_obligations(user, now),
        "issues_escalated": escalated_issues(user),
    }
    loads = manager_loads(alliances=live)
    overloaded = [load for load in loads if load.status == LoadStatus.OVER]
    attention = {key: queryset.count() for key, queryset in querysets.items()}
    attention["managers_overloaded"] = len(overloaded)
    attention["nobody_designated"] = live.without_responsible_person().count()
    # Tiers and types of the live alliances and stages of all: one grouped read, summed here.
    tiers, types, stages = Counter(), Counter(), Counter()
    grouped = (
        Alliance.objects.visible_to(user)
        .order_by()
        .values_list("tier", "alliance_type", "stage")
        .annotate(n=Count("pk", distinct=True))
    )
    for tier, alliance_type, stage, n in grouped:
        stages[stage] += n
        if stage != Stage.TERMINATED:  # live: Alliance.objects.active()
            tiers[tier] += n
            types[alliance_type] += n
    return Counts(
        tiers=dict(tiers),
        types=dict(types),
        stages=dict(stages),
        areas=list(areas),
        attention=attention,
        overloaded=overloaded,
        querysets=querysets,
    )


def kept(user, *, with_value: bool = True, with_health: bool = True) -> Dashboard:
    """`build(user)` as of now, kept in the shared cache until anything changes (accord.core.
    freshness): the page, the API and the executive's home page read it."""
    from accord.core import freshness

    return freshness.kept(
        "dashboard",
        user,
        (timezone.localdate(), with_value, with_health),
        lambda: build(user, with_value=with_value, with_health=with_health),
    )


def build(
    user,
    *,
    now: dt.datetime | None = None,
    with_value: bool = True,
    with_health: bool = True,
    with_value_rows: bool = False,
) -> Dashboard:
    """The dashboard's figures and lists for `user`. `with_value_rows` also keeps each
    alliance's value figures in `board.value.alliances` (the pack's top alliances); the page and
    the API show only the portfolio's totals, summed in SQL."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    board = Dashboard(today=today, horizon=horizon)
    counts = count(user, now=now)
    live_stages = [("stage", s) for s in LIVE_STAGES]
    alliances_url = "portfolio:alliance_list"

    board.by_tier = [
        Figure(
            f"tier_{t.value}",
            str(t.label),
            counts.tiers.get(t.value, 0),
            link(alliances_url, [("tier", t.value), *live_stages]),
        )
        for t in Tier
    ]
    board.by_type = [
        Figure(
            f"type_{t.value}",
            str(t.label),
            counts.types.get(t.value, 0),
            link(alliances_url, [("type", t.value), *live_stages]),
        )
        for t in AllianceType
        if counts.types.get(t.value)
    ]
    board.by_stage = [
        Figure(
            f"stage_{s.value}",
            str(s.label),
            counts.stages.get(s.value, 0),
            link(alliances_url, [("stage", s.value)]),
        )
        for s in Stage
    ]
    board.by_area = [
        Figure(f"area_{pk}", name, n, link(alliances_url, [("therapeutic_area", pk), *live_stages]))
        for pk, name, n in counts.areas
    ]
    board.overloaded = counts.overloaded
    open_statuses = [("status", s) for s in ("overdue", "due", "upcoming", "pending")]
    by = {"day": date_format(horizon, pgettext("date format", "j M"))}
    links = {
        "decisions_due": (
            _("Decisions needed by %(day)s") % by,
            link("governance:decision_list", [("pending", "true"), ("due_before", horizon)]),
        ),
        "milestones_due": (
            _("Milestones forecast by %(day)s") % by,
            link(
                "contracts:milestone_list",
                [
                    ("payment_status", "forecast"),
                    ("forecast_after", today),
                    ("forecast_before", horizon),
                ],
            ),
        ),
        "notices_due": (
            _("Notice deadlines by %(day)s") % by,
            link(
                "contracts:obligation_list",
                [
                    ("category", Category.NOTIFICATION),
                    *open_statuses,
                    ("due_after", today),
                    ("due_before", horizon),
                ],
            ),
        ),
        "obligations_overdue": (
            _("Overdue obligations"),
            link("contracts:obligation_list", [("status", "overdue")]),
        ),
        "issues_escalated": (
            _("Escalated issues"),
            link("governance:issue_list", [("escalated", "true")]),
        ),
        "managers_overloaded": (_("Managers over capacity"), link("portfolio:workload")),
        "nobody_designated": (
            _("Live alliances with nobody designated"),
            link(alliances_url, [("unassigned", "true")]),
        ),
    }
    board.attention = [
        Figure(key, label, counts.attention[key], url) for key, (label, url) in links.items()
    ]
    _add_lists(board, **counts.querysets)
    if with_health:
        board.heat = health_rows(user)
    if with_value:
        _add_value(board, user, today, with_rows=with_value_rows)
    return board


def _add_lists(
    board: Dashboard,
    *,
    decisions_due,
    milestones_due,
    notices_due,
    issues_escalated,
    obligations_overdue,  # counted only: its list is the obligations page
) -> None:
    """The first few records behind the attention figures, soonest first."""
    board.decisions = [
        Item(d.due_on, d.title, d.alliance.name, d.get_absolute_url())
        for d in decisions_due.select_related("alliance").order_by("due_on", "pk")[:LIST_SIZE]
    ]
    board.milestones = [
        Item(m.forecast_date, m.title, m.alliance.name, m.get_absolute_url())
        for m in milestones_due.select_related("alliance").order_by("forecast_date", "pk")[
            :LIST_SIZE
        ]
    ]
    board.notices = [
        Item(o.due_date, o.title, o.alliance.name, o.get_absolute_url())
        for o in notices_due.select_related("alliance").order_by("due_date", "pk")[:LIST_SIZE]
    ]
    board.escalations = [
        Item(i.level_since.date(), i.title, i.alliance.name, i.get_absolute_url())
        for i in issues_escalated.select_related("alliance").order_by("level_since", "pk")[
            :LIST_SIZE
        ]
    ]


def latest_waves_queryset(user):
    """Closed joint waves of live alliances with no later closed joint wave of their own."""
    return (
        Wave.objects.visible_to(user)
        .filter(kind=WaveKind.JOINT, alliance__in=Alliance.objects.active())
        .latest_closed()
    )


def health_rows(user) -> list[HeatRow]:
    """Each live alliance's latest joint health score (None when too few answered to show)."""
    from accord.health.results import headline_overalls_by_id

    # What a row shows, not whole waves and alliances (hundreds of rows on a big portfolio).
    waves = [
        SimpleNamespace(pk=pk, alliance_id=alliance_id, title=title, name=name, tier=tier)
        for pk, alliance_id, title, name, tier in latest_waves_queryset(user)
        .order_by("alliance__tier", "alliance__name", "alliance_id")
        .values_list("pk", "alliance_id", "title", "alliance__name", "alliance__tier")
    ]
    if not waves:
        return []
    overall_of = headline_overalls_by_id([wave.pk for wave in waves])
    # One reversed URL for every row (hundreds of rows on a big portfolio).
    sentinel = 987654321
    url = reverse("health:alliance_health", args=[sentinel])
    result = []
    for wave in waves:
        score = overall_of[wave.pk]
        result.append(
            HeatRow(
                alliance_id=wave.alliance_id,
                alliance=wave.name,
                tier=wave.tier,
                wave_id=wave.pk,
                wave=wave.title,
                overall=score,
                css=heat_class(score),
                url=url.replace(str(sentinel), str(wave.alliance_id)),
            )
        )
    return result


def _add_value(board: Dashboard, user, today: dt.date, *, with_rows: bool) -> None:
    try:
        from accord.value.summaries import portfolio_summary
    except ImportError:  # the value app is optional
        return
    # Stored per-alliance summaries, aggregated in SQL and scoped (accord/value/summaries.py).
    value = portfolio_summary(user, with_rows=with_rows)
    board.value = value
    url = _value_url()
    c = {"currency": value.currency}
    board.value_figures = [
        Figure(
            "value_forecast",
            _("Receipts planned to date (%(currency)s)") % c,
            value.forecast_to_date,
            url,
        ),
        Figure(
            "value_realised", _("Received to date (%(currency)s)") % c, value.realised_to_date, url
        ),
        Figure(
            "value_payments_planned",
            _("Payments planned to date (%(currency)s)") % c,
            value.payments_planned_to_date,
            url,
        ),
        Figure("value_paid", _("Paid to date (%(currency)s)") % c, value.paid_to_date, url),
        Figure("value_net", _("Net value captured (%(currency)s)") % c, value.net_captured, url),
        Figure(
            "value_at_risk",
            _("Value at risk (%(currency)s)") % c,
            value.value_at_risk,
            f"{url}?sort=risk",
        ),
        Figure(
            "value_not_modelled",
            _("Live alliances not modelled yet"),
            value.not_modelled,
            f"{url}?modelled=no",
        ),
    ]


def _value_url() -> str:
    return reverse("value:portfolio")
