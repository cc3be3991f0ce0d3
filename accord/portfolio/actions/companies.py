"""Partner companies (and our own)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core import audit
from accord.core.exceptions import DeleteBlocked
from accord.core.versioning import bump, check_version, lock
from accord.people.models import Role

from ..models import (
    Company,
)
from ._common import assign, require_reason

COMPANY_FIELDS = ["name", "kind", "company_type", "headquarters", "website", "description"]


@transaction.atomic
def company_create(*, actor, data: dict) -> Company:
    company = Company()
    assign(company, data, COMPANY_FIELDS)
    company.full_clean()
    company.save()
    audit.record_create(actor=actor, obj=company, fields=COMPANY_FIELDS)
    return company


@transaction.atomic
def company_update(
    *, actor, company: Company, data: dict, expected_version=None, reason=""
) -> Company:
    company = lock(Company, company.pk)
    check_version(company, expected_version)
    before = audit.snapshot(company, COMPANY_FIELDS)
    assign(company, data, COMPANY_FIELDS)
    if company.kind == Company.Kind.PARTNER and company.people.exclude(role=Role.PARTNER).exists():
        raise ValidationError(
            {"kind": "Our own staff belong to this company: it cannot become a partner."}
        )
    company.full_clean()
    bump(company)
    company.save()
    audit.record_update(actor=actor, obj=company, before=before, reason=reason)
    return company


@transaction.atomic
def company_delete(*, actor, company: Company, reason: str) -> None:
    reason = require_reason(reason, "deleting a company")
    company = lock(Company, company.pk)
    if company.is_own:
        raise ValidationError({"kind": "Our own company cannot be deleted."})
    in_use = company.alliances.count()
    if in_use:
        raise DeleteBlocked(
            {
                "partners": f"{company} is a partner in {in_use} alliance(s): remove it from them first."
            }
        )
    if company.people.exists():
        raise DeleteBlocked(
            {"people": f"{company} still has user accounts: deactivate or move them first."}
        )
    audit.record_delete(actor=actor, obj=company, fields=COMPANY_FIELDS, reason=reason)
    company.delete()
