"""Text that fits its box: real font metrics (PIL and a TrueType font on the machine) to wrap,
truncate and count lines at the size the pack writes, so nothing overflows a slide.

The pack's template uses Arial. Liberation Sans has Arial's metrics; DejaVu Sans, the fallback,
is wider, so text that fits in DejaVu fits in Arial too. Without either font a conservative
average width (0.62 em) is used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

EMU_PER_PT = 12700
LINE = 1.2  # line height in em (PowerPoint's single spacing for Arial is ~1.15)
ELLIPSIS = "…"
FONT_FILES = [
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]
BOLD_FILES = [
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
]


def font_file(bold: bool = False) -> str | None:
    return next((f for f in (BOLD_FILES if bold else FONT_FILES) if Path(f).exists()), None)


@lru_cache(maxsize=64)
def _font(size_pt: float, bold: bool):
    from PIL import ImageFont

    path = font_file(bold)
    if path is None:
        return None
    # Sized in hundredths of a point for precision; widths scale back below.
    return ImageFont.truetype(path, int(size_pt * 100))


def width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """The advance width of `text` in points at `size_pt`."""
    font = _font(size_pt, bold)
    if font is None:
        return len(text) * size_pt * 0.62
    return font.getlength(text) / 100


def wrap(text: str, size_pt: float, box_pt: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `box_pt` (words too long are cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if width_pt(candidate, size_pt, bold) <= box_pt:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while width_pt(current, size_pt, bold) > box_pt and len(current) > 1:
                cut = len(current)
                while cut > 1 and width_pt(current[:cut], size_pt, bold) > box_pt:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def clamp(text: str, size_pt: float, box_pt: float, max_lines: int, bold: bool = False) -> str:
    """`text` cut (with an ellipsis) so it wraps into at most `max_lines` lines."""
    text = " ".join(text.split())
    if len(wrap(text, size_pt, box_pt, bold)) <= max_lines:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that still fits with its ellipsis
        mid = (low + high + 1) // 2
        if len(wrap(text[:mid].rstrip() + ELLIPSIS, size_pt, box_pt, bold)) <= max_lines:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS


def lines_height_pt(lines: int, size_pt: float) -> float:
    return lines * size_pt * LINE


def emu_to_pt(emu: int) -> float:
    return emu / EMU_PER_PT
