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


def added_this_round(world, objects) -> list[str]:
    """The pages of the agreement import, the pre-signing review, variances, the glossary,
    territory profiles, correspondence and chat channels, for manager A."""
    a = world.alliance_a.pk
    return [
        f"/alliances/{a}/contracts/import/",
        f"/contracts/imports/{objects['agreement_import_a']}/",
        f"/alliances/{a}/contracts/presigning/",
        f"/contracts/presigning/{objects['presigning_review_a']}/",
        "/contracts/variances/",
        f"/contracts/variances/{objects['variance_a']}/",
        f"/alliances/{a}/glossary/",
        f"/contracts/glossary/{objects['glossary_term_a']}/",
        "/knowledge/territories/",
        f"/knowledge/territories/{objects['kn_profile_jp']}/",
        f"/alliances/{a}/correspondence/",
        f"/correspondence/{objects['mail_email_a']}/",
        f"/governance/issues/{objects['mail_issue_a']}/correspondence/",
        "/correspondence/review/",
        f"/alliances/{a}/chat/",
    ]
