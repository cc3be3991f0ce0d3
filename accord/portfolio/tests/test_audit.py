"""Every create, update and delete writes its audit records in the same transaction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.exceptions import ConflictError
from accord.core.models import AuditEvent
from accord.portfolio import actions
from accord.portfolio.models import (
    Alliance,
    AllianceMember,
    Company,
    MemberRole,
    Program,
    Territory,
)

from .factories import CompanyFactory


def rows(**filters):
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("id")
        .values_list("action", "field", "old_value", "new_value")
    )


def test_alliance_create_records_each_field_set(world):
    jp = Territory.objects.get(code="JP")
    alliance = actions.alliance_create(
        actor=world.leader,
        data={
            "name": "Hoshino Japan Licence",
            "partners": [world.partner_co_a],
            "alliance_type": "regional",
            "stage": "launch",
            "effective_date": dt.date(2026, 10, 1),
            "territories": [jp],
            "strategic_importance": 4,
            "risk_level": 2,
        },
        responsible=[(world.manager_b, MemberRole.ALLIANCE_MANAGER)],
    )
    created = dict(
        (f, new)
        for _, f, _, new in rows(content_type__model="alliance", object_id=str(alliance.pk))
    )
    assert created["name"] == "Hoshino Japan Licence"
    assert created["partners"] == "Kestrel Bio"
    assert created["alliance_type"] == "Regional commercialization"
    assert created["stage"] == "Launch"
    assert created["effective_date"] == "2026-10-01"
    assert created["territories"] == "Japan"
    assert created["tier"] == f"Tier {alliance.tier}"
    event = AuditEvent.objects.filter(
        object_id=str(alliance.pk), content_type__model="alliance"
    ).first()
    assert (event.actor, event.alliance_id) == (world.leader, alliance.pk)
    assert event.at.tzinfo is not None and event.at.utcoffset() == dt.timedelta(0)
    member_rows = rows(content_type__model="alliancemember", alliance_id=alliance.pk)
    assert ("create", "role", "", "Alliance manager") in member_rows
    assert ("create", "user", "", str(world.manager_b)) in member_rows


def test_update_records_only_the_fields_that_changed_with_the_reason(world):
    alliance = world.alliance_a
    actions.alliance_update(
        actor=world.manager_a,
        alliance=alliance,
        reason="Phase 3 started",
        data={"stage": "relaunch", "name": alliance.name, "risk_level": 5},
    )
    updates = rows(content_type__model="alliance", object_id=str(alliance.pk), action="update")
    assert updates == [
        ("update", "stage", "Execution", "Relaunch"),
        ("update", "risk_level", "3", "5"),
    ]
    assert set(
        AuditEvent.objects.filter(action="update", object_id=str(alliance.pk)).values_list(
            "reason", flat=True
        )
    ) == {"Phase 3 started"}


def test_an_update_that_changes_nothing_writes_nothing(world):
    actions.alliance_update(
        actor=world.leader, alliance=world.alliance_a, data={"name": world.alliance_a.name}
    )
    assert rows(action="update") == []


def test_m2m_changes_are_recorded_as_readable_lists(world):
    extra = CompanyFactory(name="Aurelia Genomics")
    actions.alliance_update(
        actor=world.leader,
        alliance=world.alliance_a,
        data={"partners": [world.partner_co_a, extra]},
    )
    assert rows(field="partners") == [
        ("update", "partners", "Kestrel Bio", "Aurelia Genomics, Kestrel Bio")
    ]


def test_a_failed_action_leaves_neither_change_nor_audit(world):
    with pytest.raises(ValidationError) as error:
        actions.alliance_update(
            actor=world.leader,
            alliance=world.alliance_a,
            data={"stage": "execution", "effective_date": None},
        )
    assert "effective_date" in error.value.message_dict
    world.alliance_a.refresh_from_db()
    assert world.alliance_a.effective_date == dt.date(2024, 3, 1)
    assert AuditEvent.objects.count() == 0


def test_audit_is_rolled_back_with_the_change(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.alliance_update(
            actor=world.leader, alliance=world.alliance_a, data={"risk_level": 1}
        )
        raise RuntimeError("the surrounding request failed")
    assert AuditEvent.objects.count() == 0
    world.alliance_a.refresh_from_db()
    assert world.alliance_a.risk_level == 3


def test_stale_version_is_a_conflict_and_changes_nothing(world):
    actions.alliance_update(
        actor=world.manager_a, alliance=world.alliance_a, data={"risk_level": 4}, expected_version=1
    )
    with pytest.raises(ConflictError) as error:
        actions.alliance_update(
            actor=world.leader,
            alliance=world.alliance_a,
            data={"risk_level": 1},
            expected_version=1,
        )
    assert (error.value.expected_version, error.value.current_version) == (1, 2)
    world.alliance_a.refresh_from_db()
    assert (world.alliance_a.risk_level, world.alliance_a.version) == (4, 2)


def test_delete_records_the_alliance_and_its_programs_and_keeps_the_trail(world):
    alliance_pk = world.alliance_a.pk
    actions.alliance_delete(
        actor=world.leader, alliance=world.alliance_a, reason="Entered in error"
    )
    assert not Alliance.objects.filter(pk=alliance_pk).exists()
    assert not Program.objects.filter(alliance_id=alliance_pk).exists()
    deleted = AuditEvent.objects.filter(action="delete", alliance_id=alliance_pk)
    assert {e.object_repr for e in deleted} == {
        "Kestrel ADC Collaboration",
        "KST-ADC1",
        "KST-SECRET",
    }
    assert set(deleted.values_list("reason", flat=True)) == {"Entered in error"}
    assert deleted.filter(program_id=world.program_a2.pk).exists()


def test_delete_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        actions.alliance_delete(actor=world.leader, alliance=world.alliance_a, reason="")
    assert "reason" in error.value.message_dict
    assert Alliance.objects.filter(pk=world.alliance_a.pk).exists()


def test_program_create_and_firewall_change_are_audited_against_the_program(world):
    program = actions.program_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "name": "KST-ADC4",
            "target": "B7-H4",
            "is_firewalled": True,
            "firewall_members": [],
        },
    )
    assert list(program.firewall_members.all()) == [world.manager_a]  # the creator stays cleared
    created = rows(content_type__model="program", object_id=str(program.pk))
    assert ("create", "firewall_members", "", str(world.manager_a)) in created
    assert AuditEvent.objects.filter(program_id=program.pk).count() == len(created)
    actions.program_update(
        actor=world.manager_a,
        program=program,
        data={"firewall_members": [world.manager_a, world.partner_a]},
    )
    assert rows(action="update", program_id=program.pk) == [
        (
            "update",
            "firewall_members",
            str(world.manager_a),
            ", ".join(sorted([str(world.manager_a), str(world.partner_a)])),
        )
    ]


def test_member_add_and_remove_are_audited(world):
    member = actions.member_add(
        actor=world.leader,
        alliance=world.alliance_b,
        user=world.executive,
        role=MemberRole.EXECUTIVE_SPONSOR,
    )
    member_pk = member.pk
    actions.member_remove(actor=world.leader, member=member, reason="Sponsor changed")
    trail = rows(content_type__model="alliancemember", object_id=str(member_pk))
    assert ("create", "role", "", "Executive sponsor") in trail
    assert ("delete", "role", "Executive sponsor", "") in trail
    assert not AllianceMember.objects.filter(pk=member_pk).exists()


def test_company_changes_are_audited(world):
    company = actions.company_create(
        actor=world.leader, data={"name": "Cascade Neuro", "company_type": "biotech"}
    )
    actions.company_update(
        actor=world.leader, company=company, data={"company_type": "specialty_pharma"}
    )
    assert rows(content_type__model="company", object_id=str(company.pk)) == [
        ("create", "name", "", "Cascade Neuro"),
        ("create", "kind", "", "Partner"),
        ("create", "company_type", "", "Biotech"),
        ("update", "company_type", "Biotech", "Mid-size / specialty pharma"),
    ]
    company_pk = company.pk
    actions.company_delete(actor=world.leader, company=company, reason="Duplicate entry")
    assert not Company.objects.filter(pk=company_pk).exists()
    assert rows(action="delete", content_type__model="company", object_id=str(company_pk)) == [
        ("delete", "name", "Cascade Neuro", ""),
        ("delete", "kind", "Partner", ""),
        ("delete", "company_type", "Mid-size / specialty pharma", ""),
    ]


def test_a_company_in_an_alliance_cannot_be_deleted(world):
    with pytest.raises(ValidationError) as error:
        actions.company_delete(actor=world.leader, company=world.partner_co_a, reason="Tidying up")
    assert error.value.message_dict == {
        "partners": ["Kestrel Bio is a partner in 1 alliance(s): remove it from them first."]
    }
