import datetime as dt

from accord.conftest import api_client, login
from accord.value import actions
from accord.value.models import OutcomeMeasure
from accord.value.services import outcome_summary, portfolio_value

from .conftest import AS_OF


def test_summary_columns_with_value_figures(world, book):
    actions.outcome_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "category": "innovation",
            "name": "INDs filed",
            "target": "2 by 2027",
            "actual": "1",
            "status": "on_track",
            "assessed_on": dt.date(2025, 12, 1),
        },
    )
    value = portfolio_value(world.leader, as_of=AS_OF).alliances[0]
    columns = {c.category: c for c in outcome_summary(world.leader, world.alliance_a, value)}
    assert list(columns) == ["strategic", "innovation", "financial", "relationship"]
    assert [m.name for m in columns["innovation"].measures] == ["INDs filed"]
    # 31.1m realised of 42.1m forecast to date (the leader does not see A2's 7m)
    assert columns["financial"].derived == [
        ("Value captured to date", "73.9 %"),
        ("Value at risk", f"{value.value_at_risk:,.0f} USD"),
    ]
    assert columns["relationship"].derived == []  # no closed joint health assessment


def test_outcome_pages_and_api(world):
    client = login(world.manager_a)
    url = f"/alliances/{world.alliance_a.pk}/value/outcomes/new/"
    response = client.post(
        url,
        {
            "category": "strategic",
            "name": "",
            "target": "x",
            "status": "on_track",
            "assessed_on": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert not OutcomeMeasure.objects.exists()
    response = client.post(
        url,
        {
            "category": "strategic",
            "name": "Oncology leadership",
            "target": "Top-3 ADC franchise",
            "status": "at_risk",
            "assessed_on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/alliances/{world.alliance_a.pk}/value/").content.decode()
    assert "Oncology leadership" in html
    assert "At risk" in html
    body = api_client(world.executive).get("/api/v1/value/outcomes/").json()
    assert [row["name"] for row in body["results"]] == ["Oncology leadership"]
    assert api_client(world.partner_a).get("/api/v1/value/outcomes/").json()["results"] == []
    denied = api_client(world.executive).patch(
        f"/api/v1/value/outcomes/{body['results'][0]['id']}/", {"status": "achieved"}, format="json"
    )
    assert denied.status_code == 403
    assert OutcomeMeasure.objects.get().status == "at_risk"
