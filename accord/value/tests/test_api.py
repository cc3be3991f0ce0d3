import datetime as dt
from decimal import Decimal

from accord.conftest import api_client
from accord.core.models import AuditEvent
from accord.value.models import CashFlow, Forecast, Payment

from . import factories
from .conftest import AS_OF


def test_portfolio_endpoint_matches_service(world, book):
    response = api_client(world.leader).get("/api/v1/value/portfolio/", {"as_of": "2025-12-31"})
    assert response.status_code == 200
    body = response.json()
    assert body["currency"] == "USD"
    assert body["as_of"] == AS_OF.isoformat()
    assert body["forecast_to_date"] == "53100000.00"  # 42.1m (A without A2) + 11m (B)
    assert [a["name"] for a in body["alliances"]] == [
        "Kestrel ADC Collaboration",
        "Polaris IL-23 Co-development",
    ]
    assert body["alliances"][0]["slipped_milestones"] == 1


def test_portfolio_endpoint_rejects_bad_input(world):
    client = api_client(world.leader)
    response = client.get("/api/v1/value/portfolio/", {"as_of": "soon"})
    assert response.status_code == 400
    assert "as_of" in response.json()
    response = client.get("/api/v1/value/portfolio/", {"tier": "1"})
    assert response.status_code == 400
    assert "tier" in response.json()
    assert api_client(world.partner_a).get("/api/v1/value/portfolio/").status_code == 403


def test_alliance_summary(world, book):
    response = api_client(world.manager_a).get(f"/api/v1/value/alliances/{world.alliance_a.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [s["title"] for s in body["slipped"]] == ["Secret approval", "Phase 2 start"]
    assert body["slipped"][0]["months_exclusivity_lost"] == "6.0"
    years = {y["year"]: y for y in body["years"]}
    assert years[2024]["baseline_out"] == "3000000.00"
    assert years[2025]["received"] == "11100000.00"  # M1 10m + EUR 1m royalties at 1.1


def test_forecast_lifecycle_over_api(world):
    client = api_client(world.manager_b)
    response = client.post(
        "/api/v1/value/forecasts/",
        {
            "alliance": world.alliance_b.pk,
            "kind": "baseline",
            "currency": "EUR",
            "discount_rate": "0.08",
            "valuation_date": "2024-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    forecast_id = response.json()["id"]
    response = client.post(
        "/api/v1/value/cash-flows/",
        {
            "forecast": forecast_id,
            "kind": "upfront",
            "direction": "sideways",
            "due_on": "2024-02-01",
            "amount": "100",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "direction" in response.json()
    assert not CashFlow.objects.exists()
    response = client.post(
        "/api/v1/value/cash-flows/",
        {
            "forecast": forecast_id,
            "kind": "upfront",
            "direction": "in",
            "due_on": "2024-02-01",
            "amount": "100",
        },
        format="json",
    )
    assert response.status_code == 201
    response = client.post(f"/api/v1/value/forecasts/{forecast_id}/approve/")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["is_current"] is True
    flow = CashFlow.objects.get()
    response = client.patch(f"/api/v1/value/cash-flows/{flow.pk}/", {"amount": "5"}, format="json")
    assert response.status_code == 400
    assert "frozen" in str(response.json())
    flow.refresh_from_db()
    assert flow.amount == Decimal("100")
    # a second baseline is refused
    response = client.post(
        "/api/v1/value/forecasts/",
        {
            "alliance": world.alliance_b.pk,
            "kind": "baseline",
            "currency": "EUR",
            "discount_rate": "0.08",
            "valuation_date": "2024-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.json()
    assert Forecast.objects.count() == 1


def test_unknown_filter_rejected(world):
    response = api_client(world.leader).get("/api/v1/value/payments/", {"colour": "red"})
    assert response.status_code == 400
    assert "colour" in response.json()


def test_lists_hide_firewalled_and_partner_rows(world):
    factories.payment(world.alliance_a, description="Open")
    factories.payment(world.alliance_a, program=world.program_a2, description="Secret")

    def descriptions(user):
        response = api_client(user).get("/api/v1/value/payments/")
        return sorted(row["description"] for row in response.json()["results"])

    assert descriptions(world.manager_a) == ["Open", "Secret"]
    assert descriptions(world.leader) == ["Open"]
    assert descriptions(world.partner_a) == []


def test_denied_write_changes_nothing(world):
    payment = factories.payment(world.alliance_a)
    clients = [
        (api_client(world.executive), 403),
        (api_client(world.manager_b), 403),
        (api_client(world.partner_a), 404),
    ]
    audits = AuditEvent.objects.count()  # after the tokens' own audit rows
    for client, status in clients:
        response = client.patch(
            f"/api/v1/value/payments/{payment.pk}/", {"amount": "1"}, format="json"
        )
        assert response.status_code == status
    payment.refresh_from_db()
    assert payment.amount == Decimal("5000000")
    assert AuditEvent.objects.count() == audits
    assert Payment.objects.count() == 1


def test_stale_version_is_a_conflict(world):
    payment = factories.payment(world.alliance_a)
    client = api_client(world.manager_a)
    ok = client.patch(
        f"/api/v1/value/payments/{payment.pk}/", {"amount": "2", "version": 1}, format="json"
    )
    assert ok.status_code == 200
    stale = client.patch(
        f"/api/v1/value/payments/{payment.pk}/", {"amount": "3", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    payment.refresh_from_db()
    assert payment.amount == Decimal("2")
    assert payment.paid_on == dt.date(2024, 2, 1)
