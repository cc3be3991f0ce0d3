"""The alliance page in a real browser, on a desktop and on a 390 px phone: the manager opens the
alliance, sees its status with the reason first, and marks a milestone achieved in place."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.contracts.models import Milestone
from accord.contracts.tests import factories
from accord.contracts.tests.conftest import register  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


def test_manager_sees_status_first_and_marks_a_milestone_achieved(
    world,
    register,  # noqa: F811
    live_server,
    browser,
):
    # One world for both screens (a transactional test flushes the reference data after it).
    second = factories.milestone(
        register.agreement_a,
        title="Phase 2 data readout",
        forecast_date=timezone.localdate() + dt.timedelta(days=30),
    )
    journey(world, live_server, browser, 1400, 900, register.milestone_a)
    journey(world, live_server, browser, 390, 844, second)


def journey(world, live_server, browser, width, height, milestone):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, "manager.a@meridian.test")
        page.goto(f"{live_server.url}/alliances/{world.alliance_a.pk}/")

        # The status, with its reason, is the first card of the page.
        status = page.locator("#alliance-status")
        expect(status).to_be_visible()
        expect(status.locator("h2")).to_have_text("Status: Amber")
        expect(status.locator(".rag-reasons")).to_contain_text(
            "1 contract obligation overdue (the oldest by 2 days)"
        )
        first_card = page.locator("main section.card").first
        expect(first_card).to_have_id("alliance-status")
        # The first screen's cards fit the screen (the rest of the page's layout on phones is
        # the navigation work's).
        for card in ("#alliance-status", "#overdue", "#key-dates"):
            box = page.locator(card).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (card, box)

        # The milestone is among the next key dates; mark it achieved in place.
        row = page.locator("#key-dates li", has_text=milestone.title)
        row.get_by_role("link", name="Mark achieved").click()
        form = row.locator("form.milestone-step-form")
        expect(form).to_be_visible()
        form.locator("[name=evidence]").fill("Site report: first patient dosed")
        form.get_by_role("button", name="Mark achieved").click()
        expect(row.locator(".milestone-step-done")).to_have_text(
            f"✓ Achieved on {timezone.localdate():%-d %b %Y}"
        )
        milestone = Milestone.objects.get(pk=milestone.pk)
        assert (milestone.achieved_on, milestone.achieved_evidence) == (
            timezone.localdate(),
            "Site report: first patient dosed",
        )

        # The page shown again says so under "Recent changes".
        page.reload()
        expect(page.locator("#recent-changes")).to_contain_text(f"Milestone met: {milestone.title}")
    finally:
        context.close()
