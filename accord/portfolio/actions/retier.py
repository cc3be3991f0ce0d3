"""Recomputing tiers: one alliance after an edit, or the whole portfolio after a policy change."""

from __future__ import annotations

from django.db import transaction

from accord.core import audit

from .. import tiering
from ..models import (
    Alliance,
    TieringPolicy,
)

TIER_FIELDS = ["tier", "tier_computed", "tier_score"]


def retier(
    *,
    actor,
    alliances,
    policy: TieringPolicy | None = None,
    audit_changes: bool = True,
    reason: str = "",
) -> int:
    """Recompute the tier of each alliance in the queryset; returns how many changed."""
    policy = policy or TieringPolicy.load()
    changed, rows = [], []
    for alliance in alliances.with_tiering_inputs().order_by("pk"):
        assessment = tiering.assess(tiering.inputs_for(alliance), policy)
        factors = assessment.factors_as_json()
        new_tier = alliance.tier_override or assessment.tier
        if (alliance.tier_computed, alliance.tier_score, alliance.tier, alliance.tier_factors) == (
            assessment.tier,
            assessment.score,
            new_tier,
            factors,
        ):
            continue
        before = audit.snapshot(alliance, TIER_FIELDS)
        alliance.tier_computed = assessment.tier
        alliance.tier_score = assessment.score
        alliance.tier_factors = factors
        alliance.tier = new_tier
        changed.append(alliance)
        if audit_changes:
            after = audit.snapshot(alliance, TIER_FIELDS)
            diff = {k: (before[k], after[k]) for k in TIER_FIELDS if before[k] != after[k]}
            if diff:
                rows += audit.build(
                    actor=actor,
                    obj=alliance,
                    action="retier",
                    changes=diff,
                    reason=reason,
                    alliance_id=alliance.pk,
                )
    Alliance.objects.bulk_update(
        changed,
        ["tier_computed", "tier_score", "tier_factors", "tier"],
        batch_size=500,
    )
    audit.save(rows)
    return len(changed)


@transaction.atomic
def alliances_retier(*, actor=None, alliances=None, reason: str = "", audit: bool = True) -> int:
    """Re-tier many alliances at once, e.g. after the tiering policy changed.

    `audit=False` is for bulk seeding only, where the tier is set for the first time.
    """
    alliances = Alliance.objects.all() if alliances is None else alliances
    return retier(actor=actor, alliances=alliances, reason=reason, audit_changes=audit)
