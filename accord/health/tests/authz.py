"""The health app's rows of the authorization matrix (format: accord/core/authz_matrix.py).

Statuses, in order: admin leader manager_a manager_b executive contributor firewalled
partner_a partner_b anonymous.

Health has no program-scoped records, so no firewall rows: everything hangs off an alliance (or
is our company's own method: instruments, maturity, benchmarks, which partners never see).
Who runs an alliance's health work (`access.can_manage_health`): its manager or designated person
and leaders/admins, internal users only; on B that includes the contributor. Partners answer a
survey only through their personal link (/s/<secret>/), which needs no account and works for
whoever holds it; staff answer their own invitation in Accord (/surveys/<wave>/ and the API's
waves/{id}/answer/), which nobody else can reach.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from accord.core.authz_matrix import Row, api, page

# fmt: off
ROWS: list[Row] = [
    # Portfolio level: internal only.
    page('health/', 'GET', '/health/', '200 200 200 200 200 200 200 403 403 302', note='the portfolio heatmap is internal'),
    page('health/export.xlsx', 'GET', '/health/export.xlsx', '200 200 200 200 200 200 200 403 403 302'),
    page('health/waves/new/', 'GET', '/health/waves/new/', '200 200 200 200 403 403 403 403 403 302', note='a round for several alliances: managers, leaders, admins'),
    page('health/waves/new/', 'POST', '/health/waves/new/', '400 400 400 400 403 403 403 403 403 302'),
    page('health/instruments/', 'GET', '/health/instruments/', '200 200 200 200 200 200 200 403 403 302'),
    page('health/instruments/', 'POST', '/health/instruments/', '400 400 400 400 403 403 403 403 403 302', data={'name': ''}),
    page('health/instruments/<int:pk>/', 'GET', '/health/instruments/{health_instrument}/', '200 200 200 200 200 200 200 404 404 302', note='instruments are our method: partners see them only through a wave'),
    page('health/instruments/<int:pk>/', 'POST', '/health/instruments/{health_instrument}/', '302 302 302 302 403 403 403 404 404 302', note='an unknown change is flashed back on the builder page'),
    # One alliance.
    page('alliances/<int:pk>/health/', 'GET', '/alliances/{alliance_a}/health/', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/health/waves/new/', 'GET', '/alliances/{alliance_a}/health/waves/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/health/waves/new/', 'POST', '/alliances/{alliance_b}/health/waves/new/', '400 400 403 400 403 400 403 404 403 302', note="B's designated person (contributor) runs its surveys"),
    page('alliances/<int:pk>/health/actions/new/', 'POST', '/alliances/{alliance_b}/health/actions/new/', '302 302 403 302 403 302 403 404 403 302', note='form errors are flashed on the health page'),
    page('alliances/<int:pk>/health/scorecard/', 'GET', '/alliances/{alliance_a}/health/scorecard/', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/health/scorecard/', 'POST', '/alliances/{alliance_b}/health/scorecard/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/health/relaunch/', 'GET', '/alliances/{alliance_b}/health/relaunch/', '200 200 200 200 200 200 200 404 200 302'),
    page('alliances/<int:pk>/health/relaunch/', 'GET', '/alliances/{alliance_a}/health/relaunch/?of={health_relaunch_a}', '302 302 302 302 302 302 302 302 404 302', note='A has a relaunch (the query only makes the row build it): on to its overview'),
    page('alliances/<int:pk>/health/relaunch/', 'POST', '/alliances/{alliance_b}/health/relaunch/', '302 302 403 302 403 302 403 404 403 302'),
    # Waves.
    page('health/waves/<int:pk>/', 'GET', '/health/waves/{health_wave_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('health/waves/<int:pk>/', 'GET', '/health/waves/{health_wave_pulse_a}/', '200 200 200 200 200 200 200 404 404 302', note='a pulse check (and any draft) is internal'),
    page('health/waves/<int:pk>/results.xlsx', 'GET', '/health/waves/{health_wave_a}/results.xlsx', '200 200 200 200 200 200 200 200 404 302'),
    page('health/waves/<int:pk>/results.xlsx', 'GET', '/health/waves/{health_wave_pulse_a}/results.xlsx', '200 200 200 200 200 200 200 404 404 302'),
    page('health/waves/<int:pk>/<str:op>/', 'POST', '/health/waves/{health_wave_b}/remind/', '302 302 403 302 403 302 403 404 403 302'),
    page('health/respondents/<int:pk>/<str:op>/', 'POST', '/health/respondents/{health_respondent_b}/resend/', '302 302 403 302 403 302 403 404 403 302'),
    page('health/actions/<int:pk>/', 'GET', '/health/actions/{health_action_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('health/actions/<int:pk>/', 'GET', '/health/actions/{health_action_pulse_a}/', '200 200 200 200 200 200 200 404 404 302', note='an action from an internal pulse check is internal'),
    page('health/actions/<int:pk>/', 'POST', '/health/actions/{health_action_b}/', '400 400 403 400 403 400 403 404 400 302', note="partner_b owns it: they change its status"),
    # Scorecards and relaunch.
    page('health/goals/<int:pk>/<str:op>/', 'POST', '/health/goals/{health_goal_b}/endorse/', '302 302 403 302 403 302 403 404 403 302', note='form errors are flashed on the scorecard'),
    page('health/metrics/<int:pk>/<str:op>/', 'POST', '/health/metrics/{health_metric_b}/target/', '302 302 403 302 403 302 403 404 403 302'),
    page('health/metrics/<int:pk>/<str:op>/', 'POST', '/health/metrics/{health_metric_b}/actual/', '403 403 403 403 403 403 403 404 302 302', note="a partner-side metric's actuals: the partner only"),
    page('health/relaunches/<int:pk>/<str:step>/', 'GET', '/health/relaunches/{health_relaunch_a}/overview/', '200 200 200 200 200 200 200 200 404 302'),
    page('health/relaunches/<int:pk>/<str:step>/', 'POST', '/health/relaunches/{health_relaunch_a}/context/', '400 400 400 403 403 403 403 403 404 302', data={'meeting_date': 'not a date'}),
    page('health/relaunches/<int:pk>/lesson/', 'GET', '/health/relaunches/{health_relaunch_a}/lesson/', '302 302 302 302 302 302 302 302 404 302', note='not completed yet: back to the overview'),
    # Answering.
    page('surveys/', 'GET', '/surveys/', '200 200 200 200 200 200 200 200 200 302'),
    page('surveys/<int:pk>/', 'GET', '/surveys/{health_wave_a}/', '404 404 200 404 404 404 200 404 404 302', note='only the invited staff; partners answer by link'),
    page('surveys/<int:pk>/', 'POST', '/surveys/{health_wave_a}/', '404 404 302 404 404 404 302 404 404 302', note='no submit: saved for later'),
    page('s/<str:token>/', 'GET', '/s/{health_link_a}/', '200 200 200 200 200 200 200 200 200 200', note='a personal link: whoever holds it answers, no account needed'),
    page('s/<str:token>/', 'GET', '/s/not-a-real-link/', '410 410 410 410 410 410 410 410 410 410'),
    page('s/<str:token>/', 'POST', '/s/{health_link_a}/', '302 302 302 302 302 302 302 302 302 302', note='no submit: saved for later'),
    # Maturity: internal; leaders and admins assess.
    page('maturity/', 'GET', '/maturity/', '200 200 200 200 200 200 200 403 403 302'),
    page('maturity/new/', 'GET', '/maturity/new/', '200 200 403 403 403 403 403 403 403 302'),
    page('maturity/new/', 'POST', '/maturity/new/', '400 400 403 403 403 403 403 403 403 302'),
    page('maturity/<int:pk>/', 'GET', '/maturity/{health_assessment}/', '200 200 200 200 200 200 200 404 404 302'),
    page('maturity/<int:pk>/', 'POST', '/maturity/{health_assessment}/', '400 400 403 403 403 403 403 404 404 302', note='completed: it cannot change'),
    page('maturity/<int:pk>/export.csv', 'GET', '/maturity/{health_assessment}/export.csv', '200 200 200 200 200 200 200 404 404 302'),
    page('maturity/benchmarks/import/', 'GET', '/maturity/benchmarks/import/', '200 200 403 403 403 403 403 403 403 302'),
    page('maturity/benchmarks/import/', 'POST', '/maturity/benchmarks/import/', '400 400 403 403 403 403 403 403 403 302'),

    # --- API ---
    api('GET', '/api/v1/health/actions/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/health/actions/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'title': 'Matrix action', 'owner': '{health_owner_b}', 'due_on': '2099-01-01'}, note='partner_a: an alliance (or goal) id out of scope is refused like a missing id: 400, was 404 (accord.core.scoping)'),
    api('GET', '/api/v1/health/actions/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/health/actions/{health_action_pulse_a}/'),
    api('PATCH', '/api/v1/health/actions/{id}/', '400 400 403 400 403 400 403 404 400 401', path='/api/v1/health/actions/{health_action_b}/', data={'title': ''}, note='partner_b owns it'),
    api('GET', '/api/v1/health/benchmarks/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/health/benchmarks/', '400 400 403 403 403 403 403 403 403 401', data={'name': '', 'file': '<file:benchmark.csv>'}),
    api('GET', '/api/v1/health/benchmarks/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/health/benchmarks/{health_benchmark}/'),
    api('DELETE', '/api/v1/health/benchmarks/{id}/', '204 204 403 403 403 403 403 404 404 401', path='/api/v1/health/benchmarks/{health_benchmark}/'),
    api('GET', '/api/v1/health/goals/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/health/goals/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'period': '2026', 'title': 'Matrix goal'}, note='partner_a: an alliance (or goal) id out of scope is refused like a missing id: 400, was 404 (accord.core.scoping)'),
    api('GET', '/api/v1/health/goals/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/health/goals/{health_goal_a}/'),
    api('PATCH', '/api/v1/health/goals/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/goals/{health_goal_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/health/goals/{id}/', '204 204 403 204 403 204 403 404 403 401', path='/api/v1/health/goals/{health_goal_b}/'),
    api('POST', '/api/v1/health/goals/{id}/endorse/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/goals/{health_goal_b}/endorse/', data={}),
    api('GET', '/api/v1/health/instruments/', '200 200 200 200 200 200 200 200 200 401', note='partners get an empty list'),
    api('POST', '/api/v1/health/instruments/', '201 201 201 201 403 403 403 403 403 401', data={'name': 'Matrix instrument'}),
    api('GET', '/api/v1/health/instruments/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/health/instruments/{health_instrument}/'),
    api('POST', '/api/v1/health/instruments/{id}/categories/', '400 400 400 400 403 403 403 404 404 401', path='/api/v1/health/instruments/{health_instrument}/categories/', data={}),
    api('POST', '/api/v1/health/instruments/{id}/themes/', '400 400 400 400 403 403 403 404 404 401', path='/api/v1/health/instruments/{health_instrument}/themes/', data={}),
    api('POST', '/api/v1/health/instruments/{id}/items/', '400 400 400 400 403 403 403 404 404 401', path='/api/v1/health/instruments/{health_instrument}/items/', data={}),
    api('PATCH', '/api/v1/health/instruments/{id}/items/{item_pk}/', '200 200 200 200 403 403 403 404 404 401', path='/api/v1/health/instruments/{health_instrument}/items/{health_item}/', data={'translations': {'ja': {'text': '質問'}}}, note='a new translation; the instrument is in use, so a new version'),
    api('DELETE', '/api/v1/health/instruments/{id}/items/{item_pk}/', '200 200 200 200 403 403 403 404 404 401', path='/api/v1/health/instruments/{health_instrument}/items/{health_item}/', note='the instrument is in use: the change makes a new version'),
    api('GET', '/api/v1/health/invitations/', '200 200 200 200 200 200 200 200 200 401'),
    api('GET', '/api/v1/health/maturity/', '200 200 200 200 200 200 200 200 200 401', note='partners get an empty list'),
    api('POST', '/api/v1/health/maturity/', '201 201 403 403 403 403 403 403 403 401', data={'title': 'Matrix assessment', 'assessed_on': '2026-01-01'}),
    api('GET', '/api/v1/health/maturity/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/health/maturity/{health_assessment}/'),
    api('POST', '/api/v1/health/maturity/{id}/answers/', '400 400 403 403 403 403 403 404 404 401', path='/api/v1/health/maturity/{health_assessment}/answers/', data={}),
    api('GET', '/api/v1/health/maturity/{id}/compare/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/health/maturity/{health_assessment}/compare/?benchmark={health_benchmark}'),
    api('GET', '/api/v1/health/maturity/{id}/export/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/health/maturity/{health_assessment}/export/'),
    api('GET', '/api/v1/health/metrics/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/health/metrics/', '201 201 403 201 403 201 403 400 403 401', data={'goal': '{health_goal_b}', 'name': 'Matrix metric', 'unit': '%'}, note='partner_a: an alliance (or goal) id out of scope is refused like a missing id: 400, was 404 (accord.core.scoping)'),
    api('GET', '/api/v1/health/metrics/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/health/metrics/{health_metric_a}/'),
    api('PATCH', '/api/v1/health/metrics/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/metrics/{health_metric_b}/', data={'name': ''}),
    api('DELETE', '/api/v1/health/metrics/{id}/', '204 204 403 204 403 204 403 404 403 401', path='/api/v1/health/metrics/{health_metric_b}/'),
    api('POST', '/api/v1/health/metrics/{id}/targets/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/metrics/{health_metric_b}/targets/', data={}),
    api('POST', '/api/v1/health/metrics/{id}/actuals/', '403 403 403 403 403 403 403 404 400 401', path='/api/v1/health/metrics/{health_metric_b}/actuals/', data={}, note="a partner-side metric's actuals: the partner only"),
    api('POST', '/api/v1/health/metrics/{id}/actuals/', '400 400 400 403 403 403 403 403 404 401', path='/api/v1/health/metrics/{health_metric_a}/actuals/', data={}, note="our side's metric: who runs the alliance"),
    api('GET', '/api/v1/health/relaunches/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/health/relaunches/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}'}, note='partner_a: an alliance (or goal) id out of scope is refused like a missing id: 400, was 404 (accord.core.scoping)'),
    api('GET', '/api/v1/health/relaunches/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/health/relaunches/{health_relaunch_a}/'),
    api('PATCH', '/api/v1/health/relaunches/{id}/', '400 400 400 403 403 403 403 403 404 401', path='/api/v1/health/relaunches/{health_relaunch_a}/', data={'meeting_date': 'not a date'}),
    api('POST', '/api/v1/health/relaunches/{id}/complete/', '400 400 400 403 403 403 403 403 404 401', path='/api/v1/health/relaunches/{health_relaunch_a}/complete/', note='steps are missing'),
    api('POST', '/api/v1/health/relaunches/{id}/lesson/', '400 400 400 403 403 403 403 403 404 401', path='/api/v1/health/relaunches/{health_relaunch_a}/lesson/', data={}),
    api('GET', '/api/v1/health/relaunches/{id}/lesson-draft/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/health/relaunches/{health_relaunch_a}/lesson-draft/'),
    api('GET', '/api/v1/health/waves/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/health/waves/', '201 201 403 201 403 201 403 404 403 401', data={'alliances': ['{alliance_b}'], 'title': 'Matrix wave', 'closes_on': '2099-12-31'}),
    api('GET', '/api/v1/health/waves/heatmap/', '200 200 200 200 200 200 200 403 403 401'),
    api('GET', '/api/v1/health/waves/trend/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/health/waves/trend/?alliance={alliance_a}'),
    api('GET', '/api/v1/health/waves/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/health/waves/{health_wave_pulse_a}/'),
    api('PATCH', '/api/v1/health/waves/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/waves/{health_wave_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/health/waves/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/waves/{health_wave_b}/', note='launched: close it instead'),
    api('POST', '/api/v1/health/waves/{id}/answer/', '404 404 400 404 404 404 400 404 404 401', path='/api/v1/health/waves/{health_wave_a}/answer/', data={}, note='only the invited staff; partners answer by link'),
    api('POST', '/api/v1/health/waves/{id}/launch/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/waves/{health_wave_b}/launch/', note='already launched'),
    api('POST', '/api/v1/health/waves/{id}/close/', '200 200 403 200 403 200 403 404 403 401', path='/api/v1/health/waves/{health_wave_b}/close/'),
    api('POST', '/api/v1/health/waves/{id}/remind/', '200 200 403 200 403 200 403 404 403 401', path='/api/v1/health/waves/{health_wave_b}/remind/'),
    api('GET', '/api/v1/health/waves/{id}/rates/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/health/waves/{health_wave_a}/rates/'),
    api('GET', '/api/v1/health/waves/{id}/results/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/health/waves/{health_wave_a}/results/'),
    api('GET', '/api/v1/health/waves/{id}/respondents/', '200 200 200 403 403 403 403 403 404 401', path='/api/v1/health/waves/{health_wave_a}/respondents/', note='who is asked is for whoever runs the survey, as on the page'),
    api('POST', '/api/v1/health/waves/{id}/respondents/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/health/waves/{health_wave_b}/respondents/', data={}),
    api('DELETE', '/api/v1/health/waves/{id}/respondents/{respondent_pk}/', '204 204 403 204 403 204 403 404 403 401', path='/api/v1/health/waves/{health_wave_b}/respondents/{health_respondent_b}/'),
]
# fmt: on


def _open_wave(actions, actor, alliance, title):
    """A joint wave of the alliance's team, launched and open today."""
    today = timezone.localdate()
    wave = actions.wave_create(
        actor=actor,
        alliance=alliance,
        data={
            "instrument": actions.instrument_install_default(actor=None),
            "kind": "joint",
            "title": title,
            "opens_on": today,
            "closes_on": today + dt.timedelta(days=14),
        },
    )
    return actions.wave_launch(actor=actor, wave=wave)


def targets(world) -> dict:
    from accord.health import actions, maturity
    from accord.health.models import Respondent, Side, WaveKind

    instrument = actions.instrument_install_default(actor=None)
    item = instrument.items_in_order().first()
    # Alliance teams: A = manager_a, firewalled, partner_a; B = manager_b, contributor, partner_b.
    wave_a = _open_wave(actions, world.manager_a, world.alliance_a, "Health A")
    wave_b = _open_wave(actions, world.manager_b, world.alliance_b, "Health B")
    today = timezone.localdate()
    pulse_a = actions.wave_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "instrument": instrument,
            "kind": WaveKind.PULSE,
            "title": "Pulse A",
            "opens_on": today,
            "closes_on": today + dt.timedelta(days=14),
        },
    )
    # Only the hash of a personal link is kept: give partner_a's invitation a known secret.
    secret = secrets.token_urlsafe(32)
    Respondent.objects.filter(wave=wave_a, user=world.partner_a).update(
        token_hash=Respondent.hash_token(secret),
        token_expires_at=timezone.now() + dt.timedelta(days=7),
    )
    respondent_b = Respondent.objects.get(wave=wave_b, user=world.partner_b, side=Side.PARTNER)

    due = today + dt.timedelta(days=30)
    action_a = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Joint onboarding", "owner": world.partner_a, "due_on": due},
    )
    action_pulse_a = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Staff the team", "owner": world.manager_a, "due_on": due, "wave": pulse_a},
    )
    action_b = actions.action_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"title": "Detail definition", "owner": world.partner_b, "due_on": due},
    )
    goal_a = actions.goal_create(
        actor=world.manager_a, alliance=world.alliance_a, data={"period": "2026", "title": "A"}
    )
    goal_b = actions.goal_create(
        actor=world.manager_b, alliance=world.alliance_b, data={"period": "2026", "title": "B"}
    )
    metric_a = actions.metric_create(
        actor=world.manager_a,
        goal=goal_a,
        data={"name": "Milestones on time", "unit": "%", "owner_side": Side.OWN},
    )
    metric_b = actions.metric_create(
        actor=world.manager_b,
        goal=goal_b,
        data={"name": "Partner FTEs", "unit": "FTE", "owner_side": Side.PARTNER},
    )
    relaunch_a = actions.relaunch_start(actor=world.manager_a, alliance=world.alliance_a)

    assessment = actions.assessment_create(actor=world.leader, data={"title": "Matrix 2026"})
    assessment = actions.assessment_answer(
        actor=world.leader,
        assessment=assessment,
        answers=dict.fromkeys(maturity.QUESTION_KEYS, 3),
        complete=True,
    )
    benchmark = actions.benchmark_import(
        actor=world.leader,
        name="Matrix cohort",
        source_name="cohort.csv",
        rows=[
            {"organisation": "Org 1", "capacity": 60, "digital": 50, "outcomes": 55, "index": 55}
        ],
    )
    return {
        "health_instrument": instrument.pk,
        "health_item": item.pk,
        "health_wave_a": wave_a.pk,
        "health_wave_b": wave_b.pk,
        "health_wave_pulse_a": pulse_a.pk,
        "health_respondent_b": respondent_b.pk,
        "health_link_a": secret,
        "health_owner_b": world.manager_b.pk,
        "health_action_a": action_a.pk,
        "health_action_pulse_a": action_pulse_a.pk,
        "health_action_b": action_b.pk,
        "health_goal_a": goal_a.pk,
        "health_goal_b": goal_b.pk,
        "health_metric_a": metric_a.pk,
        "health_metric_b": metric_b.pk,
        "health_relaunch_a": relaunch_a.pk,
        "health_assessment": assessment.pk,
        "health_benchmark": benchmark.pk,
    }
