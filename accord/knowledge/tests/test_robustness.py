"""Regressions found by the authorization matrix and the API fuzzing: the Playbook tab's task
buttons answer partners like the tab does, malformed ids are a 404 and out-of-range or unknown
filters a 400 naming the parameter, never a server error."""

import datetime as dt

import pytest

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.knowledge import actions
from accord.knowledge.models import PlaybookTask, TaskStatus


@pytest.fixture
def task_b(world):
    playbook = actions.playbook_create(
        actor=world.leader,
        data={"name": "Launch", "kind": "lifecycle", "lifecycle": "launch"},
        deliverables=[
            {
                "title": "Kick-off",
                "anchor": "start",
                "offset_days": 30,
                "cadence": "once",
                "owner_role": "alliance_management",
            }
        ],
    )
    application, _ = actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=dt.date(2025, 1, 6),
    )
    return application.tasks.get()


@pytest.mark.parametrize(("persona", "status"), [("partner_b", 403), ("partner_a", 404)])
def test_a_partner_cannot_tick_off_a_task_of_the_internal_playbook_tab(
    world, task_b, persona, status
):
    before = AuditEvent.objects.count()
    url = f"/alliances/{world.alliance_b.pk}/playbook/tasks/{task_b.pk}/done/"
    response = login(world.persona(persona)).post(url, {"version": task_b.version})
    assert response.status_code == status
    assert PlaybookTask.objects.get(pk=task_b.pk).status == TaskStatus.OPEN
    assert AuditEvent.objects.count() == before
    # The same answer as the tab itself and the task's own page.
    assert (
        login(world.persona(persona)).get(f"/alliances/{world.alliance_b.pk}/playbook/").status_code
        == status
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/deliverables/null,null/",
        "/api/v1/lessons/1e3/",
        "/api/v1/playbooks/abc/",
        "/api/v1/playbook-applications/-1/",
        "/api/v1/playbook-tasks/%20/",
        "/api/v1/raci/null/",
        "/api/v1/role-holders/1.5/",
        "/api/v1/templates/x/",
        "/api/v1/template-uses/null,null/",
        "/api/v1/dossiers/null,null/",
        "/api/v1/dossiers/abc/pdf/",
        "/api/v1/lessons/null/promote/",
    ],
)
def test_a_malformed_id_is_a_404(world, path):
    client = api_client(world.leader)
    response = client.post(path, {}, format="json") if "promote" in path else client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/playbook-tasks/?alliance=99999999999999999999999", "alliance"),
        ("/api/v1/playbook-tasks/?owner=-4.950368615231151e%2B226", "owner"),
        ("/api/v1/playbook-applications/?playbook=5.352523515335733e%2B26", "playbook"),
        ("/api/v1/raci/?alliance=-36893488147419103233", "alliance"),
        ("/api/v1/role-holders/?alliance=1e300", "alliance"),
        ("/api/v1/template-uses/?template=99999999999999999999999", "template"),
        ("/api/v1/lessons/?alliance=99999999999999999999999", "alliance"),
        ("/api/v1/playbook-tasks/?status=nonsense", "status"),
        ("/api/v1/playbooks/?kind=nonsense", "kind"),
        ("/api/v1/package-progress/?tier=9", "tier"),
        ("/api/v1/lessons/?colour=red", "colour"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(world, path, field):
    response = api_client(world.leader).get(path)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_relevant_lessons_need_a_valid_alliance_id(world):
    client = api_client(world.leader)
    for value in ("", "abc", "1.5"):
        response = client.get("/api/v1/lessons/relevant/", {"alliance": value})
        assert (response.status_code, list(response.json())) == (400, ["alliance"]), value
    huge = client.get("/api/v1/lessons/relevant/", {"alliance": "99999999999999999999999"})
    assert huge.status_code == 404  # no such alliance
