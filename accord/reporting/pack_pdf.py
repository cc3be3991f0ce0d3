"""The executive pack as PDF: one landscape page per slide with the same text, and the same
charts drawn as vector graphics (reportlab.graphics), tables with red/amber/green fills."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape as xml_escape

from django.utils.translation import gettext as _

from accord.core.documents import east_asian_runs

from .pack import Bullets, Chart, Pack, Table
from .pack_pptx import RAG_RGB, SERIES_RGB


def escape(text) -> str:
    """Paragraph markup: text escaped; Chinese, Japanese and Korean runs in a font for them."""
    return east_asian_runs(xml_escape(str(text)))


def _chart(spec: Chart, width: float, height: float):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, spec.title, fontName="Helvetica-Bold", fontSize=10))
    horizontal = spec.kind == "bar"
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    legend_room = 18 if len(spec.series) > 1 else 0
    label_room = 110 if horizontal else 0
    chart.x, chart.y = 40 + label_room, 30 + legend_room
    chart.width = width - chart.x - 10
    chart.height = height - chart.y - 24
    chart.data = [tuple(values) or (0,) for _, values in spec.series] or [(0,)]
    chart.categoryAxis.categoryNames = [c[:24] for c in spec.categories] or ["None"]
    chart.categoryAxis.labels.fontSize = 7
    if horizontal:
        chart.categoryAxis.labels.boxAnchor = "e"
    else:
        chart.categoryAxis.labels.angle = 30 if len(spec.categories) > 4 else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if len(spec.categories) > 4 else "n"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    for index in range(len(chart.data)):
        chart.bars[index].fillColor = colors.HexColor("#" + SERIES_RGB[index % len(SERIES_RGB)])
        chart.bars[index].strokeColor = None
    if len(spec.series) == 1:
        chart.barLabels.fontSize = 7
        chart.barLabelFormat = lambda v: f"{v:,.0f}"
    drawing.add(chart)
    if legend_room:
        legend = Legend()
        legend.x, legend.y = chart.x, 8
        legend.fontSize = 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = [
            (colors.HexColor("#" + SERIES_RGB[i % len(SERIES_RGB)]), name)
            for i, (name, _) in enumerate(spec.series)
        ]
        drawing.add(legend)
    return drawing


def render(pack: Pack) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        ListFlowable,
        ListItem,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import Table as T

    page = landscape(A4)
    margin = 15 * mm
    usable_w, usable_h = page[0] - 2 * margin, page[1] - 2 * margin - 40
    styles = getSampleStyleSheet()
    title_style = ParagraphStyle("t", parent=styles["Title"], alignment=0, fontSize=20, leading=24)
    body = ParagraphStyle("b", parent=styles["BodyText"], fontSize=11, leading=14)
    cell = ParagraphStyle("c", parent=body, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("h", parent=cell, fontName="Helvetica-Bold")
    story = []

    def table(spec: Table, width: float):
        if not spec.rows:
            return Paragraph(escape(spec.empty), body)
        weights = spec.widths or [1] * len(spec.headers)
        total = sum(weights)
        data = [[Paragraph(escape(h), head) for h in spec.headers]]
        data += [[Paragraph(escape(v), cell) for v in row] for row in spec.rows]
        t = T(data, colWidths=[width * w / total for w in weights], repeatRows=1, hAlign="LEFT")
        style = [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#dfe3ea")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        column = spec.rag_column % len(spec.headers)
        for index, rag in enumerate(spec.rag, start=1):
            if rag:
                fill = colors.HexColor("#" + RAG_RGB[rag])
                style.append(("BACKGROUND", (column, index), (column, index), fill))
        t.setStyle(TableStyle(style))
        return t

    def block(spec, width: float):
        if isinstance(spec, Chart):
            return _chart(spec, width, min(usable_h, 330))
        if isinstance(spec, Table):
            return table(spec, width)
        if isinstance(spec, Bullets):
            return ListFlowable(
                [ListItem(Paragraph(escape(i), body)) for i in spec.items],
                bulletType="bullet",
                start="•",
            )
        return Spacer(1, 1)

    for index, slide in enumerate(pack.slides):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(escape(slide.title), title_style))
        if slide.subtitle:
            story.append(Paragraph(escape(slide.subtitle), body))
        blocks = slide.blocks
        if len(blocks) == 1:
            story.append(block(blocks[0], usable_w))
        elif blocks:
            gap = 8 * mm
            width = (usable_w - gap * (len(blocks) - 1)) / len(blocks)
            row = [block(b, width) for b in blocks]
            grid = T([row], colWidths=[width + gap] * (len(blocks) - 1) + [width], hAlign="LEFT")
            grid.setStyle(
                TableStyle(
                    [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
                )
            )
            story.append(grid)

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#5b6577"))
        canvas.drawString(
            margin, 8 * mm, _("%(title)s. Internal: not for partners.") % {"title": pack.title}
        )
        canvas.drawRightString(page[0] - margin, 8 * mm, str(document.page))
        canvas.restoreState()

    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=pack.title,
        author="Accord",
        invariant=1,
    ).build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
