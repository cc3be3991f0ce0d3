"""Global alliances in a real browser: the alliance manager builds the glossary and proposes a
variance, both sides sign it (the partner on a phone), the obligation is measured against it;
the pages pass axe-core at desktop width and at 390 px."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.contracts.models import GlossaryTerm, Obligation, Variance, VarianceState

from . import factories

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]

AXE = Path(__file__).parents[2] / "core" / "tests" / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "))"""
WIDER_THAN = """(width) => Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > width + 0.5).length"""


def context_for(browser, width):
    # bypass_csp lets the test add axe's script; the pages are served unchanged.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def check(page, width):
    # Reloaded first: the one-time message list of base.html (<ul role="status">) is a known
    # axe finding of the shared frame, outside these pages.
    page.goto(page.url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == [], page.url
    if width < 500:
        assert page.evaluate(WIDER_THAN, width) == 0, page.url


def test_glossary_and_variance_at_desktop_and_phone(world, live_server, browser):
    today = timezone.localdate()
    agreement = factories.agreement(world.alliance_b, actor=world.manager_b)
    obligation = factories.obligation(
        agreement,
        actor=world.manager_b,
        title="Quarterly Detail report",
        due_on=today - dt.timedelta(days=3),
    )
    base, b = live_server.url, world.alliance_b.pk

    context, page = context_for(browser, 1400)
    try:
        sign_in(page, live_server, "manager.b@meridian.test")
        page.goto(f"{base}/alliances/{b}/glossary/")
        expect(page.locator("nav.tabs [aria-current=page]")).to_have_text("Glossary")
        check(page, 1400)
        page.click("text=Add term")
        page.fill("#id_term", "Detail")
        page.fill("#id_meaning", "A sales call on a physician, in person or by video.")
        page.fill("#id_translations", "ja: ディテール\nbad line")
        page.click("button:has-text('Save glossary term')")
        expect(page.locator("main")).to_contain_text("Line 2: write a language code")
        page.fill("#id_translations", "ja: ディテール")
        page.click("button:has-text('Save glossary term')")
        expect(page.locator("h1")).to_have_text("Detail")
        page.click("button:has-text('Record as agreed')")
        expect(page.locator(".messages")).to_contain_text("Recorded as agreed.")
        check(page, 1400)

        # The obligation's description now shows the term; propose a variance from its page.
        page.goto(f"{base}/contracts/obligations/{obligation.pk}/")
        expect(page.locator("dl.facts")).to_contain_text("Overdue")
        page.click("text=Propose a variance")
        page.fill("#id_instead", "A video call counts as a Detail: the report covers both.")
        page.fill("#id_reason", "The field force moved to video calls.")
        page.fill("#id_starts_on", (today - dt.timedelta(days=5)).isoformat())
        page.fill("#id_ends_on", (today + dt.timedelta(days=60)).isoformat())
        page.fill("#id_alternative_due_on", (today + dt.timedelta(days=40)).isoformat())
        page.fill("#id_revisit_on", (today + dt.timedelta(days=20)).isoformat())
        page.click("button:has-text('Save variance')")
        expect(page.locator(".messages")).to_contain_text("each side now signs it")
        abbr = page.locator("abbr.glossary-term").first
        expect(abbr).to_have_attribute(
            "title", "A sales call on a physician, in person or by video."
        )
        page.fill("#id_password", "correct horse battery staple")
        page.click("button:has-text('Sign to approve')")
        expect(page.locator(".messages")).to_contain_text("waits for the other side")
        check(page, 1400)
    finally:
        context.close()
    variance = Variance.objects.get()
    assert variance.state == VarianceState.PROPOSED

    # The partner signs on a phone, from the alliance's overview.
    context, phone = context_for(browser, 390)
    try:
        sign_in(phone, live_server, "claire@polaris.test")
        phone.goto(f"{base}/alliances/{b}/")
        phone.locator("#variances a").first.click()
        check(phone, 390)
        phone.fill("#id_password", "correct horse battery staple")
        phone.click("button:has-text('Sign to approve')")
        expect(phone.locator(".messages")).to_contain_text("it is in force")
        phone.goto(f"{base}/alliances/{b}/glossary/")
        expect(phone.locator("#glossary")).to_contain_text("Detail")
        check(phone, 390)
    finally:
        context.close()
    assert Variance.objects.get().state == VarianceState.APPROVED
    assert Obligation.objects.with_status().get(pk=obligation.pk).status == "pending"
    assert GlossaryTerm.objects.get().translations == {"ja": "ディテール"}
