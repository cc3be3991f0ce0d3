"""Benchmark scenarios for contracts: the due-date scan and the conflict check at scale."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from accord.core.benchmarking import Scenario, get, signed_in, with_token
from accord.people.actions import api_token_create
from accord.people.models import Role, User
from accord.portfolio.models import Program, Territory

from . import conflicts, reminders, services
from .models import Obligation, RestrictionScope


class Done:
    status_code = 200


def scenarios(ctx):
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    manager = (
        User.objects.filter(role=Role.MANAGER, owned_obligations__isnull=False)
        .order_by("pk")
        .first()
    )
    web = signed_in(leader)
    manager_web = signed_in(manager)
    _, key = api_token_create(actor=leader, name="contracts benchmark")
    api = with_token(key)
    today = timezone.localdate()
    de = Territory.objects.get(code="DE")
    program = (
        Program.objects.filter(target__in=["HER2", "KRAS G12C"], is_firewalled=False)
        .select_related("alliance", "therapeutic_area")
        .order_by("pk")
        .first()
    )

    def status_counts():
        dict(
            Obligation.objects.with_status(timezone.now())
            .order_by()
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        return Done()

    def reminder_scan():
        horizon = reminders.Cadence().horizon
        list(reminders.candidates(today, horizon).values_list("pk", "due_date", "owner_id"))
        return Done()

    def check_scope():
        conflicts.find_overlaps(
            conflicts.Scope(
                targets=["KRAS G12D"],
                fields=["Oncology"],
                territory_ids=[de.pk],
                starts=today,
                ends=today,
            )
        )
        return Done()

    def check_program():
        services.program_conflicts(program)
        return Done()

    scope_rows = RestrictionScope.objects.count()
    open_count = Obligation.objects.filter(state="open").count()
    ctx.notes.append(
        f"Contracts: {Obligation.objects.count():,} obligations ({open_count:,} open), "
        f"{scope_rows:,} restriction scope rows. The due-date scan and conflict check are single "
        "set-based queries over indexed columns (obligation state/due_at; scope dimension/key)."
    )
    return [
        Scenario("due-date scan: obligations by derived status (all)", status_counts, repeat=10),
        Scenario(
            "due-date scan: reminder candidates (open, due within 30 days or overdue)",
            reminder_scan,
            repeat=10,
        ),
        Scenario(
            "obligations page, overdue (leader)",
            get(web, "/contracts/obligations/", status="overdue"),
        ),
        Scenario(
            "obligations page, mine due this month (manager)",
            get(
                manager_web,
                "/contracts/obligations/",
                mine="true",
                due_after=today.isoformat(),
                due_before=(today + dt.timedelta(days=30)).isoformat(),
            ),
        ),
        Scenario(
            "API obligations, status=due, 50 per page",
            get(api, "/api/v1/obligations/", status="due"),
        ),
        Scenario("milestones page (leader)", get(web, "/contracts/milestones/")),
        Scenario(
            "contract calendar, this month (leader)", get(web, "/contracts/calendar/"), repeat=10
        ),
        Scenario("conflict check: KRAS G12D / Oncology / DE (function)", check_scope, repeat=50),
        Scenario("conflict check: one program's scope (function)", check_program, repeat=50),
        Scenario(
            "may-we page: KRAS G12D / Oncology / DE",
            get(web, "/contracts/may-we/", target="KRAS G12D", field="Oncology", territory="DE"),
            repeat=30,
        ),
        Scenario(
            "API conflict-check: HER2 / Oncology / US",
            get(api, "/api/v1/conflict-check/", target="HER2", field="Oncology", territory="US"),
            repeat=30,
        ),
    ]
