"""Benchmark scenarios for executive reporting (see accord.core.benchmarking).

The dashboard's server time and query count, and its figures computed by the ORM against the
hand-written SQL twins of tests/test_sql_twins.py: the ORM/SQL time ratio is the median of
"dashboard figures, ORM" over the median of "dashboard figures, hand-written SQL" (goal ≤ 1.2).
"""

from django.utils import timezone

from accord.core.benchmarking import SECURE, Scenario, signed_in
from accord.people.models import Role, User
from accord.portfolio.models import Alliance


def afresh(client, path):
    """The page as read first after a change: whatever was kept is built afresh
    (accord.core.freshness)."""
    from accord.core import freshness

    freshness.moved()
    return client.get(path, **SECURE)


def scenarios(ctx):
    from . import dashboard, pack

    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    executive = User.objects.filter(role=Role.EXECUTIVE).order_by("pk").first() or leader
    manager = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk").first()
    if leader is None:
        return []
    web = signed_in(executive)
    team = signed_in(leader)
    mine = signed_in(manager or leader)
    run = Alliance.objects.visible_to(manager or leader).order_by("pk").first()
    overview = f"/alliances/{run.pk}/" if run is not None else "/alliances/"

    def orm_figures():
        counts = dashboard.count(leader, now=timezone.now())
        # Like the twin: each live alliance's latest wave, as (alliance, wave) pairs.
        dict(dashboard.latest_waves_queryset(leader).values_list("alliance_id", "pk"))
        return list(counts.attention.values())

    def sql_figures():
        from .tests import test_sql_twins as twins

        now = timezone.now()
        today, horizon = twins.when(now)
        twins.twin_counts("tier")
        twins.twin_counts("alliance_type")
        twins.twin_counts("stage", live=False)
        twins.twin_areas()
        twins.twin_latest_waves()
        return [
            twins.twin_decisions_due(leader, horizon),
            twins.twin_milestones_due(leader, today, horizon),
            twins.twin_notices_due(leader, today, horizon),
            twins.twin_overdue(leader, now),
            twins.twin_escalated(leader),
            len(twins.twin_overloaded()),
            twins.twin_nobody_designated(),
        ]

    ctx.notes.append(
        "reporting: ORM/SQL ratio = median of 'dashboard figures, ORM' / median of "
        "'dashboard figures, hand-written SQL' (both locate each alliance's latest health wave; "
        "scoring it is the health app's work and is left out of both)."
    )
    return [
        # The front door: the first ten of each day bucket, counted whole.
        Scenario("My week (a manager's home page)", lambda: mine.get("/", **SECURE), repeat=20),
        Scenario(
            "My team's week (the leader's home page)", lambda: team.get("/", **SECURE), repeat=10
        ),
        Scenario(
            "portfolio dashboard page (executive)",
            lambda: web.get("/dashboard/", **SECURE),
            repeat=20,
        ),
        # The same pages as read first after a change: kept pages are built afresh.
        Scenario("My week, after a change", lambda: afresh(mine, "/"), repeat=20),
        Scenario("My team's week, after a change", lambda: afresh(team, "/"), repeat=10),
        Scenario("alliance overview (a manager's)", lambda: mine.get(overview, **SECURE)),
        Scenario("alliance overview, after a change", lambda: afresh(mine, overview)),
        Scenario(
            "portfolio dashboard page, after a change",
            lambda: afresh(web, "/dashboard/"),
            repeat=20,
        ),
        Scenario("dashboard figures, ORM", orm_figures, repeat=20),
        Scenario("dashboard figures, hand-written SQL", sql_figures, repeat=20),
        # The background job's work (the request itself only queues it).
        Scenario(
            "executive pack, PowerPoint (the job's build)",
            lambda: pack.to_pptx(pack.build(executive)),
            repeat=5,
        ),
    ]
