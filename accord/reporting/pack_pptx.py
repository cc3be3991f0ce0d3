"""The executive pack as PowerPoint: Accord's template (accord/reporting/data/accord-template.pptx)
or the company's own (`PackTemplate`), filled by placeholder type and idx, with native charts and
tables and text measured (slidefit) so that nothing overflows its box."""

from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import slidefit
from .pack import AMBER, GREEN, GREY, RED, Bullets, Chart, Pack, Slide, Table

TEMPLATE = Path(__file__).resolve().parent / "data" / "accord-template.pptx"
TITLE_PT, SUBTITLE_PT, BODY_PT, TABLE_PT, CHART_PT = 28, 18, 16, 11, 10
INSET_X, INSET_Y = 7.2, 3.6  # python-pptx / PowerPoint default text insets, in points
BULLET_INDENT = 27.0  # the template's first-level hanging indent (0.375 in)
PARAGRAPH_GAP = 0.2  # space before each paragraph, in em
CELL_LINES = 2
BULLET_LINES = 3
RAG_RGB = {RED: "C0392B", AMBER: "E0A030", GREEN: "3C8D5A", GREY: "BFC5CE"}
SERIES_RGB = ["2F5D8A", "8A9BB0", "A24B4B", "3E8E7E", "C08A2E", "6B5B95"]
LAYOUTS = ("title", "section", "content", "two", "title_only")
LAYOUT_NAMES = {
    "title": "a title slide (title and subtitle)",
    "section": "a section header (title and one text placeholder)",
    "content": "a title and content layout (title and one content placeholder)",
    "two": "a two content layout (title and two content placeholders)",
    "title_only": "a title only layout",
}


def _types():
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    frame = {P.DATE, P.FOOTER, P.SLIDE_NUMBER, P.HEADER}
    titles = {P.TITLE, P.CENTER_TITLE, P.VERTICAL_TITLE}
    return P, frame, titles


def _bodies(layout):
    P, frame, titles = _types()
    return sorted(
        (
            ph
            for ph in layout.placeholders
            if ph.placeholder_format.type not in frame | titles | {P.SUBTITLE}
        ),
        key=lambda ph: ph.placeholder_format.idx,
    )


def find_layouts(deck) -> dict:
    """The layout for each kind of slide, recognised by its placeholders' types (a name that
    says so breaks a tie). Raises ValidationError naming what the template lacks."""
    P, _frame, titles = _types()
    found: dict = {}
    for layout in deck.slide_layouts:
        kinds = {ph.placeholder_format.type for ph in layout.placeholders}
        bodies = _bodies(layout)
        body_types = [ph.placeholder_format.type for ph in bodies]
        name = layout.name.lower()
        has_title = bool(kinds & titles)
        if not has_title:
            continue
        if P.SUBTITLE in kinds and not bodies:
            kind = "title"
        elif not bodies:
            kind = "title_only"
        elif len(bodies) == 1 and body_types[0] == P.BODY and "content" not in name:
            kind = "section"
        elif len(bodies) == 1 and body_types[0] in (P.OBJECT, P.BODY):
            kind = "content"
        elif len(bodies) == 2 and all(t in (P.OBJECT, P.BODY) for t in body_types):
            kind = "two"
        else:
            continue
        hint = {"title": "title", "section": "section", "two": "two", "title_only": "only"}
        preferred = hint.get(kind, "content") in name
        if kind not in found or (preferred and not found[kind][1]):
            found[kind] = (layout, preferred)
    missing = [LAYOUT_NAMES[k] for k in LAYOUTS if k not in found]
    if missing:
        raise ValidationError(
            {"file": _("The template lacks %(layouts)s.") % {"layouts": "; ".join(missing)}},
            code="layouts",
        )
    return {kind: layout for kind, (layout, _preferred) in found.items()}


def open_template(content: bytes | None = None):
    """The template as a python-pptx Presentation, checked; ValidationError if unusable."""
    from pptx import Presentation

    try:
        deck = Presentation(BytesIO(content) if content is not None else str(TEMPLATE))
    except Exception as error:  # python-pptx raises many kinds on a broken file
        raise ValidationError(
            {
                "file": _("This file does not open as a PowerPoint template (%(error)s).")
                % {"error": type(error).__name__}
            }
        ) from error
    layouts = find_layouts(deck)
    # Slides the template carries (examples) are left out of the pack.
    ids = deck.slides._sldIdLst
    for slide_id in list(ids):
        deck.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)
    return deck, layouts


class _PartNames:
    """python-pptx looks for a free part name by walking every part of the package for each new
    chart (and its workbook), and for an existing relationship to each new slide by reading every
    relationship of the presentation: both quadratic in the size of the deck. Here the names are
    counted and a new slide is known to have no relationship yet."""

    def __init__(self, package):
        self.used = {str(part.partname) for part in package.iter_parts()}
        self.next = {}

    def next_partname(self, template):
        from pptx.opc.packuri import PackURI

        n = self.next.get(template, 1)
        while template % n in self.used:
            n += 1
        self.next[template] = n + 1
        self.used.add(template % n)
        return PackURI(template % n)

    @staticmethod
    def install(deck) -> None:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        names = _PartNames(deck.part.package)
        deck.part.package.next_partname = names.next_partname
        rels = deck.part.rels
        matching = rels._get_matching

        def get_matching(reltype, target, is_external=False):
            if reltype == RT.SLIDE and not is_external:
                return None  # slides are only ever added, each a new part
            return matching(reltype, target, is_external)

        rels._get_matching = get_matching


@dataclass
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def text_width(self) -> float:
        return slidefit.emu_to_pt(self.width) - 2 * INSET_X

    @property
    def text_height(self) -> float:
        return slidefit.emu_to_pt(self.height) - 2 * INSET_Y


def _box(shape) -> Box:
    return Box(shape.left, shape.top, shape.width, shape.height)


def _set_text(frame, lines, size, *, bold=False, level=0):
    from pptx.util import Pt

    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.level = level
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold


def fit_lines(text: str, box: Box, size: float, *, indent: float = 0.0, bold=False) -> str:
    max_lines = max(1, int(box.text_height // (size * slidefit.LINE)))
    return slidefit.clamp(text, size, box.text_width - indent, max_lines, bold)


def fit_bullets(items: list[str], box: Box, size: float = BODY_PT) -> list[str]:
    """As many bullets as the box holds, each cut to a few lines, the last cut to what is left."""
    width = box.text_width - BULLET_INDENT
    room = box.text_height
    result = []
    for item in items:
        gap = size * PARAGRAPH_GAP if result else 0
        lines_left = int((room - gap) // (size * slidefit.LINE))
        if lines_left < 1:
            break
        text = slidefit.clamp(item, size, width, min(BULLET_LINES, lines_left))
        used = len(slidefit.wrap(text, size, width))
        room -= gap + used * size * slidefit.LINE
        result.append(text)
    return result


class Renderer:
    def __init__(self, template: bytes | None = None):
        self.deck, self.layouts = open_template(template)
        _PartNames.install(self.deck)
        # Where each layout's placeholders sit, read once: a slide's placeholders inherit their
        # position, and python-pptx finds it by searching the layout and master every time.
        self.geometry = {
            kind: {ph.placeholder_format.idx: _box(ph) for ph in layout.placeholders}
            for kind, layout in self.layouts.items()
        }

    def _box(self, kind: str, shape) -> Box:
        if shape._element.xpath("./p:spPr/a:xfrm"):
            return _box(shape)
        return self.geometry[kind][shape.placeholder_format.idx]

    def save(self) -> bytes:
        buffer = BytesIO()
        self.deck.save(buffer)
        return buffer.getvalue()

    def _add_slide(self, layout):
        """python-pptx's Slides.add_slide, with the next slide id counted instead of found by
        reading every slide id in the deck (quadratic in the number of slides)."""
        ids = self.deck.slides._sldIdLst
        if not hasattr(self, "next_id"):
            self.next_id = max([255] + [int(i) for i in ids.xpath("./p:sldId/@id")]) + 1
        rid, slide = self.deck.part.add_slide(layout)
        slide.shapes.clone_layout_placeholders(layout)
        ids._add_sldId(id=self.next_id, rId=rid)
        self.next_id += 1
        return slide

    def slide(self, spec: Slide):
        slide = self._add_slide(self.layouts[spec.layout])
        P, _frame, _titles = _types()
        title = slide.shapes.title
        if title is not None:
            title_box = self._box(spec.layout, title)
            _set_text(title.text_frame, [fit_lines(spec.title, title_box, TITLE_PT)], TITLE_PT)
        subtitle = next(
            (p for p in slide.placeholders if p.placeholder_format.type == P.SUBTITLE), None
        )
        bodies = _bodies(slide)
        if spec.layout in ("title", "section"):
            target = subtitle if spec.layout == "title" else (bodies[0] if bodies else None)
            if target is not None and spec.subtitle:
                text = fit_lines(spec.subtitle, self._box(spec.layout, target), SUBTITLE_PT)
                _set_text(target.text_frame, [text], SUBTITLE_PT)
            elif target is not None:
                target._element.getparent().remove(target._element)
            return slide
        if spec.layout == "title_only":
            boxes = self._columns(title_box, len(spec.blocks))
        else:
            boxes = [self._box(spec.layout, ph) for ph in bodies]
        for index, box in enumerate(boxes):
            placeholder = bodies[index] if spec.layout != "title_only" else None
            block = spec.blocks[index] if index < len(spec.blocks) else None
            self._block(slide, placeholder, box, block)
        return slide

    def _columns(self, title: Box, n: int) -> list[Box]:
        from pptx.util import Inches

        gap = int(Inches(0.25))
        top = title.top + title.height + int(Inches(0.2))
        height = self.deck.slide_height - top - int(Inches(0.7))
        width = (title.width - gap * (n - 1)) // max(n, 1)
        return [Box(title.left + i * (width + gap), top, width, height) for i in range(n)]

    def _block(self, slide, placeholder, box: Box, block):
        if isinstance(block, Table) and not block.rows:
            block = Bullets([block.empty])
        if isinstance(block, Bullets) and placeholder is not None:
            _set_text(placeholder.text_frame, fit_bullets(block.items, box), BODY_PT)
            return
        if placeholder is not None:
            placeholder._element.getparent().remove(placeholder._element)
        if isinstance(block, Bullets):
            shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
            _set_text(shape.text_frame, fit_bullets(block.items, box), BODY_PT)
        elif isinstance(block, Chart):
            self._chart(slide, box, block)
        elif isinstance(block, Table):
            self._table(slide, box, block)

    def _chart(self, slide, box: Box, spec: Chart):
        from pptx.chart.data import CategoryChartData
        from pptx.dml.color import RGBColor
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
        from pptx.util import Pt

        data = CategoryChartData(number_format="#,##0")
        data.categories = spec.categories or ["None"]
        for name, values in spec.series:
            data.add_series(name, values or [0])
        kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.kind == "bar" else XL_CHART_TYPE.COLUMN_CLUSTERED
        chart = slide.shapes.add_chart(kind, box.left, box.top, box.width, box.height, data).chart
        chart.font.size = Pt(CHART_PT)
        chart.has_title = True
        chart.chart_title.text_frame.text = spec.title
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_PT + 2)
        chart.has_legend = len(spec.series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        chart.value_axis.has_major_gridlines = True
        chart.value_axis.tick_labels.number_format = "#,##0"
        chart.value_axis.tick_labels.number_format_is_linked = False
        for index, series in enumerate(chart.plots[0].series):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(
                SERIES_RGB[index % len(SERIES_RGB)]
            )
        plot = chart.plots[0]
        plot.gap_width = 60
        if len(spec.series) == 1:
            plot.has_data_labels = True
            plot.data_labels.number_format = "#,##0"
            plot.data_labels.number_format_is_linked = False
            plot.data_labels.font.size = Pt(CHART_PT)

    def _table(self, slide, box: Box, spec: Table):
        from pptx.dml.color import RGBColor
        from pptx.util import Pt

        widths = spec.widths or [1] * len(spec.headers)
        total = sum(widths)
        col_emu = [int(box.width * w / total) for w in widths]
        col_pt = [slidefit.emu_to_pt(w) - 2 * INSET_X for w in col_emu]
        line = TABLE_PT * slidefit.LINE
        header = [
            slidefit.clamp(h, TABLE_PT, col_pt[i], 1, True) for i, h in enumerate(spec.headers)
        ]
        rows, heights = [], []
        room = box.text_height + 2 * INSET_Y - (line + 2 * INSET_Y)
        for row in spec.rows:
            cells = [slidefit.clamp(v, TABLE_PT, col_pt[i], CELL_LINES) for i, v in enumerate(row)]
            lines = max(len(slidefit.wrap(c, TABLE_PT, col_pt[i])) for i, c in enumerate(cells))
            height = lines * line + 2 * INSET_Y
            if height > room and not rows:  # one row always goes: cut to a single line
                cells = [slidefit.clamp(v, TABLE_PT, col_pt[i], 1) for i, v in enumerate(row)]
                height = line + 2 * INSET_Y
            elif height > room:
                break
            room -= height
            rows.append(cells)
            heights.append(height)
        shown = len(rows)
        if shown < len(spec.rows):  # the rest goes on a continuation slide
            self._continuation(slide, spec, shown)
        shape = slide.shapes.add_table(
            shown + 1, len(spec.headers), box.left, box.top, box.width, box.height
        )
        table = shape.table
        for index, width in enumerate(col_emu):
            table.columns[index].width = width
        table.rows[0].height = Pt(math.ceil(line + 2 * INSET_Y))
        for index, height in enumerate(heights, start=1):
            table.rows[index].height = Pt(math.ceil(height))
        for col, text in enumerate(header):
            _set_text(table.cell(0, col).text_frame, [text], TABLE_PT, bold=True)
        for r, cells in enumerate(rows, start=1):
            for col, text in enumerate(cells):
                cell = table.cell(r, col)
                _set_text(cell.text_frame, [text], TABLE_PT)
                rag = spec.rag[r - 1] if r - 1 < len(spec.rag) else None
                if rag and col == spec.rag_column % len(spec.headers):
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(RAG_RGB[rag])
        shape.height = int(
            Pt(math.ceil(line + 2 * INSET_Y)) + sum(int(Pt(math.ceil(h))) for h in heights)
        )

    def _continuation(self, slide, spec: Table, shown: int):
        if not hasattr(self, "pending"):
            self.pending = []
        rest = Table(
            spec.headers,
            spec.rows[shown:],
            spec.rag[shown:],
            spec.rag_column,
            spec.widths,
            spec.empty,
        )
        self.pending.append((slide, rest))


def render(pack: Pack, template: bytes | None = None, progress=None) -> bytes:
    renderer = Renderer(template)
    for done, spec in enumerate(pack.slides, start=1):
        renderer.pending = []
        renderer.slide(spec)
        title = spec.title.removesuffix(" (continued)")
        while renderer.pending:
            _slide, rest = renderer.pending.pop(0)
            renderer.slide(Slide("content", f"{title} (continued)", blocks=[rest]))
        if progress is not None:
            progress(done)
    return renderer.save()
