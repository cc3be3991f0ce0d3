"""Every alliance, program or company a user asks for is fetched through these helpers.

Out of scope is a 404 (the object does not exist for this user); in scope but read-only is a
403. Lists use the `visible_to(user)` QuerySet methods, which these helpers build on.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accord.core.visibility import read_once
from accord.people.models import Role

from .models import (
    RESPONSIBLE_ROLES,
    Alliance,
    AllianceDocument,
    AllianceMember,
    Company,
    Program,
)


def is_responsible_for(user, alliance: Alliance) -> bool:
    return read_once(
        ("responsible", user.pk, alliance.pk),
        AllianceMember.objects.filter(
            alliance=alliance,
            user=user,
            role__in=RESPONSIBLE_ROLES,
        ).exists,
    )


def alliance_programs(user, alliance: Alliance) -> list[Program]:
    """The alliance's programs this person sees, in their usual order, each with its alliance
    (this one) and therapeutic area; read once in a request that writes nothing (the overview
    lists them and its conflict panel checks them)."""

    def read():
        programs = list(
            Program.objects.visible_to(user)
            .filter(alliance=alliance)
            .select_related("therapeutic_area")
        )
        for program in programs:
            program.alliance = alliance
        return programs

    return read_once(("alliance-programs", user.pk, alliance.pk), read)


def can_edit_alliance(user, alliance: Alliance) -> bool:
    """Leaders and admins edit any alliance; managers and contributors the ones they run."""
    if not user.is_active:
        return False
    if user.can_manage_portfolio:
        return True
    if user.role in (Role.MANAGER, Role.CONTRIBUTOR):
        return is_responsible_for(user, alliance)
    return False


def can_override_status(user, alliance: Alliance) -> bool:
    """The red/amber/green status is internal; whoever may edit the alliance overrides it."""
    return user.is_authenticated and user.is_internal and can_edit_alliance(user, alliance)


def can_manage_team(user, alliance: Alliance) -> bool:
    return can_edit_alliance(user, alliance)


def can_assign_responsibility(user) -> bool:
    """Who runs an alliance (its manager or designated person) is the leader's call."""
    return user.can_manage_portfolio


def can_override_tier(user) -> bool:
    return user.can_manage_portfolio


def can_create_alliance(user) -> bool:
    return user.can_create_records


def can_edit_company(user) -> bool:
    return user.can_create_records


def can_edit_program(user, program: Program) -> bool:
    # Visibility of a firewalled program is checked before this is reached.
    return can_edit_alliance(user, program.alliance)


def can_sign_clearance(user, program: Program) -> bool:
    """Who signs a firewall clearance: our staff cleared for the program who run the alliance,
    lead the portfolio, or work in Legal."""
    if not (user.is_active and user.is_internal and program.is_firewalled):
        return False
    if "legal" in (user.function or "").lower():
        return True
    return can_edit_program(user, program)


def get_alliance_for_user(user, pk, *, write: bool = False) -> Alliance:
    alliance = get_object_or_404(Alliance.objects.visible_to(user), pk=pk)
    if write and not can_edit_alliance(user, alliance):
        raise PermissionDenied(_("You can view this alliance but not change it."))
    return alliance


def get_program_for_user(user, pk, *, write: bool = False) -> Program:
    program = get_object_or_404(
        Program.objects.visible_to(user).select_related("alliance", "therapeutic_area"),
        pk=pk,
    )
    if write and not can_edit_program(user, program):
        raise PermissionDenied(_("You can view this program but not change it."))
    return program


def get_company_for_user(user, pk, *, write: bool = False) -> Company:
    company = get_object_or_404(Company.objects.visible_to(user), pk=pk)
    if write and not can_edit_company(user):
        raise PermissionDenied(_("You can view this company but not change it."))
    return company


def get_member_for_user(user, alliance: Alliance, pk) -> AllianceMember:
    member = get_object_or_404(
        AllianceMember.objects.select_related("user"), alliance=alliance, pk=pk
    )
    if not can_manage_team(user, alliance):
        raise PermissionDenied(_("You cannot change this alliance's team."))
    if member.role in RESPONSIBLE_ROLES and not can_assign_responsibility(user):
        raise PermissionDenied(_("Only an alliance leader changes who runs an alliance."))
    return member


def can_upload_document(user, alliance: Alliance) -> bool:
    """Those who run the alliance, and anyone on its team (partner users included)."""
    if not user.is_active:
        return False
    return can_edit_alliance(user, alliance) or alliance.members.filter(user=user).exists()


def can_delete_document(user, document: AllianceDocument) -> bool:
    return user.is_active and (
        can_edit_alliance(user, document.alliance) or document.uploaded_by_id == user.pk
    )


def get_document_for_user(user, pk, *, alliance=None, write: bool = False) -> AllianceDocument:
    documents = AllianceDocument.objects.visible_to(user).select_related(
        "alliance", "program", "file", "uploaded_by"
    )
    if alliance is not None:
        documents = documents.filter(alliance=alliance)
    document = get_object_or_404(documents, pk=pk)
    if write and not can_delete_document(user, document):
        raise PermissionDenied(_("You can see this document but not remove it."))
    return document


def editable_alliance_ids(user, alliance_ids) -> set[int]:
    """Of these alliances, the ones `user` may edit: `can_edit_alliance` for many at once."""
    alliance_ids = set(alliance_ids)
    if not user.is_active or not alliance_ids:
        return set()
    if user.can_manage_portfolio:
        return alliance_ids
    if user.role not in (Role.MANAGER, Role.CONTRIBUTOR):
        return set()
    return set(
        AllianceMember.objects.filter(
            alliance_id__in=alliance_ids, user=user, role__in=RESPONSIBLE_ROLES
        ).values_list("alliance_id", flat=True)
    )


def may_manage_portfolio(user, record=None) -> bool:
    """Whether the user may delete an alliance or a partner company: leaders and admins."""
    return user.can_manage_portfolio
