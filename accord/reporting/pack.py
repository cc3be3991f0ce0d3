"""The executive pack: a portfolio overview and one page per live Tier 1 alliance (health, value,
next milestones, top risks), as PowerPoint (python-pptx) or PDF (accord.core.documents).

Built for the person downloading it, through their scope: what they may not see is not in it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import F
from django.utils import timezone

from accord.contracts.models import Milestone
from accord.core.documents import Document, to_pdf
from accord.governance.models import Risk, RiskStatus
from accord.portfolio.models import Tier

from . import dashboard

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PER_ALLIANCE = 3


@dataclass
class AlliancePage:
    alliance_id: int
    name: str
    stage: str
    health: str
    value: list[str] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)


@dataclass
class Pack:
    board: dashboard.Dashboard
    overview: list[str]
    pages: list[AlliancePage]


def _money(value, currency) -> str:
    return f"{currency} {value:,.0f}"


def build(user) -> Pack:
    board = dashboard.build(user)
    today = board.today
    overview = [f"{f.label}: {f.value}" for f in board.by_tier]
    overview += [f"{f.label}: {f.value}" for f in board.attention]
    overview += [f"{f.label}: {f.value:,.0f}" for f in board.value_figures]
    tier1 = list(
        dashboard.live_alliances(user)
        .filter(tier=Tier.TIER_1)
        .order_by("name")
        .only("pk", "name", "stage")
    )
    ids = [a.pk for a in tier1]
    health = {row.alliance_id: row for row in board.heat}
    values = {}
    if board.value is not None:
        values = {a.alliance_id: a for a in board.value.alliances}
    milestones = defaultdict(list)
    for m in (
        Milestone.objects.visible_to(user)
        .filter(alliance_id__in=ids, achieved_on__isnull=True, forecast_date__gte=today)
        .order_by("alliance_id", "forecast_date", "pk")
    ):
        if len(milestones[m.alliance_id]) < PER_ALLIANCE:
            milestones[m.alliance_id].append(f"{m.forecast_date:%-d %b %Y}: {m.title}")
    risks = defaultdict(list)
    for r in (
        Risk.objects.visible_to(user)
        .filter(alliance_id__in=ids, status=RiskStatus.OPEN)
        .annotate(score_value=F("likelihood") * F("impact"))
        .order_by("alliance_id", "-score_value", "pk")
    ):
        if len(risks[r.alliance_id]) < PER_ALLIANCE:
            risks[r.alliance_id].append(f"{r.title} ({r.likelihood}×{r.impact})")
    pages = []
    for alliance in tier1:
        row = health.get(alliance.pk)
        if row is None:
            health_text = "No joint health assessment has closed yet."
        elif row.overall is None:
            health_text = f"{row.wave}: too few answered to show a score."
        else:
            health_text = f"{row.wave}: {row.overall:.0f}/100"
        page = AlliancePage(alliance.pk, alliance.name, alliance.get_stage_display(), health_text)
        value = values.get(alliance.pk)
        if value is not None:
            currency = board.value.currency
            page.value = [
                f"Forecast to date: {_money(value.forecast_to_date, currency)}",
                f"Realised to date: {_money(value.realised_to_date, currency)}",
                f"Value at risk: {_money(value.value_at_risk, currency)}",
            ]
        page.milestones = milestones[alliance.pk] or ["No milestone ahead."]
        page.risks = risks[alliance.pk] or ["No open risk."]
        pages.append(page)
    return Pack(board=board, overview=overview, pages=pages)


def title(pack: Pack) -> str:
    return f"Alliance portfolio, {pack.board.today:%-d %B %Y}"


def to_pptx(pack: Pack) -> bytes:
    from pptx import Presentation
    from pptx.util import Pt

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title(pack)
    body = slide.placeholders[1].text_frame
    body.text = "Portfolio overview"
    for line in pack.overview:
        paragraph = body.add_paragraph()
        paragraph.text = line
        paragraph.level = 1
        paragraph.font.size = Pt(12)
    for page in pack.pages:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"{page.name} (Tier 1, {page.stage})"
        body = slide.placeholders[1].text_frame
        body.text = f"Health: {page.health}"
        for heading, lines in (
            ("Value", page.value),
            ("Next milestones", page.milestones),
            ("Top risks", page.risks),
        ):
            if not lines:
                continue
            paragraph = body.add_paragraph()
            paragraph.text = heading
            for line in lines:
                item = body.add_paragraph()
                item.text = line
                item.level = 1
                item.font.size = Pt(12)
    buffer = BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def to_document(pack: Pack) -> Document:
    doc = Document(
        title=title(pack),
        subtitle=f"Generated {timezone.localtime():%Y-%m-%d %H:%M}",
        footer="Internal: tiers, values and risks are not for partners.",
    )
    doc.heading("Portfolio overview")
    doc.bullets(pack.overview)
    for page in pack.pages:
        doc.heading(f"{page.name} (Tier 1, {page.stage})")
        doc.paragraph(f"Health: {page.health}")
        for heading, lines in (
            ("Value", page.value),
            ("Next milestones", page.milestones),
            ("Top risks", page.risks),
        ):
            if lines:
                doc.heading(heading, level=2)
                doc.bullets(lines)
    return doc


def to_pdf_bytes(pack: Pack) -> bytes:
    return to_pdf(to_document(pack))
