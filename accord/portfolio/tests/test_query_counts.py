"""List pages and API lists run the same number of queries for 1 row as for 50."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.conftest import api_client, login
from accord.portfolio.models import MemberRole, Territory, TherapeuticArea

from .factories import AllianceFactory, CompanyFactory, MemberFactory, ProgramFactory


def build(count, world):
    area = TherapeuticArea.objects.first()
    jp = Territory.objects.get(code="JP")
    for _ in range(count):
        alliance = AllianceFactory(partners=[CompanyFactory(), world.partner_co_a])
        alliance.therapeutic_areas.set([area])
        alliance.territories.set([jp])
        MemberFactory(alliance=alliance, user=world.manager_a, role=MemberRole.ALLIANCE_MANAGER)
        ProgramFactory(alliance=alliance)
        ProgramFactory(alliance=alliance, cleared=[world.manager_a])


def queries(fetch):
    fetch()  # warm caches (content types, the own-company name) that are not per-row costs
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


def count_both(world, url, client, **params):
    """Queries for the same request with 1 row, then with 50."""
    build(1, world)
    small = queries(lambda: client.get(url, params))
    build(49, world)
    large = queries(lambda: client.get(url, params))
    return small, large


def test_portfolio_page(world):
    small, large = count_both(world, "/alliances/", login(world.leader), per_page=100)
    assert small == large


def test_portfolio_page_for_a_partner_user(world):
    small, large = count_both(world, "/alliances/", login(world.partner_a), per_page=100)
    assert small == large


def test_api_alliance_list(world):
    small, large = count_both(world, "/api/v1/alliances/", api_client(world.leader), page_size=100)
    assert small == large


def test_api_program_list(world):
    small, large = count_both(
        world, "/api/v1/programs/", api_client(world.manager_a), page_size=200
    )
    assert small == large


def test_partner_and_workload_pages(world):
    client = login(world.leader)
    small_partners, large_partners = count_both(world, "/partners/", client, per_page=100)
    assert small_partners == large_partners
    build(1, world)
    small = queries(lambda: client.get("/workload/"))
    build(20, world)
    assert queries(lambda: client.get("/workload/")) == small
