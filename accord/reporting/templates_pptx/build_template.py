"""Build Accord's own PowerPoint template, accord/reporting/data/accord-template.pptx.

Run once (and again after changing this script): `python -m
accord.reporting.templates_pptx.build_template`. The result is committed as a data file; the
executive pack opens it, or a company's own template uploaded in the admin (`PackTemplate`).

Starting from python-pptx's blank 4:3 template it makes a 16:9 deck, keeps the five layouts the
pack uses (title, section, title and content, two content, title only), gives the theme a neutral
palette and Arial, sets the master's text sizes to the ones the pack writes at, and draws a thin
accent rule under the title of every slide.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "accord-template.pptx"
WIDTH, HEIGHT = 12192000, 6858000  # 13.333 x 7.5 inches
KEEP = ["Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only"]
PALETTE = {
    "dk2": "1F2A3C",  # ink
    "lt2": "EEF1F5",  # paper
    "accent1": "2F5D8A",  # steel blue
    "accent2": "8A9BB0",  # slate
    "accent3": "3E8E7E",  # teal
    "accent4": "C08A2E",  # ochre
    "accent5": "6B5B95",  # muted violet
    "accent6": "A24B4B",  # brick
    "hlink": "2F5D8A",
    "folHlink": "6B5B95",
}
FONT = "Arial"
TITLE_SIZE = 2800  # hundredths of a point
BODY_SIZES = [1800, 1600, 1400, 1400, 1400]
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}


def _theme(blob: bytes) -> bytes:
    text = blob.decode("utf-8")
    for name, rgb in PALETTE.items():
        text = re.sub(
            rf"<a:{name}>.*?</a:{name}>",
            f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>',
            text,
            count=1,
            flags=re.S,
        )
    text = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"', rf'\1{FONT}"', text)
    return text.replace('name="Office Theme"', 'name="Accord"', 1).encode("utf-8")


def _scale(shapes, factor: float) -> None:
    for shape in shapes:
        # Only positions written on the shape itself: inherited ones follow the master.
        if shape._element.xpath("./p:spPr/a:xfrm"):
            shape.left = int(shape.left * factor)
            shape.width = int(shape.width * factor)


def _text_sizes(master) -> None:
    styles = master._element.find("p:txStyles", NS)
    for rpr in styles.findall("p:titleStyle/a:lvl1pPr/a:defRPr", NS):
        rpr.set("sz", str(TITLE_SIZE))
    for level, size in enumerate(BODY_SIZES, start=1):
        for rpr in styles.findall(f"p:bodyStyle/a:lvl{level}pPr/a:defRPr", NS):
            rpr.set("sz", str(size))


def build(path: Path = OUTPUT) -> Path:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.util import Emu

    deck = Presentation()
    factor = WIDTH / deck.slide_width
    deck.slide_width, deck.slide_height = Emu(WIDTH), Emu(HEIGHT)
    master = deck.slide_master
    theme = master.part.part_related_by(RT.THEME)
    theme._blob = _theme(theme.blob)
    _text_sizes(master)
    _scale(master.shapes, factor)
    for layout in list(master.slide_layouts):
        if layout.name not in KEEP:
            master.slide_layouts.remove(layout)
        else:
            _scale(layout.shapes, factor)
    # The accent rule, drawn on a scratch slide and moved onto the master.
    scratch = deck.slides.add_slide(master.slide_layouts[0])
    rule = scratch.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Emu(609600), Emu(1371600), Emu(WIDTH - 2 * 609600), Emu(38100)
    )
    rule.fill.solid()
    rule.fill.fore_color.rgb = RGBColor.from_string(PALETTE["accent1"])
    rule.line.fill.background()
    rule.name = "Accord accent rule"
    master.shapes._spTree.append(copy.deepcopy(rule._element))
    slide_ids = deck.slides._sldIdLst
    rid = slide_ids[0].rId
    deck.part.drop_rel(rid)
    slide_ids.remove(slide_ids[0])
    deck.core_properties.title = "Accord"
    deck.core_properties.author = "Accord"
    path.parent.mkdir(parents=True, exist_ok=True)
    deck.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
