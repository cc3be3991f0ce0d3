"""The partners list as XLSX: the list's scoping and filter on the whole result, formulas
neutralised, 400 on a bad filter, no per-row queries."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accord.conftest import formula_like_cells, login
from accord.core.exports import XLSX_TYPE
from accord.portfolio.exports import COMPANY_HEADERS
from accord.portfolio.models import AlliancePartner, Company, Territory

from .factories import AllianceFactory, CompanyFactory


def sheet(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX_TYPE
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def export(user, params=None):
    return login(user).get("/partners/export.xlsx", params or {})


def names(user, params=None):
    return [row[0] for row in sheet(export(user, params))[1:]]


@pytest.fixture
def details(world):
    kestrel = world.partner_co_a
    kestrel.headquarters = Territory.objects.get(code="US")
    kestrel.website = "https://kestrel.test"
    kestrel.save()
    # A second alliance with Kestrel, which only our staff see (partner A is not on its team).
    AllianceFactory(name="Kestrel oncology option", partners=[kestrel])
    Company.objects.filter(pk=world.partner_co_b.pk).update(company_type="big_pharma")


def test_the_partners_sheet(world, details):
    rows = sheet(export(world.leader))
    assert list(rows[0]) == COMPANY_HEADERS
    assert [list(row) for row in rows[1:]] == [
        ["Meridian Therapeutics", "Our company", "Large pharma", None, None, 0],
        ["Elsewhere Inc", "Partner", "Biotech", None, None, 0],
        ["Kestrel Bio", "Partner", "Biotech", "United States", "https://kestrel.test", 2],
        ["Polaris Biologics", "Partner", "Large pharma", None, None, 1],
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("partner_a", [["Meridian Therapeutics", 0], ["Kestrel Bio", 1]]),
        ("partner_b", [["Meridian Therapeutics", 0], ["Polaris Biologics", 1]]),
        ("outsider", [["Meridian Therapeutics", 0], ["Elsewhere Inc", 0]]),
    ],
)
def test_a_partner_users_sheet_holds_only_the_companies_at_their_alliances_table(
    world, details, persona, expected
):
    """…and counts only the alliances they see (not our other deal with Kestrel)."""
    rows = sheet(export(world.persona(persona)))[1:]
    assert [[row[0], row[5]] for row in rows] == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "big_pharma"}, ["Meridian Therapeutics", "Polaris Biologics"]),
        ({"kind": "partner", "q": "kes"}, ["Kestrel Bio"]),
        ({"kind": "own"}, ["Meridian Therapeutics"]),
    ],
)
def test_the_lists_filter_applies(world, details, params, expected):
    assert names(world.manager_a, params) == expected
    page = login(world.manager_a).get("/partners/", params)
    assert [c.name for c in page.context["page"].object_list] == expected


def test_a_cell_starting_with_a_formula_is_neutralised(world):
    CompanyFactory(name="=cmd|' /C calc'!A0", website="https://x.test/@home")
    CompanyFactory(name="@SUM(A1)")
    assert names(world.leader, {"q": "cmd"}) == ["=cmd|' /C calc'!A0"]
    assert names(world.leader, {"q": "sum"}) == ["@SUM(A1)"]
    # Stored as text, unchanged: a formula would read back with the same value but type "f".
    assert formula_like_cells(export(world.leader).content) == {
        "=cmd|' /C calc'!A0": ("s", True),
        "@SUM(A1)": ("s", True),
    }


@pytest.mark.parametrize("params", [{"type": "unicorn"}, {"kind": "friend"}])
def test_a_bad_filter_answers_400_like_the_list(world, params):
    client = login(world.manager_a)
    response = client.get("/partners/export.xlsx", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert client.get("/partners/", params).status_code == 400


def test_the_list_links_to_its_export_with_the_current_filters(world):
    body = login(world.leader).get("/partners/", {"type": "biotech"}).content.decode()
    assert 'href="/partners/export.xlsx?type=biotech" download' in body


def add(count, alliance):
    """`count` companies with a headquarters, each at alliance A's table and in an alliance of
    its own (which partner A does not see)."""
    us = Territory.objects.get(code="US")
    for _ in range(count):
        company = CompanyFactory(headquarters=us)
        AlliancePartner.objects.create(alliance=alliance, company=company)
        AllianceFactory(partners=[company])


def count_queries(client):
    url = "/partners/export.xlsx"
    query = {"kind": "partner", "type": "biotech"}
    client.get(url, query)  # warm caches that are not per-row costs
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    return len(captured), [row[5] for row in sheet(response)[1:]]


@pytest.mark.parametrize(("persona", "alliances"), [("leader", 2), ("partner_a", 1)])
def test_the_export_runs_the_same_queries_for_1_row_as_for_20(world, persona, alliances):
    Company.objects.exclude(kind="own").update(company_type="other")  # the world's are not counted
    client = login(world.persona(persona))
    add(1, world.alliance_a)
    small, small_rows = count_queries(client)
    add(19, world.alliance_a)
    large, large_rows = count_queries(client)
    assert (small_rows, large_rows) == ([alliances], [alliances] * 20)
    assert small == large
