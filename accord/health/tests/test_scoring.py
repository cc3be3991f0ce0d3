"""Scoring, perception-gap classes, highlights, trend and RAG: the rules, exactly."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.health import default_instrument
from accord.health.models import GapClass, HealthPolicy, Rag, rag_status, score_of
from accord.health.results import alliance_trend, wave_results

from .factories import closed_wave
from .factories import default_instrument as install


def test_every_scale_maps_to_0_100():
    assert [score_of("agree5", v) for v in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]
    assert (score_of("yesno", 1), score_of("yesno", 0)) == (100, 0)
    assert score_of("scale100", 37) == 37


def test_the_default_instrument_is_ours_and_covers_the_five_areas(db):
    instrument = install()
    categories = [c.name for c in instrument.structure()]
    assert categories == [
        "Strategic fit and value",
        "Operational effectiveness and execution",
        "Governance and decision-making",
        "Relationship",
        "Leadership commitment",
        "Your comments",
    ]
    relationship = instrument.categories.get(key="relationship")
    assert [t.name for t in relationship.themes.all()] == [
        "Trust",
        "Communication",
        "Conflict resolution",
        "Respect",
        "Ways of working and culture",
    ]
    assert instrument.items_in_order().count() == default_instrument.item_count() == 39
    kinds = set(instrument.items_in_order().values_list("kind", flat=True))
    assert kinds == {"agree5", "scale100", "yesno", "text"}
    assert install().pk == instrument.pk  # installed once


@pytest.mark.parametrize(
    "gap, expected",
    [
        (0, "aligned"),
        (4.9, "aligned"),
        (5, "minor"),
        (11.9, "minor"),
        (12, "significant"),
        (19.9, "significant"),
        (20, "critical"),
        (-25, "critical"),
    ],
)
def test_gap_classes_follow_the_documented_default_thresholds(db, gap, expected):
    assert HealthPolicy.load().classify_gap(gap) == expected


def test_gap_thresholds_are_configurable_and_must_rise(db):
    policy = HealthPolicy.load()
    policy.gap_minor, policy.gap_significant, policy.gap_critical = (
        Decimal(2),
        Decimal(4),
        Decimal(8),
    )
    policy.full_clean()
    assert policy.classify_gap(5) == GapClass.SIGNIFICANT
    policy.gap_significant = Decimal(10)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "must rise" in str(error.value)


def test_scores_per_theme_and_category_for_each_company_and_the_gap(world):
    wave = closed_wave(
        world.manager_a, world.alliance_a, own=[("Commercial", 75)] * 3, partner=[("R&D", 25)] * 3
    )
    result = wave_results(wave)
    own, partner = result.group("own"), result.group("partner")
    # Agreement 4/5 → 75; the 0-100 items answered 75; yes/no items "yes" → 100.
    assert own.themes["trust"] == pytest.approx((75 + 75 + 75) / 3)
    assert own.themes["delivery"] == pytest.approx((75 + 75 + 100) / 3, abs=0.05)
    assert partner.themes["delivery"] == pytest.approx((25 + 25 + 0) / 3, abs=0.05)
    trust = next(g for g in result.gaps if g.key == "trust")
    assert (trust.own, trust.partner, trust.gap, trust.klass) == (
        75.0,
        25.0,
        50.0,
        GapClass.CRITICAL,
    )
    relationship = next(g for g in result.category_gaps if g.key == "relationship")
    assert relationship.klass == GapClass.CRITICAL
    assert {h.key for h in result.themes} == {
        "shared-goals",
        "value",
        "delivery",
        "roles",
        "governance-bodies",
        "decision-making",
        "trust",
        "communication",
        "conflict-resolution",
        "respect",
        "ways-of-working",
        "sponsorship",
        "leadership-behaviour",
    }


def test_highlights_largest_gaps_biggest_drops_and_lowest_themes(world):
    first = closed_wave(
        world.manager_a,
        world.alliance_a,
        own=[("C", 100)] * 3,
        partner=[("R", 100)] * 3,
        title="Spring",
        opens_on=__import__("datetime").date(2026, 1, 5),
    )
    second = closed_wave(
        world.manager_a,
        world.alliance_a,
        own=[("C", 75)] * 3,
        partner=[("R", 50)] * 3,
        title="Autumn",
    )
    trend = alliance_trend(world.alliance_a, world.leader)
    assert [r.wave.pk for r in trend] == [first.pk, second.pk]
    latest = trend[-1].highlights
    assert len(latest["largest_gaps"]) == 3
    assert all(g.klass != GapClass.ALIGNED for g in latest["largest_gaps"])
    assert latest["largest_gaps"][0].gap == max(g.gap for g in trend[-1].gaps)
    assert [d["change"] < 0 for d in latest["biggest_drops"]] == [True, True, True]
    assert len(latest["lowest_themes"]) == 3
    lowest = sorted(trend[-1].group("all").themes.values())[:3]
    assert [t["score"] for t in latest["lowest_themes"]] == lowest


@pytest.mark.parametrize(
    "direction, target, actual, expected",
    [
        ("higher", 100, 100, Rag.GREEN),
        ("higher", 100, 91, Rag.AMBER),
        ("higher", 100, 90, Rag.AMBER),
        ("higher", 100, 89.99, Rag.RED),
        ("lower", 10, 10, Rag.GREEN),
        ("lower", 10, 11, Rag.AMBER),
        ("lower", 10, 11.01, Rag.RED),
        ("lower", 0, 0.5, Rag.RED),
        ("higher", 100, None, Rag.NONE),
    ],
)
def test_red_amber_green(direction, target, actual, expected):
    assert (
        rag_status(direction=direction, target=target, actual=actual, tolerance_pct=10) == expected
    )
