"""One document model, rendered to PDF (reportlab) and Word (python-docx).

Reports Accord produces (audit trail exports, meeting packs, the alliance dossier, the weekly
note) are built once as a `Document` of blocks and rendered to whichever format is asked for, so
the PDF and the DOCX always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from io import BytesIO

from django.http import HttpResponse
from django.utils import translation

from .cleaning import printable, safe_filename

PDF_TYPE = "application/pdf"
# A PDF table is laid out in blocks of this many rows (see to_pdf).
TABLE_BLOCK_ROWS = 200
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    muted: bool = False


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    empty: str = "None."


class Blocks:
    """What a document and a section both add to their `blocks`."""

    def bullets(self, items):
        self.blocks.append(Bullets([str(i) for i in items]))
        return self

    def table(self, headers, rows, empty="None."):
        self.blocks.append(Table(list(headers), [list(r) for r in rows], empty))
        return self


@dataclass
class Document(Blocks):
    title: str
    subtitle: str = ""
    blocks: list = field(default_factory=list)
    footer: str = ""

    def heading(self, text, level=1):
        self.blocks.append(Heading(text, level))
        return self

    def paragraph(self, text, muted=False):
        self.blocks.append(Paragraph(text, muted))
        return self


@dataclass
class Section(Blocks):
    """A titled part of a document several apps write: e.g. the alliance dossier, whose
    sections each app contributes (accord.knowledge.dossiers) without importing the assembler."""

    title: str
    order: int
    blocks: list = field(default_factory=list)
    source: str = ""  # the app that wrote it

    def paragraph(self, text, muted=False):
        self.blocks.append(Paragraph(str(text), muted))
        return self

    def subheading(self, text):
        self.blocks.append(Heading(text, 2))
        return self


def _text(value) -> str:
    """A value as document text; characters no format can hold (stored before input was
    cleaned) are dropped here, at the writer."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return printable(str(value))


# Han ideographs, kana, Hangul, CJK punctuation and full-width forms: characters the PDF's
# standard fonts (Helvetica) do not have.
EAST_ASIAN = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    r"\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u1100-\u11ff\u3130-\u318f]+"
)
KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
HANGUL = re.compile(r"[\uac00-\ud7ff\u1100-\u11ff\u3130-\u318f\ua960-\ua97f]")
# reportlab's built-in CID fonts (Adobe's Asian font packs: the reader's PDF viewer supplies the
# glyphs, so nothing is embedded and no font file is needed on the server).
CID_FONTS = {"ja": "HeiseiKakuGo-W5", "ko": "HYGothic-Medium", "zh": "STSong-Light"}


def _cid_font(run: str) -> str:
    """The font for one run: Korean if it has Hangul, Japanese if it has kana, else (ideographs
    alone) the reader's language decides between Japanese, Korean and Chinese."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if HANGUL.search(run):
        key = "ko"
    elif KANA.search(run):
        key = "ja"
    else:
        key = (translation.get_language() or "")[:2]
        key = key if key in CID_FONTS else "zh"
    name = CID_FONTS[key]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def east_asian_runs(markup: str) -> str:
    """Paragraph markup with each run of Chinese, Japanese or Korean text in a font for it."""
    return EAST_ASIAN.sub(
        lambda m: f'<font name="{_cid_font(m.group())}">{m.group()}</font>', markup
    )


def to_pdf(document: Document) -> bytes:
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as T

    def escape(value) -> str:
        # reportlab paragraphs are markup: text is escaped, never interpreted; Chinese,
        # Japanese and Korean runs are set in a font that has their characters.
        return east_asian_runs(xml_escape(_text(value)))

    styles = getSampleStyleSheet()
    muted = ParagraphStyle("muted", parent=styles["BodyText"], textColor=colors.HexColor("#5b6577"))
    cell = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    story = [P(escape(document.title), styles["Title"])]
    if document.subtitle:
        story.append(P(escape(document.subtitle), muted))
    for block in document.blocks:
        if isinstance(block, Heading):
            story.append(
                P(escape(block.text), styles["Heading1" if block.level == 1 else "Heading2"])
            )
        elif isinstance(block, Paragraph):
            story.append(
                P(
                    escape(block.text).replace("\n", "<br/>"),
                    muted if block.muted else styles["BodyText"],
                )
            )
        elif isinstance(block, Bullets):
            if block.items:
                story.append(
                    ListFlowable(
                        [ListItem(P(escape(i), styles["BodyText"])) for i in block.items],
                        bulletType="bullet",
                        start="•",
                    )
                )
        elif isinstance(block, Table):
            if not block.rows:
                story.append(P(escape(block.empty), muted))
                continue
            header = [P(escape(h), head) for h in block.headers]
            # A long text (a clause, a description) may be taller than a page: rows split.
            # Columns share the page width: measured from their content, an unbroken string
            # (a long URL) would leave the others no width at all.
            width = (A4[0] - 30 * mm) / len(block.headers)
            style = TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#dfe3ea")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f2f5")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
            # In blocks of rows, each with the header: reportlab measures every remaining row
            # of a table at each page break, so one table of 19,000 rows took minutes.
            for start in range(0, len(block.rows), TABLE_BLOCK_ROWS):
                rows = block.rows[start : start + TABLE_BLOCK_ROWS]
                table = T(
                    [header, *([P(escape(v), cell) for v in row] for row in rows)],
                    colWidths=[width] * len(block.headers),
                    repeatRows=1,
                    hAlign="LEFT",
                    splitInRow=1,
                )
                table.setStyle(style)
                story.append(table)
        story.append(Spacer(1, 3 * mm))
    buffer = BytesIO()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#5b6577"))
        canvas.drawString(
            15 * mm, 10 * mm, f"{_text(document.footer)}  ·  page {doc.page}".strip(" ·")
        )
        canvas.restoreState()

    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_text(document.title),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
    ).build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def to_docx(document: Document) -> bytes:
    import docx

    word = docx.Document()
    word.core_properties.title = _text(document.title)[:255]
    word.add_heading(_text(document.title), level=0)
    if document.subtitle:
        word.add_paragraph(_text(document.subtitle))
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(_text(block.text), level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            word.add_paragraph(_text(block.text))
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(_text(item), style="List Bullet")
        elif isinstance(block, Table):
            if not block.rows:
                word.add_paragraph(_text(block.empty))
                continue
            table = word.add_table(rows=1, cols=len(block.headers))
            table.style = "Light Grid Accent 1"
            for index, header in enumerate(block.headers):
                table.rows[0].cells[index].text = _text(header)
            for row in block.rows:
                cells = table.add_row().cells
                for index, value in enumerate(row):
                    cells[index].text = _text(value)
    if document.footer:
        word.sections[0].footer.paragraphs[0].text = _text(document.footer)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def response(document: Document, fmt: str, filename: str) -> HttpResponse:
    """`fmt` is "pdf" or "docx"; the caller has checked it (anything else is a 400 there)."""
    content, content_type = (
        (to_pdf(document), PDF_TYPE) if fmt == "pdf" else (to_docx(document), DOCX_TYPE)
    )
    reply = HttpResponse(content, content_type=content_type)
    reply["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}.{fmt}"'
    return reply
