"""What the phone and accessibility tests (test_e2e_phone.py, test_e2e_axe.py) open: the world
with every app's records (the authorization matrix's targets) and the pages people use most."""

from __future__ import annotations

from accord.core.tests.authz import targets


def populate(world):
    """The shared cast plus agreements, obligations, meetings, decisions, surveys, lessons,
    forecasts… on alliances A and B; returns the objects by name ({"agreement_a": pk, …})."""
    objects = targets(world)
    for label in list(objects.pending):
        objects.ensure(label)
    return objects


def most_used(world) -> list[str]:
    """The pages an alliance manager opens most (27), for manager A: My week first."""
    a = world.alliance_a.pk
    return [
        "/",
        "/search/?q=Kestrel",
        "/alliances/",
        f"/alliances/{a}/",
        f"/alliances/{a}/team/",
        f"/alliances/{a}/documents/",
        f"/alliances/{a}/governance/",
        f"/alliances/{a}/contracts/",
        f"/alliances/{a}/health/",
        f"/alliances/{a}/value/",
        f"/alliances/{a}/history/",
        f"/programs/{world.program_a1.pk}/",
        "/contracts/obligations/",
        "/contracts/milestones/",
        "/contracts/rights/",
        "/contracts/calendar/",
        "/contracts/may-we/",
        "/governance/meetings/",
        "/governance/decisions/",
        "/governance/actions/",
        "/governance/issues/",
        "/dashboard/",
        "/workload/",
        "/knowledge/",
        "/people/",
        "/notifications/",
        f"/alliances/{a}/edit/",
    ]
