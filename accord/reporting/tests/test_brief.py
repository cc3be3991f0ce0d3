"""Brief me: the one-page brief on an alliance and for a governance meeting, as page and PDF,
built only from records the reader may see."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accord.conftest import login
from accord.governance.models import ActionItem, Decision, Issue
from accord.reporting import brief


@pytest.fixture
def briefed(world):
    today = timezone.localdate()
    a = world.alliance_a
    a.value_proposition = "First-in-class ADCs for HER3 tumours."
    a.save(update_fields=["value_proposition"])
    common = {"alliance": a, "area": "development", "raised_on": today - dt.timedelta(days=40)}
    Decision.objects.create(
        title="Start Phase 2",
        status="decided",
        decided_on=today - dt.timedelta(days=10),
        outcome="Both agreed.",
        **common,
    )
    Decision.objects.create(
        title="Secret KRAS go",
        status="decided",
        decided_on=today - dt.timedelta(days=5),
        program=world.program_a2,
        **common,
    )
    Decision.objects.create(
        title="Approve the 2027 budget",
        status="raised",
        due_on=today + dt.timedelta(days=20),
        **common,
    )
    Issue.objects.create(
        title="Supply shortfall", status="escalated", **{**common, "area": "commercial"}
    )
    ActionItem.objects.create(
        alliance=a,
        title="Send the CMC report",
        owner=world.partner_a,
        due_on=today - dt.timedelta(days=3),
    )
    ActionItem.objects.create(
        alliance=a,
        title="Share the budget draft",
        owner=world.manager_a,
        due_on=today + dt.timedelta(days=3),
    )
    return world


def test_the_brief_says_what_an_executive_needs(briefed):
    world = briefed
    page = login(world.leader).get(f"/alliances/{world.alliance_a.pk}/brief/")
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "First-in-class ADCs for HER3 tumours.",
        "Start Phase 2. Both agreed.",
        "Supply shortfall (escalated",
        "Send the CMC report",
        "Share the budget draft",
        "Decision due: Approve the 2027 budget",
        "Agree a way to resolve the escalated issue: Supply shortfall.",
        "Ask the partner to close Send the CMC report",
    ):
        assert expected in text, expected
    built = brief.build(world.leader, world.alliance_a)
    assert [a.split(":")[0] for a in built.our_actions] == ["Share the budget draft"]
    assert [a.split(":")[0] for a in built.their_actions] == ["Send the CMC report"]
    # The alliance page's rule (docs/alliance-status.md): one escalated issue is amber.
    assert built.rag == "amber" and built.status.startswith("Amber: ")
    assert "escalated" in built.status


def test_a_firewalled_decision_reaches_only_the_cleared(briefed):
    world = briefed
    url = f"/alliances/{world.alliance_a.pk}/brief"
    for persona in ("firewalled", "leader", "executive"):
        client = login(getattr(world, persona))
        assert "Secret KRAS go" not in client.get(f"{url}/").content.decode()
        pdf = PdfReader(BytesIO(client.get(f"{url}.pdf").content))
        assert "Secret KRAS go" not in "".join(p.extract_text() for p in pdf.pages)
    cleared = login(world.manager_a)
    assert "Secret KRAS go" in cleared.get(f"{url}/").content.decode()
    # Partner users get 404, on their own alliance too.
    assert login(world.partner_a).get(f"{url}/").status_code == 404
    assert login(world.partner_a).get(f"{url}.pdf").status_code == 404


def test_the_meeting_brief_and_its_links(briefed):
    from accord.governance import actions
    from accord.governance.models import CommitteeKind

    world = briefed
    committee = actions.committee_create(
        actor=world.leader,
        alliance=world.alliance_a,
        data={"name": "JSC", "kind": CommitteeKind.JSC},
    )
    meeting = actions.meeting_schedule(
        actor=world.leader,
        committee=committee,
        data={"starts_at": timezone.now() + dt.timedelta(days=7), "modality": "hybrid"},
    )
    client = login(world.leader)
    page = client.get(f"/governance/meetings/{meeting.pk}/brief/")
    assert page.status_code == 200 and b"Supply shortfall" in page.content
    pdf = client.get(f"/governance/meetings/{meeting.pk}/brief.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert (
        f'href="/governance/meetings/{meeting.pk}/brief/"'.encode()
        in client.get(meeting.get_absolute_url()).content
    )
    assert (
        f'href="/alliances/{world.alliance_a.pk}/brief/"'.encode()
        in client.get(world.alliance_a.get_absolute_url()).content
    )
    partner = login(world.partner_a)
    assert partner.get(f"/governance/meetings/{meeting.pk}/brief/").status_code == 404
    assert b"/brief/" not in partner.get(meeting.get_absolute_url()).content
