"""Benchmark scenarios for alliance health (see accord.core.benchmarking)."""

from django.test import Client
from rest_framework.test import APIClient

from accord.core.benchmarking import Scenario
from accord.people.actions import api_token_create
from accord.people.models import Role, User

from .models import Wave


def scenarios(ctx):
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    wave = Wave.objects.closed().order_by("pk").first()
    if leader is None or wave is None:
        return []
    web = Client()
    web.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    _, key = api_token_create(actor=leader, name="health benchmark")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    secure = {"secure": True}

    def get(client, url, **params):
        return lambda: client.get(url, params, **secure)

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
