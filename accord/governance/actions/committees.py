"""Writes to governance bodies, their charters and who sits on them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import audit
from accord.core.actions import (
    Entry,
    assign,
    open_update,
    program_scope,
    require_reason,
    save_update,
)
from accord.core.versioning import lock
from accord.portfolio.models import AllianceMember, Company

from ..hooks import sync_cadence_obligation
from ..models import (
    Area,
    Committee,
    CommitteeMember,
    CommitteeRole,
    FinalSay,
    GovernanceSettings,
)
from ..models.common import today
from .common import check_program, party_ids

# What a body's charter says of it, and where its matters go when it does not decide them.
CHARTER_FIELDS = [
    "parent",
    "program",
    "purpose",
    "established_on",
    "dissolved_on",
    "charter_reference",
    "min_members_per_party",
    "max_members_per_party",
    "quorum_per_party",
    "meetings_per_year",
    "decides",
]
ESCALATION_FIELDS = ["escalates_to", "escalation_days"]
COMMITTEE_FIELDS = ["kind", "name", *CHARTER_FIELDS, *ESCALATION_FIELDS]
CADENCE_FIELDS = (
    "meetings_per_year",
    "established_on",
    "dissolved_on",
    "charter_reference",
    "name",
)
MEMBER_FIELDS = ["committee", "user", "role", "start_date", "end_date", "end_reason"]
SETTINGS_FIELDS = ["disclosure_review_business_days", "business_calendar"]
COMMITTEE = Entry(Committee, COMMITTEE_FIELDS, scope=program_scope)


def _final_say_text(committee) -> str:
    return "; ".join(
        f"{rule.get_area_display()}: {rule.company}"
        for rule in committee.final_say.select_related("company").order_by("area")
    )


# A body reporting or escalating to itself, by field (whole sentences, for the translators).
CHAIN_REFUSALS = {
    "parent": gettext_lazy("%(chain)s: a body cannot report to itself."),
    "escalates_to": gettext_lazy("%(chain)s: a body cannot escalate to itself."),
}


def _check_chains(committee: Committee) -> None:
    """No body may report to, or escalate to, itself through a loop."""
    for field in ("parent", "escalates_to"):
        chain, seen, node = [committee.name], {committee.pk}, getattr(committee, field)
        while node is not None:
            chain.append(node.name)
            if node.pk in seen:
                raise ValidationError({field: CHAIN_REFUSALS[field] % {"chain": " → ".join(chain)}})
            seen.add(node.pk)
            node = getattr(node, field)


def _set_final_say(committee: Committee, final_say: dict | None) -> None:
    """`final_say` maps a matter to the company with the final say (None: nobody, escalate)."""
    if final_say is None:
        return
    allowed = party_ids(committee.alliance)
    rules = []
    for area, company in final_say.items():
        if area not in Area.values:
            raise ValidationError({"final_say": _("Unknown matter “%(area)s”.") % {"area": area}})
        if company is None:
            continue
        if isinstance(company, int):
            company = Company.objects.filter(pk=company).first()
        if company is None or company.pk not in allowed:
            raise ValidationError(
                {
                    "final_say": _(
                        "The final say on %(label)s must go to a party to this alliance."
                    )
                    % {"label": Area(area).label.lower()}
                }
            )
        rules.append(FinalSay(committee=committee, area=area, company=company))
    committee.final_say.all().delete()
    FinalSay.objects.bulk_create(rules)


def _clean_decides(data: dict) -> None:
    """Matters in a stable order, without repeats (unknown codes are left for full_clean)."""
    if "decides" in data:
        codes = list(data["decides"] or [])
        if all(code in Area.values for code in codes):
            codes = [code for code in Area.values if code in codes]
        data["decides"] = codes


@transaction.atomic
def committee_create(*, actor, alliance, data: dict, final_say: dict | None = None) -> Committee:
    data = dict(data)
    _clean_decides(data)
    committee = Committee(alliance=alliance)
    assign(committee, data, COMMITTEE_FIELDS)
    committee.program = check_program(alliance, committee.program)
    if committee.escalates_to is None and committee.parent is not None:
        # Unless the charter says otherwise, issues go up to the body this one reports to.
        committee.escalates_to = committee.parent
    committee.full_clean()
    committee.save()
    _check_chains(committee)
    _set_final_say(committee, final_say)
    audit.record_create(
        actor=actor, obj=committee, fields=COMMITTEE_FIELDS, **program_scope(committee)
    )
    if final_say:
        audit.record(
            actor=actor,
            obj=committee,
            action="update",
            changes={"final_say": ("", _final_say_text(committee))},
            alliance_id=alliance.pk,
            program_id=committee.program_id,
        )
    if committee.meetings_per_year:
        sync_cadence_obligation(actor=actor, committee=committee)
    return committee


@transaction.atomic
def committee_update(
    *,
    actor,
    committee: Committee,
    data: dict,
    final_say: dict | None = None,
    expected_version=None,
    reason="",
) -> Committee:
    committee, before = open_update(COMMITTEE, committee, expected_version)
    data = dict(data)
    _clean_decides(data)
    rules_before = _final_say_text(committee)
    cadence_before = [getattr(committee, name) for name in CADENCE_FIELDS]
    assign(committee, data, COMMITTEE_FIELDS)
    committee.program = check_program(committee.alliance, committee.program)
    committee.full_clean()
    _check_chains(committee)
    save_update(COMMITTEE, committee, before, actor=actor, reason=reason)
    _set_final_say(committee, final_say)
    rules_after = _final_say_text(committee)
    if rules_after != rules_before:
        audit.record(
            actor=actor,
            obj=committee,
            action="update",
            changes={"final_say": (rules_before, rules_after)},
            reason=reason,
            **program_scope(committee),
        )
    if [getattr(committee, name) for name in CADENCE_FIELDS] != cadence_before:
        sync_cadence_obligation(actor=actor, committee=committee)
    return committee


# --- Membership -----------------------------------------------------------------------------


def _check_seat(committee: Committee, user, role: str, start: dt.date, *, ignore=None) -> None:
    if role not in CommitteeRole.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    if not user.is_active:
        raise ValidationError({"user": _("%(user)s has no active account.") % {"user": user}})
    alliance = committee.alliance
    if user.company_id not in party_ids(alliance):
        raise ValidationError(
            {
                "user": _("%(user)s works for %(company)s, which is not a party to this alliance.")
                % {"user": user, "company": user.company}
            }
        )
    if user.is_partner and not AllianceMember.objects.filter(alliance=alliance, user=user).exists():
        raise ValidationError(
            {
                "user": _("%(user)s is not on this alliance's team: add them to the team first.")
                % {"user": user}
            }
        )
    seats = CommitteeMember.objects.current(start).filter(committee=committee)
    if ignore is not None:
        seats = seats.exclude(pk=ignore.pk)
    if seats.filter(user=user).exists():
        raise ValidationError(
            {
                "user": _("%(user)s already sits on %(committee)s.")
                % {"user": user, "committee": committee}
            }
        )
    if role == CommitteeRole.CO_CHAIR:
        other = (
            seats.co_chairs()
            .filter(user__company_id=user.company_id)
            .select_related("user")
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "role": _("%(company)s already has a co-chair (%(user)s): end that seat first.")
                    % {"company": user.company, "user": other.user}
                }
            )


@transaction.atomic
def committee_member_add(
    *,
    actor,
    committee: Committee,
    user,
    role: str,
    start_date: dt.date | None = None,
    reason: str = "",
) -> CommitteeMember:
    committee = lock(Committee, committee.pk)
    start_date = start_date or today()
    _check_seat(committee, user, role, start_date)
    seat = CommitteeMember(committee=committee, user=user, role=role, start_date=start_date)
    seat.full_clean()
    seat.save()
    audit.record_create(
        actor=actor, obj=seat, fields=MEMBER_FIELDS, reason=reason, **program_scope(committee)
    )
    return seat


@transaction.atomic
def committee_member_end(
    *, actor, seat: CommitteeMember, end_date: dt.date | None = None, reason: str = ""
) -> CommitteeMember:
    seat = lock(CommitteeMember, seat.pk)
    if seat.end_date is not None:
        raise ValidationError(
            {
                "end_date": _("%(user)s already left on %(end_date)s.")
                % {"user": seat.user, "end_date": seat.end_date}
            }
        )
    end_date = end_date or today()
    if end_date < seat.start_date:
        raise ValidationError({"end_date": _("A seat cannot end before it started.")})
    before = audit.snapshot(seat, MEMBER_FIELDS)
    seat.end_date = end_date
    seat.end_reason = (reason or "").strip()[:300]
    seat.full_clean()
    seat.save()
    audit.record_update(
        actor=actor, obj=seat, before=before, reason=reason, **program_scope(seat.committee)
    )
    return seat


@transaction.atomic
def committee_member_change_role(
    *, actor, seat: CommitteeMember, role: str, on: dt.date | None = None, reason: str = ""
) -> CommitteeMember:
    """A new role from `on`: the old seat ends that day and a new one starts, keeping the history."""
    seat = lock(CommitteeMember, seat.pk)
    on = on or today()
    if not seat.is_current(on):
        raise ValidationError(
            {
                "role": _("%(user)s does not sit on %(committee)s on %(on)s.")
                % {"user": seat.user, "committee": seat.committee, "on": on}
            }
        )
    if role == seat.role:
        raise ValidationError(
            {
                "role": _("%(user)s is already %(role)s.")
                % {"user": seat.user, "role": seat.get_role_display().lower()}
            }
        )
    _check_seat(seat.committee, seat.user, role, on, ignore=seat)
    scope = {"alliance_id": seat.committee.alliance_id, "program_id": seat.committee.program_id}
    if seat.start_date == on:
        before = audit.snapshot(seat, MEMBER_FIELDS)
        seat.role = role
        seat.full_clean()
        seat.save()
        audit.record_update(actor=actor, obj=seat, before=before, reason=reason, **scope)
        return seat
    committee_member_end(actor=actor, seat=seat, end_date=on, reason=reason or "Role changed")
    new = CommitteeMember(committee=seat.committee, user=seat.user, role=role, start_date=on)
    new.full_clean()
    new.save()
    audit.record_create(actor=actor, obj=new, fields=MEMBER_FIELDS, reason=reason, **scope)
    return new


# --- Alliance-wide settings -----------------------------------------------------------------


@transaction.atomic
def governance_settings_update(
    *, actor, alliance, data: dict, reason: str = ""
) -> GovernanceSettings:
    settings = GovernanceSettings.objects.select_for_update().filter(alliance=alliance).first()
    created = settings is None
    settings = settings or GovernanceSettings(alliance=alliance)
    before = audit.snapshot(settings, SETTINGS_FIELDS)
    assign(settings, data, SETTINGS_FIELDS)
    settings.full_clean()
    settings.save()
    if created:
        audit.record_create(
            actor=actor,
            obj=settings,
            fields=SETTINGS_FIELDS,
            reason=reason,
            alliance_id=alliance.pk,
        )
    else:
        audit.record_update(
            actor=actor, obj=settings, before=before, reason=reason, alliance_id=alliance.pk
        )
    return settings


__all__ = [
    "committee_create",
    "committee_member_add",
    "committee_member_change_role",
    "committee_member_end",
    "committee_update",
    "governance_settings_update",
    "require_reason",
]
