"""A pre-signing review in a real browser, on a desktop and on a 390 px phone: the manager
uploads the draft agreement and its plans from the Contracts tab, reads the findings grouped by
kind with the plan's passage beside the agreement's (stacked on the phone), filters by kind,
and the page has no serious accessibility violation (axe-core)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.core.tests.test_e2e_axe import AXE, BLOCKING, RUN_AXE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]
DATA = Path(__file__).parent / "data" / "presigning"


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
def test_the_manager_reviews_a_draft_before_signature(world, live_server, browser, width):
    # The test's own context lets Playwright add axe's script; the pages are served unchanged.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, live_server, "manager.a@meridian.test")
        page.goto(f"{live_server.url}/alliances/{world.alliance_a.pk}/contracts/")
        page.click("#presigning-reviews >> text=Review a draft agreement and its plans")
        expect(page.locator("h1")).to_have_text("Pre-signing review")

        # Nothing chosen: the fields say what is missing.
        page.click("button:has-text('Review')")
        expect(page.locator("#id_agreement_error")).to_contain_text("This field is required.")

        page.fill("#id_title", "PhaseBio draft v3")
        page.set_input_files("#id_agreement", str(DATA / "phasebio_co_development_agreement.txt"))
        page.set_input_files(
            "#id_plans",
            [str(DATA / "phasebio_work_plan.txt"), str(DATA / "phasebio_budget_annex.txt")],
        )
        page.click("button:has-text('Review')")
        expect(page.locator("h1")).to_have_text("PhaseBio draft v3")
        expect(page.locator("main")).to_contain_text("Findings (11 open)")
        expect(page.locator("article.finding")).to_have_count(11)

        # A paraphrase: the plan's words beside the agreement's definition.
        finding = page.locator("article.finding", has_text="Phase III Clinical Trial")
        expect(finding.locator("figcaption").nth(1)).to_contain_text(
            "nearest definition “Phase 3 Trial”"
        )
        plan, agreement = finding.locator("figure").nth(0), finding.locator("figure").nth(1)
        expect(agreement.locator("blockquote")).to_contain_text('"Phase 3 Trial" means')
        left, right = plan.bounding_box(), agreement.bounding_box()
        if width == 390:  # stacked
            assert right["y"] >= left["y"] + left["height"]
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        else:  # side by side
            assert right["x"] >= left["x"] + left["width"] and abs(right["y"] - left["y"]) < 2

        page.add_script_tag(path=str(AXE))
        serious = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        assert serious == []

        # Only the milestones.
        page.click("text=Milestones that cannot be checked (2)")
        expect(page.locator("article.finding")).to_have_count(2)
        expect(page.locator("article.finding").first).to_contain_text(
            "Successful completion of the pivotal study"
        )
    finally:
        context.close()
