"""The executive pack: a portfolio overview (charts of the portfolio, value against forecast, what
needs attention, the health heatmap, decisions and milestones ahead) and one slide per live Tier 1
alliance (status and why, next decision and milestone, value, health trend, top risk, our ask).

Built once as a list of `Slide`s for the person it is for, through their scope (what they may not
see is not in it), then rendered as PowerPoint (pack_pptx) or PDF (pack_pdf) with the same text
and the same chart series. Everything is ordered, so the same records give the same pack.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accord.contracts.models import Milestone
from accord.core.cleaning import printable
from accord.governance.models import Decision, Issue, Risk, RiskStatus
from accord.portfolio.models import Tier

from . import dashboard

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MAX_BULLETS = 6
HEALTH_TREND = 3

RED, AMBER, GREEN, GREY = "red", "amber", "green", "grey"
RAG_LABEL = {
    RED: gettext_lazy("Red"),
    AMBER: gettext_lazy("Amber"),
    GREEN: gettext_lazy("Green"),
    GREY: gettext_lazy("Not rated"),
}


@dataclass
class Chart:
    title: str
    kind: str  # "column" or "bar"
    categories: list[str]
    series: list[tuple[str, list[float]]]
    money: bool = False


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    rag: list[str | None] = field(default_factory=list)  # one per row: the status cell's fill
    rag_column: int = -1
    widths: list[float] | None = None  # relative column widths
    empty: str = "None."


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Slide:
    layout: str  # "title", "section", "content", "two", "title_only"
    title: str
    subtitle: str = ""
    blocks: list = field(default_factory=list)


@dataclass
class Pack:
    board: dashboard.Dashboard
    as_of: dt.date
    slides: list[Slide]

    @property
    def title(self) -> str:
        return title(self)


def _clean(text) -> str:
    return printable(str(text))


def score_rag(score) -> str:
    if score is None:
        return GREY
    if score >= 62.5:
        return GREEN
    if score >= 50:
        return AMBER
    return RED


def alliance_statuses(alliances, user, *, now: dt.datetime, heat=None) -> dict[int, tuple]:
    """(red/amber/green, the reason in words) of each alliance, for `user`'s eyes: the alliance
    page's status (accord.portfolio.status, overrides included), the one rule for it."""
    from accord.portfolio.status import alliance_statuses as statuses_of

    found = statuses_of(alliances, user, today=now.date())
    result = {}
    for alliance in alliances:
        status = found.get(alliance.pk)
        if status is None:
            result[alliance.pk] = (GREY, "not rated")
            continue
        if status.override:
            reason = f"set by hand: {status.override.reason}"
        else:
            reason = "; ".join(r.text for r in status.main_reasons)
        result[alliance.pk] = (status.status, reason or "on track: nothing escalated or overdue")
    return result


def health_trends(user, ids) -> dict[int, list[tuple[str, float | None]]]:
    """The last few closed joint health scores of each alliance, oldest first."""
    from accord.health.models import Wave, WaveKind
    from accord.health.results import ALL, headline_results

    waves = list(
        Wave.objects.visible_to(user)
        .closed()
        .filter(kind=WaveKind.JOINT, alliance_id__in=ids)
        .order_by("alliance_id", "-opens_on", "-pk")
    )
    latest = defaultdict(list)
    for wave in waves:
        if len(latest[wave.alliance_id]) < HEALTH_TREND:
            latest[wave.alliance_id].append(wave)
    chosen = [w for group in latest.values() for w in group]
    computed = headline_results(chosen) if chosen else {}
    trends = {}
    for alliance_id, group in latest.items():
        points = []
        for wave in reversed(group):
            result = computed[wave.pk]
            overall = result.group(ALL) if result.available else None
            points.append((wave.title, overall.overall if overall else None))
        trends[alliance_id] = points
    return trends


def _first_by_alliance(queryset, key=lambda r: r) -> dict:
    first = {}
    for record in queryset:
        first.setdefault(record.alliance_id, key(record))
    return first


def _ask(rag, escalation, decision, today) -> str:
    if escalation is not None:
        return _("Help resolve the escalated issue: %(title)s.") % {"title": escalation.title}
    if decision is not None and decision.due_on and decision.due_on < today:
        return _("Press for the overdue decision: %(title)s.") % {"title": decision.title}
    if rag == RED:
        return _("Call the partner's executive sponsor about the relationship.")
    return _("Nothing this week: keep sponsoring the alliance.")


def _overview(board: dashboard.Dashboard) -> list[Slide]:
    slides = [
        Slide(
            "title_only",
            _("The portfolio at a glance"),
            blocks=[
                Chart(_("Live alliances by tier"), "column", *_figures(board.by_tier)),
                Chart(_("Alliances by stage"), "column", *_figures(board.by_stage)),
                Chart(_("Live alliances by type"), "bar", *_figures(board.by_type)),
            ],
        )
    ]
    if board.value is not None and board.value_figures:
        value = board.value
        top = sorted(value.alliances, key=lambda a: (-a.forecast_to_date, a.name))[:8]
        slides.append(
            Slide(
                "two",
                _("Value captured against the deal forecast (%(currency)s)")
                % {"currency": value.currency},
                blocks=[
                    Chart(
                        _("Portfolio to date"),
                        "column",
                        [f.label.split(" (")[0] for f in board.value_figures],
                        [(value.currency, [float(f.value) for f in board.value_figures])],
                        money=True,
                    ),
                    Chart(
                        _("Largest forecasts to date"),
                        "bar",
                        [a.name for a in reversed(top)],
                        [
                            (_("Forecast"), [float(a.forecast_to_date) for a in reversed(top)]),
                            (_("Realised"), [float(a.realised_to_date) for a in reversed(top)]),
                        ],
                        money=True,
                    ),
                ],
            )
        )
    attention_rag = {
        "obligations_overdue": RED,
        "issues_escalated": RED,
        "managers_overloaded": AMBER,
        "nobody_designated": AMBER,
    }
    attention = [
        (f, attention_rag.get(f.key, AMBER) if f.value else GREEN) for f in board.attention
    ]
    slides.append(
        Slide(
            "content",
            _("What needs attention"),
            blocks=[
                Table(
                    [_("Figure"), _("Count"), _("Status")],
                    [[f.label, f"{f.value:,}", str(RAG_LABEL[rag])] for f, rag in attention],
                    rag=[rag for _figure, rag in attention],
                    rag_column=2,
                    widths=[6, 1.5, 1.5],
                )
            ],
        )
    )
    rows = [
        [
            row.alliance,
            _("Tier %(tier)s") % {"tier": row.tier},
            row.wave,
            "—" if row.overall is None else f"{row.overall:.0f}",
        ]
        for row in board.heat
    ]
    slides.append(
        Slide(
            "content",
            _("Relationship health: the latest joint assessment"),
            blocks=[
                Table(
                    [_("Alliance"), _("Tier"), _("Assessment"), _("Score /100")],
                    rows,
                    rag=[score_rag(row.overall) for row in board.heat],
                    rag_column=3,
                    widths=[4, 1.2, 4, 1.6],
                    empty=_("No joint health assessment has closed yet."),
                )
            ],
        )
    )
    slides.append(
        Slide(
            "two",
            _("Decisions and milestones ahead (to %(day)s)") % {"day": _day(board.horizon)},
            blocks=[
                Table(
                    [_("Decision due"), _("Decision"), _("Alliance")],
                    [[_day(i.day), i.title, i.alliance] for i in board.decisions],
                    rag=[RED if i.day and i.day < board.today else None for i in board.decisions],
                    rag_column=0,
                    widths=[1.6, 3, 2.4],
                    empty=_("No decision due."),
                ),
                Table(
                    [_("Forecast"), _("Milestone"), _("Alliance")],
                    [[_day(i.day), i.title, i.alliance] for i in board.milestones],
                    widths=[1.6, 3, 2.4],
                    empty=_("No milestone forecast."),
                ),
            ],
        )
    )
    return slides


def _figures(figures) -> tuple[list[str], list]:
    return [f.label for f in figures], [(_("Alliances"), [f.value for f in figures])]


def _day(day) -> str:
    return date_format(day, pgettext("date format", "j M Y")) if day else _("No date")


def _tier1_slides(user, board: dashboard.Dashboard, now: dt.datetime) -> list[Slide]:
    today = board.today
    tier1 = list(
        dashboard.live_alliances(user)
        .filter(tier=Tier.TIER_1)
        .order_by("name", "pk")
        .only("pk", "name", "stage")
    )
    ids = [a.pk for a in tier1]
    statuses = alliance_statuses(tier1, user, now=now, heat=board.heat)
    trends = health_trends(user, ids)
    values = {a.alliance_id: a for a in board.value.alliances} if board.value else {}
    decisions = _first_by_alliance(
        Decision.objects.visible_to(user)
        .pending()
        .filter(alliance_id__in=ids)
        .order_by("alliance_id", F("due_on").asc(nulls_last=True), "pk")
    )
    milestones = _first_by_alliance(
        Milestone.objects.visible_to(user)
        .filter(alliance_id__in=ids, achieved_on__isnull=True, forecast_date__gte=today)
        .order_by("alliance_id", "forecast_date", "pk")
    )
    risks = _first_by_alliance(
        Risk.objects.visible_to(user)
        .filter(alliance_id__in=ids, status=RiskStatus.OPEN)
        .annotate(score_value=F("likelihood") * F("impact"))
        .order_by("alliance_id", "-score_value", "pk")
    )
    escalations = _first_by_alliance(
        Issue.objects.visible_to(user)
        .escalated()
        .filter(alliance_id__in=ids)
        .order_by("alliance_id", "level_since", "pk")
    )
    slides = [
        Slide(
            "section",
            _("Tier 1 alliances"),
            _("One page each: status, value, health, our ask"),
        )
    ]
    for alliance in tier1:
        rag, reason = statuses[alliance.pk]
        decision = decisions.get(alliance.pk)
        milestone = milestones.get(alliance.pk)
        risk = risks.get(alliance.pk)
        trend = trends.get(alliance.pk, [])
        bullets = [
            _("Status: %(status)s, %(reason)s") % {"status": RAG_LABEL[rag], "reason": reason},
            _("Next decision: %(title)s, due %(day)s")
            % {"title": decision.title, "day": _day(decision.due_on)}
            if decision
            else _("Next decision: none pending"),
            _("Next milestone: %(title)s, %(day)s")
            % {"title": milestone.title, "day": _day(milestone.forecast_date)}
            if milestone
            else _("Next milestone: none ahead"),
            _("Health trend: %(trend)s")
            % {
                "trend": " → ".join(_("n/a") if s is None else f"{s:.0f}" for _day_, s in trend)
                if trend
                else _("no joint assessment closed yet")
            },
            _("Top risk: %(title)s (%(likelihood)s×%(impact)s)")
            % {"title": risk.title, "likelihood": risk.likelihood, "impact": risk.impact}
            if risk
            else _("Top risk: no open risk"),
            _("Our ask: %(ask)s")
            % {"ask": _ask(rag, escalations.get(alliance.pk), decision, today)},
        ]
        value = values.get(alliance.pk)
        if value is not None and (value.forecast_to_date or value.realised_to_date):
            currency = board.value.currency
            right = Chart(
                _("Value to date (%(currency)s)") % {"currency": currency},
                "column",
                [_("Forecast"), _("Realised"), _("At risk")],
                [
                    (
                        currency,
                        [
                            float(value.forecast_to_date),
                            float(value.realised_to_date),
                            float(value.value_at_risk),
                        ],
                    )
                ],
                money=True,
            )
        else:
            right = Bullets([_("No value forecast recorded to date.")])
        slides.append(
            Slide(
                "two",
                _("%(name)s (Tier 1, %(stage)s)")
                % {"name": alliance.name, "stage": alliance.get_stage_display()},
                blocks=[Bullets(bullets[:MAX_BULLETS]), right],
            )
        )
    return slides


def build(user, *, as_of: dt.date | None = None) -> Pack:
    """The pack for `user` as of the morning of `as_of` (today by default)."""
    as_of = as_of or timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(9, 0)))
    board = dashboard.build(user, now=now, with_value_rows=True)
    slides = [
        Slide(
            "title",
            _("Alliance portfolio, %(day)s")
            % {"day": date_format(as_of, pgettext("date format", "j F Y"))},
            _("Executive pack. Internal: tiers, values and risks are not for partners."),
        ),
        *_overview(board),
        *_tier1_slides(user, board, now),
    ]
    for slide in slides:
        slide.title = _clean(slide.title)
        slide.subtitle = _clean(slide.subtitle)
        for block in slide.blocks:
            if isinstance(block, Bullets):
                block.items = [_clean(i) for i in block.items]
            elif isinstance(block, Table):
                block.rows = [[_clean(v) for v in row] for row in block.rows]
            elif isinstance(block, Chart):
                block.categories = [_clean(c) for c in block.categories]
    return Pack(board=board, as_of=as_of, slides=slides)


def title(pack: Pack) -> str:
    return _("Alliance portfolio, %(day)s") % {
        "day": date_format(pack.as_of, pgettext("date format", "j F Y"))
    }


def to_pptx(pack: Pack, template: bytes | None = None, progress=None) -> bytes:
    from .pack_pptx import render

    return render(pack, template=template, progress=progress)


def to_pdf_bytes(pack: Pack) -> bytes:
    from .pack_pdf import render

    return render(pack)
