"""The contracts API: same scoping as the pages, writes through the actions, 400s naming fields."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.conftest import api_client
from accord.contracts.models import Obligation, Restriction
from accord.core.models import AuditEvent


def titles(response):
    return sorted(row["title"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "persona, expected",
    [
        (
            "manager_a",
            ["Detail minimums report", "Quarterly research report", "Secret program update"],
        ),
        ("leader", ["Detail minimums report", "Quarterly research report"]),
        ("partner_b", []),
        ("outsider", []),
    ],
)
def test_obligations_are_scoped(world, register, persona, expected):
    assert titles(api_client(world.persona(persona)).get("/api/v1/obligations/")) == expected


def test_anonymous_gets_401(world, register):
    assert api_client(None).get("/api/v1/obligations/").status_code == 401


def test_out_of_scope_is_404_and_unknown_filters_400(world, register):
    client = api_client(world.manager_b)
    assert client.get(f"/api/v1/obligations/{register.obligation_a.pk}/").status_code == 200
    client = api_client(world.partner_b)
    assert client.get(f"/api/v1/obligations/{register.obligation_b.pk}/").status_code == 404
    assert client.get(f"/api/v1/agreements/{register.agreement_a.pk}/").status_code == 404
    response = client.get("/api/v1/obligations/", {"colour": "red"})
    assert response.status_code == 400 and "colour" in response.json()


def test_status_is_derived_and_filterable(world, register):
    client = api_client(world.manager_a)
    rows = client.get("/api/v1/obligations/", {"status": "overdue"}).json()["results"]
    assert [(r["title"], r["status"]) for r in rows] == [("Secret program update", "overdue")]


def test_create_an_obligation_with_a_recurrence_and_a_bad_one(world, register):
    client = api_client(world.manager_a)
    before = (Obligation.objects.count(), AuditEvent.objects.count())
    bad = client.post(
        "/api/v1/obligations/",
        {
            "alliance": world.alliance_a.pk,
            "agreement": register.agreement_a.pk,
            "title": "Quarterly royalty report",
            "section": "§ 9.4",
            "category": "reporting",
            "rule": "recurring",
            "recur_offset_days": 45,
        },
        format="json",
    )
    assert bad.status_code == 400
    assert list(bad.json()) == ["recur_period"]
    assert (Obligation.objects.count(), AuditEvent.objects.count()) == before
    good = client.post(
        "/api/v1/obligations/",
        {
            "alliance": world.alliance_a.pk,
            "agreement": register.agreement_a.pk,
            "title": "Quarterly royalty report",
            "section": "§ 9.4",
            "category": "reporting",
            "rule": "recurring",
            "recur_period": "quarter",
            "recur_offset_days": 45,
            "business_days": True,
            "holiday_calendar": "US",
        },
        format="json",
    )
    assert good.status_code == 201, good.json()
    # 45 US business days after 31 March 2024 (Memorial Day skipped): Monday 3 June.
    assert (good.json()["recur_start"], good.json()["due_date"]) == ("2024-01-15", "2024-06-03")


def test_writes_respect_who_may_edit(world, register):
    payload = {
        "alliance": world.alliance_a.pk,
        "agreement": register.agreement_a.pk,
        "kind": "non_compete",
        "title": "No competing ADCs",
        "section": "§ 2.7",
        "targets": "HER3",
        "starts_on": "2024-02-01",
    }
    assert (
        api_client(world.executive)
        .post("/api/v1/restrictions/", payload, format="json")
        .status_code
        == 403
    )
    assert (
        api_client(world.manager_b)
        .post("/api/v1/restrictions/", payload, format="json")
        .status_code
        == 403
    )
    assert Restriction.objects.filter(title="No competing ADCs").count() == 0
    response = api_client(world.manager_a).post(
        "/api/v1/restrictions/", {**payload, "territories": ["EU", "JP"]}, format="json"
    )
    assert response.status_code == 201
    assert sorted(response.json()["territories"]) == ["EU", "JP"]


def test_complete_and_waive_through_the_api(world, register):
    client = api_client(world.manager_a)
    url = f"/api/v1/obligations/{register.obligation_a.pk}/"
    response = client.post(
        url + "complete/",
        {"completed_on": timezone.localdate().isoformat(), "evidence": ""},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["evidence"]
    response = client.post(
        url + "complete/",
        {"completed_on": timezone.localdate().isoformat(), "evidence": "Sent"},
        format="json",
    )
    assert (response.status_code, response.json()["status"]) == (200, "completed")
    other = f"/api/v1/obligations/{register.obligation_b.pk}/status/"
    assert (
        api_client(world.manager_b)
        .post(other, {"state": "waived", "reason": "Partner agreed"}, format="json")
        .json()["status"]
        == "waived"
    )


def test_may_we_and_program_conflicts(world, register):
    client = api_client(world.leader)
    answer = client.get(
        "/api/v1/conflict-check/", {"target": "KRAS G12D", "field": "Oncology", "territory": "DE"}
    ).json()
    assert answer["allowed"] is False
    assert answer["restrictions"][0]["restriction_title"] == "KRAS G12D exclusivity"
    assert client.get("/api/v1/conflict-check/", {"territory": "DE"}).status_code == 400
    assert (
        client.get("/api/v1/conflict-check/", {"program": world.program_a2.pk}).status_code == 404
    )
    mine = (
        api_client(world.manager_a)
        .get("/api/v1/conflict-check/", {"program": world.program_a2.pk})
        .json()
    )
    assert (mine["allowed"], len(mine["restrictions"])) == (False, 1)
    assert (
        api_client(world.partner_a).get("/api/v1/conflict-check/", {"target": "KRAS"}).status_code
        == 403
    )


def test_an_event_brings_its_obligations_to_life_through_the_api(world, register):
    client = api_client(world.manager_a)
    ob = client.post(
        "/api/v1/obligations/",
        {
            "alliance": world.alliance_a.pk,
            "agreement": register.agreement_a.pk,
            "title": "Launch notice",
            "section": "§ 6.2",
            "category": "notification",
            "rule": "event",
            "trigger_event": "First Commercial Sale",
            "event_offset_days": 10,
        },
        format="json",
    ).json()
    assert (ob["due_date"], ob["status"]) == (None, "pending")
    day = timezone.localdate() - dt.timedelta(days=3)
    response = client.post(
        "/api/v1/contract-events/",
        {
            "alliance": world.alliance_a.pk,
            "name": "First Commercial Sale",
            "occurred_on": day.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201
    assert (
        client.get(f"/api/v1/obligations/{ob['id']}/").json()["due_date"]
        == (day + dt.timedelta(days=10)).isoformat()
    )


def test_calendar_feed_works_without_a_session_and_stops_when_revoked(world, register):
    from django.test import Client

    client = api_client(world.manager_a)
    created = client.post(
        "/api/v1/calendar-feeds/",
        {"name": "Kestrel dates", "alliance": world.alliance_a.pk},
        format="json",
    ).json()
    anonymous = Client()
    ics = anonymous.get(created["url"])
    assert ics.status_code == 200 and ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode()
    assert "SUMMARY:Quarterly research report (Kestrel ADC Collaboration)" in body
    assert "Secret program update" in body  # the manager is cleared for program A2
    assert "Detail minimums report" not in body  # alliance B
    assert client.delete(f"/api/v1/calendar-feeds/{created['id']}/").status_code == 204
    assert anonymous.get(created["url"]).status_code == 404
    assert anonymous.get("/contracts/feeds/not-a-token.ics").status_code == 404


def test_a_personal_feed_follows_the_owner_and_their_firewall(world, register):
    from django.test import Client

    created = api_client(world.firewalled).post("/api/v1/calendar-feeds/", {}, format="json").json()
    body = Client().get(created["url"]).content.decode()
    assert "BEGIN:VCALENDAR" in body and "Secret program update" not in body


def test_milestone_payments_are_filterable_for_the_value_app(world, register):
    client = api_client(world.manager_a)
    url = f"/api/v1/milestones/{register.milestone_a.pk}/"
    version = client.get(url).json()["version"]
    response = client.patch(
        url,
        {
            "achieved_on": "2025-03-01",
            "paid_on": "2025-04-09",
            "paid_amount": "25000000.00",
            "version": version,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    stale = client.patch(url, {"title": "x", "version": version}, format="json")
    assert stale.status_code == 409
    rows = client.get(
        "/api/v1/milestones/", {"paid_after": "2025-01-01", "payment_status": "paid"}
    ).json()["results"]
    assert [(r["paid_on"], r["paid_amount"], r["currency"]) for r in rows] == [
        ("2025-04-09", "25000000.00", "USD")
    ]


CREATE_ENDPOINTS = [
    "/api/v1/agreements/",
    "/api/v1/defined-terms/",
    "/api/v1/contract-events/",
    "/api/v1/obligations/",
    "/api/v1/milestones/",
    "/api/v1/contract-rights/",
    "/api/v1/restrictions/",
]


@pytest.mark.parametrize("persona", ["executive", "partner_a", "partner_b", "outsider"])
def test_who_never_keeps_a_register_gets_403_whatever_they_send(world, register, persona):
    """A 400 about the payload's fields would tell an executive or a partner what the register
    holds (and which agreements exist); they are refused before the payload is read."""
    client = api_client(world.persona(persona))
    before = (Obligation.objects.count(), Restriction.objects.count(), AuditEvent.objects.count())
    for endpoint in CREATE_ENDPOINTS:
        empty = client.post(endpoint, {}, format="json")
        assert (endpoint, empty.status_code) == (endpoint, 403)
    valid = client.post(
        "/api/v1/restrictions/",
        {
            "alliance": world.alliance_a.pk,
            "agreement": register.agreement_a.pk,
            "kind": "non_compete",
            "title": "No competing ADCs",
            "section": "§ 2.7",
            "starts_on": "2024-02-01",
        },
        format="json",
    )
    assert valid.status_code == 403
    assert (
        Obligation.objects.count(),
        Restriction.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_register_keeper_still_gets_the_fields_named(world, register):
    response = api_client(world.manager_b).post("/api/v1/obligations/", {}, format="json")
    assert response.status_code == 400
    assert {"alliance", "title"} <= set(response.json())


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/agreements/null,null/",
        "/api/v1/defined-terms/null,null/",
        "/api/v1/contract-events/null,null/",
        "/api/v1/obligations/null,null/",
        "/api/v1/milestones/null,null/",
        "/api/v1/contract-rights/null,null/",
        "/api/v1/restrictions/null,null/",
        "/api/v1/restrictions/1.5/conflicts/",
    ],
)
def test_a_malformed_id_is_404(world, path):
    assert api_client(world.manager_a).get(path).status_code == 404


def test_a_malformed_feed_id_is_404_and_revokes_nothing(world):
    assert api_client(world.manager_a).delete("/api/v1/calendar-feeds/x1/").status_code == 404


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/v1/obligations/?agreement=1e300", "agreement"),
        ("/api/v1/defined-terms/?agreement=99999999999999999999", "agreement"),
        ("/api/v1/agreements/?alliance=99999999999999999999", "alliance"),
        ("/api/v1/contract-events/?alliance=-1e30", "alliance"),
        ("/api/v1/restrictions/?alliance=1e300", "alliance"),
        ("/api/v1/milestones/?alliance=99999999999999999999", "alliance"),
        ("/api/v1/contract-rights/?alliance=99999999999999999999", "alliance"),
    ],
)
def test_an_out_of_range_filter_is_a_400_naming_it(world, register, path, field):
    response = api_client(world.manager_a).get(path)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_conflict_check_is_documented_as_the_one_answer_it_gives(world, openapi_schema):
    documented = openapi_schema["paths"]["/api/v1/conflict-check/"]["get"]["responses"]["200"]
    assert documented["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MayWeAnswer"
    }
    response = api_client(world.leader).get("/api/v1/conflict-check/", {"target": "KRAS"})
    assert response.status_code == 200
    assert response.json() == {"allowed": True, "restrictions": [], "programs": []}
