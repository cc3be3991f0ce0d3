"""Every edit path, page and API, turns a stale edit into a clear conflict and loses nothing."""

import pytest

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.portfolio import actions
from accord.portfolio.models import Alliance, Company, Program

PASSWORD = "correct horse battery staple"


@pytest.fixture
def changed_meanwhile(world):
    """Someone else saved alliance A, partner A and program A2 after the editor loaded them."""
    actions.alliance_update(
        actor=world.leader, alliance=world.alliance_a, data={"risk_level": 5}, expected_version=1
    )
    actions.company_update(
        actor=world.leader,
        company=world.partner_co_a,
        data={"description": "Their edit"},
        expected_version=1,
    )
    actions.program_update(
        actor=world.manager_a,
        program=world.program_a2,
        data={"phase": "phase_2"},
        expected_version=1,
    )
    return world


def snapshot():
    return (
        list(Alliance.objects.order_by("pk").values_list("version", "risk_level", "tier")),
        list(Company.objects.order_by("pk").values_list("version", "description")),
        list(Program.objects.order_by("pk").values_list("version", "phase", "target")),
        AuditEvent.objects.count(),
    )


PAGE_EDITS = {
    "alliance tier override": (
        "leader",
        "/alliances/{alliance_a}/tier/",
        {"override": "1", "tier": "1", "reason": "Board priority", "version": "1"},
    ),
    "alliance tier back to computed": (
        "leader",
        "/alliances/{alliance_a}/tier/",
        {"clear": "1", "reason": "Back to the model", "version": "1"},
    ),
    "program edit": (
        "manager_a",
        "/programs/{program_a2}/edit/",
        {
            "name": "KST-SECRET",
            "target": "KRAS G12D/V",
            "modality": "small_molecule",
            "phase": "phase_1",
            "is_firewalled": "on",
            "firewall_members": ["{manager_a}"],
            "version": "1",
        },
    ),
    "firewall clearance amendment": (
        "manager_a",
        "/programs/{program_a2}/clearance/amend/",
        {
            "is_firewalled": "on",
            "firewall_members": ["{manager_a}"],
            "reason": "Partner rotated off",
            "version": "1",
        },
    ),
    "partner edit": (
        "leader",
        "/partners/{partner_co_a}/edit/",
        {"name": "Kestrel Bio", "company_type": "biotech", "description": "Mine", "version": "1"},
    ),
}


def fill(value, world):
    ids = {
        "{alliance_a}": world.alliance_a.pk,
        "{program_a2}": world.program_a2.pk,
        "{partner_co_a}": world.partner_co_a.pk,
        "{manager_a}": world.manager_a.pk,
    }
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    for key, pk in ids.items():
        value = value.replace(key, str(pk))
    return value


@pytest.mark.parametrize("edit", sorted(PAGE_EDITS))
def test_a_stale_form_gets_a_conflict_message_and_changes_nothing(changed_meanwhile, edit):
    world = changed_meanwhile
    if edit == "alliance tier back to computed":
        actions.alliance_override_tier(
            actor=world.leader, alliance=world.alliance_a, tier=2, reason="Earlier override"
        )
    persona, path, data = PAGE_EDITS[edit]
    before = snapshot()
    response = login(world.persona(persona)).post(
        fill(path, world), {k: fill(v, world) for k, v in data.items()}
    )
    assert response.status_code == 409, edit
    assert "changed by someone else" in response.content.decode(), edit
    assert snapshot() == before, edit
    # The form now carries the current version: submitting again applies the change knowingly.
    form = next(
        f
        for f in (response.context.get("form"), response.context.get("clear_form"))
        if f and f.errors
    )
    assert int(form.data["version"]) > 1


API_EDITS = {
    "alliance": ("leader", "patch", "/api/v1/alliances/{alliance_a}/", {"risk_level": 1}),
    "company": ("leader", "patch", "/api/v1/companies/{partner_co_a}/", {"description": "Mine"}),
    "program": ("manager_a", "patch", "/api/v1/programs/{program_a2}/", {"phase": "phase_1"}),
    "tier override": (
        "leader",
        "post",
        "/api/v1/alliances/{alliance_a}/tier-override/",
        {"tier": 1, "reason": "Board priority"},
    ),
    "clearance amendment": (
        "manager_a",
        "post",
        "/api/v1/programs/{program_a2}/clearance-amendment/",
        {"is_firewalled": True, "firewall_members": ["{manager_a}"], "reason": "Rotated off"},
    ),
}


@pytest.mark.parametrize("edit", sorted(API_EDITS))
def test_a_stale_api_write_is_a_409_and_changes_nothing(changed_meanwhile, edit):
    world = changed_meanwhile
    persona, method, path, payload = API_EDITS[edit]
    body = {k: (fill(v, world) if isinstance(v, str | list) else v) for k, v in payload.items()}
    if "firewall_members" in body:
        body["firewall_members"] = [int(v) for v in body["firewall_members"]]
    client = api_client(world.persona(persona))  # creating its token is audited too
    before = snapshot()
    response = getattr(client, method)(fill(path, world), {**body, "version": 1}, format="json")
    assert response.status_code == 409, (edit, response.json())
    assert response.json()["current_version"] == 2
    assert "changed by someone else" in response.json()["detail"]
    assert snapshot() == before
