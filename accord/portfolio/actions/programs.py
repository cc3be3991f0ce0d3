"""Programs, their firewall and its signed clearance."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.actions import (
    Entry,
    assign,
    delete_entry,
    open_update,
    save_create,
    save_update,
    split,
)
from accord.core.versioning import check_version, lock
from accord.people import signatures

from ..models import (
    Alliance,
    Program,
)
from .retier import retier

PROGRAM_FIELDS = [
    "name",
    "compound",
    "target",
    "indication",
    "modality",
    "phase",
    "therapeutic_area",
    "is_firewalled",
    "firewall_members",
]
PROGRAM_M2M = {"firewall_members"}


def _scope(program: Program) -> dict:
    return {"alliance_id": program.alliance_id, "program_id": program.pk}


PROGRAM = Entry(Program, PROGRAM_FIELDS, m2m=PROGRAM_M2M, scope=_scope, noun="a program")


def _validate_firewall(program: Program, members: list) -> None:
    if not program.is_firewalled:
        return
    if not members:
        raise ValidationError(
            {
                "firewall_members": _(
                    "A firewalled program needs at least one person cleared for it."
                )
            }
        )
    outsiders = [
        str(user)
        for user in members
        if user.is_partner and not program.alliance.members.filter(user=user).exists()
    ]
    if outsiders:
        raise ValidationError(
            {
                "firewall_members": _(
                    "%(person)s is not on this alliance's team and cannot be cleared."
                )
                % {"person": outsiders[0]}
            }
        )


def unique_name_among_visible(program: Program, actor) -> None:
    """A name clash is refused only with a program the actor can see: a firewalled program the
    actor is not cleared for does not exist for them, not even as "that name is taken"."""
    if not program.alliance_id or not program.name:
        return
    programs = Program.objects.all() if actor is None else Program.objects.visible_to(actor)
    clash = programs.filter(alliance_id=program.alliance_id, name__iexact=program.name)
    if clash.exclude(pk=program.pk).exists():
        raise ValidationError(
            {
                "name": _("This alliance already has a program named “%(name)s”.")
                % {"name": program.name}
            }
        )


@transaction.atomic
def program_create(*, actor, alliance: Alliance, data: dict) -> Program:
    scalars, relations = split(data, PROGRAM_M2M)
    program = Program(alliance=alliance)
    assign(program, scalars, PROGRAM_FIELDS)
    members = relations.get("firewall_members", [])
    if program.is_firewalled and actor is not None and actor not in members:
        members.append(actor)  # whoever creates a firewalled program must keep seeing it
    _validate_firewall(program, members)
    unique_name_among_visible(program, actor)
    program.full_clean()
    save_create(PROGRAM, program, actor=actor, relations={"firewall_members": members})
    retier(actor=actor, alliances=Alliance.objects.filter(pk=alliance.pk))
    return program


CLEARANCE = "firewall clearance"
CLEARANCE_FIELDS = {"is_firewalled", "firewall_members"}


def clearance_content(program: Program) -> dict:
    """What Legal signs when it reviews or approves who is cleared for a firewalled program."""
    return {
        "program": program.pk,
        "program_name": program.name,
        "alliance": program.alliance.name,
        "firewalled": program.is_firewalled,
        "cleared": sorted(
            f"{user.get_full_name() or user.email} <{user.email}>"
            for user in program.firewall_members.all()
        ),
    }


def _clearance_changes(program: Program, scalars: dict, relations: dict) -> bool:
    if "is_firewalled" in scalars and bool(scalars["is_firewalled"]) != program.is_firewalled:
        return True
    if "firewall_members" in relations:
        wanted = {user.pk for user in relations["firewall_members"]}
        return wanted != set(program.firewall_members.values_list("pk", flat=True))
    return False


@transaction.atomic
def program_update(
    *, actor, program: Program, data: dict, expected_version=None, reason="", _amending=False
) -> Program:
    program, before = open_update(PROGRAM, program, expected_version)
    scalars, relations = split(data, PROGRAM_M2M)
    if not _amending and _clearance_changes(program, scalars, relations):
        signatures.require_unsigned(program, CLEARANCE, field="firewall_members")
    assign(program, scalars, PROGRAM_FIELDS)
    members = relations.get("firewall_members", list(program.firewall_members.all()))
    _validate_firewall(program, members)
    unique_name_among_visible(program, actor)
    program.full_clean()
    relations = {"firewall_members": members}
    return save_update(PROGRAM, program, before, actor=actor, reason=reason, relations=relations)


def program_sign_clearance(
    *,
    actor,
    program: Program,
    meaning: str,
    password: str,
    otp_code: str = "",
    sso_reauthenticated_at: float | None = None,
):
    """Sign who is cleared for a firewalled program (reviewed / approved), re-authenticating.

    Not one transaction: a failed re-authentication stays counted by the login throttle.
    """
    if not program.is_firewalled:
        raise ValidationError({"meaning": _("Only a firewalled program has a clearance to sign.")})
    signatures.reauthenticate(
        actor, password=password, otp_code=otp_code, sso_reauthenticated_at=sso_reauthenticated_at
    )
    with transaction.atomic():
        program = lock(Program, program.pk)
        if not program.is_firewalled:
            raise ValidationError(
                {"meaning": _("Only a firewalled program has a clearance to sign.")}
            )
        return signatures.record_signature(
            actor=actor,
            obj=program,
            subject=CLEARANCE,
            content=clearance_content(program),
            meaning=meaning,
            alliance_id=program.alliance_id,
            program_id=program.pk,
        )


@transaction.atomic
def program_amend_clearance(
    *,
    actor,
    program: Program,
    is_firewalled: bool,
    firewall_members: list,
    reason: str,
    expected_version=None,
) -> Program:
    """Change a signed clearance: the signatures are superseded, the change audited with the
    reason, and the new clearance awaits signing again."""
    program = lock(Program, program.pk)
    check_version(program, expected_version)
    signatures.amend(
        actor=actor,
        obj=program,
        subject=CLEARANCE,
        reason=reason,
        alliance_id=program.alliance_id,
        program_id=program.pk,
    )
    return program_update(
        actor=actor,
        program=program,
        data={"is_firewalled": is_firewalled, "firewall_members": firewall_members},
        reason=f"Amendment: {reason.strip()}",
        _amending=True,
    )


@transaction.atomic
def program_delete(*, actor, program: Program, reason: str) -> None:
    program = delete_entry(PROGRAM, program, actor=actor, reason=reason)
    retier(actor=actor, alliances=Alliance.objects.filter(pk=program.alliance_id))
