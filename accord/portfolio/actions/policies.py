"""The tiering and workload policies."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.actions import assign

from ..models import (
    TieringPolicy,
    WorkloadPolicy,
)

TIERING_POLICY_FIELDS = [
    "weight_strategic",
    "weight_value",
    "weight_risk",
    "weight_complexity",
    "weight_stage",
    "tier1_min_score",
    "tier2_min_score",
    "value_floor_musd",
    "value_ceiling_musd",
]
WORKLOAD_POLICY_FIELDS = [
    "tier1_points",
    "tier2_points",
    "tier3_points",
    "intensive_stage_multiplier",
    "capacity_points",
    "max_alliances",
    "near_capacity_pct",
]


@transaction.atomic
def tiering_policy_update(*, actor, data: dict, reason: str = "") -> TieringPolicy:
    """Change the tiering policy; every alliance is re-tiered in the background afterwards."""
    from ..tasks import retier_portfolio

    policy = TieringPolicy.load_for_update()
    before = audit.snapshot(policy, TIERING_POLICY_FIELDS)
    assign(policy, data, TIERING_POLICY_FIELDS)
    policy.full_clean()
    policy.updated_at = timezone.now()
    policy.save()
    if audit.record_update(actor=actor, obj=policy, before=before, reason=reason):
        actor_id = actor.pk if actor else None
        transaction.on_commit(lambda: retier_portfolio.enqueue(actor_id=actor_id))
    return policy


@transaction.atomic
def workload_policy_update(*, actor, data: dict, reason: str = "") -> WorkloadPolicy:
    policy = WorkloadPolicy.load_for_update()
    before = audit.snapshot(policy, WORKLOAD_POLICY_FIELDS)
    assign(policy, data, WORKLOAD_POLICY_FIELDS)
    policy.full_clean()
    policy.updated_at = timezone.now()
    policy.save()
    audit.record_update(actor=actor, obj=policy, before=before, reason=reason)
    return policy
