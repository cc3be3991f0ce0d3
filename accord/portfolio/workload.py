"""Alliance managers' load: what each person holds, weighted by tier and stage, against capacity.

One query fetches every responsible assignment on live alliances; the arithmetic is done here
so each alliance's share of a person's load can be shown next to the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from accord.people.models import Role, User

from .models import AllianceMember, Stage, WorkloadPolicy

INTENSIVE_STAGES = {Stage.LAUNCH, Stage.RELAUNCH}


class Status:
    OK = "ok"
    NEAR = "near"
    OVER = "over"


@dataclass
class LoadItem:
    alliance_id: int
    alliance_name: str
    tier: int
    stage: str
    role: str
    allocation_pct: int
    points: Decimal


@dataclass
class ManagerLoad:
    user: User
    items: list[LoadItem] = field(default_factory=list)
    points: Decimal = Decimal(0)
    status: str = Status.OK
    reasons: list[str] = field(default_factory=list)
    capacity_pct: int = 0

    @property
    def alliance_count(self) -> int:
        return len({item.alliance_id for item in self.items})

    @property
    def complex_count(self) -> int:
        return len({item.alliance_id for item in self.items if item.tier == 1})


def item_points(policy: WorkloadPolicy, tier: int, stage: str, allocation_pct: int) -> Decimal:
    points = policy.points_for_tier(tier) * Decimal(allocation_pct) / 100
    if stage in INTENSIVE_STAGES:
        points *= policy.intensive_stage_multiplier
    return points.quantize(Decimal("0.01"))


def assess(load: ManagerLoad, policy: WorkloadPolicy) -> None:
    load.points = sum((item.points for item in load.items), Decimal(0))
    load.capacity_pct = round(100 * load.points / policy.capacity_points)
    reasons = []
    if load.points > policy.capacity_points:
        reasons.append(
            f"load {load.points:.2f} is above the capacity of {policy.capacity_points:.2f} "
            f"({load.complex_count} Tier 1)"
        )
    if load.alliance_count > policy.max_alliances:
        reasons.append(f"{load.alliance_count} alliances is more than {policy.max_alliances}")
    if reasons:
        load.status = Status.OVER
    elif (
        load.capacity_pct >= policy.near_capacity_pct or load.alliance_count == policy.max_alliances
    ):
        load.status = Status.NEAR
        reasons.append(f"at {load.capacity_pct}% of capacity")
    load.reasons = reasons


def manager_loads(*, alliances, policy: WorkloadPolicy | None = None) -> list[ManagerLoad]:
    """Loads of everyone who can hold alliances, computed over the given alliance queryset.

    People with nothing assigned are listed too: they are where new alliances can go.
    """
    policy = policy or WorkloadPolicy.load()
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
        .order_by("alliance__tier", "alliance__name")
    )
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(role__in=[Role.MANAGER, Role.CONTRIBUTOR])
            | Q(pk__in=AllianceMember.objects.responsible().values("user_id"))
        )
        .exclude(role=Role.PARTNER)
    )
    loads = {person.pk: ManagerLoad(user=person) for person in people}
    # Thousands of assignments share a handful of (tier, stage, allocation) combinations: each
    # is weighed once.
    points_of: dict[tuple, Decimal] = {}
    for user_id, alliance_id, name, tier, stage, role, allocation in assignments:
        if user_id not in loads:
            continue
        key = (tier, stage, allocation)
        if key not in points_of:
            points_of[key] = item_points(policy, tier, stage, allocation)
        loads[user_id].items.append(
            LoadItem(
                alliance_id=alliance_id,
                alliance_name=name,
                tier=tier,
                stage=stage,
                role=role,
                allocation_pct=allocation,
                points=points_of[key],
            )
        )
    result = list(loads.values())
    for load in result:
        assess(load, policy)
    order = {Status.OVER: 0, Status.NEAR: 1, Status.OK: 2}
    result.sort(key=lambda load: (order[load.status], -load.points, load.user.last_name))
    return result
