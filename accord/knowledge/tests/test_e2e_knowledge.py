"""In a real browser: apply the launch template to a new alliance and tick off a deliverable."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.knowledge.models import PlaybookTask
from accord.knowledge.standard import install_standard_playbooks
from accord.portfolio import actions as portfolio_actions

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


def test_apply_the_launch_template_and_tick_off_a_deliverable(world, live_server, page):
    install_standard_playbooks(actor=world.leader)
    alliance = portfolio_actions.alliance_create(
        actor=world.leader,
        data={
            "name": "Orion RSV Vaccine Co-development",
            "partners": [world.partner_co_b],
            "alliance_type": "co_development",
            "stage": "launch",
            "effective_date": dt.date.today(),
        },
        responsible=[(world.manager_b, "alliance_manager")],
    )
    sign_in(page, live_server, "manager.b@meridian.test")
    page.goto(f"{live_server.url}/alliances/{alliance.pk}/")
    page.click("nav.tabs >> text=Playbook")
    expect(page.locator("h2", has_text="Apply a package or template")).to_be_visible()
    # The launch template is suggested for an alliance in its launch stage.
    expect(page.locator("#id_playbook option:checked")).to_have_text(
        "Launch: 45-day early deliverables and 100-day plan"
    )
    page.click("form.apply button[type=submit]")
    expect(page.locator(".message.success")).to_contain_text("15 tasks created")
    rows = page.locator("table.tasks tbody tr")
    expect(rows).to_have_count(15)
    first = rows.first
    expect(first).to_contain_text("Handover from business development")
    expect(first).to_contain_text("Marcus Webb")
    expect(page.locator(".done-count")).to_have_text("0 of 15 done")

    first.locator("button", has_text="Done").click()
    # htmx swaps just the row: it now reads Done and offers to reopen.
    expect(first.locator("td.status")).to_contain_text("Done")
    expect(first.locator("button", has_text="reopen")).to_be_visible()
    task = PlaybookTask.objects.get(
        alliance=alliance, title__startswith="Handover from business development"
    )
    assert task.status == "done"
    assert task.completed_by == world.manager_b

    page.reload()
    expect(page.locator(".done-count")).to_have_text("1 of 15 done")
