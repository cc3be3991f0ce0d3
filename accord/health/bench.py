"""Benchmark scenarios for alliance health (see accord.core.benchmarking)."""

from accord.core.benchmarking import Scenario, get, signed_in, with_token
from accord.people.actions import api_token_create
from accord.people.models import Role, User

from .models import Wave


def scenarios(ctx):
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    wave = Wave.objects.closed().order_by("pk").first()
    if leader is None or wave is None:
        return []
    web = signed_in(leader)
    _, key = api_token_create(actor=leader, name="health benchmark")
    api = with_token(key)

    return [
        Scenario("health heatmap, 300 alliances' latest waves", get(web, "/health/"), repeat=5),
        Scenario("health heatmap API", get(api, "/api/v1/health/waves/heatmap/"), repeat=5),
        Scenario(
            "alliance health page (radar, gaps, trend)",
            get(web, f"/alliances/{wave.alliance_id}/health/"),
        ),
        Scenario("wave results page", get(web, f"/health/waves/{wave.pk}/")),
        Scenario("API wave results", get(api, f"/api/v1/health/waves/{wave.pk}/results/")),
        Scenario("API waves, 50 per page", get(api, "/api/v1/health/waves/")),
    ]
