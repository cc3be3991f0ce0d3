"""Benchmark scenarios for the portfolio (see accord.core.benchmarking)."""

from django.test import Client
from rest_framework.test import APIClient

from accord.core.benchmarking import Scenario
from accord.people.actions import api_token_create
from accord.people.models import Role, User


def scenarios(ctx):
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    partner = (
        User.objects.filter(role=Role.PARTNER, alliance_memberships__isnull=False)
        .order_by("pk")
        .first()
    )
    web = Client()
    web.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    partner_web = Client()
    partner_web.force_login(partner, backend="django.contrib.auth.backends.ModelBackend")
    _, key = api_token_create(actor=leader, name="benchmark")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    secure = {"secure": True}

    def get(client, url, **params):
        return lambda: client.get(url, params, **secure)

    return [
        Scenario("portfolio page, first page (leader)", get(web, "/alliances/")),
        Scenario(
            "portfolio page, 100 rows sorted by partner",
            get(web, "/alliances/", per_page=100, ordering="partner"),
        ),
        Scenario(
            "portfolio page, filtered (execution, Tier 1) by stage",
            get(web, "/alliances/", stage="execution", tier=1, ordering="stage"),
        ),
        Scenario("portfolio page, search for a target", get(web, "/alliances/", q="KRAS")),
        Scenario("portfolio page, page 40", get(web, "/alliances/", page=40)),
        Scenario("portfolio page (partner user)", get(partner_web, "/alliances/")),
        Scenario("API alliances, 50 per page", get(api, "/api/v1/alliances/")),
        Scenario(
            "API alliances, 500 per page", get(api, "/api/v1/alliances/", page_size=500), repeat=10
        ),
        Scenario(
            "API alliances, filtered by territory JP",
            get(api, "/api/v1/alliances/", territory="JP"),
        ),
        Scenario("API programs, 50 per page", get(api, "/api/v1/programs/")),
        Scenario("workload page", get(web, "/workload/"), repeat=10),
    ]
