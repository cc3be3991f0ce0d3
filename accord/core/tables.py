"""Reading an uploaded table (the first sheet of an XLSX, or a CSV) within limits, for imports.

A workbook declares its size (`<dimension ref="A1:XFD2101"/>`) and openpyxl pads every row to
it: 16,384 cells a row. The declared size is ignored here: rows are streamed (read-only mode)
and cut to the columns asked for, and reading stops as soon as the table is over its limits.
Whatever goes wrong while reading a workbook becomes a ValidationError({"file": ...}) naming the
problem, never an exception out of the import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Blank rows are skipped, but reading them costs too: past this many rows beyond the limit
# (blank or not) the sheet is refused rather than read to its declared end.
BLANK_ROWS_ALLOWED = 1000


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _bounded(rows: Iterable, *, max_rows: int, max_columns: int, what: str) -> list[list]:
    """The non-empty rows, header included, each at most `max_columns` wide; refused past
    `max_rows` rows under the header or past `max_columns` columns."""
    kept: list[list] = []
    for physical, row in enumerate(rows, start=1):
        if physical > max_rows + 1 + BLANK_ROWS_ALLOWED:
            raise _refuse(
                _(
                    "The %(what)s goes on past row %(row)s (blank rows included): delete the rows below your data, or split it into smaller files."
                )
                % {"what": what, "row": physical - 1}
            )
        cells = list(row)
        if any(not _blank(value) for value in cells[max_columns:]):
            raise _refuse(
                _(
                    "The %(what)s has more than %(max_columns)s columns (row %(physical)s): remove the columns the import does not need."
                )
                % {"what": what, "max_columns": max_columns, "physical": physical}
            )
        cells = cells[:max_columns]
        if all(_blank(value) for value in cells):
            continue
        kept.append(cells)
        if len(kept) > max_rows + 1:
            raise _refuse(
                _(
                    "The %(what)s has more than %(max_rows)s rows; split it into files of at most %(max_rows)s rows."
                )
                % {"what": what, "max_rows": max_rows}
            )
    # A sheet's rows come padded to the columns asked for: cut them to the table's width.
    width = max(
        (max(i for i, value in enumerate(row) if not _blank(value)) + 1 for row in kept),
        default=0,
    )
    return [row[:width] for row in kept]


def _xlsx_rows(book, max_rows: int, max_columns: int) -> Iterator[tuple]:
    if not book.worksheets:
        raise _refuse(_("The workbook has no sheet: the first sheet must hold the table."))
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # never trust the declared size
    # One column and one row past the limits, to tell "over the limit" from "at the limit".
    yield from sheet.iter_rows(
        min_row=1,
        max_row=max_rows + 2 + BLANK_ROWS_ALLOWED,
        min_col=1,
        max_col=max_columns + 1,
        values_only=True,
    )


def read_rows(
    content: bytes,
    kind: str,
    *,
    max_rows: int,
    max_columns: int,
    sniff_delimiter: bool = False,
) -> list[list]:
    """The non-empty rows of the first sheet (kind "xlsx") or of the UTF-8 text (kind "txt",
    CSV), the header first: at most `max_rows` rows under it, `max_columns` wide. Cells are
    as openpyxl reads them (None when empty) or strings for CSV."""
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except ValidationError:
            raise
        except Exception as error:  # hostile input: any failure to open it is named
            raise _refuse(_unreadable(error)) from error
        try:
            return _bounded(
                _xlsx_rows(book, max_rows, max_columns),
                max_rows=max_rows,
                max_columns=max_columns,
                what="workbook",
            )
        except ValidationError:
            raise
        except Exception as error:  # a cell or a row the reader cannot make sense of
            raise _refuse(_unreadable(error)) from error
        finally:
            book.close()
    if kind != "txt":
        raise _refuse(_("Upload the table as an Excel (.xlsx) or CSV file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(
            _("This text file is not UTF-8: save it as UTF-8 and upload it again.")
        ) from error
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    if sniff_delimiter:
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
    try:
        return _bounded(
            csv.reader(io.StringIO(text), dialect),
            max_rows=max_rows,
            max_columns=max_columns,
            what="file",
        )
    except csv.Error as error:
        raise _refuse(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from error


def _unreadable(error: Exception) -> str:
    if isinstance(error, (KeyError, IndexError)):
        reason = _("a cell or a sheet refers to something the workbook does not hold")
    elif isinstance(error, (ValueError, TypeError)):
        reason = _("a cell does not hold what its type says: %(error)s") % {"error": error}
    else:
        reason = str(error) or type(error).__name__
    return _(
        "The workbook cannot be read (%(reason)s): open it in Excel, save it as .xlsx and "
        "upload it again."
    ) % {"reason": reason[:200]}
