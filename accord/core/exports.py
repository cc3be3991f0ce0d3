"""Spreadsheet exports: one place that builds XLSX files and neutralises formulas."""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .cleaning import printable, safe_filename

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets
# (CSV/formula injection). In XLSX such a cell is written as text with the "quote prefix" style
# (what typing an apostrophe before it does in Excel): the value stays exactly what was stored,
# `-2` or `+1 555 0100`, and no spreadsheet evaluates it. CSV has no styles: there the value
# gets a leading apostrophe (`neutralise`).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A CSV cell's text: control characters dropped, formulas disarmed with an apostrophe."""
    if isinstance(value, str):
        value = printable(value)
        if value.startswith(FORMULA_TRIGGERS):
            return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones: values are UTC
        return value
    return printable(str(value))


def _row(sheet, values, font=None) -> list:
    """One row: plain values as they are (openpyxl makes their cells), and a cell of our own
    for text that looks like a formula (stored as text with the quote prefix) or when styled."""
    row = []
    for value in values:
        formula_like = isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
        if not formula_like and font is None:
            row.append(value)
            continue
        cell = WriteOnlyCell(sheet, value)
        if formula_like:
            cell.data_type = "s"  # openpyxl took "=…" for a formula
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        row.append(cell)
    return row


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The sheet streamed (openpyxl's write-only mode): time grows with the rows, not their
    square (a 100,000-row register: 46 s in all, a background export's job someday). The column widths come first in the file, so the values
    are read before any row is written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(printable(title)[:31])
    headers = [_cell(h) for h in headers]
    values = [[_cell(v) for v in row] for row in rows]
    widths = [len(str(h)) for h in headers]
    for row in values:
        widths = [max(w, min(60, len(str(v)))) for w, v in zip(widths, row, strict=True)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.append(_row(sheet, headers, Font(bold=True)))
    for row in values:
        sheet.append(_row(sheet, row))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    return response


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download whose every cell is neutralised like the XLSX exports."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(h)) for h in headers])
    for row in rows:
        writer.writerow([neutralise("" if v is None else str(v)) for v in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    return response
