"""Alliances, their tier and their strategic objectives."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import (
    Entry,
    assign,
    open_update,
    require_reason,
    save_update,
    set_relations,
    split,
    update_entry,
)
from accord.core.versioning import lock
from accord.people.models import Role

from ..models import (
    Alliance,
    AllianceObjective,
    Company,
    MemberRole,
    Tier,
)
from .programs import PROGRAM_FIELDS
from .retier import TIER_FIELDS, retier
from .team import member_add

ALLIANCE_FIELDS = [
    *Alliance.SHARED_FACTS,
    "value_proposition",
    "am_team",
    "strategic_importance",
    "risk_level",
    "deal_value_musd",
]
ALLIANCE_M2M = {"partners", "therapeutic_areas", "territories"}


def _validate_partners(partners: list[Company]) -> None:
    if not partners:
        raise ValidationError({"partners": _("An alliance needs at least one partner company.")})
    own = [company.name for company in partners if company.is_own]
    if own:
        raise ValidationError(
            {"partners": _("%(company)s is our own company, not a partner.") % {"company": own[0]}}
        )


def _check_alliance(alliance: Alliance, relations: dict) -> None:
    if "partners" in relations:
        _validate_partners(relations["partners"])
    alliance.full_clean()


def _own_scope(alliance: Alliance) -> dict:
    return {"alliance_id": alliance.pk}


ALLIANCE = Entry(
    Alliance, ALLIANCE_FIELDS, m2m=ALLIANCE_M2M, check=_check_alliance, scope=_own_scope
)
TIER_OVERRIDE_FIELDS = ["tier_override", "tier_override_reason", "tier"]


@transaction.atomic
def alliance_create(*, actor, data: dict, responsible: Iterable[tuple] = ()) -> Alliance:
    """Create an alliance, tier it, and optionally name who runs it: [(user, role), ...]."""
    scalars, relations = split(data, ALLIANCE_M2M)
    _validate_partners(relations.get("partners", []))
    alliance = Alliance()
    assign(alliance, scalars, ALLIANCE_FIELDS)
    alliance.full_clean()
    alliance.save()
    set_relations(alliance, relations)
    retier(actor=actor, alliances=Alliance.objects.filter(pk=alliance.pk), audit_changes=False)
    alliance.refresh_from_db()
    audit.record_create(
        actor=actor, obj=alliance, fields=[*ALLIANCE_FIELDS, *TIER_FIELDS], alliance_id=alliance.pk
    )
    responsible = list(responsible)
    if not responsible and actor is not None and actor.role in (Role.MANAGER, Role.CONTRIBUTOR):
        # A manager setting up an alliance runs it until a leader decides otherwise; without
        # this they could not even edit what they just created.
        responsible = [(actor, MemberRole.ALLIANCE_MANAGER)]
    for user, role in responsible:
        member_add(actor=actor, alliance=alliance, user=user, role=role)
    return alliance


@transaction.atomic
def alliance_update(
    *, actor, alliance: Alliance, data: dict, expected_version=None, reason=""
) -> Alliance:
    alliance = update_entry(
        ALLIANCE, alliance, actor=actor, data=data, expected_version=expected_version, reason=reason
    )
    retier(actor=actor, alliances=Alliance.objects.filter(pk=alliance.pk))
    alliance.refresh_from_db()
    return alliance


@transaction.atomic
def alliance_delete(*, actor, alliance: Alliance, reason: str) -> None:
    reason = require_reason(reason, "deleting an alliance")
    alliance = lock(Alliance, alliance.pk)
    for program in alliance.programs.all():
        audit.record_delete(
            actor=actor,
            obj=program,
            fields=PROGRAM_FIELDS,
            reason=reason,
            alliance_id=alliance.pk,
            program_id=program.pk,
        )
    audit.record_delete(
        actor=actor, obj=alliance, fields=ALLIANCE_FIELDS, reason=reason, alliance_id=alliance.pk
    )
    alliance.delete()


@transaction.atomic
def alliance_override_tier(
    *, actor, alliance: Alliance, tier: int, reason: str, expected_version=None
) -> Alliance:
    reason = require_reason(reason, "overriding the computed tier")
    if tier not in Tier.values:
        raise ValidationError({"tier": _("Choose Tier 1, 2 or 3 (got %(tier)r).") % {"tier": tier}})
    alliance, before = open_update(
        ALLIANCE, alliance, expected_version, fields=TIER_OVERRIDE_FIELDS
    )
    alliance.tier_override = tier
    alliance.tier_override_reason = reason
    alliance.tier_overridden_by = actor
    alliance.tier_overridden_at = timezone.now()
    alliance.tier = tier
    return save_update(ALLIANCE, alliance, before, actor=actor, reason=reason)


@transaction.atomic
def alliance_clear_tier_override(
    *, actor, alliance: Alliance, reason: str, expected_version=None
) -> Alliance:
    reason = require_reason(reason, "returning to the computed tier")
    alliance, before = open_update(
        ALLIANCE, alliance, expected_version, fields=TIER_OVERRIDE_FIELDS
    )
    if alliance.tier_override is None:
        raise ValidationError({"tier": _("This alliance's tier is not overridden.")})
    alliance.tier_override = None
    alliance.tier_override_reason = ""
    alliance.tier_overridden_by = None
    alliance.tier_overridden_at = None
    alliance.tier = alliance.tier_computed
    return save_update(ALLIANCE, alliance, before, actor=actor, reason=reason)


@transaction.atomic
def objective_add(*, actor, alliance: Alliance, priority, text: str) -> AllianceObjective:
    objective = AllianceObjective(alliance=alliance, priority=priority, text=(text or "").strip())
    objective.full_clean()
    objective.save()
    audit.record_create(
        actor=actor, obj=objective, fields=["priority", "text"], alliance_id=alliance.pk
    )
    retier(actor=actor, alliances=Alliance.objects.filter(pk=alliance.pk))
    return objective


@transaction.atomic
def objective_remove(*, actor, objective: AllianceObjective) -> None:
    objective = lock(AllianceObjective, objective.pk)
    alliance_id = objective.alliance_id
    audit.record_delete(
        actor=actor, obj=objective, fields=["priority", "text"], alliance_id=alliance_id
    )
    objective.delete()
    retier(actor=actor, alliances=Alliance.objects.filter(pk=alliance_id))
