"""Benchmark scenarios for the portfolio (see accord.core.benchmarking).

The security features' scenarios (the audited write and its hash chain, the audit trail, the
documents tab) come first: they need an alliance and a leader, which core cannot import.
"""

import itertools

from accord.core.benchmarking import SECURE, Scenario, get, signed_in, with_token
from accord.people.actions import api_token_create
from accord.people.models import Role, User


def scenarios(ctx):
    # The security scenarios count the audit records before the portfolio's create a token.
    return security_scenarios(ctx) + portfolio_scenarios(ctx)


def security_scenarios(ctx):
    from accord.core.audit_chain import verify
    from accord.core.models import AuditEvent

    from . import actions
    from .models import Alliance

    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    web = signed_in(leader)
    alliance = Alliance.objects.order_by("pk").first()
    records = AuditEvent.objects.count()
    rounds = itertools.count()

    def audited_update():
        alliance_now = Alliance.objects.get(pk=alliance.pk)
        return actions.alliance_update(
            actor=leader,
            alliance=alliance_now,
            data={"value_proposition": f"Benchmark round {next(rounds)}"},
        )

    return [
        Scenario("alliance update with its audit rows (hash chain append)", audited_update),
        Scenario(
            f"audit verify, whole chain ({records:,} records at start)",
            lambda: verify(),
            repeat=3,
            check=lambda result: result.ok,
        ),
        Scenario("audit trail page (leader)", lambda: web.get("/audit/", **SECURE), repeat=10),
        Scenario(
            "audit trail of one alliance, CSV",
            lambda: web.get(f"/audit/export.csv?alliance={alliance.pk}", **SECURE),
            repeat=10,
        ),
        Scenario(
            "documents tab of an alliance",
            lambda: web.get(f"/alliances/{alliance.pk}/documents/", **SECURE),
        ),
    ]


def portfolio_scenarios(ctx):
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    partner = (
        User.objects.filter(role=Role.PARTNER, alliance_memberships__isnull=False)
        .order_by("pk")
        .first()
    )
    web = signed_in(leader)
    partner_web = signed_in(partner)
    _, key = api_token_create(actor=leader, name="benchmark")
    api = with_token(key)

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
