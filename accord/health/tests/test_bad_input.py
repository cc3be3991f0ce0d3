"""Malformed ids and filter values are a 404 or a 400 naming the parameter, never a server error."""

import pytest

from accord.conftest import api_client, login

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/health/waves/null,null/",
        "/api/v1/health/waves/1e3/results/",
        f"/api/v1/health/waves/{HUGE}/",
        "/api/v1/health/actions/abc/",
        "/api/v1/health/goals/-1/",
        "/api/v1/health/metrics/%20/",
        "/api/v1/health/relaunches/1.5/",
        "/api/v1/health/instruments/null/",
        "/api/v1/health/maturity/x/",
        "/api/v1/health/benchmarks/x/",
    ],
)
def test_a_malformed_id_is_a_404(world, path):
    assert api_client(world.leader).get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/v1/health/waves/?alliance={HUGE}", "alliance"),
        ("/api/v1/health/waves/?alliance=-4.950368615231151e%2B226", "alliance"),
        ("/api/v1/health/waves/?kind=weekly", "kind"),
        ("/api/v1/health/waves/?colour=red", "colour"),
        (f"/api/v1/health/actions/?owner={HUGE}", "owner"),
        ("/api/v1/health/actions/?due_before=soon", "due_before"),
        (f"/api/v1/health/goals/?alliance={HUGE}", "alliance"),
        (f"/api/v1/health/metrics/?goal={HUGE}", "goal"),
        ("/api/v1/health/relaunches/?status=paused", "status"),
        ("/api/v1/health/waves/trend/?alliance=abc", "alliance"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(world, path, field):
    response = api_client(world.leader).get(path)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_trend_of_an_alliance_id_past_64_bits_is_a_404(world):
    response = api_client(world.leader).get(f"/api/v1/health/waves/trend/?alliance={HUGE}")
    assert response.status_code == 404


def test_comparing_with_a_malformed_benchmark_id_is_a_400_or_a_404(world):
    from accord.health import actions, maturity

    assessment = actions.assessment_create(actor=world.leader, data={"title": "2026"})
    actions.assessment_answer(
        actor=world.leader,
        assessment=assessment,
        answers=dict.fromkeys(maturity.QUESTION_KEYS, 3),
        complete=True,
    )
    client = api_client(world.leader)
    path = f"/api/v1/health/maturity/{assessment.pk}/compare/?benchmark="
    response = client.get(path + "abc")
    assert response.status_code == 400
    assert list(response.json()) == ["benchmark"]
    assert client.get(path + HUGE).status_code == 404
    page = login(world.leader).get(f"/maturity/{assessment.pk}/?benchmark={HUGE}")
    assert page.status_code == 200
    assert page.context["benchmark"] is None


def test_a_new_action_naming_a_malformed_wave_is_refused_without_a_server_error(world):
    from accord.health.models import HealthAction

    for wave in ("abc", HUGE):
        response = login(world.manager_a).post(
            f"/alliances/{world.alliance_a.pk}/health/actions/new/",
            {
                "title": "Onboarding",
                "owner": world.manager_a.pk,
                "due_on": "2099-01-01",
                "status": "open",
                "wave": wave,
            },
        )
        assert response.status_code == 404
    assert HealthAction.objects.count() == 0
