"""Joint scorecards (each side updates its own metrics) and the guided relaunch."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.health import actions, hooks
from accord.health.models import JointGoal, MetricValue, Rag, RelaunchStatus
from accord.notifications.models import Notification


@pytest.fixture
def scorecard(world):
    goal = actions.goal_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"period": "2026", "title": "Decisions within two JSC cycles", "order": 1},
    )
    ours = actions.metric_create(
        actor=world.manager_a,
        goal=goal,
        data={
            "name": "Open decisions older than 60 days",
            "unit": "decisions",
            "direction": "lower",
            "owner_side": "own",
        },
    )
    theirs = actions.metric_create(
        actor=world.manager_a,
        goal=goal,
        data={
            "name": "Details delivered",
            "unit": "details",
            "direction": "higher",
            "owner_side": "partner",
        },
    )
    for metric, target in ((ours, 2), (theirs, 1000)):
        actions.metric_set_target(
            actor=world.manager_a, metric=metric, period="2026-Q1", target=target
        )
    return goal, ours, theirs


def test_at_most_five_goals_per_period(world):
    for n in range(5):
        actions.goal_create(
            actor=world.leader,
            alliance=world.alliance_a,
            data={"period": "2026", "title": f"Goal {n}"},
        )
    with pytest.raises(ValidationError) as error:
        actions.goal_create(
            actor=world.leader, alliance=world.alliance_a, data={"period": "2026", "title": "Sixth"}
        )
    assert error.value.message_dict == {
        "period": ["2026 already has 5 joint goals, the most the policy allows."]
    }
    assert JointGoal.objects.count() == 5
    actions.goal_create(
        actor=world.leader, alliance=world.alliance_a, data={"period": "2027", "title": "Next year"}
    )


def test_the_jsc_endorsement_is_recorded(world, scorecard):
    goal, _, _ = scorecard
    response = api_client(world.manager_a).post(
        f"/api/v1/health/goals/{goal.pk}/endorse/",
        {
            "endorsed_on": "2026-03-12",
            "endorsed_by": "JSC co-chairs H. Park and C. Dubois",
            "endorsement_reference": "JSC 2026-03 item 4",
        },
        format="json",
    )
    assert response.status_code == 200
    goal.refresh_from_db()
    assert (
        goal.endorsed_on,
        goal.endorsed_by,
        goal.endorsement_reference,
        goal.endorsement_recorded_by,
    ) == (
        dt.date(2026, 3, 12),
        "JSC co-chairs H. Park and C. Dubois",
        "JSC 2026-03 item 4",
        world.manager_a,
    )
    assert goal.governance_decision_id is None
    bad = api_client(world.manager_a).post(
        f"/api/v1/health/goals/{goal.pk}/endorse/", {"endorsed_on": "soon"}, format="json"
    )
    assert bad.status_code == 400 and set(bad.json()) == {
        "endorsed_on",
        "endorsed_by",
        "endorsement_reference",
    }


def test_each_side_updates_only_the_metrics_assigned_to_it(world, scorecard):
    _, ours, theirs = scorecard
    partner = api_client(world.partner_a)
    staff = api_client(world.manager_a)
    assert (
        partner.post(
            f"/api/v1/health/metrics/{theirs.pk}/actuals/",
            {"period": "2026-Q1", "actual": "950"},
            format="json",
        ).status_code
        == 200
    )
    before = AuditEvent.objects.count()
    denied = partner.post(
        f"/api/v1/health/metrics/{ours.pk}/actuals/",
        {"period": "2026-Q1", "actual": "0"},
        format="json",
    )
    assert denied.status_code == 403
    assert MetricValue.objects.get(metric=ours).actual is None
    assert AuditEvent.objects.count() == before
    assert (
        staff.post(
            f"/api/v1/health/metrics/{theirs.pk}/actuals/",
            {"period": "2026-Q1", "actual": "1"},
            format="json",
        ).status_code
        == 403
    )
    assert MetricValue.objects.get(metric=theirs).actual == 950
    body = staff.post(
        f"/api/v1/health/metrics/{ours.pk}/actuals/",
        {"period": "2026-Q1", "actual": "3"},
        format="json",
    ).json()
    assert body["values"][0]["status"] == Rag.RED and body["status"] == Rag.RED
    # A partner cannot change the scorecard's design (targets) either.
    assert (
        partner.post(
            f"/api/v1/health/metrics/{theirs.pk}/targets/",
            {"period": "2026-Q2", "target": "1"},
            format="json",
        ).status_code
        == 403
    )
    # Nor can another alliance's partner even see it.
    assert (
        api_client(world.partner_b).get(f"/api/v1/health/metrics/{theirs.pk}/").status_code == 404
    )


def test_the_scorecard_page_shows_status_and_trend_chart(world, scorecard):
    _, ours, theirs = scorecard
    actions.metric_record_actual(actor=world.partner_a, metric=theirs, period="2026-Q1", actual=950)
    page = login(world.partner_a).get(f"/alliances/{world.alliance_a.pk}/health/scorecard/")
    assert page.status_code == 200
    rows = page.context["rows"][0]["metrics"]
    assert [(m["metric"].pk, m["status"]) for m in rows] == [
        (ours.pk, Rag.NONE),
        (theirs.pk, Rag.AMBER),
    ]
    html = page.content.decode()
    assert f'data-chart="metric-{theirs.pk}"' in html
    assert (
        f"/health/metrics/{theirs.pk}/actual/" in html
        and f"/health/metrics/{ours.pk}/actual/" not in html
    )


def test_an_actual_needs_a_target_and_a_number(world, scorecard):
    _, ours, _ = scorecard
    with pytest.raises(ValidationError) as error:
        actions.metric_record_actual(actor=world.manager_a, metric=ours, period="2027-Q1", actual=1)
    assert error.value.message_dict == {"period": ["No target is set for 2027-Q1 yet."]}
    response = api_client(world.manager_a).post(
        f"/api/v1/health/metrics/{ours.pk}/actuals/",
        {"period": "2026-Q1", "actual": "many"},
        format="json",
    )
    assert response.status_code == 400 and "actual" in response.json()


def _walk_relaunch(world):
    relaunch = actions.relaunch_start(actor=world.manager_b, alliance=world.alliance_b)
    actions.relaunch_update(
        actor=world.manager_b,
        relaunch=relaunch,
        data={
            "reason": "Restructurings on both sides replaced the day-to-day counterparts.",
            "meeting_date": dt.date(2026, 5, 20),
            "communication_rules": "One shared weekly update.",
            "meeting_rules": "Agenda 5 days ahead.",
            "decision_protocols": "Consensus at team level; JSC decides within 30 days.",
            "issue_resolution": "Log issues jointly; 2 weeks at team level.",
            "escalation_process": "Team → JSC → executive sponsors.",
            "lessons": "New counterparts need an alliance onboarding.",
        },
    )
    return relaunch


def test_a_relaunch_records_every_step_and_finishing_prompts_for_a_lesson(
    world, django_capture_on_commit_callbacks
):
    relaunch = _walk_relaunch(world)
    with pytest.raises(ValidationError) as error:
        actions.relaunch_complete(actor=world.manager_b, relaunch=relaunch)
    assert error.value.message_dict == {"status": ["Complete these steps first: Joint goals."]}
    actions.goal_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        relaunch=relaunch,
        data={"period": "2026", "title": "Agree the omnichannel detail definition"},
    )
    client = login(world.manager_b)
    response = client.post(f"/health/relaunches/{relaunch.pk}/complete/")
    assert (
        response.status_code == 302
        and response["Location"] == f"/health/relaunches/{relaunch.pk}/lesson/"
    )
    relaunch.refresh_from_db()
    assert relaunch.status == RelaunchStatus.COMPLETED
    note = Notification.objects.get(kind="health.relaunch_lesson", recipient=world.manager_b)
    assert note.url == f"/health/relaunches/{relaunch.pk}/lesson/"
    # The prompt leads to the lessons app's capture page, prefilled from the relaunch.
    prompt = client.get(note.url)
    capture = f"/knowledge/lessons/new/?source_type=relaunch&source_id={relaunch.pk}"
    assert prompt.status_code == 302 and prompt["Location"] == capture
    form = client.get(capture)
    assert form.status_code == 200
    assert form.context["form"].initial["title"] == f"Relaunch of {world.alliance_b}: lessons"
    assert (
        "New counterparts need an alliance onboarding." in form.context["form"].initial["context"]
    )
    # Someone who cannot see the relaunch cannot record a lesson from it.
    assert login(world.partner_a).get(capture).status_code == 404
    draft = (
        api_client(world.partner_b)
        .get(f"/api/v1/health/relaunches/{relaunch.pk}/lesson-draft/")
        .json()
    )
    assert (
        draft["source"] == f"health.relaunch:{relaunch.pk}"
        and draft["alliance"] == world.alliance_b.pk
    )


def test_without_a_lessons_app_the_prompt_shows_the_draft(world, monkeypatch):
    relaunch = _walk_relaunch(world)
    actions.goal_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        relaunch=relaunch,
        data={"period": "2026", "title": "Agree the detail definition"},
    )
    actions.relaunch_complete(actor=world.manager_b, relaunch=relaunch)
    monkeypatch.setattr(hooks, "knowledge_installed", lambda: False)
    prompt = login(world.manager_b).get(f"/health/relaunches/{relaunch.pk}/lesson/")
    assert prompt.status_code == 200
    assert "New counterparts need an alliance onboarding." in prompt.content.decode()


def test_only_who_runs_the_alliance_changes_its_relaunch(world):
    relaunch = _walk_relaunch(world)
    clients = {p: api_client(getattr(world, p)) for p in ("manager_a", "partner_b", "partner_a")}
    before = AuditEvent.objects.count()
    for persona, code in (("manager_a", 403), ("partner_b", 403), ("partner_a", 404)):
        response = clients[persona].patch(
            f"/api/v1/health/relaunches/{relaunch.pk}/", {"lessons": "x"}, format="json"
        )
        assert response.status_code == code
    assert AuditEvent.objects.count() == before
    assert (
        api_client(world.partner_b).get(f"/api/v1/health/relaunches/{relaunch.pk}/").status_code
        == 200
    )
    with pytest.raises(ValidationError):
        actions.relaunch_start(actor=world.manager_b, alliance=world.alliance_b)


def test_a_lesson_can_be_recorded_from_a_closed_health_check(world):
    from .factories import closed_wave

    wave = closed_wave(
        world.manager_a, world.alliance_a, own=[("C", 75)] * 3, partner=[("R", 25)] * 3
    )
    page = login(world.manager_a).get(f"/health/waves/{wave.pk}/")
    capture = f"/knowledge/lessons/new/?source_type=health_check&source_id={wave.pk}"
    assert capture in page.content.decode().replace("&amp;", "&")
    form = login(world.manager_a).get(capture)
    assert form.status_code == 200
    assert "Perception gap on" in form.context["form"].initial["context"]
    assert login(world.partner_b).get(capture).status_code == 404
