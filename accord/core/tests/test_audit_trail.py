"""Reading and exporting the audit trail: scoped like everything else, neutralised CSV, PDF."""

import csv
import io

import pytest
from pypdf import PdfReader

from accord.conftest import login
from accord.portfolio import actions


@pytest.fixture
def history(world):
    actions.company_update(
        actor=world.leader,
        company=world.partner_co_a,
        data={"description": '=HYPERLINK("http://evil.example","click")'},
        reason="+reason that looks like a formula",
    )
    actions.program_update(
        actor=world.manager_a, program=world.program_a2, data={"target": "KRAS G12D/V"}
    )
    actions.program_update(
        actor=world.manager_a, program=world.program_a1, data={"target": "HER3 v2"}
    )
    return world


def rows_of(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("leader", "/audit/", 200),
        ("admin", "/audit/", 200),
        ("executive", "/audit/", 200),
        ("manager_a", "/audit/", 403),
        ("contributor", "/audit/", 403),
        ("partner_a", "/audit/", 403),
        ("partner_a", "/audit/?alliance={a}", 403),
        ("manager_a", "/audit/?alliance={a}", 200),
        ("firewalled", "/audit/?alliance={a}", 200),
        ("firewalled", "/audit/?object=portfolio.program:{a2}", 404),
        ("leader", "/audit/?object=portfolio.program:{a2}", 404),
        ("manager_a", "/audit/?object=portfolio.program:{a2}", 200),
        ("manager_a", "/audit/?alliance=999999", 404),
        ("manager_a", "/audit/export.csv?alliance={a}", 200),
        ("manager_a", "/audit/export.csv", 403),
        ("partner_b", "/audit/export.pdf?alliance={a}", 403),
        ("leader", "/audit/?since=2026-02-30", 400),
        ("leader", "/audit/export.csv?object=nonsense", 400),
    ],
)
def test_who_reads_which_trail(history, persona, path, status):
    w = history
    url = path.format(a=w.alliance_a.pk, a2=w.program_a2.pk)
    assert login(w.persona(persona)).get(url).status_code == status


def test_csv_export_neutralises_formulas_and_hides_firewalled_records(history):
    w = history
    response = login(w.leader).get("/audit/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Sequence", "When (UTC)", "Who", "Action"]
    description = next(r for r in body if r[7] == "description")
    assert description[9] == '\'=HYPERLINK("http://evil.example","click")'
    assert description[10] == "'+reason that looks like a formula"
    # The leader is not cleared for the firewalled program: its records are absent.
    assert not any("KRAS" in cell for row in body for cell in row)
    assert any("HER3 v2" in row[9] for row in body)
    cleared = rows_of(login(w.manager_a).get(f"/audit/export.csv?alliance={w.alliance_a.pk}"))
    assert any(row[9] == "KRAS G12D/V" for row in cleared[1:])
    assert not any(row[7] == "description" for row in cleared[1:])  # company: not alliance A's


def test_an_objects_trail_exports_to_pdf(history):
    w = history
    response = login(w.manager_a).get(
        f"/audit/export.pdf?object=portfolio.program:{w.program_a2.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Audit trail of program KST-SECRET" in text
    assert "G12D/V" in text  # table cells wrap
    assert "HER3 v2" not in text


def test_a_pdf_longer_than_its_limit_is_refused_with_the_count_and_the_page_says_so(
    history, monkeypatch
):
    from accord.core import audit_trail
    from accord.core.models import AuditEvent

    w = history
    path = f"/audit/export.pdf?alliance={w.alliance_a.pk}"
    total = AuditEvent.objects.for_alliance(w.alliance_a.pk).visible_to(w.manager_a).count()
    monkeypatch.setattr(audit_trail, "PDF_MAX_RECORDS", total)
    client = login(w.manager_a)
    assert client.get(path)["Content-Type"] == "application/pdf"
    assert (
        'id="pdf-limit"' not in client.get(f"/audit/?alliance={w.alliance_a.pk}").content.decode()
    )
    monkeypatch.setattr(audit_trail, "PDF_MAX_RECORDS", total - 1)
    refused = client.get(path)
    assert (refused.status_code, refused["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert refused.content.decode() == (
        f"The PDF holds at most {total - 1} records and this selection has {total}: narrow it "
        "(dates, actor, alliance or object) or export CSV, which holds every record."
    )
    page = client.get(f"/audit/?alliance={w.alliance_a.pk}").content.decode()
    assert "/audit/export.pdf" not in page and 'id="pdf-limit"' in page
    assert client.get(f"/audit/export.csv?alliance={w.alliance_a.pk}").status_code == 200


def test_the_trail_page_filters_by_actor_and_date(history):
    w = history
    page = login(w.leader).get(f"/audit/?actor={w.manager_a.pk}&since=2000-01-01")
    content = page.content.decode()
    assert page.status_code == 200
    assert "HER3 v2" in content and "HYPERLINK" not in content


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_csv_cell_is_neutralised(trigger):
    from accord.core.exports import csv_response

    response = csv_response("x.csv", [f"{trigger}head"], [[f"{trigger}cell", 7, None]])
    rows = rows_of(response)
    assert rows == [[f"'{trigger}head"], [f"'{trigger}cell", "7", ""]]
