"""Benchmark scenarios for value: the portfolio value service and pages on the bigpharma seed."""

from accord.core.benchmarking import SECURE, Scenario, signed_in
from accord.people.models import Role, User
from accord.portfolio.models import Alliance

from .services import portfolio_value
from .summaries import portfolio_summary


class Done:
    status_code = 200


def scenarios(ctx):
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    web = signed_in(leader)
    alliance = Alliance.objects.filter(forecasts__is_current=True).order_by("pk").first()

    def service():
        portfolio_value(leader)
        return Done()

    def stored():
        portfolio_summary(leader, with_rows=True)
        return Done()

    found = [
        Scenario("value: portfolio_value service (leader)", service, repeat=10),
        Scenario("value: portfolio_summary service, stored (leader)", stored, repeat=10),
        Scenario(
            "value: portfolio value page",
            lambda: web.get("/value/", **SECURE),
            repeat=10,
            check=lambda r: r.status_code == 200,
        ),
    ]
    if alliance is not None:
        found.append(
            Scenario(
                "value: alliance Value tab",
                lambda: web.get(f"/alliances/{alliance.pk}/value/", **SECURE),
                check=lambda r: r.status_code == 200,
            )
        )
    return found
