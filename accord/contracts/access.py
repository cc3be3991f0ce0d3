"""Every contract record a user asks for is fetched through these helpers.

Register entries are scoped like their alliance (and, when tied to one, their program's
firewall): out of scope is a 404, visible but not editable a 403. Editing the register is for
those who may edit the alliance (leaders, admins, the people who run it). Conflict checks and
the "may we…?" page are internal: they read across every alliance.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accord.people.models import Role
from accord.portfolio.access import can_edit_alliance

from .models import (
    Agreement,
    CalendarFeed,
    ContractEvent,
    DefinedTerm,
    Milestone,
    Obligation,
    Restriction,
    Right,
    sees_register,
)


def can_edit_register(user, alliance) -> bool:
    return can_edit_alliance(user, alliance)


def may_keep_registers(user) -> bool:
    """Whether the user edits any alliance's register at all: leaders, admins and the staff who
    run alliances. Executives and partner users never do, whatever they send."""
    if not (user.is_authenticated and sees_register(user)):
        return False
    return user.can_manage_portfolio or user.role in (Role.MANAGER, Role.CONTRIBUTOR)


def editable_alliance_ids(user, alliance_ids) -> set[int]:
    """Of these alliances, the ones whose register the user may change (one query at most)."""
    from accord.portfolio.models import RESPONSIBLE_ROLES, AllianceMember

    if not may_keep_registers(user):
        return set()
    if user.can_manage_portfolio:
        return set(alliance_ids)
    return set(
        AllianceMember.objects.filter(
            user=user, role__in=RESPONSIBLE_ROLES, alliance_id__in=list(alliance_ids)
        ).values_list("alliance_id", flat=True)
    )


def can_check_conflicts(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_internal


def _get(model, user, pk, write, related=()):
    obj = get_object_or_404(
        model.objects.visible_to(user).select_related("alliance", *related), pk=pk
    )
    if write and not can_edit_register(user, obj.alliance):
        raise PermissionDenied(_("You can view this alliance's contracts but not change them."))
    return obj


def get_agreement_for_user(user, pk, *, write: bool = False) -> Agreement:
    return _get(Agreement, user, pk, write, ("amends",))


def get_defined_term_for_user(user, pk, *, write: bool = False) -> DefinedTerm:
    return _get(DefinedTerm, user, pk, write, ("agreement",))


def get_obligation_for_user(user, pk, *, write: bool = False) -> Obligation:
    return _get(Obligation, user, pk, write, ("agreement", "program", "owner"))


def get_milestone_for_user(user, pk, *, write: bool = False) -> Milestone:
    return _get(Milestone, user, pk, write, ("agreement", "program", "payer", "payee"))


def get_right_for_user(user, pk, *, write: bool = False) -> Right:
    return _get(Right, user, pk, write, ("agreement", "program"))


def get_restriction_for_user(user, pk, *, write: bool = False) -> Restriction:
    return _get(Restriction, user, pk, write, ("agreement",))


def get_event_for_user(user, pk, *, write: bool = False) -> ContractEvent:
    return _get(ContractEvent, user, pk, write, ("agreement", "program"))


def get_feed_for_user(user, pk) -> CalendarFeed:
    return get_object_or_404(CalendarFeed.objects.filter(user=user), pk=pk)


def get_variance_for_user(user, pk, *, write: bool = False):
    """A variance: internal staff and the alliance's partner users read it (404 otherwise);
    changing it is for those who keep the register."""
    from .models import Variance

    variance = get_object_or_404(
        Variance.objects.visible_to(user).select_related(
            "alliance", "agreement", "obligation", "right", "restriction", "program", "amendment"
        ),
        pk=pk,
    )
    if write and not can_edit_register(user, variance.alliance):
        raise PermissionDenied(_("You can view this variance but not change it."))
    return variance


def get_glossary_term_for_user(user, pk, *, write: bool = False):
    """A glossary term: both sides of the alliance read it (404 otherwise); the people who run
    the alliance change it (403 for the other readers)."""
    from .actions.glossary import may_keep_glossary
    from .models import GlossaryTerm

    term = get_object_or_404(
        GlossaryTerm.objects.visible_to(user).select_related("alliance", "agreement"), pk=pk
    )
    if write and not may_keep_glossary(user, term.alliance):
        raise PermissionDenied(_("The glossary is kept by the people who run the alliance."))
    return term


def get_team_word_for_user(user, pk, *, write: bool = False):
    from .actions.glossary import may_keep_glossary
    from .models import GlossaryTerm, TeamWord

    word = get_object_or_404(
        TeamWord.objects.filter(term__in=GlossaryTerm.objects.visible_to(user)).select_related(
            "term__alliance", "company"
        ),
        pk=pk,
    )
    if write and not may_keep_glossary(user, word.term.alliance):
        raise PermissionDenied(_("The glossary is kept by the people who run the alliance."))
    return word
