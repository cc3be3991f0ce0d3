from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from accord.conftest import login
from accord.core.exports import neutralise, xlsx_bytes


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Kestrel", "Kestrel"),
        ("\x1b[31mKes\x07trel\x00", "[31mKestrel"),
        ("\x1b=1+1", "'=1+1"),
        (42, 42),
    ],
)
def test_neutralise_for_csv(raw, safe):
    assert neutralise(raw) == safe


def cells(content: bytes) -> list[list[tuple]]:
    """(value, data type, quote prefix) of every cell, read back with openpyxl."""
    sheet = load_workbook(BytesIO(content)).active
    return [[(c.value, c.data_type, c.quotePrefix) for c in row] for row in sheet.iter_rows()]


def test_xlsx_formula_looking_text_is_quote_prefixed_text_with_its_value_intact():
    content = xlsx_bytes(
        "=Test",
        ["=Name", "Value"],
        [
            ["=cmd|' /C calc'!A0", 3],
            ["-2", -2],
            ["+1 555 0100", Decimal("-1.5")],
            ["=SUM(A1)", "@SUM(A1)"],
            ["\tcmd", "\rcmd"],
            ["Plain", None],
            ["a-b", "1+1"],
        ],
    )
    assert cells(content) == [
        [("=Name", "s", True), ("Value", "s", False)],
        [("=cmd|' /C calc'!A0", "s", True), (3, "n", False)],
        [("-2", "s", True), (-2, "n", False)],
        [("+1 555 0100", "s", True), (-1.5, "n", False)],
        [("=SUM(A1)", "s", True), ("@SUM(A1)", "s", True)],
        [("\tcmd", "s", True), ("\rcmd", "s", True)],
        [("Plain", "s", False), (None, "inlineStr", False)],  # None: an empty cell
        [("a-b", "s", False), ("1+1", "s", False)],
    ]
    assert load_workbook(BytesIO(content)).active.title == "=Test"


def test_xlsx_cells_drop_control_characters_stored_before_input_was_cleaned():
    poisoned = "\x1b[2J\x07Title\x00\x08\x0b\x0c\x0e\x1f\x7f\ud800 \ufffe\tkept\nlines\r"
    content = xlsx_bytes("T\x07", ["Name\x1b"], [[poisoned], ["\x1b-2"]])
    assert cells(content) == [
        [("Name", "s", False)],
        [("[2JTitle \tkept\nlines\r", "s", False)],
        [("-2", "s", True)],
    ]


def test_portfolio_export_follows_filters_scope_and_firewall(world):
    world.alliance_a.name = "=Kestrel ADC Collaboration"
    world.alliance_a.save()
    response = login(world.leader).get("/alliances/export.xlsx", {"ordering": "name"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Alliance" and "Tier" in rows[0]
    assert [r[0] for r in rows[1:]] == [
        "=Kestrel ADC Collaboration",
        "Polaris IL-23 Co-development",
    ]
    assert load_workbook(BytesIO(response.content)).active["A2"].quotePrefix is True
    assert rows[1][-1] == 1  # the leader is not cleared for the firewalled program
    partner = login(world.partner_a).get("/alliances/export.xlsx")
    partner_rows = list(load_workbook(BytesIO(partner.content)).active.iter_rows(values_only=True))
    assert "Tier" not in partner_rows[0]
    assert [r[0] for r in partner_rows[1:]] == ["=Kestrel ADC Collaboration"]
    assert partner_rows[1][-1] == 2
    filtered = login(world.leader).get("/alliances/export.xlsx", {"partner": world.partner_co_b.pk})
    assert [
        r[0]
        for r in load_workbook(BytesIO(filtered.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    ] == ["Polaris IL-23 Co-development"]
    assert login(world.leader).get("/alliances/export.xlsx", {"stage": "paused"}).status_code == 400


def test_production_static_files_collect(tmp_path, settings):
    """The manifest storage used in production refuses files referencing missing ones (source maps)."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()
