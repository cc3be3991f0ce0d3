"""The shared write steps (accord.core.actions): what every app's create / edit / delete relies on.

Driven on companies (no alliance scope) and programs (alliance and program scope, a
many-to-many field), through the helpers directly.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core import actions
from accord.core.exceptions import ConflictError
from accord.core.models import AuditEvent
from accord.portfolio.models import Company, Program

COMPANY = actions.Entry(Company, ["name", "kind", "company_type", "website"], noun="a company")


def _program_scope(program):
    return {"alliance_id": program.alliance_id, "program_id": program.pk}


PROGRAM = actions.Entry(
    Program,
    ["name", "is_firewalled", "firewall_members"],
    m2m={"firewall_members"},
    scope=_program_scope,
)


def rows(obj):
    return list(
        AuditEvent.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("action", "field", "old_value", "new_value", "reason")
    )


def test_require_reason_names_the_field_and_strips():
    assert actions.require_reason("  because  ", "deleting it") == "because"
    with pytest.raises(ValidationError) as error:
        actions.require_reason(" no ", "deleting it")
    assert error.value.message_dict == {
        "reason": ["Give a reason for deleting it (at least 5 characters)."]
    }


def test_assign_refuses_a_field_by_name_and_strips_on_request():
    company = Company()
    with pytest.raises(ValidationError) as error:
        actions.assign(company, {"name": "X", "secret": 1}, ["name"])
    assert error.value.message_dict == {"secret": ["This field cannot be set here."]}
    actions.assign(company, {"name": "  Kestrel  "}, ["name"], strip=True)
    assert company.name == "Kestrel"
    actions.assign(company, {"name": "  Kestrel  "}, ["name"])
    assert company.name == "  Kestrel  "


def test_split_keeps_many_to_many_apart():
    assert actions.split({"a": 1, "m": (1, 2)}, {"m"}) == ({"a": 1}, {"m": [1, 2]})


@pytest.mark.django_db
def test_create_update_delete_write_their_audit_rows(world):
    actor = world.leader
    with transaction.atomic():
        company = actions.create_entry(
            COMPANY,
            Company(),
            actor=actor,
            data={"name": "Heron Bio", "kind": "partner", "company_type": "biotech"},
        )
    assert rows(company) == [
        ("create", "name", "", "Heron Bio", ""),
        ("create", "kind", "", "Partner", ""),
        ("create", "company_type", "", "Biotech", ""),
    ]
    with transaction.atomic():
        company = actions.update_entry(
            COMPANY,
            company,
            actor=actor,
            data={"website": "https://heron.example"},
            expected_version=company.version,
            reason="new site",
        )
    assert company.version == 2
    assert rows(company)[-1] == ("update", "website", "", "https://heron.example", "new site")
    with pytest.raises(ConflictError), transaction.atomic():
        actions.update_entry(COMPANY, company, actor=actor, data={"name": "Y"}, expected_version=1)
    assert Company.objects.get(pk=company.pk).name == "Heron Bio"
    pk = company.pk
    with pytest.raises(ValidationError) as error, transaction.atomic():
        actions.delete_entry(COMPANY, company, actor=actor, reason="no")
    assert error.value.message_dict == {
        "reason": ["Give a reason for deleting a company (at least 5 characters)."]
    }
    with transaction.atomic():
        actions.delete_entry(COMPANY, company, actor=actor, reason="merged into Kestrel")
    assert not Company.objects.filter(pk=pk).exists()
    deleted = AuditEvent.objects.filter(object_id=str(pk), action="delete")
    assert {(e.field, e.old_value, e.reason) for e in deleted} >= {
        ("name", "Heron Bio", "merged into Kestrel")
    }


@pytest.mark.django_db
def test_a_check_refuses_before_anything_is_written(world):
    def refuse(obj, relations):
        raise ValidationError({"name": "Not this one."})

    entry = actions.Entry(Company, ["name"], check=refuse)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError), transaction.atomic():
        actions.create_entry(entry, Company(), actor=world.leader, data={"name": "Z"})
    assert AuditEvent.objects.count() == before
    assert not Company.objects.filter(name="Z").exists()


@pytest.mark.django_db
def test_open_and_save_update_keep_the_scope_and_the_many_to_many(world):
    program = world.program_a2
    with transaction.atomic():
        program, before = actions.open_update(PROGRAM, program, program.version)
        program.name = "Renamed A2"
        actions.save_update(
            PROGRAM,
            program,
            before,
            actor=world.leader,
            reason="clearer",
            relations={"firewall_members": [world.manager_a]},
        )
    assert list(program.firewall_members.all()) == [world.manager_a]
    changed = AuditEvent.objects.filter(object_id=str(program.pk), action="update")
    assert {(e.field, e.alliance_id, e.program_id) for e in changed} == {
        ("name", program.alliance_id, program.pk),
        ("firewall_members", program.alliance_id, program.pk),
    }
