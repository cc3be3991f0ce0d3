"""Governance list pages, the Governance tab and the API lists run the same number of queries for
1 row as for 50."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.conftest import api_client, login
from accord.governance.models import (
    ActionItem,
    Committee,
    CommitteeMember,
    Communication,
    Decision,
    FinalSay,
    Issue,
    IssueEscalation,
    Meeting,
    Minutes,
    Risk,
)


def build(count, world, alliance=None):
    """`count` of everything, spread over alliance A (or the given one), both parties seated."""
    alliance = alliance or world.alliance_a
    now = timezone.now()
    for index in range(count):
        body = Committee.objects.create(
            alliance=alliance,
            kind="working_team",
            name=f"Team {Committee.objects.count() + 1}",
            meetings_per_year=4,
            decides=["development"],
            escalation_days=10,
        )
        FinalSay.objects.create(committee=body, area="development", company=world.own)
        CommitteeMember.objects.create(
            committee=body, user=world.manager_a, role="co_chair", start_date=dt.date(2024, 1, 1)
        )
        CommitteeMember.objects.create(
            committee=body, user=world.partner_a, role="co_chair", start_date=dt.date(2024, 1, 1)
        )
        meeting = Meeting.objects.create(
            committee=body,
            alliance=alliance,
            title="M",
            starts_at=now + dt.timedelta(days=index + 1),
            modality="virtual",
        )
        Minutes.objects.create(meeting=meeting)
        held = Meeting.objects.create(
            committee=body,
            alliance=alliance,
            title="H",
            starts_at=now - dt.timedelta(days=index + 1),
            modality="in_person",
            status="held",
        )
        Minutes.objects.create(meeting=held)
        Decision.objects.create(
            alliance=alliance,
            committee=body,
            title="D",
            area="development",
            raised_on=dt.date(2026, 1, 1),
        )
        Decision.objects.create(
            alliance=alliance,
            committee=body,
            title="D2",
            area="development",
            status="decided",
            raised_on=dt.date(2026, 1, 1),
            decided_on=dt.date(2026, 2, 1),
            decided_by=body,
            outcome="ok",
        )
        ActionItem.objects.create(
            alliance=alliance,
            committee=body,
            title="A",
            owner=world.partner_a,
            due_on=dt.date(2026, 1, 1),
        )
        issue = Issue.objects.create(
            alliance=alliance,
            title="I",
            area="legal",
            level=body,
            level_since=now - dt.timedelta(days=20),
        )
        IssueEscalation.objects.create(issue=issue, to_level=body)
        Risk.objects.create(
            alliance=alliance,
            title="R",
            area="legal",
            likelihood=2,
            impact=3,
            owner=world.manager_a,
            review_on=dt.date(2026, 1, 1),
        )
        communication = Communication.objects.create(
            alliance=alliance, title="C", kind="press_release", proposed_by=world.partner_co_a
        )
        communication.reviewers.set([world.manager_a])


def queries(fetch):
    fetch()  # warm caches (content types, the own-company name) that are not per-row costs
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


def small_and_large(world, fetch):
    build(1, world)
    small = queries(fetch)
    build(49, world)
    return small, queries(fetch)


@pytest.mark.parametrize(
    "url",
    [
        "/governance/meetings/",
        "/governance/decisions/",
        "/governance/actions/",
        "/governance/issues/",
    ],
)
@pytest.mark.parametrize("persona", ["leader", "partner_a"])
def test_list_pages(world, url, persona):
    client = login(world.persona(persona))
    small, large = small_and_large(world, lambda: client.get(url, {"per_page": 100, "all": "1"}))
    assert small == large


@pytest.mark.parametrize("persona", ["manager_a", "partner_a"])
def test_the_governance_tab(world, persona):
    client = login(world.persona(persona))
    small, large = small_and_large(
        world, lambda: client.get(f"/alliances/{world.alliance_a.pk}/governance/")
    )
    assert small == large


@pytest.mark.parametrize(
    "endpoint",
    ["committees", "meetings", "decisions", "actions", "issues", "risks", "communications"],
)
def test_api_lists(world, endpoint):
    client = api_client(world.manager_a)
    small, large = small_and_large(
        world, lambda: client.get(f"/api/v1/governance/{endpoint}/", {"page_size": 200})
    )
    assert small == large
