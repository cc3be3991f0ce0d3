"""Type-ahead choices: long drop-downs render only the chosen option and fetch the rest, scoped."""

import re

import pytest

from accord.portfolio.models import Alliance, Company

from .factories import AllianceFactory, CompanyFactory


def options_of(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_choices_are_the_persons_scope_and_narrow_as_they_type(world, as_user):
    AllianceFactory(name="Heron Therapeutics alliance")
    leader = as_user(world.leader).get("/choices/alliances/").content.decode()
    assert re.findall(r">([^<]+)</option>", leader) == list(
        Alliance.objects.order_by("name", "pk").values_list("name", flat=True)
    )
    heron = as_user(world.leader).get("/choices/alliances/", {"q": "heron"}).content.decode()
    assert re.findall(r">([^<]+)</option>", heron) == ["Heron Therapeutics alliance"]
    partner = as_user(world.partner_a).get("/choices/alliances/").content.decode()
    assert re.findall(r'value="(\d+)"', partner) == [str(world.alliance_a.pk)]
    partners = as_user(world.partner_a).get("/choices/partners/").content.decode()
    assert re.findall(r">([^<]+)</option>", partners) == [world.partner_co_a.name]
    assert as_user(world.leader).get("/choices/people/").status_code == 404


def test_nothing_matching_says_so(world, as_user):
    html = as_user(world.leader).get("/choices/partners/", {"q": "zzz"}).content.decode()
    assert re.findall(r'<option value="" disabled>([^<]+)</option>', html) == ["Nothing matches"]


@pytest.fixture
def long_lists(monkeypatch):
    """Lists longer than three choices count as long (the real threshold is 200)."""
    from accord.core.templatetags import accord as tags

    monkeypatch.setattr(tags, "TYPEAHEAD_ABOVE", 3)


def test_the_lessons_filter_renders_only_the_chosen_alliance(world, as_user, long_lists):
    for n in range(5):
        AllianceFactory(name=f"Filler {n}")
    page = as_user(world.leader).get("/knowledge/").content.decode()
    assert options_of(page, "alliance") == ["Any alliance"]
    assert 'data-typeahead="/choices/alliances/"' in page
    chosen = as_user(world.leader).get("/knowledge/", {"alliance": world.alliance_b.pk})
    assert options_of(chosen.content.decode(), "alliance") == [
        "Any alliance",
        world.alliance_b.name,
    ]


def test_an_alliance_out_of_scope_is_answered_as_a_missing_one(world, as_user):
    hidden = as_user(world.partner_b).get("/knowledge/", {"alliance": world.alliance_a.pk})
    missing = as_user(world.partner_b).get("/knowledge/", {"alliance": 987654})
    assert hidden.status_code == missing.status_code
    assert world.alliance_a.name not in hidden.content.decode()
    leader = as_user(world.leader).get("/choices/partners/").content.decode()
    partner = as_user(world.partner_b).get("/choices/partners/").content.decode()
    assert world.partner_co_a.name in leader
    assert world.partner_co_a.name not in partner


def test_a_long_partner_list_is_a_type_ahead(world, as_user, long_lists):
    for n in range(3):
        CompanyFactory(name=f"Filler partner {n}")
    page = as_user(world.leader).get("/alliances/", {"partner": world.partner_co_b.pk})
    html = page.content.decode()
    assert 'data-typeahead="/choices/partners/"' in html
    assert options_of(html, "partner") == ["Any partner", world.partner_co_b.name]


def test_a_short_list_is_an_ordinary_drop_down(world, as_user):
    """A handful of choices: every one is rendered (it works without the script too)."""
    html = as_user(world.leader).get("/alliances/").content.decode()
    assert "data-typeahead" not in html.split('name="partner"')[1].split(">")[0]
    assert sorted(options_of(html, "partner")[1:]) == sorted(
        Company.objects.partners().values_list("name", flat=True)
    )
