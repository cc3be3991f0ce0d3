"""The top search: every kind through its own scope; counts are the rows the kind's list has."""

import pytest

from accord.conftest import login
from accord.contracts import actions as contracts
from accord.contracts.tests import factories
from accord.governance import actions as governance
from accord.governance.tests.conftest import at, gov  # noqa: F401  (the fixture)
from accord.knowledge import actions as knowledge
from accord.reporting import search

pytestmark = pytest.mark.django_db

LESSON = {"context": "c", "what_happened": "w", "lesson": "l", "recommendation": "r"}


def decide(world, committee, title, **data):
    return governance.decision_create(
        actor=world.manager_a if committee.alliance == world.alliance_a else world.manager_b,
        alliance=committee.alliance,
        data={"title": title, "area": "development", "committee": committee, **data},
    )


@pytest.fixture
def records(world, gov):  # noqa: F811
    decide(world, gov.jsc_a, "Zephyr dose")
    decide(world, gov.jsc_a, "Zephyr internal view", is_internal=True)
    decide(world, gov.team_a2, "Zephyr secret dose")
    decide(world, gov.jsc_b, "Zephyr launch")
    governance.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"title": "Zephyr review", "starts_at": at("2026-03-10 10:00"), "modality": "virtual"},
    )
    knowledge.lesson_create(
        actor=world.manager_a,
        data={
            **LESSON,
            "title": "Zephyr handover",
            "alliance": world.alliance_a,
            "shared_with_partner": True,
        },
    )
    knowledge.lesson_create(
        actor=world.manager_a,
        data={
            **LESSON,
            "title": "Zephyr secret lesson",
            "alliance": world.alliance_a,
            "program": world.program_a2,
            "shared_with_partner": True,
        },
    )
    knowledge.lesson_create(
        actor=world.manager_b,
        data={**LESSON, "title": "Zephyr pricing", "alliance": world.alliance_b},
    )
    agreement = factories.agreement(world.alliance_a, title="Kestrel agreement")
    factories.obligation(agreement, title="Zephyr report")
    factories.obligation(agreement, title="Zephyr secret report", program=world.program_a2)
    contracts.defined_term_create(
        actor=None,
        agreement=agreement,
        data={"term": "Zephyr Compound", "definition": "The lead.", "section": "§ 1.9"},
    )


def found(user, text="zephyr"):
    return {
        kind.source.key: sorted(title for title, _url, _ in kind.rows)
        for kind in search.search(user, text)
    }


def test_internal_people_find_every_kind_but_not_what_is_firewalled(world, records):
    assert found(world.executive) == {
        "lessons": ["Zephyr handover", "Zephyr pricing"],
        "meetings": ["Zephyr review"],
        "decisions": ["Zephyr dose", "Zephyr internal view", "Zephyr launch"],
        "obligations": ["Zephyr report"],
        "terms": ["Zephyr Compound"],
    }
    assert found(world.firewalled) == found(world.executive)


def test_the_cleared_find_the_firewalled_records_too(world, records):
    assert found(world.manager_a) == {
        "lessons": ["Zephyr handover", "Zephyr pricing", "Zephyr secret lesson"],
        "meetings": ["Zephyr review"],
        "decisions": ["Zephyr dose", "Zephyr internal view", "Zephyr launch", "Zephyr secret dose"],
        "obligations": ["Zephyr report", "Zephyr secret report"],
        "terms": ["Zephyr Compound"],
    }


def test_partner_users_find_only_their_alliances_shared_records(world, records):
    assert found(world.partner_a) == {
        "lessons": ["Zephyr handover", "Zephyr secret lesson"],
        "meetings": ["Zephyr review"],
        "decisions": ["Zephyr dose", "Zephyr secret dose"],
    }
    assert found(world.partner_b) == {"decisions": ["Zephyr launch"]}
    assert found(world.outsider) == {}


def test_counts_are_the_rows_and_see_all_opens_the_filtered_list(world, records, gov):  # noqa: F811
    for number in range(6):
        decide(world, gov.jsc_b, f"Zephyr extra {number}")
    client = login(world.executive)
    response = client.get("/search/", {"q": " Zephyr "})
    assert response.status_code == 200
    kinds = {kind.source.key: kind for kind in response.context["results"]}
    decisions = kinds["decisions"]
    assert (decisions.count, len(decisions.rows), decisions.see_all_url) == (
        9,
        5,
        "/governance/decisions/?q=Zephyr",
    )
    assert response.context["total"] == sum(kind.count for kind in kinds.values()) == 14
    page = response.content.decode()
    assert '<a href="/governance/decisions/?q=Zephyr">See all 9 decisions</a>' in page
    listed = client.get(decisions.see_all_url).context["page"].paginator.count
    assert listed == 9
    for key, kind in kinds.items():
        assert kind.count == len(kind.rows) or key == "decisions"
        assert kind.count == kind.source.matches(world.executive, "Zephyr").count()


def test_a_short_query_asks_for_more_and_finds_nothing(world, records):
    response = login(world.executive).get("/search/", {"q": "z"})
    assert response.context["results"] == []
    assert "Search for: type at least 2 characters." in response.content.decode()


def test_the_top_search_box_goes_to_the_search_page(world):
    page = login(world.partner_a).get("/search/").content.decode()
    assert '<form class="global-search" action="/search/" method="get" role="search">' in page


def test_every_search_result_links_to_its_record(world, records):
    kinds = {kind.source.key: kind for kind in search.search(world.executive, "zephyr review")}
    assert list(kinds) == ["meetings"]
    [(title, url, description)] = kinds["meetings"].rows
    assert (title, description) == (
        "Zephyr review",
        f"{world.alliance_a.name} · JSC A · 2026-03-10",
    )
    assert url.startswith("/governance/meetings/")
