"""Benchmark scenarios for the security features (see accord.core.benchmarking)."""

import itertools

from django.test import Client

from accord.core.benchmarking import Scenario
from accord.people.models import Role, User


def scenarios(ctx):
    from accord.core.audit_chain import verify
    from accord.core.models import AuditEvent
    from accord.portfolio import actions
    from accord.portfolio.models import Alliance

    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    web = Client()
    web.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    alliance = Alliance.objects.order_by("pk").first()
    records = AuditEvent.objects.count()
    rounds = itertools.count()
    secure = {"secure": True}

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
        Scenario("audit trail page (leader)", lambda: web.get("/audit/", **secure), repeat=10),
        Scenario(
            "audit trail of one alliance, CSV",
            lambda: web.get(f"/audit/export.csv?alliance={alliance.pk}", **secure),
            repeat=10,
        ),
        Scenario(
            "documents tab of an alliance",
            lambda: web.get(f"/alliances/{alliance.pk}/documents/", **secure),
        ),
    ]
