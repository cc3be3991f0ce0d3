"""The portfolio in a real browser: sign in, filter, create an alliance, see its history."""

import re

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.portfolio.models import Alliance

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


def test_leader_filters_the_portfolio_creates_an_alliance_and_sees_its_history(
    world, live_server, page
):
    sign_in(page, live_server, "leader@meridian.test")
    page.goto(f"{live_server.url}/alliances/")  # signing in lands on My week
    expect(page.locator("h1")).to_have_text("Alliance portfolio")
    rows = page.locator("table.alliances tbody tr")
    expect(rows).to_have_count(2)

    # Filtering refreshes the results in place (htmx) and keeps the filter in the address.
    page.select_option("#id_partner", str(world.partner_co_b.pk))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Polaris IL-23 Co-development")
    expect(page).to_have_url(re.compile(rf"partner={world.partner_co_b.pk}"))

    page.fill("#id_q", "KST")
    page.select_option("#id_partner", "")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kestrel ADC Collaboration")

    page.click("text=New alliance")
    page.fill("#id_name", "Orion RSV Vaccine Co-development")
    page.select_option("#id_partners", [str(world.partner_co_b.pk)])
    page.select_option("#id_alliance_type", "co_development")
    page.select_option("#id_stage", "launch")
    page.fill("#id_effective_date", "2026-10-15")
    page.select_option("#id_strategic_importance", "4")
    page.fill("#id_deal_value_musd", "1200")
    page.select_option("#id_alliance_manager", str(world.manager_b.pk))
    page.fill("#id_value_proposition", "A combination mRNA vaccine for RSV and hMPV.")
    page.click("button:has-text('Create alliance')")

    alliance = Alliance.objects.get(name="Orion RSV Vaccine Co-development")
    expect(page).to_have_url(f"{live_server.url}/alliances/{alliance.pk}/")
    expect(page.locator(".message.success")).to_contain_text("created")

    page.goto(f"{live_server.url}/alliances/?q=Orion")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Orion RSV Vaccine Co-development")
    expect(rows.first).to_contain_text(str(world.manager_b))

    page.click("text=Orion RSV Vaccine Co-development")
    page.click("nav.tabs >> text=History")
    history = page.locator("table.history tbody")
    expect(history).to_contain_text("Orion RSV Vaccine Co-development")
    expect(history).to_contain_text("leader@meridian.test")
    expect(history).to_contain_text("Alliance manager")


def test_a_bad_filter_in_the_address_is_explained_not_a_crash(world, live_server, page):
    sign_in(page, live_server, "leader@meridian.test")
    page.goto(f"{live_server.url}/alliances/?stage=paused")
    expect(page.locator(".form-errors")).to_contain_text(
        "Stage: Select a valid choice. paused is not one of the available choices."
    )
