"""The health API end to end: create waves for several alliances, invite, launch, answer, results."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.conftest import api_client
from accord.core.models import AuditEvent
from accord.health import actions
from accord.health.models import HealthAction, ItemKind, Submission, Wave
from accord.notifications.models import Notification

from .factories import default_instrument


def test_a_leader_runs_a_survey_round_through_the_api(world):
    client = api_client(world.leader)
    closes = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    created = client.post(
        "/api/v1/health/waves/",
        {
            "alliances": [world.alliance_a.pk, world.alliance_b.pk],
            "title": "Q4 health",
            "closes_on": closes,
        },
        format="json",
    )
    assert created.status_code == 201
    rows = sorted(created.json(), key=lambda row: row["alliance"])
    assert [(row["alliance"], row["status"], row["invited"]) for row in rows] == [
        (world.alliance_a.pk, "draft", 3),
        (world.alliance_b.pk, "draft", 3),
    ]
    wave_id = rows[0]["id"]
    added = client.post(
        f"/api/v1/health/waves/{wave_id}/respondents/",
        {
            "name": "Kim Lee",
            "email": "kim@kestrel.test",
            "function": "CMC",
            "company": world.partner_co_a.pk,
        },
        format="json",
    )
    assert added.status_code == 201 and added.json()["side"] == "partner"
    wrong = client.post(
        f"/api/v1/health/waves/{wave_id}/respondents/",
        {"name": "X", "email": "x@polaris.test", "company": world.partner_co_b.pk},
        format="json",
    )
    assert wrong.status_code == 400 and "company" in wrong.json()
    launched = client.post(f"/api/v1/health/waves/{wave_id}/launch/")
    assert launched.status_code == 200 and launched.json()["status"] == "open"

    wave = Wave.objects.get(pk=wave_id)
    manager = api_client(world.manager_a)
    invitations = manager.get("/api/v1/health/invitations/").json()["results"]
    assert [row["wave"] for row in invitations] == [wave_id]
    answers = {}
    for item in wave.instrument.items_in_order():
        answers[str(item.pk)] = {"agree5": 4, "scale100": 70, "yesno": "yes", "text": "Good."}[
            item.kind
        ]
    bad = manager.post(
        f"/api/v1/health/waves/{wave_id}/answer/",
        {"answers": {**answers, next(iter(answers)): 9}, "submit": True},
        format="json",
    )
    assert bad.status_code == 400 and list(bad.json()) == [f"item_{next(iter(answers))}"]
    assert Submission.objects.count() == 0
    saved = manager.post(
        f"/api/v1/health/waves/{wave_id}/answer/",
        {"answers": {next(iter(answers)): 4}},
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["submitted"] is False
    done = manager.post(
        f"/api/v1/health/waves/{wave_id}/answer/",
        {"answers": answers, "submit": True},
        format="json",
    )
    assert done.status_code == 200 and done.json()["submitted"] is True
    assert (
        manager.post(
            f"/api/v1/health/waves/{wave_id}/answer/",
            {"answers": answers, "submit": True},
            format="json",
        ).status_code
        == 400
    )
    # Someone not invited cannot answer.
    assert (
        api_client(world.manager_b)
        .post(
            f"/api/v1/health/waves/{wave_id}/answer/",
            {"answers": answers, "submit": True},
            format="json",
        )
        .status_code
        == 404
    )

    rates = client.get(f"/api/v1/health/waves/{wave_id}/rates/").json()
    assert {(r["company"], r["function"]): r["answered"] for r in rates if r["function"] == ""} == {
        ("Meridian Therapeutics", ""): 1,
        ("Kestrel Bio", ""): 0,
    }
    assert client.get(f"/api/v1/health/waves/{wave_id}/results/").json()["available"] is False
    client.post(f"/api/v1/health/waves/{wave_id}/close/")
    results = client.get(f"/api/v1/health/waves/{wave_id}/results/").json()
    assert results["available"] is False and results["reason"].startswith("Fewer than 3")


def test_bad_wave_payloads_name_the_field(world):
    client = api_client(world.leader)
    response = client.post(
        "/api/v1/health/waves/", {"alliances": [], "title": "", "closes_on": "soon"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"alliances", "title", "closes_on"}
    backwards = client.post(
        "/api/v1/health/waves/",
        {
            "alliances": [world.alliance_a.pk],
            "title": "T",
            "opens_on": "2026-12-10",
            "closes_on": "2026-12-01",
        },
        format="json",
    )
    assert backwards.status_code == 400 and "closes_on" in backwards.json()
    assert Wave.objects.count() == 0
    unknown = client.get("/api/v1/health/waves/", {"colour": "red"})
    assert unknown.status_code == 400 and "colour" in unknown.json()


def test_a_manager_cannot_survey_an_alliance_they_do_not_run(world):
    client = api_client(world.manager_b)
    before = AuditEvent.objects.count()
    response = client.post(
        "/api/v1/health/waves/",
        {"alliances": [world.alliance_a.pk], "title": "T", "closes_on": "2026-12-31"},
        format="json",
    )
    assert response.status_code == 403
    assert Wave.objects.count() == 0 and AuditEvent.objects.count() == before
    partner = api_client(world.partner_a)
    assert (
        partner.post(
            "/api/v1/health/waves/",
            {"alliances": [world.alliance_b.pk], "title": "T", "closes_on": "2026-12-31"},
            format="json",
        ).status_code
        == 404
    )


def test_instrument_api_versions_on_change(world):
    instrument = default_instrument()
    theme = instrument.items_in_order().first().theme
    actions.wave_create(
        actor=world.leader,
        alliance=world.alliance_a,
        data={"instrument": instrument, "title": "T", "closes_on": timezone.localdate()},
        include_team=False,
    )
    response = api_client(world.manager_a).post(
        f"/api/v1/health/instruments/{instrument.pk}/items/",
        {"theme": theme.pk, "text": "We celebrate joint successes.", "kind": ItemKind.AGREE5},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["version"] == 2 and response.json()["id"] != instrument.pk
    listed = api_client(world.manager_a).get("/api/v1/health/instruments/").json()["results"]
    assert [row["version"] for row in listed] == [2, 1]


@pytest.mark.parametrize("days, step", [(5, "due"), (-1, "overdue")])
def test_action_owners_are_reminded_once(world, days, step):
    today = timezone.localdate()
    action = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Joint onboarding",
            "owner": world.partner_a,
            "due_on": today + dt.timedelta(days=days),
        },
    )
    assert actions.remind_actions(today=today) == 1
    assert actions.remind_actions(today=today) == 0
    note = Notification.objects.get(dedupe_key=f"health.action.{action.pk}.{step}.{action.due_on}")
    assert note.recipient == world.partner_a and note.alliance_id == world.alliance_a.pk
    HealthAction.objects.filter(pk=action.pk).update(status="done")
    assert actions.remind_actions(today=today + dt.timedelta(days=30)) == 0
