"""The sidebar: grouped, and showing each person only the pages they may open."""

import re
from html import unescape

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from accord.conftest import login
from accord.core import registry

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "leader", "manager_a", "executive", "firewalled", "partner_a", "partner_b")


def sidebar(html: str) -> list[tuple[str, list[str]]]:
    block = re.search(r'<nav class="sidebar"[^>]*>(.*?)</nav>', html, re.S).group(1)
    groups = re.findall(
        r'<p class="nav-heading"[^>]*>([^<]+)</p>\s*<ul[^>]*>(.*?)</ul>', block, re.S
    )
    return [(unescape(name), re.findall(r'href="([^"]+)"', links)) for name, links in groups]


def test_every_link_is_in_a_known_group_and_groups_keep_their_order():
    assert {item.group for item in registry.NAV} <= set(registry.NAV_GROUPS)
    assert {item.url_name for item in registry.NAV} >= {
        "core:home",
        "portfolio:alliance_list",
        "contracts:obligation_list",
        "governance:meeting_list",
        "health:portfolio",
        "reporting:dashboard",
        "knowledge:lesson_list",
        "core:audit_trail",
    }
    with pytest.raises(ValueError, match="unknown navigation group"):
        registry.NavItem(label="X", url_name="x", order=1, match="/x/", group="Elsewhere")


def test_registering_a_url_name_again_replaces_its_link():
    before = list(registry.NAV)
    try:
        registry.register_nav(
            label="My week", url_name="core:home", order=5, match="/", group="My work"
        )
        assert [i.label for i in registry.NAV if i.url_name == "core:home"] == ["My week"]
        assert len(registry.NAV) == len(before)
    finally:
        registry.NAV[:] = before


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_person_sees_grouped_links_that_all_open(world, persona):
    user = world.persona(persona)
    client = login(user)
    html = client.get(
        f"/alliances/{world.alliance_b.pk if persona == 'partner_b' else world.alliance_a.pk}/"
    ).content.decode()
    groups = sidebar(html)
    names = [name for name, _ in groups]
    assert names == [g for g in registry.NAV_GROUPS if g in names]
    assert names == [group for group, _ in registry.nav_for(user)]
    for _name, hrefs in groups:
        for href in hrefs:
            assert client.get(href, follow=True).status_code == 200, (persona, href)
    # The account links in the top bar open too.
    top = re.search(r'<nav class="usermenu"[^>]*>(.*?)</nav>', html, re.S).group(1)
    for href in re.findall(r'<a href="([^"]+)"', top):
        assert client.get(href, follow=True).status_code == 200, (persona, href)


def test_role_restricted_links_show_only_to_those_roles(world):
    def labels(user):
        return {item.label for _group, items in registry.nav_for(user) for item in items}

    assert {"Audit trail", "Admin site"} <= labels(world.admin)
    assert "Audit trail" in labels(world.leader)
    assert "Audit trail" in labels(world.executive)
    assert "Admin site" not in labels(world.leader)
    assert not {"Audit trail", "Admin site"} & labels(world.manager_a)
    partner = labels(world.partner_a)
    assert not {"Audit trail", "Admin site", "Dashboard", "Workload", "Obligations"} & partner
    assert [group for group, _ in registry.nav_for(world.partner_a)] == [
        "My work",
        "Portfolio",
        "Governance",
        "Knowledge",
    ]
    assert "Admin" not in dict(registry.nav_for(world.manager_a))


def test_the_current_page_is_marked_and_home_only_on_home(world):
    html = login(world.manager_a).get("/contracts/obligations/").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    assert current == ["/contracts/obligations/"]
    item = next(i for i in registry.NAV if i.url_name == "core:home")
    assert item.is_current("/") and not item.is_current("/alliances/")


def test_a_sidebar_built_once_follows_the_page_the_person_and_the_language(world):
    """The sidebar is rendered once per process for each set of links, current page, language
    and script prefix: what one request built never shows on another's page."""

    def shown(html):
        block = re.search(r'<nav class="sidebar"[^>]*>(.*?)</nav>', html, re.S).group(1)
        current = re.findall(r'<a href="([^"]+)" aria-current="page">', block)
        return current, re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', block)

    manager = login(world.manager_a)
    first, links = shown(manager.get("/contracts/obligations/").content.decode())
    assert first == ["/contracts/obligations/"] and links[0] == "My week"
    assert shown(manager.get("/alliances/").content.decode())[0] == ["/alliances/"]
    assert shown(manager.get("/contracts/obligations/").content.decode()) == (first, links)
    # The partner's links carry their own names; the manager's sidebar keeps the usual ones.
    current, partner = shown(login(world.partner_a).get("/alliances/").content.decode())
    assert current == ["/alliances/"]
    assert partner[0] == "Workspace" and "My alliances" in partner
    assert "Workspace" not in links and "My alliances" not in links
    assert shown(manager.get("/alliances/").content.decode())[1] == links
    # The same links in German: another sidebar, and the English one is still English after it.
    german = manager.get("/alliances/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert shown(german)[1][0] == "Meine Woche" and "Meine Arbeit" in german
    assert shown(manager.get("/alliances/").content.decode())[1] == links


def test_sortable_headers_carry_their_sort_state():
    template = Template(
        '{% load accord %}<tr>{% sort_th "due" "Due" %}{% sort_th "amount" "Amount" "num" %}</tr>'
    )
    request = RequestFactory().get("/contracts/obligations/?ordering=-due&status=open")
    html = template.render(Context({"request": request}))
    assert html == (
        '<tr><th aria-sort="descending"><a href="?ordering=due&amp;status=open" '
        'hx-get="?ordering=due&amp;status=open" hx-target="#results" hx-push-url="true">'
        'Due<span aria-hidden="true"> ▼</span></a></th>'
        '<th class="num" aria-sort="none"><a href="?ordering=amount&amp;status=open" '
        'hx-get="?ordering=amount&amp;status=open" hx-target="#results" hx-push-url="true">'
        'Amount<span aria-hidden="true"></span></a></th></tr>'
    )


def test_badge_colours_have_at_least_4_5_to_1_contrast():
    from pathlib import Path

    css = (Path(__file__).parents[1] / "static" / "accord" / "accord.css").read_text()
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))

    def colour(value: str) -> str:
        value = value.strip()
        return variables[value[6:-1]] if value.startswith("var(") else value

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    badges = re.findall(r"(\.badge[^{]*)\{ color: ([^;]+); [^}]*background: ([^;]+);", css)
    assert len(badges) >= 10
    low = []
    for selector, fore, back in badges:
        light, dark = sorted([luminance(colour(fore)), luminance(colour(back))], reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        if ratio < 4.5:
            low.append(f"{selector.strip()}: {ratio:.2f}")
    assert low == []
