"""Importing an agreement in a real browser, at desktop width and on a 390 px phone: upload a
text file, the job reads it (the test settings run jobs at once), the document shows its
clauses highlighted, one is confirmed into the register and links back to its clause; axe finds
no serious violation on the pages."""

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.contracts.models import AgreementImport, ImportFinding, Obligation
from accord.contracts.tests.test_e2e_contracts import pytestmark as contracts_marks
from accord.contracts.tests.test_import_jobs import TEXT
from accord.core.tests.test_e2e_axe import AXE, BLOCKING, RUN_AXE
from accord.core.tests.test_e2e_phone import OVERFLOWING

pytestmark = contracts_marks


def serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return [
        f"{v['impact']} {v['id']}: {v['nodes']}"
        for v in page.evaluate(RUN_AXE)
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
def test_upload_read_highlight_and_confirm_an_obligation(
    world, live_server, browser, tmp_path, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server, "manager.a@meridian.test")
        page.goto(f"{live_server.url}/alliances/{world.alliance_a.pk}/contracts/import/")
        assert serious(page) == []
        agreement_file = tmp_path / "kestrel-licence.txt"
        agreement_file.write_text(TEXT)
        page.set_input_files("#id_file", str(agreement_file))
        page.click("button:has-text('Read it')")

        imported = AgreementImport.objects.get()
        expect(page).to_have_url(f"{live_server.url}/contracts/imports/{imported.pk}/")
        expect(page.locator("h1")).to_have_text("kestrel-licence.txt")
        document = page.locator(".document-text")
        expect(document.locator("mark.hl-obligation")).to_contain_text(
            "within forty-five (45) days after the end of each calendar quarter"
        )
        expect(document.locator(".hl-label.hl-milestone").first).to_have_text("Milestone Payment")
        expect(page.locator(".import-findings")).to_contain_text(
            "within 45 days after the end of each calendar quarter"
        )
        assert serious(page) == []
        if width == 390:
            assert page.evaluate(OVERFLOWING, width) == []

        # Filter to obligations, then confirm the one found.
        page.select_option("#id_category", "Obligation")
        page.click("button:has-text('Show')")
        expect(page.locator(".finding")).to_have_count(1)
        page.click("text=Add as obligation…")
        expect(page.locator(".from-clause")).to_contain_text("From the imported clause")
        expect(page.locator("#id_recur_offset_days")).to_have_value("45")
        page.fill("#id_recur_start", "2024-01-01")
        page.click("button:has-text('Save obligation')")
        obligation = Obligation.objects.get()
        expect(page).to_have_url(f"{live_server.url}/contracts/obligations/{obligation.pk}/")
        expect(page.locator("dl.facts")).to_contain_text(
            "within 45 days after the end of each calendar quarter"
        )
        finding = ImportFinding.objects.get(category="Obligation")
        assert finding.confirmed_as == obligation
        link = page.locator(".from-clause a")
        expect(link).to_have_text("Obligation in kestrel-licence.txt")
        assert serious(page) == []

        # Back to the highlighted passage: it says it is in the register now.
        link.click()
        expect(page).to_have_url(
            f"{live_server.url}/contracts/imports/{imported.pk}/#clause-{finding.pk}"
        )
        expect(page.locator(f"#clause-{finding.pk}")).to_be_in_viewport()
        expect(page.locator(".import-findings")).to_contain_text("In the register")
        if width == 390:
            assert page.evaluate(OVERFLOWING, width) == []
    finally:
        context.close()
