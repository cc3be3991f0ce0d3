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


@pytest.mark.parametrize("width", [1400, 390])
def test_the_leader_opens_a_long_bucket_whole_and_pages_through_it(
    world, live_server, browser, width, monkeypatch
):
    """A team with more overdue than the page lists: the bucket says how many, lists the most
    overdue first, and "Show all" opens the bucket alone, paged, without an accessibility
    violation, at desktop width and on a phone."""
    from accord.core.tests.test_e2e_axe import AXE, BLOCKING, RUN_AXE
    from accord.reporting import myweek

    monkeypatch.setattr(myweek, "SHOWN_PER_BUCKET", 3)
    monkeypatch.setattr(myweek, "BUCKET_PAGE_SIZE", 4)
    today = timezone.localdate()
    made = [
        gov_actions.action_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={
                "title": f"Overdue chase {n}",
                "owner": world.manager_a,
                "due_on": today - dt.timedelta(days=20 - n),
            },
        )
        for n in range(6)
    ]
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, "leader@meridian.test")
        expect(page.locator("h1")).to_have_text("My team's week")
        overdue = page.locator("[data-bucket='overdue']")
        total = int(overdue.locator("h2 .badge").inner_text())
        assert total >= 6
        expect(overdue.locator(".week-row")).to_have_count(3)
        expect(overdue.locator(".week-row").first).to_contain_text("Overdue chase 0")
        overdue.get_by_role("link", name=f"Show all {total}").click()
        page.wait_for_url("**/?bucket=overdue")
        expect(page.locator("[data-bucket]")).to_have_count(1)
        expect(page.locator("[data-bucket='overdue'] .week-row")).to_have_count(min(total, 4))
        page.add_script_tag(path=str(AXE))
        serious = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        assert serious == []
        seen = page.locator(".week-row").evaluate_all("rows => rows.map(r => r.id)")
        page.get_by_role("link", name="Next →").click()
        expect(page.locator(".pagination")).to_contain_text("Page 2 of")
        seen += page.locator(".week-row").evaluate_all("rows => rows.map(r => r.id)")
        assert [f"row-action-{a.pk}" for a in made][:4] == seen[:4]
        assert len(seen) == len(set(seen)) == min(total, 8)
        page.get_by_role("link", name="← The whole week").click()
        expect(page.locator("[data-bucket]").first).to_be_visible()
        assert "bucket=" not in page.url
    finally:
        context.close()
