import datetime as dt
from decimal import Decimal
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.portfolio.tests.factories import AllianceFactory
from accord.value.models import CashFlow, ExchangeRate, Forecast, ForecastStatus, Payment

from . import factories


def test_value_tab_shows_figures_and_slips(world, book):
    response = login(world.manager_a).get(f"/alliances/{world.alliance_a.pk}/value/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret approval" in html  # manager_a is cleared for A2
    assert "Phase 2 start" in html
    assert 'data-chart="chart-value-years"' in html
    assert "Record the deal-time baseline" not in html
    assert "Re-forecast" in html


def test_value_tab_hides_firewalled_milestone(world, book):
    html = login(world.leader).get(f"/alliances/{world.alliance_a.pk}/value/").content.decode()
    assert "Phase 2 start" in html
    assert "Secret approval" not in html
    assert "Re-forecast" in html  # leaders edit any alliance


def test_executive_reads_without_write_buttons(world, book):
    html = login(world.executive).get(f"/alliances/{world.alliance_a.pk}/value/").content.decode()
    assert "Phase 2 start" in html
    assert "Record a payment" not in html


def test_partner_gets_404(world, book):
    assert login(world.partner_a).get(f"/alliances/{world.alliance_a.pk}/value/").status_code == 404
    assert login(world.partner_a).get("/value/").status_code == 403


def test_portfolio_filters_sort_and_export(world, book):
    client = login(world.leader)
    html = client.get("/value/?sort=risk").content.decode()
    assert html.index("Kestrel ADC Collaboration") < html.index("Polaris IL-23 Co-development")
    html = client.get("/value/?q=polaris").content.decode()
    assert "Polaris IL-23 Co-development" in html
    assert "Kestrel ADC Collaboration" not in html
    response = client.get("/value/export.xlsx?as_of=2025-12-31")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Alliance", "Forecast to date (USD)", "Realised to date (USD)")
    assert rows[1][0] == "Kestrel ADC Collaboration"
    assert Decimal(str(rows[1][1])) == Decimal("42100000")  # the leader is not cleared for A2
    assert Decimal(str(rows[2][2])) == Decimal("11000000")
    assert len(rows) == 3


def test_portfolio_bad_filter_names_field(world, book):
    response = login(world.leader).get("/value/?as_of=yesterday")
    assert response.status_code == 400
    assert "As of: Enter a valid date." in response.content.decode()


def test_portfolio_query_count_constant(world):
    def one(index):
        alliance = AllianceFactory(name=f"Alliance {index:02}")
        factories.baseline(alliance, flows=[{"kind": "upfront", "amount": Decimal("5")}])
        factories.payment(alliance, amount=Decimal("2"))

    one(0)
    client = login(world.leader)
    client.get("/notifications/")  # the session and the cached company name, read once
    with CaptureQueriesContext(connection) as few:
        assert client.get("/value/?per_page=100").status_code == 200
    for index in range(1, 50):
        one(index)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/value/?per_page=100")
    assert response.content.decode().count('href="/alliances/') >= 50
    assert len(many) == len(few)


def test_baseline_lifecycle_through_pages(world):
    client = login(world.manager_a)
    base = f"/alliances/{world.alliance_a.pk}/value/forecasts/new/"
    response = client.post(
        base,
        {
            "kind": "baseline",
            "currency": "usd",
            "discount_rate": "1.5",
            "valuation_date": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert "Give the rate as a fraction" in response.content.decode()
    assert not Forecast.objects.exists()
    response = client.post(
        base,
        {
            "kind": "baseline",
            "currency": "usd",
            "discount_rate": "0.1",
            "valuation_date": "2024-01-01",
        },
    )
    forecast = Forecast.objects.get()
    assert response.status_code == 302
    assert (forecast.currency, forecast.status, forecast.is_current) == ("USD", "draft", False)
    response = client.post(f"/value/forecasts/{forecast.pk}/approve/")
    forecast.refresh_from_db()
    assert forecast.status == ForecastStatus.DRAFT  # no cash flows yet
    response = client.post(
        f"/value/forecasts/{forecast.pk}/flows/new/",
        {"kind": "upfront", "direction": "in", "due_on": "2024-02-01", "amount": "-5"},
    )
    assert response.status_code == 400
    assert not CashFlow.objects.exists()
    response = client.post(
        f"/value/forecasts/{forecast.pk}/flows/new/",
        {"kind": "upfront", "direction": "in", "due_on": "2024-02-01", "amount": "20000000"},
    )
    assert response.status_code == 302
    client.post(f"/value/forecasts/{forecast.pk}/approve/")
    forecast.refresh_from_db()
    assert (forecast.status, forecast.is_current, forecast.approved_by) == (
        "approved",
        True,
        world.manager_a,
    )
    flow = CashFlow.objects.get()
    # Frozen: no more edits to the baseline, through any door.
    assert (
        client.post(
            f"/value/flows/{flow.pk}/edit/",
            {"kind": "upfront", "direction": "in", "due_on": "2024-03-01", "amount": "1"},
        ).status_code
        == 403
    )
    assert client.get(f"/value/forecasts/{forecast.pk}/flows/new/").status_code == 403
    flow.refresh_from_db()
    assert flow.amount == Decimal("20000000")
    approvals = AuditEvent.objects.filter(
        object_id=str(forecast.pk), action="update", field="status"
    ).values_list("old_value", "new_value")
    assert list(approvals) == [("Draft", "Approved")]


def test_manager_b_cannot_write_alliance_a(world, book):
    client = login(world.manager_b)
    before = Payment.objects.count()
    audits = AuditEvent.objects.count()
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/value/payments/new/",
        {
            "kind": "upfront",
            "direction": "in",
            "paid_on": "2025-01-01",
            "amount": "1",
            "currency": "USD",
            "description": "x",
        },
    )
    assert response.status_code == 403
    assert Payment.objects.count() == before
    assert AuditEvent.objects.count() == audits


def test_rates_page(world):
    response = login(world.manager_a).post(
        "/value/rates/", {"currency": "EUR", "rate": "1.1", "effective_on": "2025-01-01"}
    )
    assert response.status_code == 403
    assert not ExchangeRate.objects.exists()
    client = login(world.leader)
    response = client.post(
        "/value/rates/", {"currency": "USD", "rate": "1", "effective_on": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "USD is the reporting currency" in response.content.decode()
    response = client.post(
        "/value/rates/", {"currency": "EUR", "rate": "1.1", "effective_on": "2025-01-01"}
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.rate, rate.effective_on) == (
        "EUR",
        Decimal("1.1"),
        dt.date(2025, 1, 1),
    )
    assert "EUR" in login(world.executive).get("/value/rates/").content.decode()
