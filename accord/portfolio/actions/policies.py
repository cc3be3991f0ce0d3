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


def _policy_update(model, fields: list[str], *, actor, data: dict, reason: str):
    """Change the single policy row; returns it and the audit rows (none if nothing changed)."""
    policy = model.load_for_update()
    before = audit.snapshot(policy, fields)
    assign(policy, data, fields)
    policy.full_clean()
    policy.updated_at = timezone.now()
    policy.save()
    return policy, audit.record_update(actor=actor, obj=policy, before=before, reason=reason)


@transaction.atomic
def tiering_policy_update(*, actor, data: dict, reason: str = "") -> TieringPolicy:
    """Change the tiering policy; every alliance is re-tiered in the background afterwards."""
    from ..tasks import retier_portfolio

    policy, changes = _policy_update(
        TieringPolicy, TIERING_POLICY_FIELDS, actor=actor, data=data, reason=reason
    )
    if changes:
        actor_id = actor.pk if actor else None
        transaction.on_commit(lambda: retier_portfolio.enqueue(actor_id=actor_id))
    return policy


@transaction.atomic
def workload_policy_update(*, actor, data: dict, reason: str = "") -> WorkloadPolicy:
    policy, _ = _policy_update(
        WorkloadPolicy, WORKLOAD_POLICY_FIELDS, actor=actor, data=data, reason=reason
    )
    return policy
