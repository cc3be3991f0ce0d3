"""The governance API: the same actions and scoping as the pages, with 400s that name the field."""

import pytest
from django.core.cache import cache

from accord.conftest import api_client
from accord.governance.models import Committee, Decision, Meeting, MinutesSignature

from .conftest import PASSWORD


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_a_jsc_meeting_from_charter_to_approved_minutes(world, gov):
    api = api_client(world.manager_b)
    response = api.post(
        "/api/v1/governance/committees/",
        {
            "alliance": world.alliance_b.pk,
            "kind": "jdc",
            "name": "JDC B",
            "parent": gov.jsc_b.pk,
            "meetings_per_year": 4,
            "decides": ["regulatory", "development"],
            "final_say": [{"area": "development", "company": world.own.pk}],
            "escalation_days": 21,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["decides"], body["escalates_to"], body["final_say"], body["members"]) == (
        ["development", "regulatory"],
        gov.jsc_b.pk,
        [{"area": "development", "company": world.own.pk}],
        [],
    )
    jdc = body["id"]
    for user, role in (
        (world.manager_b, "co_chair"),
        (world.partner_b, "co_chair"),
        (world.contributor, "member"),
    ):
        response = api.post(
            f"/api/v1/governance/committees/{jdc}/members/",
            {"user": user.pk, "role": role, "start_date": "2026-01-01"},
            format="json",
        )
        assert response.status_code == 201, response.json()
    check = api.get(f"/api/v1/governance/committees/{jdc}/charter-check/").json()
    assert check["warnings"] == []

    response = api.post(
        "/api/v1/governance/meetings/",
        {"committee": jdc, "starts_at": "2026-03-10T10:00:00Z", "modality": "hybrid"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting = response.json()
    assert (meeting["title"], meeting["status"], meeting["minutes_status"]) == (
        "JDC B meeting",
        "scheduled",
        "draft",
    )
    pending = api.post(
        "/api/v1/governance/decisions/",
        {
            "alliance": world.alliance_b.pk,
            "committee": jdc,
            "title": "EU filing route",
            "area": "regulatory",
            "raised_on": "2026-03-01",
        },
        format="json",
    ).json()
    agenda = api.post(f"/api/v1/governance/meetings/{meeting['id']}/agenda/build/").json()
    assert [item["title"] for item in agenda] == ["Decision: EU filing route"]
    attendance = api.get(f"/api/v1/governance/meetings/{meeting['id']}/attendance/").json()
    response = api.post(
        f"/api/v1/governance/meetings/{meeting['id']}/held/",
        {"attended": [row["user"] for row in attendance]},
        format="json",
    )
    assert response.json()["status"] == "held"
    for status, extra in (
        ("proposed", {}),
        ("decided", {"outcome": "Centralised procedure", "meeting": meeting["id"]}),
    ):
        response = api.post(
            f"/api/v1/governance/decisions/{pending['id']}/status/",
            {"status": status, **extra},
            format="json",
        )
        assert response.status_code == 200, response.json()
    assert (response.json()["decided_by"], response.json()["meeting"]) == (jdc, meeting["id"])
    response = api.patch(
        f"/api/v1/governance/meetings/{meeting['id']}/minutes/",
        {"text": "Filing route agreed."},
        format="json",
    )
    assert response.json()["text"] == "Filing route agreed."
    assert (
        api.post(f"/api/v1/governance/meetings/{meeting['id']}/minutes/submit/").json()["status"]
        == "submitted"
    )

    url = f"/api/v1/governance/meetings/{meeting['id']}/minutes/approve/"
    response = api_client(world.partner_b).post(url, {"password": "nope"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"password": ["That is not your password: the minutes were not approved."]},
    )
    assert (
        api_client(world.contributor).post(url, {"password": PASSWORD}, format="json").status_code
        == 403
    )
    assert (
        api_client(world.partner_b)
        .post(url, {"password": PASSWORD}, format="json")
        .json()["status"]
        == "submitted"
    )
    minutes = api.post(
        url, {"password": PASSWORD, "meaning": "Approved for Meridian"}, format="json"
    ).json()
    assert minutes["status"] == "approved"
    assert [(s["company"], s["meaning"]) for s in minutes["signatures"]] == [
        ("Polaris Biologics", "Approved as a true and accurate record of the meeting"),
        ("Meridian Therapeutics", "Approved for Meridian"),
    ]
    response = api.patch(
        f"/api/v1/governance/meetings/{meeting['id']}/minutes/", {"text": "Sneaky"}, format="json"
    )
    assert (response.status_code, response.json()) == (
        400,
        {"text": ["The minutes are approved: change them through an amendment."]},
    )
    response = api.post(
        f"/api/v1/governance/meetings/{meeting['id']}/minutes/amend/",
        {"text": "Filing route agreed (EMA).", "reason": "Agency named"},
        format="json",
    )
    assert response.json()["amendments"][0]["reason"] == "Agency named"
    assert MinutesSignature.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"area": "astrology"}, {"area": ['"astrology" is not a valid choice.']}),
        ({"area": "legal", "title": ""}, {"title": ["This field may not be blank."]}),
        (
            {"area": "legal", "committee": 99999},
            {"committee": ['Invalid pk "99999" - object does not exist.']},
        ),
        (
            {"area": "legal", "due_on": "tomorrow"},
            {"due_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
    ],
)
def test_bad_payloads_name_the_field_and_write_nothing(world, gov, payload, errors):
    data = {"alliance": world.alliance_a.pk, "title": "x", **payload}
    response = api_client(world.manager_a).post(
        "/api/v1/governance/decisions/", data, format="json"
    )
    assert (response.status_code, response.json()) == (400, errors)
    assert Decision.objects.count() == 0


def test_a_body_of_another_alliance_is_refused_by_the_action(world, gov):
    response = api_client(world.leader).post(
        "/api/v1/governance/decisions/",
        {"alliance": world.alliance_a.pk, "title": "x", "area": "legal", "committee": gov.jsc_b.pk},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"committee": ["JSC B belongs to another alliance."]},
    )


def test_a_stale_version_is_a_conflict(world, gov):
    api = api_client(world.manager_a)
    response = api.patch(
        f"/api/v1/governance/committees/{gov.jsc_a.pk}/",
        {"purpose": "New", "version": 1},
        format="json",
    )
    assert response.json()["version"] == 2
    response = api.patch(
        f"/api/v1/governance/committees/{gov.jsc_a.pk}/",
        {"purpose": "Older", "version": 1},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert Committee.objects.get(pk=gov.jsc_a.pk).purpose == "New"


def test_invalid_transitions_answer_400_with_the_allowed_ones(world, gov):
    api = api_client(world.manager_a)
    decision = api.post(
        "/api/v1/governance/decisions/",
        {"alliance": world.alliance_a.pk, "title": "x", "area": "legal", "committee": gov.jsc_a.pk},
        format="json",
    ).json()
    response = api.post(
        f"/api/v1/governance/decisions/{decision['id']}/status/",
        {"status": "decided", "outcome": "Yes"},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "status": [
                "A raised decision cannot become decided; it can become: deferred, escalated, proposed."
            ]
        },
    )
    response = api.post(
        f"/api/v1/governance/decisions/{decision['id']}/status/",
        {"status": "raised"},
        format="json",
    )
    assert response.status_code == 400
    assert Decision.objects.get().status == "raised"


def test_issue_escalation_through_the_api(world, gov):
    api = api_client(world.manager_a)
    issue = api.post(
        "/api/v1/governance/issues/",
        {
            "alliance": world.alliance_a.pk,
            "title": "Comparator",
            "area": "development",
            "severity": "high",
            "level": gov.jsc_a.pk,
        },
        format="json",
    ).json()
    assert (issue["days_at_level"], issue["limit_days"], issue["past_limit"]) == (0, 30, False)
    response = api.post(
        f"/api/v1/governance/issues/{issue['id']}/escalate/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/governance/issues/{issue['id']}/escalate/",
        {"reason": "No agreement"},
        format="json",
    )
    body = response.json()
    assert (
        body["status"],
        body["level"],
        [(e["from_level"], e["to_level"]) for e in body["escalations"]],
    ) == (
        "escalated",
        gov.execs_a.pk,
        [(None, gov.jsc_a.pk), (gov.jsc_a.pk, gov.execs_a.pk)],
    )
    response = api.patch(
        f"/api/v1/governance/issues/{issue['id']}/", {"level": gov.jsc_a.pk}, format="json"
    )
    assert (response.status_code, response.json()) == (
        400,
        {"level": ["Escalate the issue or assign it to another body instead."]},
    )


def test_terms_of_an_alliance(world, gov):
    api = api_client(world.manager_a)
    assert api.get(f"/api/v1/governance/terms/{world.alliance_a.pk}/").json() == {
        "alliance": world.alliance_a.pk,
        "disclosure_review_business_days": 5,
        "business_calendar": "US",
    }
    response = api.patch(
        f"/api/v1/governance/terms/{world.alliance_a.pk}/",
        {"business_calendar": "XX"},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"business_calendar": ["No public-holiday calendar for “XX”."]},
    )
    response = api.patch(
        f"/api/v1/governance/terms/{world.alliance_a.pk}/",
        {"disclosure_review_business_days": 10, "business_calendar": "jp"},
        format="json",
    )
    assert response.json()["business_calendar"] == "JP"
    assert (
        api_client(world.partner_a)
        .patch(
            f"/api/v1/governance/terms/{world.alliance_a.pk}/",
            {"disclosure_review_business_days": 1},
            format="json",
        )
        .status_code
        == 403
    )
    assert (
        api_client(world.partner_b)
        .get(f"/api/v1/governance/terms/{world.alliance_a.pk}/")
        .status_code
        == 404
    )


def test_meeting_filters(world, gov):
    api = api_client(world.leader)
    for day, modality in (("2026-01-10", "in_person"), ("2026-02-10", "virtual")):
        api_client(world.manager_a).post(
            "/api/v1/governance/meetings/",
            {"committee": gov.jsc_a.pk, "starts_at": f"{day}T10:00:00Z", "modality": modality},
            format="json",
        )
    found = api.get(
        "/api/v1/governance/meetings/", {"modality": "in_person", "alliance": world.alliance_a.pk}
    ).json()
    assert [m["starts_at"][:10] for m in found["results"]] == ["2026-01-10"]
    found = api.get("/api/v1/governance/meetings/", {"after": "2026-02-01"}).json()
    assert [m["modality"] for m in found["results"]] == ["virtual"]
    assert Meeting.objects.count() == 2
