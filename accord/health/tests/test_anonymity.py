"""No way to infer an individual's answer: not from the pages, the API or the exports.

Covers the threshold, complementary suppression (differencing), results withheld while a wave is
open, comments without names, and submissions that cannot be tied back to a respondent.
"""

import io

import pytest
from openpyxl import load_workbook

from accord.conftest import api_client, login
from accord.health import actions
from accord.health.models import Answer, HealthPolicy, Respondent, Side, Submission
from accord.health.results import suppress, wave_results

from .factories import add_people, closed_wave, draft_wave, submit, uniform


@pytest.mark.parametrize(
    "cells, expected",
    [
        ({"a": 3, "b": 3}, {"a", "b"}),
        ({"a": 3, "b": 1}, set()),  # 4 = 3 + 1: showing a would give b by difference
        ({"a": 5, "b": 2}, set()),
        ({"a": 3, "b": 4, "c": 1}, {"b"}),  # hide c and the smallest visible (a): 1 + 3 >= 3
        ({"a": 3, "b": 1, "c": 2}, {"a"}),  # hidden 1 + 2 = 3 already reach the threshold
        ({"a": 2, "b": 2}, set()),
        ({"a": 7}, {"a"}),
        ({"a": 4, "b": 0}, {"a"}),
    ],
)
def test_complementary_suppression(cells, expected):
    assert suppress(cells, 3) == expected


def _shown(result):
    return {g.key: g.n for g in result.groups if g.shown}


def test_fewer_than_the_threshold_shows_nothing(world):
    wave = closed_wave(world.manager_a, world.alliance_a, own=[("Commercial", 100)] * 2)
    result = wave_results(wave)
    assert result.available is False
    assert result.reason.startswith("Fewer than 3 people answered")
    assert result.groups == [] and result.gaps == [] and result.comments == []


def test_a_company_of_four_split_three_and_one_shows_no_function(world):
    wave = closed_wave(
        world.manager_a,
        world.alliance_a,
        own=[("Commercial", 75)] * 3 + [("Legal", 0)],
        partner=[("R&D", 50)] * 3,
    )
    result = wave_results(wave)
    assert _shown(result) == {"all": 7, "own": 4, "partner": 3, "partner:R&D": 3}
    hidden = {g.key for g in result.groups if not g.shown}
    assert hidden == {"own:Commercial", "own:Legal"}
    assert all(not g.themes for g in result.groups if not g.shown)


def test_a_small_partner_side_hides_both_sides_and_the_gap(world):
    """Ours 5 and theirs 2: showing ours next to the total would give theirs by difference."""
    wave = closed_wave(
        world.manager_a, world.alliance_a, own=[("Commercial", 75)] * 5, partner=[("R&D", 0)] * 2
    )
    result = wave_results(wave)
    assert _shown(result) == {"all": 7}
    assert result.gaps == [] and result.category_gaps == []
    assert result.highlights["largest_gaps"] == []


def test_the_threshold_is_a_policy(world):
    policy = HealthPolicy.load()
    policy.anonymity_threshold = 4
    policy.save()
    wave = closed_wave(
        world.manager_a, world.alliance_a, own=[("Commercial", 75)] * 4, partner=[("R&D", 50)] * 3
    )
    assert _shown(wave_results(wave)) == {"all": 7}


def test_nothing_is_shown_while_the_wave_is_open_so_single_answers_cannot_be_watched(world):
    wave = draft_wave(world.manager_a, world.alliance_a)
    people = add_people(world.manager_a, wave, Side.OWN, ["Commercial"] * 4)
    actions.wave_launch(actor=world.manager_a, wave=wave)
    for person in people[:3]:
        submit(person, uniform(75))
    before = wave_results(wave)
    submit(people[3], uniform(0))
    after = wave_results(wave)
    for result in (before, after):
        assert result.available is False
        assert result.groups == []
    api = api_client(world.manager_a).get(f"/api/v1/health/waves/{wave.pk}/results/").json()
    assert api["available"] is False and api["groups"] == [] and api["highlights"] is None
    page = login(world.manager_a).get(f"/health/waves/{wave.pk}/").content.decode()
    assert "Results are shown once the wave has closed" not in page  # no results section at all
    assert 'data-results="withheld"' not in page


def test_comments_are_unnamed_sorted_and_not_attributed_to_a_hidden_side(world):
    wave = draft_wave(world.manager_a, world.alliance_a)
    own = add_people(world.manager_a, wave, Side.OWN, ["Commercial"] * 4)
    partner = add_people(world.manager_a, wave, Side.PARTNER, ["R&D"] * 2)
    actions.wave_launch(actor=world.manager_a, wave=wave)
    comment_item = wave.instrument.items_in_order().filter(kind="text").first()
    texts = ["Zebra crossings", "apples", "Mango", "kiwi", "banana", "Cherry"]
    for person, text in zip(own + partner, texts, strict=True):
        submit(person, uniform(50), **{str(comment_item.pk): text})
    wave = actions.wave_close(actor=world.manager_a, wave=wave)
    result = wave_results(wave)
    assert [c.text for c in result.comments] == [
        "apples",
        "banana",
        "Cherry",
        "kiwi",
        "Mango",
        "Zebra crossings",
    ]
    assert {c.group for c in result.comments} == {"All respondents"}
    page = login(world.leader).get(f"/health/waves/{wave.pk}/").content.decode()
    for person in own + partner:
        assert person.name not in page.split("<h3>Respondents</h3>")[0]


def test_pages_api_and_exports_never_show_a_hidden_group(world):
    wave = closed_wave(
        world.manager_a,
        world.alliance_a,
        own=[("Commercial", 100)] * 3 + [("Legal", 0)],
        partner=[("R&D", 50)] * 3,
    )
    # Legal's lone answer (0) would pull the Commercial trio's 100s down: Commercial alone would
    # show 100.0 and reveal Legal's answer from our side's total.
    api = api_client(world.leader).get(f"/api/v1/health/waves/{wave.pk}/results/").json()
    by_key = {g["key"]: g for g in api["groups"]}
    assert by_key["own:Commercial"]["shown"] is False
    assert by_key["own:Commercial"]["themes"] == {} and by_key["own:Commercial"]["overall"] is None
    assert by_key["own:Legal"]["themes"] == {} and by_key["own:Legal"]["overall"] is None
    assert by_key["own"]["shown"] is True

    response = login(world.leader).get(f"/health/waves/{wave.pk}/")
    page = response.content.decode()
    assert "Our company – Commercial" not in page and "Our company – Legal" not in page

    export = login(world.leader).get(f"/health/waves/{wave.pk}/results.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [cell.value for cell in sheet[1]]
    assert not any(h and ("Commercial" in h or "Legal" in h) for h in header)
    assert "Our company (n=4)" in header


def test_a_submission_cannot_be_tied_back_to_its_respondent(world):
    wave = closed_wave(world.manager_a, world.alliance_a, own=[("Commercial", 75)] * 3)
    fields = {f.name for f in Submission._meta.get_fields()}
    assert fields == {"id", "wave", "side", "company", "function", "answers"}
    assert all(r.draft == {} for r in Respondent.objects.filter(wave=wave))
    assert Submission.objects.filter(wave=wave).count() == 3
    assert Answer.objects.filter(submission__wave=wave).exclude(value=None).count() == 3 * 37
