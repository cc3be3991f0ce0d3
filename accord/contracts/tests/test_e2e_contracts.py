"""The contracts register in a real browser: an alliance manager adds an obligation, records it
done with evidence, sees a conflict on a firewalled program, and asks "may we…?"."""

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.contracts.models import Obligation

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


def test_manager_keeps_the_register_and_finds_the_conflict(world, register, live_server, page):
    sign_in(page, live_server, "manager.a@meridian.test")
    page.goto(f"{live_server.url}/alliances/{world.alliance_a.pk}/contracts/")
    expect(page.locator("nav.tabs [aria-current=page]")).to_have_text("Contracts")

    # A recurrence: "within 45 days after the end of each calendar quarter".
    page.click("text=Add obligation")
    page.select_option("#id_agreement", str(register.agreement_a.pk))
    page.fill("#id_title", "Quarterly royalty report")
    page.fill("#id_section", "§ 9.4")
    page.select_option("#id_category", "reporting")
    page.check("input[name=rule][value=recurring]")
    page.select_option("#id_recur_period", "quarter")
    page.click("button:has-text('Save obligation')")
    expect(page.locator(".form-errors, .error").first).to_contain_text(
        "how many days after each period"
    )
    page.fill("#id_recur_offset_days", "45")
    page.click("button:has-text('Save obligation')")
    expect(page.locator("h1")).to_have_text("Quarterly royalty report")
    expect(page.locator("dl.facts")).to_contain_text(
        "within 45 days after the end of each calendar quarter"
    )
    created = Obligation.objects.get(title="Quarterly royalty report")
    assert (created.period_end.isoformat(), created.due_date.isoformat()) == (
        "2024-03-31",
        "2024-05-15",
    )

    # It is overdue (2024): record it done, with evidence.
    page.fill("#id_evidence", "Q1 report sent to Kestrel finance")
    page.click("button:has-text('Done')")
    expect(page.locator(".messages")).to_contain_text("Recorded as done.")
    expect(page.locator("dl.facts")).to_contain_text("Wednesday 14 August 2024")

    # The firewalled program runs into alliance B's exclusivity: its page says so, with why.
    page.goto(f"{live_server.url}/programs/{world.program_a2.pk}/")
    conflict = page.locator("#contract-conflicts .conflict")
    expect(conflict).to_contain_text("KRAS G12D exclusivity")
    expect(conflict).to_contain_text("field / indication: Oncology")

    # And the portfolio-wide question.
    page.click("nav.sidebar >> text=May we…?")
    page.fill("#id_target", "KRAS G12D")
    page.fill("#id_field", "Oncology")
    page.select_option("#id_territory", "FR")
    page.click("button:has-text('Check')")
    expect(page.locator("main")).to_contain_text("No, not freely: 1 restriction covers this")
    expect(page.locator(".conflict")).to_contain_text("European Union overlaps France")
    expect(page.locator("main")).to_contain_text("KST-SECRET")
