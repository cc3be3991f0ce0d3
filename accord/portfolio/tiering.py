"""The tiering model: an explainable score from weighted factors, giving Tier 1, 2 or 3.

Each factor turns one aspect of an alliance into a 0-1 score and a sentence saying why. The
policy's weights combine them into a 0-100 score, and the policy's thresholds turn the score
into a tier. Everything needed is passed in (no queries here), so a whole portfolio can be
re-tiered from one annotated query.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from .models import AllianceType, Stage, Tier, TieringPolicy

IMPORTANCE_LABELS = {1: "peripheral", 2: "supporting", 3: "significant", 4: "high", 5: "critical"}
RISK_LABELS = {1: "low", 2: "moderate", 3: "material", 4: "high", 5: "very high"}

# How much alliance-management attention each lifecycle stage demands.
STAGE_SCORES = {
    Stage.PRE_DEAL: (
        0.5,
        gettext_noop("pre-deal: reviewing the draft agreement, governance and work plan"),
    ),
    Stage.LAUNCH: (1.0, gettext_noop("launch: the 45-day early deliverables and the 100-day plan")),
    Stage.EXECUTION: (0.6, gettext_noop("execution: steady-state governance")),
    Stage.RELAUNCH: (
        1.0,
        gettext_noop("relaunch: an alliance in distress needs the most attention"),
    ),
    Stage.WIND_DOWN: (0.3, gettext_noop("wind-down: return of rights, data and materials")),
    Stage.TERMINATED: (0.0, gettext_noop("terminated: no active management")),
}

# Deal shapes that need joint decision-making across functions, not just a licence to watch.
JOINT_WORK_TYPES = {AllianceType.CO_DEVELOPMENT, AllianceType.CO_PROMOTION, AllianceType.PLATFORM}

PROGRAM_BANDS = [  # (at least n programs, score, words) - words, not counts: see docs/security.md
    (7, 1.0, "a large multi-program portfolio"),
    (4, 0.8, "several programs"),
    (2, 0.5, "a few programs"),
    (0, 0.2, "a single program or none yet"),
]


@dataclass(frozen=True)
class TieringInputs:
    stage: str
    alliance_type: str
    strategic_importance: int
    risk_level: int
    deal_value_musd: Decimal | None
    program_count: int
    partner_count: int
    top_priority_name: str | None = None
    top_priority_weight: int | None = None


@dataclass(frozen=True)
class Factor:
    key: str
    label: str
    weight: int
    score: float  # 0..1
    contribution: float  # points out of 100 this factor adds to the total
    detail: str


@dataclass(frozen=True)
class Assessment:
    score: Decimal
    tier: int
    factors: list[Factor]

    def factors_as_json(self) -> list[dict]:
        return [asdict(f) for f in self.factors]


def _strategic(inputs: TieringInputs) -> tuple[float, str]:
    rated = inputs.strategic_importance
    detail = f"rated {rated} of 5 ({IMPORTANCE_LABELS[rated]})"
    level = rated
    if inputs.top_priority_weight and inputs.top_priority_weight > rated:
        level = inputs.top_priority_weight
        detail = (
            f"serves the priority “{inputs.top_priority_name}” (weight {level} of 5), "
            f"above its own rating of {rated}"
        )
    elif inputs.top_priority_name:
        detail += f"; serves “{inputs.top_priority_name}”"
    return (level - 1) / 4, detail


def _value(inputs: TieringInputs, policy: TieringPolicy) -> tuple[float, str]:
    value = inputs.deal_value_musd
    if value is None:
        return 0.0, "no deal value recorded"
    floor, ceiling = float(policy.value_floor_musd), float(policy.value_ceiling_musd)
    if value <= 0 or float(value) <= floor:
        score = 0.0
    else:
        score = min(
            1.0,
            (math.log10(float(value)) - math.log10(floor))
            / (math.log10(ceiling) - math.log10(floor)),
        )
    return score, f"USD {value:,.0f}m on a scale from USD {floor:,.0f}m to {ceiling:,.0f}m"


def _risk(inputs: TieringInputs) -> tuple[float, str]:
    return (
        inputs.risk_level - 1
    ) / 4, f"rated {inputs.risk_level} of 5 ({RISK_LABELS[inputs.risk_level]})"


def _complexity(inputs: TieringInputs) -> tuple[float, str]:
    score, words = next(
        (s, w) for minimum, s, w in PROGRAM_BANDS if inputs.program_count >= minimum
    )
    reasons = [words]
    if inputs.partner_count > 1:
        score += 0.2
        reasons.append(f"{inputs.partner_count} partners")
    if inputs.alliance_type in JOINT_WORK_TYPES:
        score += 0.1
        # The explanation is stored with the alliance: in the site's language, whoever saves.
        with translation.override(settings.LANGUAGE_CODE):
            kind = str(AllianceType(inputs.alliance_type).label).lower()
        reasons.append(f"joint work ({kind})")
    return min(score, 1.0), ", ".join(reasons)


def _stage(inputs: TieringInputs) -> tuple[float, str]:
    return STAGE_SCORES[Stage(inputs.stage)]


FACTOR_LABELS = {
    "strategic": gettext_noop("Strategic importance"),
    "value": gettext_noop("Deal value"),
    "risk": gettext_noop("Risk"),
    "complexity": gettext_noop("Complexity"),
    "stage": gettext_noop("Lifecycle stage"),
}


def assess(inputs: TieringInputs, policy: TieringPolicy) -> Assessment:
    raw = {
        "strategic": _strategic(inputs),
        "value": _value(inputs, policy),
        "risk": _risk(inputs),
        "complexity": _complexity(inputs),
        "stage": _stage(inputs),
    }
    weights = policy.weights()
    total_weight = sum(weights.values()) or 1
    factors = []
    for key, (score, detail) in raw.items():
        contribution = 100 * weights[key] * score / total_weight
        factors.append(
            Factor(
                key=key,
                label=FACTOR_LABELS[key],
                weight=weights[key],
                score=round(score, 3),
                contribution=round(contribution, 1),
                detail=detail,
            )
        )
    total = Decimal(str(round(sum(100 * weights[k] * raw[k][0] for k in raw) / total_weight, 1)))
    if total >= policy.tier1_min_score:
        tier = Tier.TIER_1
    elif total >= policy.tier2_min_score:
        tier = Tier.TIER_2
    else:
        tier = Tier.TIER_3
    return Assessment(score=total, tier=int(tier), factors=factors)


def inputs_for(alliance) -> TieringInputs:
    """Read the inputs from an alliance annotated by `with_tiering_inputs()`."""
    return TieringInputs(
        stage=alliance.stage,
        alliance_type=alliance.alliance_type,
        strategic_importance=alliance.strategic_importance,
        risk_level=alliance.risk_level,
        deal_value_musd=alliance.deal_value_musd,
        program_count=alliance.program_count,
        partner_count=alliance.partner_count,
        top_priority_name=alliance.top_priority_name,
        top_priority_weight=alliance.top_priority_weight,
    )
