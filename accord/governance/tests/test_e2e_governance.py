"""Governance in a real browser: schedule a JSC meeting, build its agenda, record a decision and an
action in the minutes, and have the minutes approved from both sides, each co-chair
re-authenticating with their password."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.governance import actions
from accord.governance.models import ActionItem, Decision, Meeting, MinutesStatus

from .conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


def test_a_jsc_meeting_from_scheduling_to_minutes_approved_by_both_co_chairs(
    world, gov, live_server, page
):
    actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Nominate KST-ADC2",
            "area": "development",
            "committee": gov.jsc_a,
            "raised_on": dt.date(2026, 1, 5),
        },
    )
    sign_in(page, live_server, "manager.a@meridian.test")
    page.goto(f"{live_server.url}/alliances/{world.alliance_a.pk}/")
    page.click("nav.tabs >> text=Governance")
    page.click("table.bodies >> text=JSC A")
    page.click("text=Schedule a meeting")

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.fill("#id_title", "JSC Q3")
    page.fill("#id_starts_at", f"{yesterday:%Y-%m-%d}T10:00")
    page.select_option("#id_modality", "in_person")
    page.fill("#id_location", "Kestrel, South San Francisco")
    page.click("button:has-text('Schedule meeting')")
    expect(page.locator(".message.success")).to_contain_text("scheduled")
    meeting = Meeting.objects.get(title="JSC Q3")

    # The agenda builder carries over the pending decision; the AM adds and reorders a topic.
    page.click("#build-agenda")
    agenda = page.locator("table.agenda tbody tr")
    expect(agenda).to_have_count(1)
    expect(agenda.first).to_contain_text("Decision: Nominate KST-ADC2")
    page.click("#agenda summary")
    page.fill("#agenda #id_title", "Welcome and introductions")
    page.click("button:has-text('Add to agenda')")
    expect(agenda).to_have_count(2)
    page.click("button[aria-label='Move “Welcome and introductions” up']")
    expect(agenda.first).to_contain_text("Welcome and introductions")

    # The meeting took place.
    page.check(f"input[name=attended][value='{world.manager_a.pk}']")
    page.check(f"input[name=attended][value='{world.partner_a.pk}']")
    page.click("button:has-text('Mark as held with these attendees')")
    expect(page.locator(".message.success")).to_contain_text("held")

    # A decision and an action, recorded in the minutes.
    page.click("#decisions summary")
    page.fill("#record-decision #id_title", "Approve the year-3 research plan")
    page.select_option("#record-decision #id_area", "development")
    page.fill("#record-decision #id_outcome", "Approved with the CDH6 programme prioritised.")
    page.fill("#record-decision #id_rationale", "Strongest candidate data.")
    page.click("button:has-text('Record decision')")
    expect(page.locator("#decisions")).to_contain_text("Approve the year-3 research plan")
    page.click("#actions summary")
    page.fill("#record-action #id_title", "Send the conjugation stability data")
    page.select_option("#record-action #id_owner", str(world.partner_a.pk))
    page.fill(
        "#record-action #id_due_on", f"{timezone.localdate() + dt.timedelta(days=14):%Y-%m-%d}"
    )
    page.click("button:has-text('Record action')")
    expect(page.locator("#actions")).to_contain_text("Send the conjugation stability data")

    page.fill(
        "#minutes textarea[name=text]",
        "1. Research plan approved.\n2. Kestrel to send stability data.",
    )
    page.click("button:has-text('Save minutes')")
    page.click("button:has-text('Submit for co-chair approval')")
    expect(page.locator("#minutes h2")).to_contain_text("Awaiting co-chair approval")

    # Our co-chair signs, re-entering the password; a wrong one first.
    page.fill("#approve input[type=password]", "not it")
    page.click("button:has-text('Sign and approve')")
    expect(page.locator("#approve")).to_contain_text("That is not your password")
    page.fill("#approve input[type=password]", PASSWORD)
    page.click("button:has-text('Sign and approve')")
    expect(page.locator(".message.success")).to_contain_text(
        "You approved the minutes for Meridian Therapeutics."
    )
    expect(page.locator(".signature")).to_have_count(1)

    # The partner's co-chair signs from their side.
    page.context.clear_cookies()
    sign_in(page, live_server, "jordan@kestrel.test")
    page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}/")
    expect(page.locator("#decisions")).to_contain_text("Approve the year-3 research plan")
    page.fill("#approve input[type=password]", PASSWORD)
    page.click("button:has-text('Sign and approve')")
    expect(page.locator(".message.success")).to_contain_text(
        "The minutes are now approved and locked."
    )
    expect(page.locator("#minutes h2")).to_contain_text("Approved")
    expect(page.locator(".signature")).to_have_count(2)
    expect(page.locator("#minutes textarea")).to_have_count(0)

    minutes = Meeting.objects.get(pk=meeting.pk).minutes
    assert minutes.status == MinutesStatus.APPROVED
    assert [s.signer.email for s in minutes.signatures.order_by("signed_at")] == [
        "manager.a@meridian.test",
        "jordan@kestrel.test",
    ]
    assert Decision.objects.get(title="Approve the year-3 research plan").meeting_id == meeting.pk
    assert (
        ActionItem.objects.get(title="Send the conjugation stability data").owner == world.partner_a
    )
