"""The API: the same actions and scoping as the pages, JSON errors that name the field."""

import pytest

from accord.conftest import api_client
from accord.core.models import AuditEvent
from accord.portfolio.models import Alliance, AllianceMember, MemberRole, Program


def new_alliance(world, **overrides):
    payload = {
        "name": "Calder TL1A In-licence",
        "partners": [world.partner_co_a.pk],
        "alliance_type": "in_license",
        "stage": "execution",
        "effective_date": "2025-09-01",
        "therapeutic_areas": ["Gastroenterology"],
        "territories": ["WW"],
        "strategic_importance": 5,
        "risk_level": 4,
        "deal_value_musd": "950.0",
    }
    payload.update(overrides)
    return payload


def test_create_an_alliance_and_name_its_manager(world):
    response = api_client(world.leader).post(
        "/api/v1/alliances/",
        new_alliance(world, alliance_manager=world.manager_b.pk),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    alliance = Alliance.objects.get(pk=data["id"])
    assert (data["name"], data["territories"], data["therapeutic_areas"]) == (
        "Calder TL1A In-licence",
        ["WW"],
        ["Gastroenterology"],
    )
    assert data["tier"] == alliance.tier and len(data["tier_factors"]) == 5
    assert data["responsible"] == [
        {"user": world.manager_b.pk, "name": str(world.manager_b), "role": "alliance_manager"}
    ]
    assert data["version"] == 1
    assert AuditEvent.objects.filter(
        alliance_id=alliance.pk, action="create", actor=world.leader
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"stage": "paused"}, "stage", '"paused" is not a valid choice.'),
        ({"territories": ["XX"]}, "territories", "Object with code=XX does not exist."),
        ({"partners": []}, "partners", "An alliance needs at least one partner company."),
        (
            {"effective_date": None},
            "effective_date",
            "An alliance in the execution stage has a signed agreement: give its effective date.",
        ),
        ({"risk_level": 9}, "risk_level", "Ensure this value is less than or equal to 5."),
        (
            {"name": "kestrel adc collaboration"},
            "name",
            "An alliance named “kestrel adc collaboration” already exists.",
        ),
        (
            {"effective_date": "yesterday"},
            "effective_date",
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        ),
    ],
)
def test_bad_payloads_get_400_naming_the_field_and_nothing_is_written(
    world, overrides, field, message
):
    response = api_client(world.leader).post(
        "/api/v1/alliances/", new_alliance(world, **overrides), format="json"
    )
    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert Alliance.objects.count() == 2
    assert AuditEvent.objects.filter(action="create", content_type__model="alliance").count() == 0


def test_a_manager_cannot_name_who_runs_a_new_alliance(world):
    response = api_client(world.manager_a).post(
        "/api/v1/alliances/",
        new_alliance(world, alliance_manager=world.manager_b.pk),
        format="json",
    )
    assert response.status_code == 403
    assert Alliance.objects.count() == 2


def test_patch_with_version_and_conflict(world):
    client = api_client(world.manager_a)
    url = f"/api/v1/alliances/{world.alliance_a.pk}/"
    first = client.patch(url, {"stage": "relaunch", "version": 1}, format="json")
    assert (first.status_code, first.json()["stage"], first.json()["version"]) == (
        200,
        "relaunch",
        2,
    )
    stale = client.patch(url, {"stage": "wind_down", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    world.alliance_a.refresh_from_db()
    assert world.alliance_a.stage == "relaunch"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("leader", 200),
        ("manager_a", 200),
        ("manager_b", 403),
        ("executive", 403),
        ("partner_a", 403),
        ("partner_b", 404),
        ("outsider", 404),
    ],
)
def test_who_may_patch_alliance_a(world, persona, status):
    response = api_client(world.persona(persona)).patch(
        f"/api/v1/alliances/{world.alliance_a.pk}/", {"risk_level": 5}, format="json"
    )
    assert response.status_code == status
    world.alliance_a.refresh_from_db()
    assert world.alliance_a.risk_level == (5 if status == 200 else 3)


def test_unknown_or_invalid_filters_are_rejected_by_name(world):
    client = api_client(world.leader)
    unknown = client.get("/api/v1/alliances/", {"stagee": "execution"})
    assert unknown.status_code == 400
    assert unknown.json()["stagee"][0].startswith("Unknown filter. Known filters: ")
    invalid = client.get("/api/v1/alliances/", {"tier": "7"})
    assert invalid.status_code == 400
    assert invalid.json() == {
        "tier": ["Select a valid choice. 7 is not one of the available choices."]
    }
    assert (
        client.get("/api/v1/alliances/", {"tier": ["1", "2"], "ordering": "-tier"}).status_code
        == 200
    )


def test_tier_override_over_the_api(world):
    url = f"/api/v1/alliances/{world.alliance_a.pk}/tier-override/"
    assert (
        api_client(world.manager_a)
        .post(url, {"tier": 1, "reason": "Because"}, format="json")
        .status_code
        == 403
    )
    missing = api_client(world.leader).post(url, {"tier": 1}, format="json")
    assert (missing.status_code, missing.json()) == (400, {"reason": ["This field is required."]})
    done = api_client(world.leader).post(
        url, {"tier": 1, "reason": "Board priority"}, format="json"
    )
    assert (done.status_code, done.json()["tier"], done.json()["tier_override_reason"]) == (
        200,
        1,
        "Board priority",
    )
    cleared = api_client(world.leader).delete(url + "?reason=Back%20to%20the%20model")
    assert (cleared.status_code, cleared.json()["tier_override"]) == (200, None)


def test_members_endpoint(world):
    client = api_client(world.leader)
    url = f"/api/v1/alliances/{world.alliance_b.pk}/members/"
    added = client.post(
        url, {"user": world.executive.pk, "role": "executive_sponsor"}, format="json"
    )
    assert added.status_code == 201
    wrong = client.post(url, {"user": world.partner_a.pk, "role": "team_member"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json() == {
        "user": [
            f"{world.partner_a} works for Kestrel Bio, which is not a partner in this alliance."
        ]
    }
    member_id = added.json()["id"]
    assert client.delete(f"{url}{member_id}/").status_code == 204
    assert not AllianceMember.objects.filter(pk=member_id).exists()


def test_programs_crud_respects_the_firewall(world):
    client = api_client(world.manager_a)
    created = client.post(
        "/api/v1/programs/",
        {
            "alliance": world.alliance_a.pk,
            "name": "KST-ADC9",
            "modality": "adc",
            "phase": "discovery",
            "is_firewalled": True,
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["firewall_members"] == [world.manager_a.pk]
    hidden_to_leader = api_client(world.leader).get(f"/api/v1/programs/{created.json()['id']}/")
    assert hidden_to_leader.status_code == 404
    foreign = api_client(world.partner_b).post(
        "/api/v1/programs/", {"alliance": world.alliance_a.pk, "name": "X"}, format="json"
    )
    assert foreign.status_code == 400
    assert foreign.json() == {
        "alliance": [f'Invalid pk "{world.alliance_a.pk}" - object does not exist.']
    }
    assert Program.objects.filter(name="X").count() == 0


def test_delete_needs_a_reason(world):
    client = api_client(world.leader)
    url = f"/api/v1/programs/{world.program_b1.pk}/"
    refused = client.delete(url)
    assert (refused.status_code, refused.json()) == (
        400,
        {"reason": ["This field may not be blank."]},
    )
    assert client.delete(url + "?reason=Discontinued%20program").status_code == 204
    assert not Program.objects.filter(pk=world.program_b1.pk).exists()


def test_people_me(world):
    data = api_client(world.partner_a).get("/api/v1/people/me/").json()
    assert (data["email"], data["role"], data["company_name"], data["is_internal"]) == (
        "jordan@kestrel.test",
        "partner",
        "Kestrel Bio",
        False,
    )


def test_alliance_add_manager_via_member_endpoint_requires_a_leader(world):
    url = f"/api/v1/alliances/{world.alliance_a.pk}/members/"
    response = api_client(world.manager_a).post(
        url, {"user": world.manager_b.pk, "role": MemberRole.ALLIANCE_MANAGER}, format="json"
    )
    assert response.status_code == 403
    assert not AllianceMember.objects.filter(
        alliance=world.alliance_a, user=world.manager_b
    ).exists()
