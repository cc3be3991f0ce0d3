"""Workload: load points from tier, stage and allocation, capacity thresholds, nobody designated."""

from decimal import Decimal

import pytest

from accord.people.models import Role
from accord.people.tests.factories import UserFactory
from accord.portfolio import workload
from accord.portfolio.models import Alliance, MemberRole, Stage, WorkloadPolicy

from .factories import AllianceFactory, MemberFactory


def hold(
    user,
    *,
    tier=2,
    stage=Stage.EXECUTION,
    role=MemberRole.ALLIANCE_MANAGER,
    allocation=100,
    **kwargs,
):
    alliance = AllianceFactory(tier=tier, stage=stage, **kwargs)
    MemberFactory(alliance=alliance, user=user, role=role, allocation_pct=allocation)
    return alliance


def load_of(user, alliances=None):
    loads = workload.manager_loads(alliances=alliances or Alliance.objects.all(), with_items=True)
    return next(load for load in loads if load.user == user)


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER)


def test_points_follow_tier_stage_and_allocation(manager):
    hold(manager, tier=1)  # 2.00
    hold(manager, tier=2, stage=Stage.LAUNCH)  # 1.00 x 1.25 = 1.25
    hold(manager, tier=3, allocation=50)  # 0.50 x 50% = 0.25
    load = load_of(manager)
    assert [item.points for item in load.items] == [
        Decimal("2.00"),
        Decimal("1.25"),
        Decimal("0.25"),
    ]
    assert load.points == Decimal("3.50")
    assert (load.alliance_count, load.complex_count, load.capacity_pct) == (3, 1, 70)
    assert load.status == workload.Status.OK


def test_three_complex_alliances_are_over_capacity(manager):
    for _ in range(3):
        hold(manager, tier=1)
    load = load_of(manager)
    assert load.status == workload.Status.OVER
    assert load.reasons == ["load 6.00 is above the capacity of 5.00 (3 Tier 1)"]


def test_more_than_five_alliances_is_over_capacity_whatever_their_tier(manager):
    for _ in range(6):
        hold(manager, tier=3)
    load = load_of(manager)
    assert load.points == Decimal("3.00")
    assert (load.status, load.reasons) == (workload.Status.OVER, ["6 alliances is more than 5"])


def test_near_capacity_from_eighty_percent_or_at_the_alliance_limit(manager, db):
    hold(manager, tier=1)
    hold(manager, tier=1)  # 4.00 = 80%
    assert load_of(manager).status == workload.Status.NEAR
    other = UserFactory(role=Role.CONTRIBUTOR)
    for _ in range(5):
        hold(other, tier=3, role=MemberRole.DESIGNATED_PERSON)
    assert (load_of(other).status, load_of(other).capacity_pct) == (workload.Status.NEAR, 50)


def test_thresholds_come_from_the_policy(manager):
    policy = WorkloadPolicy.load()
    policy.capacity_points = Decimal("3")
    policy.save()
    hold(manager, tier=1)
    hold(manager, tier=2)
    assert load_of(manager).status == workload.Status.NEAR  # 3.00 is at capacity, not above
    hold(manager, tier=3)
    assert load_of(manager).status == workload.Status.OVER  # 3.50


def test_terminated_alliances_and_other_roles_carry_no_load(manager):
    hold(manager, tier=1, stage=Stage.TERMINATED)
    hold(manager, tier=1, role=MemberRole.EXECUTIVE_SPONSOR)
    hold(manager, tier=1, role=MemberRole.TEAM_MEMBER)
    load = load_of(manager)
    assert (load.points, load.items) == (Decimal(0), [])


def test_unloaded_managers_are_listed_and_partner_users_never(world):
    loads = workload.manager_loads(alliances=Alliance.objects.all())
    people = {load.user for load in loads}
    assert {world.manager_a, world.manager_b, world.contributor, world.firewalled} <= people
    assert not any(user.is_partner for user in people)
    assert world.executive not in people


def test_alliances_without_anyone_responsible(world):
    lonely = AllianceFactory(name="Nobody runs me")
    AllianceFactory(name="Over and done", stage=Stage.TERMINATED)
    MemberFactory(alliance=lonely, user=world.executive, role=MemberRole.EXECUTIVE_SPONSOR)
    assert list(Alliance.objects.without_responsible_person()) == [lonely]


def test_a_deactivated_manager_leaves_the_alliance_unassigned(world):
    world.manager_a.is_active = False
    world.manager_a.save()
    assert list(Alliance.objects.without_responsible_person()) == [world.alliance_a]


def test_workload_page_shows_overloaded_managers_and_unassigned_alliances(world, as_user):
    for _ in range(3):
        hold(world.manager_b, tier=1)
    lonely = AllianceFactory(name="Nobody runs me")
    response = as_user(world.leader).get("/workload/")
    assert response.status_code == 200
    assert [load.user for load in response.context["over"]] == [world.manager_b]
    assert list(response.context["unassigned"]) == [lonely]
    assert "over capacity" in response.content.decode()


def test_workload_page_filters_by_am_team(world, as_user):
    from accord.portfolio.models import AMTeam

    japan = AMTeam.objects.create(name="Japan team")
    hold(world.manager_a, tier=1, am_team=japan)
    response = as_user(world.leader).get("/workload/", {"team": japan.pk})
    load = next(load for load in response.context["loads"] if load.user == world.manager_a)
    assert [item.alliance_id for item in load.items] == [Alliance.objects.get(am_team=japan).pk]
    bad = as_user(world.leader).get("/workload/", {"team": "nonsense"})
    assert bad.status_code == 400
    assert "AM team: Select a valid choice." in bad.content.decode()


def test_workload_api_matches_the_model(world, api_as):
    for _ in range(3):
        hold(world.manager_b, tier=1)
    rows = api_as(world.leader).get("/api/v1/workload/").json()
    row = next(r for r in rows if r["user"] == world.manager_b.pk)
    assert (row["status"], row["points"], row["complex_count"]) == (
        "over",
        "6.50",
        3,
    )  # plus alliance B at Tier 3


def test_workload_page_lists_the_first_unassigned_and_links_to_all(world, as_user, monkeypatch):
    from accord.portfolio.views import policies

    monkeypatch.setattr(policies, "UNASSIGNED_SHOWN", 1)
    first = AllianceFactory(name="Alpha nobody runs")
    AllianceFactory(name="Beta nobody runs")
    response = as_user(world.leader).get("/workload/")
    page = response.content.decode()
    assert list(response.context["unassigned_shown"]) == [first]
    assert "Alpha nobody runs" in page and "Beta nobody runs" not in page
    assert "<strong>2</strong> alliances with nobody designated" in page
    assert (
        '<a href="/alliances/?unassigned=true">All 2 alliances with nobody designated</a>' in page
    )
