"""My week in a real browser, on a desktop and on a 390 px phone: the alliance manager signs
in, lands on My week, sees the items grouped by day and marks one done inline (htmx)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.governance import actions as gov_actions
from accord.governance.models import ActionItem, ActionStatus

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


@pytest.mark.parametrize("width", [1400, 390])
def test_the_manager_lands_on_my_week_and_marks_an_action_done(world, live_server, browser, width):
    today = timezone.localdate()
    overdue = gov_actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Chase the signed CDA",
            "owner": world.manager_a,
            "due_on": today - dt.timedelta(days=2),
        },
    )
    gov_actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Draft the JSC agenda",
            "owner": world.manager_a,
            "due_on": today + dt.timedelta(days=9),
        },
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, "manager.a@meridian.test")
        expect(page.locator("h1")).to_have_text("My week")
        expect(page.locator("[data-bucket='overdue']")).to_contain_text("Chase the signed CDA")
        expect(page.locator("[data-bucket='next']")).to_contain_text("Draft the JSC agenda")
        row = page.locator(f"#row-action-{overdue.pk}")
        button = row.get_by_role("button", name="Mark done")
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # reachable on a phone
        button.click()
        expect(row.locator(".week-result")).to_have_text("Done.")
        expect(row.get_by_role("button", name="Mark done")).to_have_count(0)
        assert ActionItem.objects.get(pk=overdue.pk).status == ActionStatus.DONE
    finally:
        context.close()
