"""The bounded table reader both imports use: the declared sheet size ignored, rows streamed
and capped, blank rows skipped, every failure a message."""

from __future__ import annotations

import tracemalloc

import pytest
from django.core.exceptions import ValidationError

from accord.core import tables
from accord.core.tests.hostile_files import SHEET, huge_dimension_xlsx, xlsx_parts, zip_bytes
from accord.value import details

HEADER = ("date", "channel", "count")


def workbook(rows) -> bytes:
    return zip_bytes(xlsx_parts(rows))


def refusal(content, kind, **limits) -> str:
    with pytest.raises(ValidationError) as error:
        tables.read_rows(content, kind, **limits)
    return error.value.message_dict["file"][0]


def test_a_declared_huge_sheet_is_read_by_its_cells_not_its_declaration():
    content = huge_dimension_xlsx([HEADER, ("2026-01-10", "phone", 3)])
    assert tables.read_rows(content, "xlsx", max_rows=2000, max_columns=50) == [
        ["date", "channel", "count"],
        ["2026-01-10", "phone", 3],
    ]
    tracemalloc.start()
    try:
        parsed = details.parse(content, "xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert parsed.rows == [{"date": "2026-01-10", "channel": "phone", "count": 3, "region": ""}]
    # Believing A1:XFD2101 meant 16,384 cells a row for 2,101 rows (~500 MB).
    assert peak < 20 * 1024 * 1024


def test_rows_at_the_limit_pass_and_one_more_is_refused():
    rows = [HEADER] + [("2026-01-10", "phone", n) for n in range(1, 4)]
    assert len(tables.read_rows(workbook(rows), "xlsx", max_rows=3, max_columns=5)) == 4
    over = workbook([*rows, ("2026-01-11", "phone", 4)])
    assert refusal(over, "xlsx", max_rows=3, max_columns=5) == (
        "The workbook has more than 3 rows; split it into files of at most 3 rows."
    )
    csv = ("date,channel,count\n" + "2026-01-10,phone,1\n" * 4).encode()
    assert refusal(csv, "txt", max_rows=3, max_columns=5) == (
        "The file has more than 3 rows; split it into files of at most 3 rows."
    )


def test_columns_past_the_limit_are_refused_and_blank_ones_ignored():
    wide = workbook([HEADER, ("2026-01-10", "phone", 3, None, None, "note")])
    assert refusal(wide, "xlsx", max_rows=10, max_columns=5) == (
        "The workbook has more than 5 columns (row 2): remove the columns the import does not need."
    )
    assert tables.read_rows(wide, "xlsx", max_rows=10, max_columns=6)[1] == [
        "2026-01-10",
        "phone",
        3,
        None,
        None,
        "note",
    ]


def test_blank_rows_are_skipped_but_a_sheet_that_runs_on_is_refused(monkeypatch):
    parts = xlsx_parts([HEADER, ("2026-01-10", "phone", 3)])
    far = b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>2026-01-11</t></is></c></row>'
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", far + b"</sheetData>")
    content = zip_bytes(parts)
    assert refusal(content, "xlsx", max_rows=10, max_columns=5) == (
        "The workbook goes on past row 1011 (blank rows included): delete the rows below your "
        "data, or split it into smaller files."
    )
    monkeypatch.setattr(tables, "BLANK_ROWS_ALLOWED", 5000)
    assert tables.read_rows(content, "xlsx", max_rows=10, max_columns=5) == [
        ["date", "channel", "count"],
        ["2026-01-10", "phone", 3],
        ["2026-01-11", None, None],
    ]


def test_csv_problems_are_named():
    assert refusal(b"date\n\xe9\n", "txt", max_rows=5, max_columns=5) == (
        "This text file is not UTF-8: save it as UTF-8 and upload it again."
    )
    huge_cell = b'date\n"' + b"x" * (200 * 1024) + b'"\n'
    assert refusal(huge_cell, "txt", max_rows=5, max_columns=5).startswith(
        "The CSV file cannot be read: field larger than field limit"
    )
    assert refusal(b"%PDF-1.4", "pdf", max_rows=5, max_columns=5) == (
        "Upload the table as an Excel (.xlsx) or CSV file."
    )
    assert tables.read_rows(
        b"date;channel\n\n2026-01-10;phone\n",
        "txt",
        max_rows=5,
        max_columns=5,
        sniff_delimiter=True,
    ) == [["date", "channel"], ["2026-01-10", "phone"]]
