"""Helpers every governance action shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from accord.core.actions import open_update
from accord.core.scoping import require_cleared
from accord.portfolio.models import AllianceMember, Company

from ..models import check_transition


def open_move(entry, obj, status: str, transitions, expected_version=None):
    """Re-read a record to move it to `status`: locked, its version checked, the move allowed
    by the model's transitions. Returns it and its audited values."""
    obj, before = open_update(entry, obj, expected_version)
    check_transition(obj, "status", status, transitions)
    return obj, before


def scope(obj) -> dict:
    """The audit scope of a governance record: its alliance and any firewalled program."""
    return {"alliance_id": obj.alliance_id, "program_id": obj.firewall_program_id}


def parties_of(alliance):
    """The companies that take part in the alliance's governance: ours and its partners."""
    return Company.objects.filter(
        Q(kind=Company.Kind.OWN) | Q(pk__in=alliance.partners.values("pk"))
    )


def party_ids(alliance) -> set[int]:
    return set(parties_of(alliance).values_list("pk", flat=True))


def check_person(alliance, user, *, field: str, internal_only: bool = False, program=None) -> None:
    """A person named on a record must be able to see it: our staff, or a partner user who is on
    the alliance's team and sits on one of its bodies; for a record about a firewalled
    program, someone cleared for it."""
    if user is None:
        return
    if not user.is_active:
        raise ValidationError({field: _("%(user)s has no active account.") % {"user": user}})
    require_cleared(program, user, field=field)
    if user.is_internal:
        return
    if internal_only:
        raise ValidationError(
            {
                field: _(
                    "%(user)s works for %(company)s: an internal-only record needs one of our people."
                )
                % {"user": user, "company": user.company}
            }
        )
    if user.company_id not in party_ids(alliance):
        raise ValidationError(
            {
                field: _("%(user)s works for %(company)s, which is not a party to this alliance.")
                % {"user": user, "company": user.company}
            }
        )
    if not AllianceMember.objects.filter(alliance=alliance, user=user).exists():
        raise ValidationError(
            {
                field: _("%(user)s is not on this alliance's team; add them to the team first.")
                % {"user": user}
            }
        )
    from ..models import CommitteeMember

    # On the team (checked above) and on one of its bodies: the alliance is among their
    # `partner_governance_alliances`.
    if (
        not CommitteeMember.objects.current()
        .filter(user=user, committee__alliance=alliance)
        .exists()
    ):
        raise ValidationError(
            {
                field: _(
                    "%(user)s does not sit on any of this alliance's bodies, so cannot see its governance."
                )
                % {"user": user}
            }
        )


def check_program(alliance, program, committee=None):
    """The program a record is about: the body's own program wins, and it must be this alliance's."""
    if committee is not None and committee.program_id:
        if program is not None and program.pk != committee.program_id:
            raise ValidationError(
                {
                    "program": _("%(committee)s works on %(program)s only.")
                    % {"committee": committee, "program": committee.program}
                }
            )
        return committee.program
    if program is not None and program.alliance_id != alliance.pk:
        raise ValidationError(
            {"program": _("%(program)s is a program of another alliance.") % {"program": program}}
        )
    return program


def check_committee(alliance, committee, field: str = "committee"):
    if committee is not None and committee.alliance_id != alliance.pk:
        raise ValidationError(
            {field: _("%(committee)s belongs to another alliance.") % {"committee": committee}}
        )
    return committee
