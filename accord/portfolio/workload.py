"""Alliance managers' load: what each person holds, weighted by tier and stage, against capacity.

The weighing is done in the database: one grouped query counts each person's assignments per
(tier, stage, allocation), a second counts their distinct alliances and Tier 1 alliances. Only a
handful of combinations exist, so each is weighed once here (the same `item_points` rounding as
ever) and multiplied by its count. What each person holds (`items`), and the "why" of their
status, are worked out only for the people a page shows (`attach_items`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

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
    policy: WorkloadPolicy = field(repr=False, compare=False)
    points: Decimal = Decimal(0)
    alliance_count: int = 0
    complex_count: int = 0
    status: str = Status.OK
    capacity_pct: int = 0
    items: list[LoadItem] = field(default_factory=list)  # filled by attach_items

    @property
    def reasons(self) -> list[str]:
        """Why the status: worked out when shown."""
        policy = self.policy
        reasons = []
        if self.points > policy.capacity_points:
            reasons.append(
                _("load %(points)s is above the capacity of %(capacity)s (%(n)s Tier 1)")
                % {
                    "points": f"{self.points:.2f}",
                    "capacity": f"{policy.capacity_points:.2f}",
                    "n": self.complex_count,
                }
            )
        if self.alliance_count > policy.max_alliances:
            reasons.append(
                _("%(n)s alliances is more than %(max)s")
                % {"n": self.alliance_count, "max": policy.max_alliances}
            )
        if not reasons and self.status == Status.NEAR:
            reasons.append(_("at %(pct)s%% of capacity") % {"pct": self.capacity_pct})
        return reasons


def item_points(policy: WorkloadPolicy, tier: int, stage: str, allocation_pct: int) -> Decimal:
    points = policy.points_for_tier(tier) * Decimal(allocation_pct) / 100
    if stage in INTENSIVE_STAGES:
        points *= policy.intensive_stage_multiplier
    return points.quantize(Decimal("0.01"))


def assess(load: ManagerLoad, policy: WorkloadPolicy) -> None:
    load.capacity_pct = round(100 * load.points / policy.capacity_points)
    if load.points > policy.capacity_points or load.alliance_count > policy.max_alliances:
        load.status = Status.OVER
    elif (
        load.capacity_pct >= policy.near_capacity_pct or load.alliance_count == policy.max_alliances
    ):
        load.status = Status.NEAR
    else:
        load.status = Status.OK


def _assignments(alliances):
    return AllianceMember.objects.responsible().filter(
        alliance__in=alliances.active(), user__is_active=True
    )


def manager_loads(
    *, alliances, policy: WorkloadPolicy | None = None, with_items: bool = False
) -> list[ManagerLoad]:
    """Loads of everyone who can hold alliances, computed over the given alliance queryset,
    most loaded first. `with_items` also lists what each holds (else see `attach_items`).

    People with nothing assigned are listed too: they are where new alliances can go.
    """
    policy = policy or WorkloadPolicy.load()
    assignments = _assignments(alliances)
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(role__in=[Role.MANAGER, Role.CONTRIBUTOR])
            | Q(pk__in=AllianceMember.objects.responsible().values("user_id"))
        )
        .exclude(role=Role.PARTNER)
    )
    loads = {person.pk: ManagerLoad(user=person, policy=policy) for person in people}
    groups = (
        assignments.order_by()
        .values_list("user_id", "alliance__tier", "alliance__stage", "allocation_pct")
        .annotate(n=Count("pk"))
    )
    points_of: dict[tuple, Decimal] = {}
    for user_id, tier, stage, allocation, n in groups:
        if user_id not in loads:
            continue
        key = (tier, stage, allocation)
        if key not in points_of:
            points_of[key] = item_points(policy, tier, stage, allocation)
        loads[user_id].points += points_of[key] * n
    counts = (
        assignments.order_by()
        .values_list("user_id")
        .annotate(
            alliances=Count("alliance_id", distinct=True),
            complex=Count("alliance_id", distinct=True, filter=Q(alliance__tier=1)),
        )
    )
    for user_id, alliance_count, complex_count in counts:
        if user_id in loads:
            loads[user_id].alliance_count = alliance_count
            loads[user_id].complex_count = complex_count
    result = list(loads.values())
    for load in result:
        assess(load, policy)
    order = {Status.OVER: 0, Status.NEAR: 1, Status.OK: 2}
    result.sort(key=lambda load: (order[load.status], -load.points, load.user.last_name))
    if with_items:
        attach_items(result, alliances=alliances, policy=policy)
    return result


def attach_items(loads: list[ManagerLoad], *, alliances, policy: WorkloadPolicy) -> None:
    """What each of these people holds (one query for them all), Tier 1 first, by name."""
    by_user = {load.user.pk: load for load in loads}
    rows = (
        _assignments(alliances)
        .filter(user_id__in=list(by_user))
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
    items: dict[int, list[LoadItem]] = defaultdict(list)
    points_of: dict[tuple, Decimal] = {}
    for user_id, alliance_id, name, tier, stage, role, allocation in rows:
        key = (tier, stage, allocation)
        if key not in points_of:
            points_of[key] = item_points(policy, tier, stage, allocation)
        items[user_id].append(
            LoadItem(alliance_id, name, tier, stage, role, allocation, points_of[key])
        )
    for user_id, load in by_user.items():
        load.items = items.get(user_id, [])
