"""Who sees which health records: every persona, pages and API. Never another alliance."""

import pytest

from accord.conftest import api_client, login
from accord.health import actions
from accord.health.models import WaveKind

from .factories import closed_wave

PERSONAS = [
    "admin",
    "leader",
    "manager_a",
    "manager_b",
    "executive",
    "contributor",
    "firewalled",
    "partner_a",
    "partner_b",
    "outsider",
]
INTERNAL = {"admin", "leader", "manager_a", "manager_b", "executive", "contributor", "firewalled"}


@pytest.fixture
def records(world):
    joint_a = closed_wave(
        world.manager_a, world.alliance_a, own=[("C", 75)] * 3, partner=[("R", 50)] * 3
    )
    pulse_a = closed_wave(
        world.manager_a, world.alliance_a, own=[("C", 60)] * 3, kind=WaveKind.PULSE, title="Pulse"
    )
    joint_b = closed_wave(
        world.manager_b, world.alliance_b, own=[("C", 75)] * 3, partner=[("R", 50)] * 3
    )
    action_a = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Joint onboarding for new team members",
            "owner": world.partner_a,
            "due_on": "2026-12-01",
            "wave": joint_a,
        },
    )
    action_pulse = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Internal: staff the commercial sub-team",
            "owner": world.manager_a,
            "due_on": "2026-12-01",
            "wave": pulse_a,
        },
    )
    goal_b = actions.goal_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"period": "2026", "title": "Detail definition"},
    )
    return {
        "joint_a": joint_a,
        "pulse_a": pulse_a,
        "joint_b": joint_b,
        "action_a": action_a,
        "action_pulse": action_pulse,
        "goal_b": goal_b,
    }


def _waves_seen(persona):
    if persona in INTERNAL:
        return {"joint_a", "pulse_a", "joint_b"}
    return {"partner_a": {"joint_a"}, "partner_b": {"joint_b"}}.get(persona, set())


@pytest.mark.parametrize("persona", PERSONAS)
def test_waves_in_scope_in_the_api_and_pages(world, records, persona):
    user = world.persona(persona)
    seen = _waves_seen(persona)
    listed = {row["id"] for row in api_client(user).get("/api/v1/health/waves/").json()["results"]}
    assert listed == {records[k].pk for k in seen}
    for key in ("joint_a", "pulse_a", "joint_b"):
        wave = records[key]
        expected = 200 if key in seen else 404
        assert login(user).get(f"/health/waves/{wave.pk}/").status_code == expected
        assert (
            api_client(user).get(f"/api/v1/health/waves/{wave.pk}/results/").status_code == expected
        )
        assert login(user).get(f"/health/waves/{wave.pk}/results.xlsx").status_code == expected


@pytest.mark.parametrize("persona", ["partner_a", "partner_b", "outsider"])
def test_partners_get_their_joint_results_but_no_portfolio_view(world, records, persona):
    user = world.persona(persona)
    assert login(user).get("/health/").status_code == 403
    assert api_client(user).get("/api/v1/health/waves/heatmap/").status_code == 403
    assert api_client(user).get("/api/v1/health/instruments/").json()["results"] == []
    trend = api_client(user).get("/api/v1/health/waves/trend/", {"alliance": world.alliance_a.pk})
    assert trend.status_code == (200 if persona == "partner_a" else 404)
    if persona == "partner_a":
        assert [p["wave"] for p in trend.json()] == [records["joint_a"].pk]
        page = login(user).get(f"/alliances/{world.alliance_a.pk}/health/")
        assert page.status_code == 200 and page.context["latest"].wave == records["joint_a"]
        assert (
            api_client(user)
            .get("/api/v1/health/waves/trend/", {"alliance": world.alliance_a.pk, "kind": "pulse"})
            .status_code
            == 403
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_action_plan_and_goals_in_scope(world, records, persona):
    user = world.persona(persona)
    actions_seen = {
        row["id"] for row in api_client(user).get("/api/v1/health/actions/").json()["results"]
    }
    goals_seen = {
        row["id"] for row in api_client(user).get("/api/v1/health/goals/").json()["results"]
    }
    if persona in INTERNAL:
        assert actions_seen == {records["action_a"].pk, records["action_pulse"].pk}
        assert goals_seen == {records["goal_b"].pk}
    elif persona == "partner_a":
        assert actions_seen == {records["action_a"].pk}  # not the one from the internal pulse
        assert goals_seen == set()
    elif persona == "partner_b":
        assert actions_seen == set() and goals_seen == {records["goal_b"].pk}
    else:
        assert actions_seen == set() and goals_seen == set()


def test_the_heatmap_lists_each_alliance_latest_joint_result(world, records):
    page = login(world.executive).get("/health/")
    assert [row["result"].wave for row in page.context["rows"]] == [
        records["joint_a"],
        records["joint_b"],
    ]
    gaps = login(world.executive).get("/health/", {"show": "gap"})
    assert gaps.status_code == 200 and "gap-critical" in gaps.content.decode()
    api = api_client(world.leader).get("/api/v1/health/waves/heatmap/").json()
    assert [row["alliance"] for row in api] == [world.alliance_a.pk, world.alliance_b.pk]
    assert api[0]["gaps"]["trust"] == "critical"


def test_the_heatmap_is_paginated_by_alliance_name(world, records, monkeypatch):
    """Big pharma has hundreds of alliances with results: the page draws them a page at a time
    (the export has them all), and htmx swaps the next page in place."""
    from accord.health.views import analysis

    monkeypatch.setattr(analysis, "HEATMAP_PAGE", 1)
    client = login(world.executive)
    first = client.get("/health/")
    assert [row["result"].wave for row in first.context["rows"]] == [records["joint_a"]]
    assert "Page 1 of 2" in first.content.decode()
    second = client.get("/health/", {"page": 2, "show": "gap"}, HTTP_HX_REQUEST="true")
    assert [row["result"].wave for row in second.context["rows"]] == [records["joint_b"]]
    body = second.content.decode()
    assert body.startswith('<div id="results">') and "<html" not in body
    assert "Page 2 of 2" in body and "gap-critical" in body  # still the gaps


def test_a_partner_owner_updates_the_status_of_their_action_only(world, records):
    action = records["action_a"]
    client = api_client(world.partner_a)
    assert (
        client.patch(
            f"/api/v1/health/actions/{action.pk}/", {"status": "done"}, format="json"
        ).status_code
        == 200
    )
    changed = client.patch(
        f"/api/v1/health/actions/{action.pk}/", {"title": "Something else"}, format="json"
    )
    assert changed.status_code == 400
    action.refresh_from_db()
    assert (action.status, action.title) == ("done", "Joint onboarding for new team members")
    assert (
        api_client(world.partner_b)
        .patch(f"/api/v1/health/actions/{action.pk}/", {"status": "open"}, format="json")
        .status_code
        == 404
    )


def test_a_partner_cannot_own_an_action_of_an_alliance_they_are_not_on(world):
    response = api_client(world.manager_a).post(
        "/api/v1/health/actions/",
        {
            "alliance": world.alliance_a.pk,
            "title": "X",
            "owner": world.partner_b.pk,
            "due_on": "2026-12-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "owner" in response.json()
