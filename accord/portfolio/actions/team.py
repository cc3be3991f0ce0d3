"""Who is on an alliance's team, and in which role."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.versioning import lock
from accord.people.models import ASSIGNABLE_ROLES

from ..models import (
    RESPONSIBLE_ROLES,
    Alliance,
    AllianceMember,
    MemberRole,
)

MEMBER_FIELDS = ["user", "role", "allocation_pct", "since"]


def _validate_member(alliance: Alliance, user, role: str) -> None:
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role %(role)r.") % {"role": role}})
    if not user.is_active:
        raise ValidationError({"user": _("%(person)s has no active account.") % {"person": user}})
    if user.is_partner:
        if not alliance.partners.filter(pk=user.company_id).exists():
            raise ValidationError(
                {
                    "user": _(
                        "%(person)s works for %(company)s, which is not a partner in this alliance."
                    )
                    % {"person": user, "company": user.company}
                }
            )
        if role in RESPONSIBLE_ROLES:
            raise ValidationError(
                {
                    "role": _(
                        "Our alliance manager or designated person must be one of our own staff; "
                        "add the partner's alliance manager as a team member."
                    )
                }
            )
    elif role in RESPONSIBLE_ROLES and user.role not in ASSIGNABLE_ROLES:
        raise ValidationError(
            {
                "user": _("%(person)s is a %(role)s and cannot run an alliance.")
                % {"person": user, "role": user.get_role_display().lower()}
            }
        )
    if AllianceMember.objects.filter(alliance=alliance, user=user, role=role).exists():
        raise ValidationError(
            {
                "user": _("%(person)s already has this role on %(alliance)s.")
                % {"person": user, "alliance": alliance}
            }
        )


@transaction.atomic
def member_add(
    *, actor, alliance: Alliance, user, role: str, allocation_pct: int = 100, reason: str = ""
) -> AllianceMember:
    _validate_member(alliance, user, role)
    member = AllianceMember(alliance=alliance, user=user, role=role, allocation_pct=allocation_pct)
    member.full_clean()
    member.save()
    audit.record_create(
        actor=actor, obj=member, fields=MEMBER_FIELDS, reason=reason, alliance_id=alliance.pk
    )
    return member


@transaction.atomic
def member_update(
    *, actor, member: AllianceMember, allocation_pct: int, reason: str = ""
) -> AllianceMember:
    member = lock(AllianceMember, member.pk)
    before = audit.snapshot(member, MEMBER_FIELDS)
    member.allocation_pct = allocation_pct
    member.full_clean()
    member.save()
    audit.record_update(
        actor=actor, obj=member, before=before, reason=reason, alliance_id=member.alliance_id
    )
    return member


@transaction.atomic
def member_remove(*, actor, member: AllianceMember, reason: str = "") -> None:
    member = lock(AllianceMember, member.pk)
    audit.record_delete(
        actor=actor, obj=member, fields=MEMBER_FIELDS, reason=reason, alliance_id=member.alliance_id
    )
    member.delete()
