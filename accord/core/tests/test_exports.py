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
        (42, 42),
    ],
)
def test_neutralise(raw, safe):
    assert neutralise(raw) == safe


def test_xlsx_cells_are_neutralised_and_typed():
    content = xlsx_bytes("Test", ["Name", "Value"], [["=cmd|' /C calc'!A0", 3], ["Plain", None]])
    sheet = load_workbook(BytesIO(content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Name", "Value"],
        ["'=cmd|' /C calc'!A0", 3],
        ["Plain", None],
    ]


def test_portfolio_export_follows_filters_scope_and_firewall(world):
    world.alliance_a.name = "=Kestrel ADC Collaboration"
    world.alliance_a.save()
    response = login(world.leader).get("/alliances/export.xlsx", {"ordering": "name"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Alliance" and "Tier" in rows[0]
    assert [r[0] for r in rows[1:]] == [
        "'=Kestrel ADC Collaboration",
        "Polaris IL-23 Co-development",
    ]
    assert rows[1][-1] == 1  # the leader is not cleared for the firewalled program
    partner = login(world.partner_a).get("/alliances/export.xlsx")
    partner_rows = list(load_workbook(BytesIO(partner.content)).active.iter_rows(values_only=True))
    assert "Tier" not in partner_rows[0]
    assert [r[0] for r in partner_rows[1:]] == ["'=Kestrel ADC Collaboration"]
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
