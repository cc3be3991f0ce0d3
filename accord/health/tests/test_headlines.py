"""Stored headline results: a closed wave's scores by theme and its perception gaps are computed
once when it closes and read by the heatmap, its export and API, and the dashboard; they equal
the full computation, and a change of the anonymity or gap rules recomputes them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.conftest import login
from accord.health import results
from accord.health.models import Answer, HealthPolicy, WaveHeadline
from accord.health.tasks import refresh_headlines
from accord.reporting.dashboard import health_rows

from .factories import closed_wave


@pytest.fixture
def waves(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        gap = closed_wave(
            world.manager_a,
            world.alliance_a,
            own=[("Commercial", 75)] * 3,
            partner=[("R&D", 25)] * 3,
        )
        few = closed_wave(world.manager_b, world.alliance_b, own=[("Commercial", 50)] * 3)
    return gap, few


def test_closing_a_wave_stores_its_headline_equal_to_the_full_results(waves):
    gap, few = waves
    stored = {h.wave_id: h for h in WaveHeadline.objects.all()}
    assert set(stored) == {gap.pk, few.pk}
    key = results.policy_key(HealthPolicy.load())
    assert {h.policy_key for h in stored.values()} == {key}
    full = results.wave_results(gap)
    headline = results.from_headline(gap, stored[gap.pk], full.threshold)
    assert headline.available and headline.n == full.n == 6
    assert headline.group("all").themes == full.group("all").themes
    assert headline.group("all").overall == full.group("all").overall
    assert [(g.key, g.own, g.partner, g.gap, g.klass) for g in headline.gaps] == [
        (g.key, g.own, g.partner, g.gap, g.klass) for g in full.gaps
    ]
    assert [h.key for h in headline.themes] == [h.key for h in full.themes]
    # Three people from one company: available, scored, no gap (one side only).
    assert stored[few.pk].available is True and stored[few.pk].gaps == []


def test_the_heatmap_and_the_dashboard_read_stored_headlines_not_answers(world, waves):
    client = login(world.leader)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/health/")
        rows = health_rows(world.leader)
    assert page.status_code == 200
    assert not [q["sql"] for q in queries if "health_answer" in q["sql"]]
    assert [(r.alliance, r.overall) for r in rows] == [
        (world.alliance_a.name, results.wave_results(waves[0]).group("all").overall),
        (world.alliance_b.name, results.wave_results(waves[1]).group("all").overall),
    ]
    # Proof that the stored figure is what is shown: a tampered stored score appears as is.
    WaveHeadline.objects.filter(wave=waves[1]).update(overall=12.5)
    assert [r.overall for r in health_rows(world.leader)][1] == 12.5


def test_the_value_tab_shows_the_stored_health_score(world, waves):
    """The alliance's value tab quotes its latest health score from the stored headline."""
    gap, _ = waves
    expected = results.wave_results(gap).group("all").overall
    client = login(world.manager_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/alliances/{world.alliance_a.pk}/value/")
    assert page.status_code == 200
    assert not [q["sql"] for q in queries if "health_answer" in q["sql"]]
    assert f"{expected:.0f} / 100" in page.content.decode()
    WaveHeadline.objects.filter(wave=gap).update(overall=12.5)
    assert "12 / 100" in client.get(f"/alliances/{world.alliance_a.pk}/value/").content.decode()


def test_a_missing_headline_is_computed_on_read_and_stored_by_the_daily_safety_net(world, waves):
    gap, _ = waves
    WaveHeadline.objects.filter(wave=gap).delete()
    expected = results.wave_results(gap).group("all").overall
    assert health_rows(world.leader)[0].overall == expected
    assert not WaveHeadline.objects.filter(wave=gap).exists()  # reads do not write
    assert results.store_stale_headlines() == 1
    assert WaveHeadline.objects.get(wave=gap).overall == expected
    assert results.store_stale_headlines() == 0


def test_a_policy_change_makes_headlines_stale_until_recomputed(world, waves):
    gap, few = waves
    policy = HealthPolicy.load()
    policy.anonymity_threshold = 4
    policy.save()
    # Read at once under the new rules: the wave of three is no longer shown.
    rows = {r.wave_id: r.overall for r in health_rows(world.leader)}
    assert rows[few.pk] is None and rows[gap.pk] is not None
    assert refresh_headlines.call() == 2
    new_key = results.policy_key(policy)
    assert set(WaveHeadline.objects.values_list("policy_key", flat=True)) == {new_key}
    assert WaveHeadline.objects.get(wave=few).available is False


def test_answers_changed_behind_the_stores_back_are_not_recomputed_per_request(world, waves):
    """The point of storing: nothing re-reads 22,000 answers per dashboard request. (Answers of a
    closed wave cannot change through Accord; this edits the table directly.)"""
    gap, _ = waves
    before = health_rows(world.leader)[0].overall
    Answer.objects.filter(submission__wave=gap, value__isnull=False).update(value=0)
    assert health_rows(world.leader)[0].overall == before


def test_the_same_rules_written_differently_read_the_stored_headlines(world, waves, monkeypatch):
    """PostgreSQL reads the default gap of Decimal("5") back as Decimal("5.0"): the same rules,
    so the stored headlines stay current (they were recomputed on every request when the key
    spelled the number as held)."""
    stored_keys = set(WaveHeadline.objects.values_list("policy_key", flat=True))
    assert stored_keys == {"anonymity=3;gaps=5/12/20"}
    policy = HealthPolicy.load()
    policy.gap_minor, policy.gap_significant, policy.gap_critical = (
        Decimal("5.0"),
        Decimal("12.00"),
        Decimal("2E+1"),
    )
    assert results.policy_key(policy) == "anonymity=3;gaps=5/12/20"
    monkeypatch.setattr(HealthPolicy, "load", classmethod(lambda cls: policy))
    with CaptureQueriesContext(connection) as queries:
        rows = health_rows(world.leader)
    assert len(rows) == 2
    assert not [q["sql"] for q in queries if "health_answer" in q["sql"]]
    policy.gap_minor = Decimal("5.5")
    assert results.policy_key(policy) == "anonymity=3;gaps=5.5/12/20"


def test_the_alliance_overview_shows_the_stored_headline_as_the_full_results_give_it(world, waves):
    gap, _ = waves
    full = results.wave_results(gap)
    largest = full.highlights["largest_gaps"][0]
    client = login(world.manager_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/alliances/{world.alliance_a.pk}/")
    assert page.status_code == 200
    assert not [q["sql"] for q in queries if "health_answer" in q["sql"]]
    html = page.content.decode()
    overall = f"{full.group('all').overall:.1f}"
    assert f"overall <strong>{overall}</strong>/100 from 6 people" in html
    assert f"Largest gap: {largest.name} " in html
    # The headline gives the same highlights and, for a wave too few answered, the same reason.
    headline = results.headline_result(gap)
    assert headline.highlights["largest_gaps"] == full.highlights["largest_gaps"]
    assert headline.highlights["lowest_themes"] == full.highlights["lowest_themes"]
    policy = HealthPolicy.load()
    policy.anonymity_threshold = 7
    policy.save()
    WaveHeadline.objects.filter(wave=gap).update(policy_key=results.policy_key(policy))
    WaveHeadline.objects.filter(wave=gap).update(available=False, overall=None)
    unavailable = results.headline_result(gap)
    assert not unavailable.available
    assert unavailable.reason == results.wave_results(gap).reason
    assert unavailable.reason.startswith("Fewer than 7 people answered")
