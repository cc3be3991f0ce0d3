"""Twin test: the workload weighed in SQL gives exactly what the former Python weighing gave.

`python_loads` below is the former implementation (one row per assignment, summed in Python),
kept here as the reference. Both run on the same generated portfolio: three tiers, every stage,
alliance managers and designated people, partial allocations, a person holding an alliance in
two roles, a deactivated manager, terminated alliances, other roles that carry no load.
"""

import random
from decimal import Decimal

import pytest
from django.db.models import Q

from accord.people.models import Role, User
from accord.people.tests.factories import UserFactory
from accord.portfolio import workload
from accord.portfolio.models import (
    Alliance,
    AllianceMember,
    AMTeam,
    MemberRole,
    Stage,
    WorkloadPolicy,
)

from .factories import AllianceFactory, MemberFactory


def python_loads(*, alliances, policy):
    """The former weighing (with a tie-break on alliance and role, so both list items alike)."""
    assignments = (
        AllianceMember.objects.responsible()
        .filter(alliance__in=alliances.active(), user__is_active=True)
        .values_list(
            "user_id",
            "alliance_id",
            "alliance__name",
            "alliance__tier",
            "alliance__stage",
            "role",
            "allocation_pct",
        )
        .order_by("alliance__tier", "alliance__name", "alliance_id", "role")
    )
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(role__in=[Role.MANAGER, Role.CONTRIBUTOR])
            | Q(pk__in=AllianceMember.objects.responsible().values("user_id"))
        )
        .exclude(role=Role.PARTNER)
    )
    loads = {person.pk: {"user": person, "items": []} for person in people}
    for user_id, alliance_id, name, tier, stage, role, allocation in assignments:
        if user_id not in loads:
            continue
        points = policy.points_for_tier(tier) * Decimal(allocation) / 100
        if stage in workload.INTENSIVE_STAGES:
            points *= policy.intensive_stage_multiplier
        points = points.quantize(Decimal("0.01"))
        loads[user_id]["items"].append((alliance_id, name, tier, stage, role, allocation, points))
    result = []
    for load in loads.values():
        items = load["items"]
        points = sum((item[-1] for item in items), Decimal(0))
        count = len({item[0] for item in items})
        complex_count = len({item[0] for item in items if item[2] == 1})
        capacity_pct = round(100 * points / policy.capacity_points)
        reasons = []
        if points > policy.capacity_points:
            reasons.append(
                f"load {points:.2f} is above the capacity of {policy.capacity_points:.2f} "
                f"({complex_count} Tier 1)"
            )
        if count > policy.max_alliances:
            reasons.append(f"{count} alliances is more than {policy.max_alliances}")
        if reasons:
            status = workload.Status.OVER
        elif capacity_pct >= policy.near_capacity_pct or count == policy.max_alliances:
            status = workload.Status.NEAR
            reasons.append(f"at {capacity_pct}% of capacity")
        else:
            status = workload.Status.OK
        result.append(
            (load["user"].pk, status, points, capacity_pct, count, complex_count, reasons, items)
        )
    order = {workload.Status.OVER: 0, workload.Status.NEAR: 1, workload.Status.OK: 2}
    result.sort(key=lambda row: (order[row[1]], -row[2], User.objects.get(pk=row[0]).last_name))
    return result


def sql_loads(*, alliances, policy):
    return [
        (
            load.user.pk,
            load.status,
            load.points,
            load.capacity_pct,
            load.alliance_count,
            load.complex_count,
            load.reasons,
            [
                (
                    i.alliance_id,
                    i.alliance_name,
                    i.tier,
                    i.stage,
                    i.role,
                    i.allocation_pct,
                    i.points,
                )
                for i in load.items
            ],
        )
        for load in workload.manager_loads(alliances=alliances, policy=policy, with_items=True)
    ]


@pytest.fixture
def generated(db):
    rng = random.Random(16)
    teams = [AMTeam.objects.create(name=f"Team {n}") for n in range(3)]
    people = [
        UserFactory(role=rng.choice([Role.MANAGER, Role.MANAGER, Role.CONTRIBUTOR, Role.LEADER]))
        for _ in range(14)
    ]
    stages = [value for value, _ in Stage.choices]
    roles = [
        MemberRole.ALLIANCE_MANAGER,
        MemberRole.DESIGNATED_PERSON,
        MemberRole.TEAM_MEMBER,
        MemberRole.EXECUTIVE_SPONSOR,
    ]
    for n in range(70):
        alliance = AllianceFactory(
            name=f"Alliance {n:02d}",
            tier=rng.choice([1, 2, 3]),
            stage=rng.choice(stages),
            am_team=rng.choice(teams),
        )
        holders = rng.sample(people, rng.choice([0, 1, 1, 2, 3]))
        for person in holders:
            MemberFactory(
                alliance=alliance,
                user=person,
                role=rng.choice(roles),
                allocation_pct=rng.choice([100, 100, 75, 50, 33, 25, 10, 1]),
            )
        if holders and rng.random() < 0.15:  # the same person in both responsible roles
            for role in (MemberRole.ALLIANCE_MANAGER, MemberRole.DESIGNATED_PERSON):
                AllianceMember.objects.get_or_create(
                    alliance=alliance,
                    user=holders[0],
                    role=role,
                    defaults={"allocation_pct": 50},
                )
    people[0].is_active = False
    people[0].save()
    return teams


@pytest.mark.parametrize(
    "capacity, max_alliances, multiplier",
    [("5.00", 5, "1.25"), ("3.50", 4, "1.50"), ("2.25", 3, "1.33")],
)
def test_sql_weighing_equals_python_weighing(generated, capacity, max_alliances, multiplier):
    policy = WorkloadPolicy.load()
    policy.capacity_points = Decimal(capacity)
    policy.max_alliances = max_alliances
    policy.intensive_stage_multiplier = Decimal(multiplier)
    policy.save()
    policy = WorkloadPolicy.load()
    for alliances in (
        Alliance.objects.all(),
        Alliance.objects.filter(am_team=generated[0]),
        Alliance.objects.filter(tier__in=[1, 3]),
    ):
        expected = python_loads(alliances=alliances, policy=policy)
        assert sql_loads(alliances=alliances, policy=policy) == expected
    statuses = {row[1] for row in python_loads(alliances=Alliance.objects.all(), policy=policy)}
    assert len(statuses) >= 2  # the data reaches past one status


def test_loads_without_items_carry_the_same_figures(generated):
    policy = WorkloadPolicy.load()
    bare = workload.manager_loads(alliances=Alliance.objects.all(), policy=policy)
    full = workload.manager_loads(alliances=Alliance.objects.all(), policy=policy, with_items=True)
    assert [(b.user, b.points, b.status, b.reasons) for b in bare] == [
        (f.user, f.points, f.status, f.reasons) for f in full
    ]
    assert all(b.items == [] for b in bare)
    assert any(f.items for f in full)
