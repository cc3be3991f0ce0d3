"""The tiering model: factor scores, the weighted total, thresholds, overrides and re-tiering."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.core.models import AuditEvent
from accord.portfolio import actions, tiering
from accord.portfolio.models import Alliance, AllianceType, Stage, TieringPolicy


def inputs(**overrides) -> tiering.TieringInputs:
    values = dict(
        stage=Stage.EXECUTION,
        alliance_type=AllianceType.IN_LICENSE,
        strategic_importance=3,
        risk_level=3,
        deal_value_musd=Decimal("100"),
        program_count=1,
        partner_count=1,
    )
    values.update(overrides)
    return tiering.TieringInputs(**values)


@pytest.fixture
def policy(db):
    return TieringPolicy.load()


def factor(assessment, key):
    return next(f for f in assessment.factors if f.key == key)


def test_default_weights_give_a_mid_alliance_tier_2(policy):
    result = tiering.assess(inputs(), policy)
    # strategic 0.5*30 + value 0.5*25 + risk 0.5*20 + complexity 0.2*15 + stage 0.6*10 = 46.5
    assert result.score == Decimal("46.5")
    assert result.tier == 2
    assert [f.key for f in result.factors] == ["strategic", "value", "risk", "complexity", "stage"]
    assert [f.contribution for f in result.factors] == [15.0, 12.5, 10.0, 3.0, 6.0]


def test_every_factor_at_its_maximum_scores_100_and_tier_1(policy):
    result = tiering.assess(
        inputs(
            strategic_importance=5,
            risk_level=5,
            deal_value_musd=Decimal("5000"),
            program_count=9,
            partner_count=2,
            alliance_type=AllianceType.PLATFORM,
            stage=Stage.RELAUNCH,
        ),
        policy,
    )
    assert result.score == Decimal("100.0")
    assert result.tier == 1


def test_the_lowest_alliance_scores_zero_and_tier_3(policy):
    result = tiering.assess(
        inputs(
            strategic_importance=1,
            risk_level=1,
            deal_value_musd=None,
            program_count=0,
            stage=Stage.TERMINATED,
        ),
        policy,
    )
    # Only the complexity floor (a single program or none: 0.2) remains.
    assert result.score == Decimal("3.0")
    assert result.tier == 3
    assert factor(result, "value").detail == "no deal value recorded"


@pytest.mark.parametrize(
    ("value", "score"),
    [
        (Decimal("5"), 0.0),
        (Decimal("10"), 0.0),
        (Decimal("100"), 0.5),
        (Decimal("1000"), 1.0),
        (Decimal("9000"), 1.0),
    ],
)
def test_deal_value_scores_on_a_log_scale_between_floor_and_ceiling(policy, value, score):
    assert factor(tiering.assess(inputs(deal_value_musd=value), policy), "value").score == score


def test_a_linked_priority_above_the_own_rating_lifts_strategic_importance(policy):
    result = tiering.assess(
        inputs(
            strategic_importance=2,
            top_priority_name="Lead in targeted oncology",
            top_priority_weight=5,
        ),
        policy,
    )
    strategic = factor(result, "strategic")
    assert strategic.score == 1.0
    assert strategic.detail == (
        "serves the priority “Lead in targeted oncology” (weight 5 of 5), above its own rating of 2"
    )


@pytest.mark.parametrize(
    ("programs", "partners", "kind", "score", "detail"),
    [
        (1, 1, AllianceType.IN_LICENSE, 0.2, "a single program or none yet"),
        (3, 1, AllianceType.IN_LICENSE, 0.5, "a few programs"),
        (5, 2, AllianceType.IN_LICENSE, 1.0, "several programs, 2 partners"),
        (
            7,
            1,
            AllianceType.CO_DEVELOPMENT,
            1.0,
            "a large multi-program portfolio, joint work (co-development)",
        ),
        (2, 1, AllianceType.PLATFORM, 0.6, "a few programs, joint work (platform)"),
    ],
)
def test_complexity_from_programs_partners_and_joint_work(
    policy, programs, partners, kind, score, detail
):
    result = factor(
        tiering.assess(
            inputs(program_count=programs, partner_count=partners, alliance_type=kind), policy
        ),
        "complexity",
    )
    assert (result.score, result.detail) == (score, detail)


def test_thresholds_are_inclusive(policy):
    policy.tier1_min_score, policy.tier2_min_score = 46, 40
    assert tiering.assess(inputs(), policy).tier == 1  # 46.5 >= 46
    policy.tier1_min_score, policy.tier2_min_score = 60, 47
    assert tiering.assess(inputs(), policy).tier == 3


def test_policy_rejects_inverted_thresholds_and_zero_weights(policy):
    policy.tier1_min_score, policy.tier2_min_score = 30, 40
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert error.value.message_dict["tier1_min_score"] == [
        "The Tier 1 threshold must be above the Tier 2 threshold."
    ]
    fresh = TieringPolicy(
        weight_strategic=0, weight_value=0, weight_risk=0, weight_complexity=0, weight_stage=0
    )
    with pytest.raises(ValidationError) as error:
        fresh.full_clean()
    assert "weight_strategic" in error.value.message_dict


def test_adding_programs_re_tiers_the_alliance_and_audits_it(world):
    alliance = world.alliance_b  # starts at the factory default, Tier 3 with no factors
    actions.alliances_retier(actor=world.leader, alliances=Alliance.objects.filter(pk=alliance.pk))
    alliance.refresh_from_db()
    before = alliance.tier_score
    for n in range(4):
        actions.program_create(actor=world.leader, alliance=alliance, data={"name": f"Extra {n}"})
    alliance.refresh_from_db()
    assert alliance.tier_score > before
    assert factor_detail(alliance, "complexity") == "several programs, joint work (co-development)"
    retier_events = AuditEvent.objects.filter(
        alliance_id=alliance.pk, action="retier", field="tier_score"
    )
    assert retier_events.exists()


def factor_detail(alliance, key):
    return next(f["detail"] for f in alliance.tier_factors if f["key"] == key)


def test_firewalled_programs_count_toward_complexity_but_the_explanation_gives_no_number(world):
    actions.alliances_retier(actor=None, alliances=Alliance.objects.filter(pk=world.alliance_a.pk))
    world.alliance_a.refresh_from_db()
    detail = factor_detail(world.alliance_a, "complexity")
    assert detail == "a few programs, joint work (co-development)"  # A1 and the firewalled A2
    assert not any(ch.isdigit() for ch in detail)


def test_override_sets_the_tier_with_reason_and_clearing_restores_the_computed_one(world):
    actions.alliances_retier(actor=None, alliances=Alliance.objects.filter(pk=world.alliance_a.pk))
    alliance = Alliance.objects.get(pk=world.alliance_a.pk)
    computed = alliance.tier_computed
    target = 1 if computed != 1 else 3
    actions.alliance_override_tier(
        actor=world.leader,
        alliance=alliance,
        tier=target,
        reason="Gateway to a new modality for the CEO",
    )
    alliance.refresh_from_db()
    assert (alliance.tier, alliance.tier_override, alliance.tier_computed) == (
        target,
        target,
        computed,
    )
    assert alliance.tier_overridden_by == world.leader
    event = AuditEvent.objects.get(alliance_id=alliance.pk, field="tier", action="update")
    assert (event.old_value, event.new_value, event.reason) == (
        f"Tier {computed}",
        f"Tier {target}",
        "Gateway to a new modality for the CEO",
    )
    # Re-tiering keeps the override in force.
    actions.alliances_retier(actor=None, alliances=Alliance.objects.filter(pk=alliance.pk))
    alliance.refresh_from_db()
    assert alliance.tier == target
    actions.alliance_clear_tier_override(
        actor=world.leader, alliance=alliance, reason="Back to the model"
    )
    alliance.refresh_from_db()
    assert (alliance.tier, alliance.tier_override, alliance.tier_override_reason) == (
        computed,
        None,
        "",
    )


@pytest.mark.parametrize("reason", ["", "   ", "ok"])
def test_override_without_a_real_reason_is_refused_and_changes_nothing(world, reason):
    with pytest.raises(ValidationError) as error:
        actions.alliance_override_tier(
            actor=world.leader, alliance=world.alliance_a, tier=1, reason=reason
        )
    assert error.value.message_dict == {
        "reason": ["Give a reason for overriding the computed tier (at least 5 characters)."]
    }
    world.alliance_a.refresh_from_db()
    assert world.alliance_a.tier_override is None
    assert not AuditEvent.objects.filter(alliance_id=world.alliance_a.pk).exists()


def test_changing_the_policy_re_tiers_the_whole_portfolio_in_the_background(
    world, django_capture_on_commit_callbacks
):
    actions.alliances_retier(actor=None)
    assert set(Alliance.objects.values_list("tier", flat=True)) == {2}
    with django_capture_on_commit_callbacks(execute=True):
        actions.tiering_policy_update(
            actor=world.admin, data={"tier1_min_score": 40, "tier2_min_score": 20}
        )
    assert set(Alliance.objects.values_list("tier", flat=True)) == {1}
    update = AuditEvent.objects.get(object_repr="Tiering policy", field="tier1_min_score")
    assert (update.old_value, update.new_value, update.actor) == ("60", "40", world.admin)
    assert (
        AuditEvent.objects.filter(
            action="retier", reason="tiering policy changed", field="tier"
        ).count()
        == 2
    )


def test_tier_page_explains_each_factor(world, as_user):
    actions.alliances_retier(actor=None)
    response = as_user(world.leader).get(f"/alliances/{world.alliance_a.pk}/tier/")
    assert response.status_code == 200
    body = response.content.decode()
    for label in ("Strategic importance", "Deal value", "Risk", "Complexity", "Lifecycle stage"):
        assert label in body
    assert "rated 3 of 5 (significant)" in body


def test_only_leaders_override_tiers(world, as_user):
    response = as_user(world.manager_a).post(
        f"/alliances/{world.alliance_a.pk}/tier/",
        {"override": "1", "tier": "1", "reason": "I want more time"},
    )
    assert response.status_code == 403
    world.alliance_a.refresh_from_db()
    assert world.alliance_a.tier_override is None


def test_leader_overrides_through_the_page(world, as_user):
    response = as_user(world.leader).post(
        f"/alliances/{world.alliance_a.pk}/tier/",
        {"override": "1", "tier": "1", "reason": "Board-level priority"},
    )
    assert response.status_code == 302
    world.alliance_a.refresh_from_db()
    assert (world.alliance_a.tier, world.alliance_a.tier_override_reason) == (
        1,
        "Board-level priority",
    )


def test_override_form_names_the_missing_reason(world, as_user):
    response = as_user(world.leader).post(
        f"/alliances/{world.alliance_a.pk}/tier/", {"override": "1", "tier": "1", "reason": ""}
    )
    assert response.status_code == 400
    assert "Reason: This field is required." in response.content.decode()


def test_deleting_a_program_re_tiers_the_alliance_and_audits_it(world):
    alliance = world.alliance_a  # A1 and the firewalled A2: "a few programs"
    actions.alliances_retier(actor=None, alliances=Alliance.objects.filter(pk=alliance.pk))
    alliance.refresh_from_db()
    before = alliance.tier_score
    actions.program_delete(actor=world.leader, program=world.program_a1, reason="Terminated")
    alliance.refresh_from_db()
    assert alliance.tier_score < before
    assert factor_detail(alliance, "complexity") == (
        "a single program or none yet, joint work (co-development)"
    )
    retier = AuditEvent.objects.get(
        alliance_id=alliance.pk, action="retier", field="tier_score", actor=world.leader
    )
    assert (Decimal(retier.old_value), Decimal(retier.new_value)) == (before, alliance.tier_score)
