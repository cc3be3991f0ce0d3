"""Contract list pages and API lists run the same number of queries for 1 row as for 50."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.conftest import api_client, login
from accord.portfolio.models import Territory
from accord.portfolio.tests.factories import AllianceFactory, MemberFactory, ProgramFactory

from . import factories


def build(count, world):
    eu = Territory.objects.get(code="EU")
    for index in range(count):
        alliance = AllianceFactory(partners=[world.partner_co_a])
        MemberFactory(alliance=alliance, user=world.manager_a)
        program = ProgramFactory(alliance=alliance, cleared=[world.manager_a])
        agreement = factories.agreement(alliance, title=f"Agreement {alliance.pk}")
        factories.obligation(
            agreement,
            owner=world.manager_a,
            program=program,
            due_on=dt.date(2026, 1, 1) + dt.timedelta(days=index),
        )
        factories.milestone(agreement, defined_terms=[])
        factories.right(agreement, territories=[eu])
        factories.restriction(agreement, territories=[eu])
        from accord.contracts import actions

        actions.defined_term_create(
            actor=None,
            agreement=agreement,
            data={
                "term": "Net Sales",
                "definition": "Gross amounts invoiced less deductions.",
                "section": "§ 1.70",
            },
        )


def queries(fetch):
    fetch()
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/contracts/obligations/",
        "/contracts/milestones/",
        "/contracts/rights/",
        "/contracts/terms/",
        "/contracts/calendar/?month=2026-01",
    ],
)
def test_pages(world, url):
    client = login(world.manager_a)
    build(1, world)
    small = queries(lambda: client.get(url, {"per_page": 100} if "?" not in url else None))
    build(49, world)
    assert queries(lambda: client.get(url, {"per_page": 100} if "?" not in url else None)) == small


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/obligations/",
        "/api/v1/milestones/",
        "/api/v1/contract-rights/",
        "/api/v1/restrictions/",
        "/api/v1/agreements/",
        "/api/v1/defined-terms/",
    ],
)
def test_api_lists(world, url):
    client = api_client(world.manager_a)
    build(1, world)
    small = queries(lambda: client.get(url, {"page_size": 100}))
    build(49, world)
    assert queries(lambda: client.get(url, {"page_size": 100})) == small
