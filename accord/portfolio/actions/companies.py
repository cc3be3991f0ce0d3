"""Partner companies (and our own)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.actions import Entry, create_entry, delete_entry, update_entry
from accord.core.exceptions import DeleteBlocked
from accord.people.models import Role

from ..models import (
    Company,
)

COMPANY_FIELDS = ["name", "kind", "company_type", "headquarters", "website", "description"]


def _check_company(company: Company, relations: dict) -> None:
    if (
        company.pk
        and company.kind == Company.Kind.PARTNER
        and company.people.exclude(role=Role.PARTNER).exists()
    ):
        raise ValidationError(
            {"kind": _("Our own staff belong to this company: it cannot become a partner.")}
        )
    company.full_clean()


COMPANY = Entry(Company, COMPANY_FIELDS, check=_check_company, noun="a company")
# Every page shows our own company's name, read from the cache (portfolio.views.companies).
OWN_NAME_KEY = "accord:own-company-name"


def _forget_own_name(company: Company | None, data: dict) -> None:
    """When the change may touch our own company, the next page reads its name afresh, once
    the change is committed."""
    if (company is not None and company.is_own) or data.get("kind") == Company.Kind.OWN:
        transaction.on_commit(lambda: cache.delete(OWN_NAME_KEY))


@transaction.atomic
def company_create(*, actor, data: dict) -> Company:
    _forget_own_name(None, data)
    return create_entry(COMPANY, Company(), actor=actor, data=data)


@transaction.atomic
def company_update(
    *, actor, company: Company, data: dict, expected_version=None, reason=""
) -> Company:
    _forget_own_name(company, data)
    return update_entry(
        COMPANY, company, actor=actor, data=data, expected_version=expected_version, reason=reason
    )


def _check_deletable(company: Company) -> None:
    if company.is_own:
        raise ValidationError({"kind": _("Our own company cannot be deleted.")})
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


@transaction.atomic
def company_delete(*, actor, company: Company, reason: str) -> None:
    delete_entry(COMPANY, company, actor=actor, reason=reason, check=_check_deletable)
