from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from accord.core.models import AuditEvent
from accord.people.models import User
from accord.portfolio.models import Alliance, Company, Program, Stage
from accord.portfolio.workload import Status, manager_loads


def test_demo_portfolio_is_realistic(demo):
    assert Alliance.objects.count() == 40
    assert Company.objects.partners().count() == 25
    assert set(Alliance.objects.values_list("stage", flat=True)) == set(Stage.values)
    tiers = Counter(Alliance.objects.values_list("tier", flat=True))
    assert all(tiers[tier] >= 8 for tier in (1, 2, 3))
    assert (
        Alliance.objects.filter(partner_links__isnull=False).values("pk").distinct().count() == 40
    )
    assert Program.objects.filter(is_firewalled=True).count() == 3
    assert Alliance.objects.filter(tier_override__isnull=False).count() == 1
    multi = [a for a in Alliance.objects.all() if a.partners.count() > 1]
    assert len(multi) == 3


def test_demo_tells_the_workload_story(demo):
    loads = manager_loads(alliances=Alliance.objects.all())
    over = {str(load.user) for load in loads if load.status == Status.OVER}
    assert over == {"Daniel Reyes", "Marcus Webb"}
    assert Alliance.objects.without_responsible_person().count() == 4


def test_demo_logins_work_and_the_history_is_there(demo, client):
    assert client.login(username="helen.park@meridian.example", password="accord-demo-2026")
    assert User.objects.filter(role="partner").count() == 8
    created = AuditEvent.objects.filter(action="create", content_type__model="alliance")
    assert created.values("object_id").distinct().count() == 40


def test_seeding_twice_is_refused_or_skipped(demo):
    with pytest.raises(CommandError):
        call_command("seed", size="demo")
    call_command("seed", size="demo", if_empty=True)
    assert Alliance.objects.count() == 40


def test_last_week_is_the_week_the_draft_weekly_note_covers():
    import datetime as dt

    from accord.core.seeding import SeedContext
    from accord.reporting.weekly import previous_week

    for offset in range(7):  # seeded on any day of the week
        today = dt.date(2026, 11, 23) + dt.timedelta(days=offset)
        ctx = SeedContext(size="demo", today=today)
        start, end = previous_week(today)
        days = [ctx.days_ago(ctx.last_week(weekday)) for weekday in range(7)]
        assert days == [start + dt.timedelta(days=n) for n in range(7)]
        assert days[-1] == end
