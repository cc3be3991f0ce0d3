"""Who may see and do what in an alliance's governance.

Seeing: internal staff see the governance of every alliance they see; a partner user sees the
shared (not internal) governance of the alliances whose committees they sit on; nobody sees
anything linked to a firewalled program they are not cleared for. Every object is fetched
through a `get_<thing>_for_user` helper: out of scope is a 404, in scope but not allowed a 403.

Doing, "as their role allows":
- managing (bodies, charters, membership, meetings, minutes, decisions, issues, risks,
  communications) is for the people who may edit the alliance: leaders, admins, and the alliance
  manager or designated person who runs it;
- contributing (raising an issue or a decision, adding an action item or an agenda item) is also
  open to anyone who currently holds a voting or secretary seat on one of the alliance's bodies,
  from either company;
- an action item's owner updates its status; a co-chair approves the minutes of their body's
  meetings; a listed reviewer records the outcome of a communication's review.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accord.core.visibility import read_once
from accord.portfolio.access import can_edit_alliance, get_alliance_for_user
from accord.portfolio.models import Alliance

from .models import (
    ActionItem,
    Committee,
    CommitteeMember,
    CommitteeRole,
    Communication,
    Decision,
    Issue,
    Meeting,
    Risk,
    partner_governance_alliances,
)

CONTRIBUTING_ROLES = (CommitteeRole.CO_CHAIR, CommitteeRole.MEMBER, CommitteeRole.SECRETARY)


def governance_alliances(user):
    """The alliances whose governance this person sees."""
    alliances = Alliance.objects.visible_to(user)
    if user.is_authenticated and not user.is_internal:
        alliances = alliances.filter(pk__in=partner_governance_alliances(user))
    return alliances


def sees_governance(user, alliance) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_internal:
        return True
    return read_once(
        ("sees-governance", user.pk, alliance.pk),
        governance_alliances(user).filter(pk=alliance.pk).exists,
    )


def can_manage(user, alliance) -> bool:
    return user.is_active and can_edit_alliance(user, alliance)


def sits_on_a_body(user, alliance, roles=CONTRIBUTING_ROLES) -> bool:
    return (
        CommitteeMember.objects.current()
        .filter(user=user, committee__alliance=alliance, role__in=roles)
        .exists()
    )


def can_contribute(user, alliance) -> bool:
    if not user.is_active or not sees_governance(user, alliance):
        return False
    return can_manage(user, alliance) or sits_on_a_body(user, alliance)


def can_update_action(user, action: ActionItem) -> bool:
    return action.owner_id == user.pk or can_manage(user, action.alliance)


def is_co_chair(user, committee: Committee, on=None) -> bool:
    return (
        CommitteeMember.objects.current(on)
        .co_chairs()
        .filter(user=user, committee=committee)
        .exists()
    )


def can_review_communication(user, communication: Communication) -> bool:
    return (
        can_manage(user, communication.alliance)
        or communication.reviewers.filter(pk=user.pk).exists()
    )


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def get_alliance_governance_for_user(user, pk, *, write: bool = False) -> Alliance:
    """The alliance itself, for governance pages (404 outside the person's alliances)."""
    alliance = get_alliance_for_user(user, pk)
    if write:
        _deny_unless(
            can_manage(user, alliance),
            _("You can view this alliance's governance but not run it."),
        )
    return alliance


# Refusing a change to something the person only sees, by kind (whole sentences).
VIEW_ONLY = {
    "body": _("You can view this body but not change it."),
    "meeting": _("You can view this meeting but not change it."),
    "decision": _("You can view this decision but not change it."),
    "action item": _("You can view this action item but not change it."),
    "issue": _("You can view this issue but not change it."),
    "risk": _("You can view this risk but not change it."),
    "communication": _("You can view this communication but not change it."),
}


def _get(queryset, user, pk, write: bool, what: str):
    obj = get_object_or_404(queryset.visible_to(user).select_related("alliance"), pk=pk)
    if write:
        _deny_unless(can_manage(user, obj.alliance), str(VIEW_ONLY[what]))
    return obj


def get_committee_for_user(user, pk, *, write: bool = False) -> Committee:
    return _get(
        Committee.objects.select_related("parent", "escalates_to", "program"),
        user,
        pk,
        write,
        "body",
    )


def get_meeting_for_user(user, pk, *, write: bool = False) -> Meeting:
    return _get(Meeting.objects.select_related("committee"), user, pk, write, "meeting")


def get_decision_for_user(user, pk, *, write: bool = False) -> Decision:
    return _get(
        Decision.objects.select_related(
            "committee", "decided_by", "meeting", "program", "raised_by"
        ),
        user,
        pk,
        write,
        "decision",
    )


def get_action_for_user(user, pk, *, write: bool = False) -> ActionItem:
    return _get(
        ActionItem.objects.select_related("owner", "committee", "meeting", "program"),
        user,
        pk,
        write,
        "action item",
    )


def get_issue_for_user(user, pk, *, write: bool = False) -> Issue:
    return _get(
        Issue.objects.select_related(
            "level", "level__escalates_to", "program", "raised_by", "owner"
        ),
        user,
        pk,
        write,
        "issue",
    )


def get_risk_for_user(user, pk, *, write: bool = False) -> Risk:
    return _get(Risk.objects.select_related("owner", "program"), user, pk, write, "risk")


def get_communication_for_user(user, pk, *, write: bool = False) -> Communication:
    return _get(
        Communication.objects.select_related("proposed_by", "program"),
        user,
        pk,
        write,
        "communication",
    )
