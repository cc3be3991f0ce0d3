from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import Entry, alliance_scope, create_entry, update_entry
from accord.core.versioning import lock
from accord.portfolio.models import Alliance

from ..models import RACI_FIELDS, RaciEntry, RoleGroup, RoleHolder
from ..standard import STANDARD_RACI

RACI_ENTRY_FIELDS = ["order", "activity", *RACI_FIELDS, "in_am_scope", "note"]


def _check_raci(entry: RaciEntry, relations: dict) -> None:
    entry.activity = (entry.activity or "").strip()
    entry.full_clean()


RACI_ENTRY = Entry(RaciEntry, RACI_ENTRY_FIELDS, check=_check_raci, scope=alliance_scope)


@transaction.atomic
def raci_entry_create(*, actor, alliance: Alliance, data: dict) -> RaciEntry:
    return create_entry(RACI_ENTRY, RaciEntry(alliance=alliance), actor=actor, data=data)


@transaction.atomic
def raci_entry_update(*, actor, entry: RaciEntry, data: dict, expected_version=None, reason=""):
    return update_entry(
        RACI_ENTRY, entry, actor=actor, data=data, expected_version=expected_version, reason=reason
    )


@transaction.atomic
def raci_entry_delete(*, actor, entry: RaciEntry, reason: str = "") -> None:
    entry = lock(RaciEntry, entry.pk)
    audit.record_delete(
        actor=actor,
        obj=entry,
        fields=RACI_ENTRY_FIELDS,
        reason=reason,
        alliance_id=entry.alliance_id,
    )
    entry.delete()


@transaction.atomic
def raci_adopt_standard(*, actor, alliance: Alliance) -> list[RaciEntry]:
    """Start an alliance's RACI from the standard one; activities it already has are kept."""
    have = {a.lower() for a in alliance.raci.values_list("activity", flat=True)}
    created = []
    for order, row in enumerate(STANDARD_RACI, start=1):
        if row["activity"].lower() in have:
            continue
        created.append(
            raci_entry_create(actor=actor, alliance=alliance, data={"order": order * 10, **row})
        )
    return created


def _validate_holder(alliance: Alliance, group: str, user) -> None:
    if group not in RoleGroup.values:
        raise ValidationError({"group": _("Unknown party %(group)s.") % {"group": repr(group)}})
    if not user.is_active:
        raise ValidationError({"user": _("%(user)s has no active account.") % {"user": user}})
    if group == RoleGroup.PARTNER:
        if not user.is_partner or not alliance.partners.filter(pk=user.company_id).exists():
            raise ValidationError(
                {
                    "user": _("%(user)s does not work for a partner in this alliance.")
                    % {"user": user}
                }
            )
    elif not user.is_internal:
        raise ValidationError(
            {"user": _("%(user)s is a partner user: choose one of our staff.") % {"user": user}}
        )
    if RoleHolder.objects.filter(alliance=alliance, group=group, user=user).exists():
        raise ValidationError(
            {
                "user": _("%(user)s already fills this role on %(alliance)s.")
                % {"user": user, "alliance": alliance}
            }
        )


@transaction.atomic
def role_holder_add(*, actor, alliance: Alliance, group: str, user, title: str = "") -> RoleHolder:
    _validate_holder(alliance, group, user)
    holder = RoleHolder(alliance=alliance, group=group, user=user, title=(title or "").strip())
    holder.full_clean()
    holder.save()
    audit.record_create(
        actor=actor, obj=holder, fields=["group", "user", "title"], alliance_id=alliance.pk
    )
    return holder


@transaction.atomic
def role_holder_remove(*, actor, holder: RoleHolder, reason: str = "") -> None:
    holder = lock(RoleHolder, holder.pk)
    audit.record_delete(
        actor=actor,
        obj=holder,
        fields=["group", "user", "title"],
        reason=reason,
        alliance_id=holder.alliance_id,
    )
    holder.delete()
