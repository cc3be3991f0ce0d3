"""The pages: applying, ticking off, progress across the portfolio, scoping of the tabs."""

import datetime as dt

import pytest

from accord.conftest import login
from accord.knowledge.models import PlaybookApplication, PlaybookTask
from accord.knowledge.standard import install_standard_playbooks


@pytest.fixture
def playbooks(world):
    return {p.package or p.lifecycle: p for p in install_standard_playbooks(actor=world.leader)}


def test_apply_on_the_page_then_tick_off_with_htmx(world, playbooks):
    client = login(world.manager_b)
    url = f"/alliances/{world.alliance_b.pk}/playbook/"
    response = client.post(url, {"playbook": playbooks["launch"].pk, "start_date": "2026-01-05"})
    assert response.status_code == 302
    application = PlaybookApplication.objects.get()
    assert application.start_date == dt.date(2026, 1, 5)
    assert application.tasks.count() == 15
    again = client.post(url, {"playbook": playbooks["launch"].pk}, follow=True)
    assert "was already applied: nothing changed" in again.content.decode()
    assert PlaybookTask.objects.count() == 15
    task = application.tasks.order_by("due_date", "pk").first()
    row = client.post(
        f"/alliances/{world.alliance_b.pk}/playbook/tasks/{task.pk}/done/",
        {"version": task.version},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    assert f'id="task-{task.pk}"' in row.content.decode() and "Done" in row.content.decode()
    task.refresh_from_db()
    assert (task.status, task.completed_by) == ("done", world.manager_b)
    stale = client.post(
        f"/alliances/{world.alliance_b.pk}/playbook/tasks/{task.pk}/open/",
        {"version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert stale.status_code == 409
    task.refresh_from_db()
    assert task.status == "done"


def test_bad_apply_input_is_a_400_naming_the_field(world, playbooks):
    response = login(world.manager_b).post(
        f"/alliances/{world.alliance_b.pk}/playbook/", {"playbook": "999999", "start_date": "soon"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Playbook:" in text and "Start date:" in text
    assert PlaybookApplication.objects.count() == 0


@pytest.mark.parametrize(
    "persona, status",
    [
        ("manager_a", 403),
        ("executive", 403),
        ("partner_b", 403),
        ("partner_a", 404),
        ("contributor", 302),
    ],
)
def test_who_may_apply(world, playbooks, persona, status):
    response = login(world.persona(persona)).post(
        f"/alliances/{world.alliance_b.pk}/playbook/", {"playbook": playbooks["typical"].pk}
    )
    assert response.status_code == status
    assert PlaybookApplication.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    "persona, status",
    [
        ("leader", 200),
        ("executive", 200),
        ("firewalled", 200),
        ("partner_a", 403),
        ("partner_b", 404),
        ("anonymous", 302),
    ],
)
def test_internal_tabs_scoping(world, persona, status):
    client = login(world.persona(persona))
    for tab in ("playbook", "roles", "dossier"):
        assert client.get(f"/alliances/{world.alliance_a.pk}/{tab}/").status_code == status


def test_progress_page_answers_which_tier_1_alliances_are_behind(world, playbooks):
    from accord.knowledge import actions

    world.alliance_a.tier = 1
    world.alliance_a.save()
    world.alliance_b.tier = 1
    world.alliance_b.save()
    actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_a,
        playbook=playbooks["launch"],
        start_date=dt.date(2020, 1, 1),
    )
    actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbooks["launch"],
        start_date=dt.date.today() + dt.timedelta(days=10),
    )
    response = login(world.leader).get("/playbooks/progress/", {"tier": 1, "behind": "true"})
    assert [a.name for a in response.context["page"]] == ["Kestrel ADC Collaboration"]
    all_rows = login(world.leader).get("/playbooks/progress/", {"tier": 1})
    assert [a.name for a in all_rows.context["page"]] == [
        "Kestrel ADC Collaboration",
        "Polaris IL-23 Co-development",
    ]
    assert login(world.leader).get("/playbooks/progress/", {"tier": 9}).status_code == 400
    assert login(world.partner_a).get("/playbooks/progress/").status_code == 403


def test_editing_a_playbook_is_a_leaders_job(world, playbooks):
    deliverable = playbooks["launch"].deliverables.first()
    url = f"/playbooks/deliverables/{deliverable.pk}/edit/"
    data = {
        "title": "Changed",
        "owner_role": "alliance_management",
        "anchor": "start",
        "offset_days": 3,
        "cadence": "once",
        "order": 1,
    }
    assert login(world.manager_a).post(url, data).status_code == 403
    deliverable.refresh_from_db()
    assert deliverable.title != "Changed"
    assert login(world.leader).post(url, data).status_code == 302
    playbooks["launch"].refresh_from_db()
    assert playbooks["launch"].revision == 2
