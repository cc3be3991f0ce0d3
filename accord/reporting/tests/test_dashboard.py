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
