"""Whoever a record about a firewalled program names (owner, assignee, reviewers, guests) must
be cleared for it: the forms, the API and the actions refuse anyone else, naming the field."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.conftest import api_client, login
from accord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOT_CLEARED = "{person} is not cleared for the firewalled program “KST-SECRET”."


@pytest.fixture
def agreement(world):
    from accord.contracts.tests import factories

    return factories.agreement(world.alliance_a, actor=world.manager_a)


def _obligation(agreement, program, owner):
    return {
        "agreement": agreement.pk,
        "program": program.pk,
        "title": "Quarterly A2 report",
        "section": "§ 6.1",
        "owed_by": "us",
        "category": "reporting",
        "rule": "fixed",
        "due_on": "2030-01-15",
        "owner": owner.pk,
        "time_zone": "UTC",
    }


def test_an_obligation_of_a_firewalled_program_needs_a_cleared_owner_in_the_form(world, agreement):
    from accord.contracts.models import Obligation

    client = login(world.manager_a)
    url = f"/alliances/{world.alliance_a.pk}/contracts/obligation/new/"
    before = (Obligation.objects.count(), AuditEvent.objects.count())
    response = client.post(url, _obligation(agreement, world.program_a2, world.leader))
    assert response.status_code == 400
    assert response.context["form"].errors["owner"] == [NOT_CLEARED.format(person=world.leader)]
    assert (Obligation.objects.count(), AuditEvent.objects.count()) == before
    # The cleared may own it; an open program may be owned by anyone.
    assert (
        client.post(url, _obligation(agreement, world.program_a2, world.manager_a)).status_code
        == 302
    )
    assert (
        client.post(url, _obligation(agreement, world.program_a1, world.leader)).status_code == 302
    )


def test_an_obligation_of_a_firewalled_program_needs_a_cleared_owner_in_the_api(world, agreement):
    from accord.contracts.models import Obligation

    client = api_client(world.manager_a)
    before = (Obligation.objects.count(), AuditEvent.objects.count())
    payload = {**_obligation(agreement, world.program_a2, world.firewalled)}
    payload["alliance"] = world.alliance_a.pk
    response = client.post("/api/v1/obligations/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"owner": [NOT_CLEARED.format(person=world.firewalled)]}
    assert (Obligation.objects.count(), AuditEvent.objects.count()) == before


def test_an_obligation_cannot_point_at_a_firewalled_right_of_another_program(world, agreement):
    from accord.contracts.actions import obligation_create
    from accord.contracts.models import Obligation
    from accord.contracts.tests import factories

    right = factories.right(
        agreement, title="A2 option", actor=world.manager_a, program=world.program_a2
    )
    before = (Obligation.objects.count(), AuditEvent.objects.count())
    data = {
        "agreement": agreement,
        "program": world.program_a1,
        "title": "Notice before the option",
        "section": "§ 6.1",
        "owed_by": "us",
        "category": "reporting",
        "rule": "notice",
        "notice_reference_right": right,
        "notice_days": 30,
    }
    with pytest.raises(ValidationError) as refused:
        obligation_create(actor=world.manager_a, alliance=world.alliance_a, data=data)
    assert refused.value.message_dict == {
        "notice_reference_right": [
            "A right of a firewalled program can only be the reference of an obligation of "
            "that same program."
        ]
    }
    assert (Obligation.objects.count(), AuditEvent.objects.count()) == before


def test_governance_records_of_a_firewalled_program_name_only_cleared_people(world):
    from accord.governance.actions import action_create, risk_create
    from accord.governance.models import ActionItem, Risk

    before = (ActionItem.objects.count(), Risk.objects.count(), AuditEvent.objects.count())
    action = {
        "program": world.program_a2,
        "title": "Send the A2 data package",
        "owner": world.firewalled,
        "due_on": dt.date(2030, 1, 1),
        "is_internal": True,
    }
    with pytest.raises(ValidationError) as refused:
        action_create(actor=world.manager_a, alliance=world.alliance_a, data=action)
    assert refused.value.message_dict == {"owner": [NOT_CLEARED.format(person=world.firewalled)]}
    risk = {
        "program": world.program_a2,
        "title": "A2 tox finding",
        "area": "development",
        "likelihood": 3,
        "impact": 3,
        "owner": world.leader,
    }
    with pytest.raises(ValidationError) as refused:
        risk_create(actor=world.manager_a, alliance=world.alliance_a, data=risk)
    assert refused.value.message_dict == {"owner": [NOT_CLEARED.format(person=world.leader)]}
    assert (
        ActionItem.objects.count(),
        Risk.objects.count(),
        AuditEvent.objects.count(),
    ) == before
    created = action_create(
        actor=world.manager_a, alliance=world.alliance_a, data={**action, "owner": world.manager_a}
    )
    assert created.owner == world.manager_a and created.program == world.program_a2
