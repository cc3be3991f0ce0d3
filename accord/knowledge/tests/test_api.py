"""The API: scoping persona by persona, writes through actions, 400s naming the field."""

import datetime as dt

import pytest

from accord.conftest import api_client
from accord.knowledge import actions
from accord.knowledge.models import Lesson, PlaybookApplication, PlaybookTask, RaciEntry
from accord.knowledge.standard import install_library, install_standard_playbooks


@pytest.fixture
def setup(world):
    playbooks = {
        p.package or p.lifecycle: p for p in install_standard_playbooks(actor=world.leader)
    }
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbooks["launch"],
        start_date=dt.date(2020, 1, 1),
    )
    base = {"context": "c", "what_happened": "w", "lesson": "l", "recommendation": "r"}
    actions.lesson_create(
        actor=world.leader, data={**base, "title": "Internal B", "alliance": world.alliance_b}
    )
    actions.lesson_create(
        actor=world.leader,
        data={
            **base,
            "title": "Shared B",
            "alliance": world.alliance_b,
            "shared_with_partner": True,
        },
    )
    actions.lesson_create(
        actor=world.manager_a,
        data={**base, "title": "Secret", "alliance": world.alliance_a, "program": world.program_a2},
    )
    return playbooks, application


@pytest.mark.parametrize(
    "persona, lessons, tasks",
    [
        ("leader", ["Internal B", "Shared B"], 15),
        ("manager_a", ["Internal B", "Secret", "Shared B"], 15),
        ("firewalled", ["Internal B", "Shared B"], 15),
        ("partner_b", ["Shared B"], 0),
        ("partner_a", [], 0),
        ("outsider", [], 0),
    ],
)
def test_lists_are_scoped(world, setup, persona, lessons, tasks):
    client = api_client(world.persona(persona))
    body = client.get("/api/v1/lessons/").json()
    assert sorted(row["title"] for row in body["results"]) == lessons
    assert client.get("/api/v1/playbook-tasks/").json()["count"] == tasks


def test_anonymous_gets_401(world):
    assert api_client(None).get("/api/v1/lessons/").status_code == 401


def test_partners_get_403_on_internal_practice(world, setup):
    client = api_client(world.partner_b)
    assert client.get("/api/v1/package-progress/").status_code == 403
    assert client.get("/api/v1/playbooks/").json()["count"] == 0
    assert client.get("/api/v1/templates/").json()["count"] == 0
    _, application = setup
    assert client.get(f"/api/v1/playbook-applications/{application.pk}/").status_code == 404


def test_search_and_filters_and_unknown_filters(world, setup):
    client = api_client(world.leader)
    assert [
        r["title"] for r in client.get("/api/v1/lessons/", {"q": "shared"}).json()["results"]
    ] == ["Shared B"]
    response = client.get("/api/v1/lessons/", {"topik": "ip"})
    assert response.status_code == 400
    assert "topik" in response.json()
    assert client.get("/api/v1/lessons/", {"phase": "nonsense"}).status_code == 400


def test_record_a_lesson_and_bad_input(world, setup):
    client = api_client(world.manager_b)
    response = client.post(
        "/api/v1/lessons/",
        {
            "title": "API lesson",
            "context": "c",
            "what_happened": "w",
            "lesson": "l",
            "recommendation": "r",
            "alliance": world.alliance_b.pk,
            "topics": ["governance", "ip"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["topics"] == ["governance", "ip"]
    assert response.json()["alliance_type"] == "co_development"
    count = Lesson.objects.count()
    bad = client.post(
        "/api/v1/lessons/",
        {"title": "x", "alliance": world.alliance_b.pk, "topics": ["nope"]},
        format="json",
    )
    assert bad.status_code == 400
    assert {"context", "topics"} <= set(bad.json())
    hidden = api_client(world.firewalled).post(
        "/api/v1/lessons/",
        {
            "title": "x",
            "context": "c",
            "what_happened": "w",
            "lesson": "l",
            "recommendation": "r",
            "program": world.program_a2.pk,
        },
        format="json",
    )
    assert hidden.status_code == 400 and "program" in hidden.json()
    assert Lesson.objects.count() == count


def test_apply_is_idempotent_and_ticking_off_works(world, setup):
    playbooks, _ = setup
    client = api_client(world.manager_b)
    first = client.post(
        "/api/v1/playbook-applications/",
        {"alliance": world.alliance_b.pk, "playbook": playbooks["typical"].pk},
        format="json",
    )
    again = client.post(
        "/api/v1/playbook-applications/",
        {"alliance": world.alliance_b.pk, "playbook": playbooks["typical"].pk},
        format="json",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert PlaybookApplication.objects.filter(alliance=world.alliance_b).count() == 2
    task = PlaybookTask.objects.filter(alliance=world.alliance_b).order_by("due_date").first()
    done = client.patch(
        f"/api/v1/playbook-tasks/{task.pk}/", {"status": "done", "version": 1}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    stale = client.patch(
        f"/api/v1/playbook-tasks/{task.pk}/", {"note": "x", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    withdrawn = client.patch(
        f"/api/v1/playbook-tasks/{task.pk}/", {"status": "withdrawn"}, format="json"
    )
    assert withdrawn.status_code == 400


def test_someone_who_cannot_edit_the_alliance_cannot_apply_or_tick(world, setup):
    playbooks, application = setup
    client = api_client(world.manager_a)
    response = client.post(
        "/api/v1/playbook-applications/",
        {"alliance": world.alliance_b.pk, "playbook": playbooks["typical"].pk},
        format="json",
    )
    assert response.status_code == 403
    task = application.tasks.first()
    assert (
        client.patch(
            f"/api/v1/playbook-tasks/{task.pk}/", {"status": "done"}, format="json"
        ).status_code
        == 403
    )
    assert (
        api_client(world.executive)
        .patch(f"/api/v1/playbook-tasks/{task.pk}/", {"status": "done"}, format="json")
        .status_code
        == 403
    )
    task.refresh_from_db()
    assert task.status == "open"
    assert PlaybookApplication.objects.count() == 1
    outside = api_client(world.partner_a).post(
        "/api/v1/playbook-applications/",
        {"alliance": world.alliance_b.pk, "playbook": playbooks["typical"].pk},
        format="json",
    )
    assert outside.status_code == 403


def test_which_tier_1_alliances_are_behind(world, setup):
    world.alliance_b.tier = 1
    world.alliance_b.save()
    client = api_client(world.leader)
    body = client.get("/api/v1/package-progress/", {"tier": 1, "behind": "true"}).json()
    assert [(r["name"], r["behind"], r["tasks_late"]) for r in body["results"]] == [
        ("Polaris IL-23 Co-development", True, 15)
    ]
    assert (
        client.get("/api/v1/package-progress/", {"tier": 2, "behind": "true"}).json()["count"] == 0
    )


def test_reapply_through_the_api(world, setup):
    playbooks, application = setup
    deliverable = playbooks["launch"].deliverables.order_by("order").first()
    leader = api_client(world.leader)
    changed = leader.patch(
        f"/api/v1/deliverables/{deliverable.pk}/", {"title": "Handover from BD"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["revision"] == 2
    assert (
        api_client(world.manager_b)
        .patch(f"/api/v1/deliverables/{deliverable.pk}/", {"title": "x"}, format="json")
        .status_code
        == 403
    )
    assert (
        leader.post(
            f"/api/v1/playbook-applications/{application.pk}/reapply/", {}, format="json"
        ).status_code
        == 400
    )
    result = leader.post(
        f"/api/v1/playbook-applications/{application.pk}/reapply/",
        {"reason": "Wording aligned"},
        format="json",
    )
    assert result.json() == {"created": 0, "changed": 1, "withdrawn": 0, "reopened": 0}


def test_raci_and_templates_api(world, setup):
    client = api_client(world.manager_b)
    created = client.post(
        "/api/v1/raci/",
        {"alliance": world.alliance_b.pk, "activity": "Press releases", "alliance_management": "A"},
        format="json",
    )
    assert created.status_code == 201
    bad = client.post(
        "/api/v1/raci/",
        {
            "alliance": world.alliance_b.pk,
            "activity": "Two As",
            "alliance_management": "A",
            "partner": "A",
        },
        format="json",
    )
    assert bad.status_code == 400 and "alliance_management" in bad.json()
    assert api_client(world.partner_b).get("/api/v1/raci/").json()["count"] == 0
    assert RaciEntry.objects.count() == 1
    library = install_library(actor=world.leader)
    template = next(iter(library.values()))
    use = client.post(
        "/api/v1/template-uses/",
        {"alliance": world.alliance_b.pk, "template": template.pk},
        format="json",
    )
    assert use.status_code == 201 and use.json()["version_number"] == 1
    listed = api_client(world.leader).get("/api/v1/templates/").json()
    assert listed["count"] == 9
    assert listed["results"][0]["versions"][0]["download"].startswith("/files/")
