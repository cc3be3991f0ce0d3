"""In a real browser, on a desktop and on a 390 px phone: record a decision under an agenda item
(the agenda shows it taken), start the minutes from the agenda and see each item prefilled, then
find the decision through the top search."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.governance import actions
from accord.governance.models import Decision

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
def test_minutes_start_from_the_agenda_and_search_finds_the_decision(
    world, gov, live_server, browser, width
):
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    meeting = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"title": "JSC Q4", "starts_at": yesterday, "modality": "virtual"},
    )
    budget = actions.agenda_item_add(
        actor=world.manager_a, meeting=meeting, data={"title": "Budget 2027"}
    )
    actions.agenda_item_add(
        actor=world.manager_a, meeting=meeting, data={"title": "Any other business"}
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, "manager.a@meridian.test")
        page.goto(f"{live_server.url}{meeting.get_absolute_url()}")

        # A decision taken under the budget item: the agenda shows the item taken.
        page.click("#decisions summary")
        page.select_option("#record-decision #id_agenda_item", str(budget.pk))
        page.fill("#record-decision #id_title", "Approve the Zephyr budget")
        page.select_option("#record-decision #id_area", "development")
        page.fill("#record-decision #id_outcome", "Approved at 4.2 M.")
        page.click("button:has-text('Record decision')")
        expect(page.locator(".message.success")).to_contain_text("Decision recorded")
        decision = Decision.objects.get(title="Approve the Zephyr budget")
        taken = page.locator("table.agenda a.taken")
        expect(taken).to_have_count(1)
        expect(taken).to_have_attribute("href", decision.get_absolute_url())

        # Start the minutes: every agenda item is there, with the decision under its item.
        page.click("#start-minutes")
        expect(page.locator(".message.success")).to_contain_text("Minutes started")
        text = page.locator("#minutes textarea[name=text]").input_value()
        assert text.splitlines() == [
            f"Minutes of {meeting}",
            "",
            "1. Budget 2027",
            "   Discussion:",
            "   Decision: Approve the Zephyr budget: Approved at 4.2 M.",
            "",
            "2. Any other business",
            "   Discussion:",
        ]
        expect(page.locator("#start-minutes")).to_have_count(0)

        # The top search finds the decision.
        search = page.locator("form.global-search input[name=q]")
        if search.is_visible():
            search.fill("zephyr")
            search.press("Enter")
        else:
            page.goto(f"{live_server.url}/search/")
            page.fill("#search-q", "zephyr")
            page.press("#search-q", "Enter")
        page.wait_for_url("**/search/?q=zephyr")
        decisions = page.locator("#kind-decisions")
        expect(decisions.locator(".count")).to_have_text("1")
        decisions.locator("a:has-text('Approve the Zephyr budget')").click()
        page.wait_for_url(f"**{decision.get_absolute_url()}")
        expect(page.locator("h2").first).to_contain_text("Approve the Zephyr budget")
    finally:
        context.close()
