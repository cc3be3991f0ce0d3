"""Who sees what: every persona against lists, details, search, counts and the API."""

import pytest

from accord.conftest import api_client, login
from accord.portfolio import actions

INTERNAL = ["admin", "leader", "manager_a", "manager_b", "executive", "contributor", "firewalled"]

ALLIANCES_SEEN = {
    **{name: {"alliance_a", "alliance_b"} for name in INTERNAL},
    "partner_a": {"alliance_a"},
    "partner_b": {"alliance_b"},
    "outsider": set(),
}
PROGRAMS_SEEN = {
    **{name: {"program_a1", "program_b1"} for name in INTERNAL},
    "manager_a": {"program_a1", "program_a2", "program_b1"},
    "partner_a": {"program_a1", "program_a2"},
    "partner_b": {"program_b1"},
    "outsider": set(),
}
COMPANIES_SEEN = {
    **{name: {"own", "partner_co_a", "partner_co_b", "elsewhere"} for name in INTERNAL},
    "partner_a": {"own", "partner_co_a"},
    "partner_b": {"own", "partner_co_b"},
    "outsider": {"own", "elsewhere"},
}
PERSONAS = list(ALLIANCES_SEEN)


def _objects(world, names):
    return {getattr(world, name) for name in names}


@pytest.mark.parametrize("persona", PERSONAS)
def test_portfolio_page_lists_exactly_the_alliances_in_scope(world, persona):
    response = login(world.persona(persona)).get("/alliances/")
    assert response.status_code == 200
    listed = {a.pk for a in response.context["page"].object_list}
    assert listed == {a.pk for a in _objects(world, ALLIANCES_SEEN[persona])}
    assert response.context["total"] == len(ALLIANCES_SEEN[persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("alliance", ["alliance_a", "alliance_b"])
def test_alliance_detail_is_404_out_of_scope(world, persona, alliance):
    target = getattr(world, alliance)
    response = login(world.persona(persona)).get(f"/alliances/{target.pk}/")
    assert response.status_code == (200 if alliance in ALLIANCES_SEEN[persona] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("program", ["program_a1", "program_a2", "program_b1"])
def test_program_detail_is_404_unless_cleared(world, persona, program):
    target = getattr(world, program)
    response = login(world.persona(persona)).get(f"/programs/{target.pk}/")
    assert response.status_code == (200 if program in PROGRAMS_SEEN[persona] else 404)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if "alliance_a" in ALLIANCES_SEEN[p]])
def test_alliance_page_lists_only_programs_the_user_is_cleared_for(world, persona):
    response = login(world.persona(persona)).get(f"/alliances/{world.alliance_a.pk}/")
    shown = {p.pk for p in response.context["programs"]}
    expected = {getattr(world, p).pk for p in PROGRAMS_SEEN[persona] if p.startswith("program_a")}
    assert shown == expected
    assert ("KST-SECRET" in response.content.decode()) == ("program_a2" in PROGRAMS_SEEN[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_program_counts_in_the_list_exclude_firewalled_programs(world, persona):
    response = login(world.persona(persona)).get("/alliances/")
    counts = {a.pk: a.visible_program_count for a in response.context["page"].object_list}
    if world.alliance_a.pk in counts:
        assert counts[world.alliance_a.pk] == (2 if "program_a2" in PROGRAMS_SEEN[persona] else 1)


@pytest.mark.parametrize("persona", ["leader", "firewalled", "manager_a", "partner_a", "partner_b"])
def test_search_never_finds_a_firewalled_program_for_someone_not_cleared(world, persona):
    response = login(world.persona(persona)).get("/alliances/", {"q": "KST-SECRET"})
    found = {a.pk for a in response.context["page"].object_list}
    assert found == ({world.alliance_a.pk} if "program_a2" in PROGRAMS_SEEN[persona] else set())


@pytest.mark.parametrize("persona", PERSONAS)
def test_companies_in_scope(world, persona):
    expected = {
        {
            "own": world.own,
            "partner_co_a": world.partner_co_a,
            "partner_co_b": world.partner_co_b,
            "elsewhere": world.outsider.company,
        }[key].pk
        for key in COMPANIES_SEEN[persona]
    }
    response = login(world.persona(persona)).get("/partners/")
    assert {c.pk for c in response.context["page"].object_list} == expected
    api = api_client(world.persona(persona)).get("/api/v1/companies/")
    assert {row["id"] for row in api.json()["results"]} == expected
    hidden = world.partner_co_b
    status = login(world.persona(persona)).get(f"/partners/{hidden.pk}/").status_code
    assert status == (200 if hidden.pk in expected else 404)


def test_partner_sees_only_the_people_of_their_alliances(world):
    response = api_client(world.partner_a).get("/api/v1/people/")
    emails = {row["email"] for row in response.json()["results"]}
    assert emails == {"manager.a@meridian.test", "jordan@kestrel.test", "chemist@meridian.test"}
    assert (
        api_client(world.partner_a).get(f"/api/v1/people/{world.manager_b.pk}/").status_code == 404
    )
    assert login(world.partner_a).get(f"/people/{world.partner_b.pk}/").status_code == 404


def test_outsider_sees_only_themself(world):
    response = api_client(world.outsider).get("/api/v1/people/")
    assert [row["email"] for row in response.json()["results"]] == ["someone@elsewhere.test"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_alliance_list_and_detail_follow_the_same_scope(world, persona):
    client = api_client(world.persona(persona))
    listed = {row["id"] for row in client.get("/api/v1/alliances/").json()["results"]}
    assert listed == {a.pk for a in _objects(world, ALLIANCES_SEEN[persona])}
    for name in ("alliance_a", "alliance_b"):
        status = client.get(f"/api/v1/alliances/{getattr(world, name).pk}/").status_code
        assert status == (200 if name in ALLIANCES_SEEN[persona] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_program_list_follows_the_firewall(world, persona):
    client = api_client(world.persona(persona))
    listed = {row["id"] for row in client.get("/api/v1/programs/").json()["results"]}
    assert listed == {p.pk for p in _objects(world, PROGRAMS_SEEN[persona])}
    status = client.get(f"/api/v1/programs/{world.program_a2.pk}/").status_code
    assert status == (200 if "program_a2" in PROGRAMS_SEEN[persona] else 404)


def test_partner_view_of_an_alliance_leaves_out_internal_ratings(world):
    data = api_client(world.partner_a).get(f"/api/v1/alliances/{world.alliance_a.pk}/").json()
    assert set(data) == {
        "id",
        "name",
        "partners",
        "alliance_type",
        "stage",
        "therapeutic_areas",
        "territories",
        "effective_date",
        "program_count",
    }
    internal = api_client(world.leader).get(f"/api/v1/alliances/{world.alliance_a.pk}/").json()
    assert {"tier", "tier_factors", "strategic_importance", "deal_value_musd"} <= set(internal)


def test_partner_cannot_open_tier_or_history_of_their_own_alliance(world):
    client = login(world.partner_a)
    assert client.get(f"/alliances/{world.alliance_a.pk}/tier/").status_code == 403
    assert client.get(f"/alliances/{world.alliance_a.pk}/history/").status_code == 403
    assert client.get("/workload/").status_code == 403
    api = api_client(world.partner_a)
    assert api.get(f"/api/v1/alliances/{world.alliance_a.pk}/history/").status_code == 403
    assert api.get("/api/v1/workload/").status_code == 403


def test_history_hides_changes_to_a_firewalled_program_from_those_not_cleared(world):
    actions.program_update(
        actor=world.manager_a, program=world.program_a2, data={"phase": "phase_1"}
    )
    actions.program_update(
        actor=world.manager_a, program=world.program_a1, data={"phase": "phase_2"}
    )
    for persona, sees_secret in (("leader", False), ("firewalled", False), ("manager_a", True)):
        response = login(world.persona(persona)).get(f"/alliances/{world.alliance_a.pk}/history/")
        reprs = {e.object_repr for e in response.context["page"].object_list}
        assert "KST-ADC1" in reprs
        assert ("KST-SECRET" in reprs) == sees_secret
        api = api_client(world.persona(persona)).get(
            f"/api/v1/alliances/{world.alliance_a.pk}/history/"
        )
        assert ("KST-SECRET" in {e["object_repr"] for e in api.json()["results"]}) == sees_secret


def test_anonymous_is_sent_to_login_and_the_api_answers_401(world):
    response = login(None).get("/alliances/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert api_client(None).get("/api/v1/alliances/").status_code == 401


def test_members_endpoint_hides_people_a_partner_may_not_see(world):
    rows = (
        api_client(world.partner_a).get(f"/api/v1/alliances/{world.alliance_a.pk}/members/").json()
    )
    assert {row["user"] for row in rows} == {
        world.manager_a.pk,
        world.partner_a.pk,
        world.firewalled.pk,
    }


def test_navigation_and_tabs_show_partners_only_what_they_may_open(world):
    import re

    from accord.core import registry

    def links(html, container):
        block = re.search(rf'<nav class="{container}"[^>]*>(.*?)</nav>', html, re.S).group(1)
        return re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', block)

    # Other apps register their own tabs and links: the partner sees exactly those not marked
    # internal, in order, and every one of them opens.
    partner = login(world.partner_a)
    partner_page = partner.get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    tabs = links(partner_page, "tabs")
    assert [label for _, label in tabs] == [
        t.label for t in registry.ALLIANCE_TABS if not t.internal_only
    ]
    assert [label for _, label in tabs][:2] == ["Overview", "Team"]
    sidebar = links(partner_page, "sidebar")
    assert [label for _, label in sidebar] == [
        n.partner_label or n.label
        for _group, items in registry.nav_for(world.partner_a)
        for n in items
    ]
    assert all(not n.internal_only for n in registry.NAV if n.shown_to(world.partner_a))
    assert {"My alliances", "Companies", "People"} <= {label for _, label in sidebar}
    assert not {"Tier", "History"} & {label for _, label in tabs}
    for url, _ in tabs + sidebar:
        assert partner.get(url, follow=True).status_code == 200, url
    leader_page = login(world.leader).get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    leader_tabs = [label for _, label in links(leader_page, "tabs")]
    assert leader_tabs == [t.label for t in registry.ALLIANCE_TABS]
    assert {"Overview", "Team", "Tier", "History"} <= set(leader_tabs)
    leader_sidebar = [label for _, label in links(leader_page, "sidebar")]
    assert leader_sidebar == [
        n.label for _group, items in registry.nav_for(world.leader) for n in items
    ]
    assert {n.label for n in registry.NAV} - set(leader_sidebar) == {"Admin site"}
    assert {"Portfolio", "Partners", "Workload", "Tiering", "People"} <= set(leader_sidebar)
