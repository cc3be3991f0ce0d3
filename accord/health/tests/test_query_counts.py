"""Health lists run the same number of queries for 1 row as for 50."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.conftest import api_client, login
from accord.health import actions
from accord.health.models import Side
from accord.portfolio.models import MemberRole
from accord.portfolio.tests.factories import AllianceFactory, MemberFactory

from .factories import add_people, draft_wave


def queries(fetch):
    fetch()
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def same_for_1_and_50(world, build, fetch):
    build(1)
    small = queries(fetch)
    build(49)
    return small, queries(fetch)


def test_wave_lists(world):
    def build(n):
        for _ in range(n):
            alliance = AllianceFactory(partners=[world.partner_co_a])
            MemberFactory(alliance=alliance, user=world.manager_a, role=MemberRole.ALLIANCE_MANAGER)
            wave = draft_wave(world.manager_a, alliance)
            add_people(world.manager_a, wave, Side.OWN, ["C"] * 3)

    client = api_client(world.leader)
    small, large = same_for_1_and_50(
        world, build, lambda: client.get("/api/v1/health/waves/", {"page_size": 100})
    )
    assert small == large


def test_alliance_health_page_and_action_list(world):
    client = login(world.manager_a)
    api = api_client(world.manager_a)

    def build(n):
        for i in range(n):
            actions.action_create(
                actor=world.manager_a,
                alliance=world.alliance_a,
                data={
                    "title": f"Action {i}",
                    "owner": world.partner_a,
                    "due_on": dt.date(2026, 12, 1),
                },
            )
            draft_wave(world.manager_a, world.alliance_a)

    build(1)
    page_small = queries(lambda: client.get(f"/alliances/{world.alliance_a.pk}/health/"))
    api_small = queries(lambda: api.get("/api/v1/health/actions/", {"page_size": 100}))
    build(49)
    assert queries(lambda: client.get(f"/alliances/{world.alliance_a.pk}/health/")) == page_small
    assert queries(lambda: api.get("/api/v1/health/actions/", {"page_size": 100})) == api_small


def test_scorecard_page_and_metric_list(world):
    client = login(world.manager_a)
    api = api_client(world.manager_a)

    def build(n):
        for i in range(n):
            goal = actions.goal_create(
                actor=world.manager_a,
                alliance=world.alliance_a,
                data={"period": f"P{i}-{n}", "title": f"Goal {i}"},
            )
            metric = actions.metric_create(
                actor=world.manager_a,
                goal=goal,
                data={"name": "M", "unit": "%", "direction": "higher", "owner_side": "own"},
            )
            actions.metric_set_target(
                actor=world.manager_a, metric=metric, period="2026-Q1", target=10
            )

    build(1)
    page_small = queries(lambda: client.get(f"/alliances/{world.alliance_a.pk}/health/scorecard/"))
    api_small = queries(lambda: api.get("/api/v1/health/metrics/", {"page_size": 100}))
    goals_small = queries(lambda: api.get("/api/v1/health/goals/", {"page_size": 100}))
    build(49)
    assert (
        queries(lambda: client.get(f"/alliances/{world.alliance_a.pk}/health/scorecard/"))
        == page_small
    )
    assert queries(lambda: api.get("/api/v1/health/metrics/", {"page_size": 100})) == api_small
    assert queries(lambda: api.get("/api/v1/health/goals/", {"page_size": 100})) == goals_small


def test_my_surveys_and_invitations(world):
    client = login(world.manager_a)
    api = api_client(world.manager_a)

    def build(n):
        for _ in range(n):
            wave = draft_wave(world.manager_a, world.alliance_a)
            actions.respondent_add(actor=world.manager_a, wave=wave, user=world.manager_a)
            add_people(world.manager_a, wave, Side.OWN, ["C"] * 2)
            actions.wave_launch(actor=world.manager_a, wave=wave)

    build(1)
    page_small = queries(lambda: client.get("/surveys/"))
    api_small = queries(lambda: api.get("/api/v1/health/invitations/", {"page_size": 100}))
    build(49)
    assert queries(lambda: client.get("/surveys/")) == page_small
    assert queries(lambda: api.get("/api/v1/health/invitations/", {"page_size": 100})) == api_small


def test_wave_page_with_many_respondents(world):
    wave = draft_wave(world.manager_a, world.alliance_a)
    client = login(world.manager_a)
    add_people(world.manager_a, wave, Side.PARTNER, ["R&D"])
    small = queries(lambda: client.get(f"/health/waves/{wave.pk}/"))
    add_people(world.manager_a, wave, Side.PARTNER, ["R&D", "CMC"] * 20)
    add_people(world.manager_a, wave, Side.OWN, ["Commercial"] * 9)
    assert queries(lambda: client.get(f"/health/waves/{wave.pk}/")) == small
