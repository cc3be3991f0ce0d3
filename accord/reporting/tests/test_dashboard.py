"""The dashboard page: who sees it, every figure drills into a list showing the same number,
a fixed number of queries whatever the portfolio size, and the executive pack files."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.conftest import login
from accord.core import freshness
from accord.reporting import dashboard

from .conftest import generate, records


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("leader", 200),
        ("manager_a", 200),
        ("executive", 200),
        ("contributor", 200),
        ("firewalled", 200),
        ("partner_a", 403),
        ("partner_b", 403),
        ("outsider", 403),
    ],
)
def test_the_dashboard_is_for_our_staff_only(world, persona, status):
    response = login(getattr(world, persona)).get("/dashboard/")
    assert response.status_code == status
    if status == 403:
        assert b"Tier 1" not in response.content


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _total(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["total"]


@pytest.mark.parametrize("persona", ["leader", "firewalled"])
def test_every_figure_opens_a_list_with_the_same_count(world, portfolio, persona):
    user = getattr(world, persona)
    client = login(user)
    response = client.get("/dashboard/")
    board = response.context["board"]
    page = response.content.decode()
    for figure in [*board.by_tier, *board.by_type, *board.by_stage, *board.by_area]:
        assert f'href="{figure.url.replace("&", "&amp;")}"' in page
        assert _total(client, figure.url) == figure.value, figure.key
    for figure in board.attention:
        assert f'href="{figure.url.replace("&", "&amp;")}"' in page
        if figure.key == "managers_overloaded":
            workload = client.get(figure.url).context
            over = [load for load in workload["loads"] if load.status == "over"]
            assert len(over) == figure.value
        else:
            assert _total(client, figure.url) == figure.value, figure.key


def test_the_dashboard_draws_its_charts_from_data(world, portfolio):
    page = login(world.executive).get("/dashboard/").content.decode()
    for name in ("tier", "stage", "type", "area"):
        assert f'<script id="chart-{name}" type="application/json">' in page
        assert f'data-chart="chart-{name}" data-links="links-{name}"' in page
    assert "accord/charts.js" in page and "reporting/dashboard.js" in page


def _queries(user) -> int:
    client = login(user)
    client.get("/dashboard/")  # first use creates the default policies and fills caches
    freshness.moved()  # as after any change: built afresh, not served as kept
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(captured)


def test_the_dashboard_needs_the_same_queries_for_one_and_fifty_alliances(world):
    from accord.health.tests.factories import closed_wave

    rng = random.Random(1)
    records(world, world.alliance_a, rng, timezone.localdate())
    closed_wave(world.leader, world.alliance_a, own=[("R&D", 3)] * 3)
    small = _queries(world.leader)
    alliances = generate(world, 48, seed=5)
    closed_wave(world.leader, world.alliance_b, own=[("R&D", 4)] * 3)
    closed_wave(world.leader, alliances[0], own=[("R&D", 2)] * 3)
    assert dashboard.live_alliances(world.leader).count() > 30
    assert _queries(world.leader) == small


def test_the_old_pack_link_opens_the_packs_page_with_its_format_first(world, portfolio):
    """The pack is built in the background (test_pack.py): the old direct link answers at once,
    building nothing, with the packs page offering the format it named first."""
    from accord.reporting.models import PackExport

    client = login(world.firewalled)
    for fmt, first in (("pptx", b"Build as PowerPoint"), ("pdf", b"Build as PDF")):
        response = client.get(f"/dashboard/pack.{fmt}")
        assert response.status_code == 302
        assert response["Location"] == f"/dashboard/packs/?format={fmt}"
        page = client.get(response["Location"]).content
        assert page.index(first) < page.index(b"Build as", page.index(first) + 1)
        assert page.count(b'class="primary"') == 1
    assert not PackExport.objects.exists()
    assert client.get("/dashboard/pack.docx").status_code == 400
    assert login(world.partner_a).get("/dashboard/pack.pptx").status_code == 403


def test_the_page_shows_the_lowest_health_scores_and_the_most_loaded_first():
    """The heatmap and the workload page list everyone; the dashboard the first SHOWN of each:
    the lowest scores (Tier 1 first on a tie, the unscored last) and the heaviest loads."""
    from decimal import Decimal
    from types import SimpleNamespace

    def row(name, tier, overall):
        return dashboard.HeatRow(
            alliance_id=0,
            alliance=name,
            tier=tier,
            wave_id=0,
            wave="",
            overall=overall,
            css="",
            url="/x/",
        )

    board = dashboard.Dashboard(today=None, horizon=None)
    board.heat = [
        row("Unscored", 1, None),
        row("Healthy", 1, 80.0),
        row("Weak tier 2", 2, 40.0),
        row("Weak tier 1", 1, 40.0),
        *[row(f"Middling {n:02d}", 3, 60.0 + n) for n in range(12)],
    ]
    shown = [r.alliance for r in board.heat_shown]
    assert shown == ["Weak tier 1", "Weak tier 2", *[f"Middling {n:02d}" for n in range(10)]]
    assert board.heat_html.count("<tr>") == dashboard.SHOWN == 12
    board.overloaded = [SimpleNamespace(points=Decimal(n)) for n in (3, 9, 5, *range(20, 30))]
    assert [int(load.points) for load in board.overloaded_shown] == [*range(29, 19, -1), 9, 5]


def test_the_page_says_how_many_more_the_heatmap_has(world, monkeypatch):
    from accord.health.tests.factories import closed_wave

    for alliance, level in ((world.alliance_a, 90), (world.alliance_b, 30)):
        closed_wave(world.leader, alliance, own=[("Commercial", level)] * 3)
    monkeypatch.setattr(dashboard, "SHOWN", 1)
    executive = login(world.executive)
    html = executive.get("/dashboard/").content.decode()
    assert "The 1 lowest scores of 2 live alliances assessed." in html
    assert world.alliance_b.name in html and f">{world.alliance_a.name}<" not in html
    assert (
        len(executive.get("/api/v1/reporting/dashboard/").json()["heat"]) == 2
    )  # the API has them all
