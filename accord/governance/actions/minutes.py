"""Writes to minutes: drafting, submitting, approval by each party's co-chair with an
electronic signature (re-authentication at signing), amendments after approval."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accord.core import audit
from accord.core.actions import Entry, open_update, require_reason, save_update
from accord.core.versioning import bump, lock
from accord.notifications.actions import notifications_resolve_for, subject_of
from accord.people import signatures

from .. import chat, reminders
from ..models import (
    DEFAULT_MEANING,
    CommitteeMember,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesAmendment,
    MinutesSignature,
    MinutesStatus,
)
from .common import parties_of
from .meetings import _meeting_scope, _require_status, _require_unlocked


def _minutes_scope(minutes: Minutes) -> dict:
    return _meeting_scope(minutes.meeting)


MINUTES_FIELDS = ["text", "status"]
MINUTES = Entry(Minutes, MINUTES_FIELDS, scope=_minutes_scope)
# Re-authentication is accord.people.signatures.reauthenticate (password or a fresh single sign-on,
# plus the authenticator code when enrolled; failures count against the account's sign-in
# throttle in the database). Its refusals are worded here for the approval page, by code...
APPROVAL_REFUSALS = {
    "wrong_password": gettext_lazy("That is not your password: the minutes were not approved."),
    "sso_required": gettext_lazy(
        "You sign in through single sign-on: sign in again at the identity provider to approve."
    ),
}
# ... and recorded in the audit trail as why the approval was refused.
REFUSAL_REASONS = {
    "throttled": "too many failed attempts",
    "wrong_password": "wrong password",
    "sso_required": "no fresh single sign-on",
    "otp_required": "no authenticator code",
    "otp_wrong": "wrong authenticator code",
}


# --- Minutes --------------------------------------------------------------------------------


def required_parties(meeting: Meeting):
    """The companies whose co-chair must approve: ours alone for an internal meeting."""
    companies = parties_of(meeting.alliance).order_by("kind", "name")
    return [c for c in companies if c.is_own] if meeting.is_internal else list(companies)


def _open_for_writing(minutes: Minutes, expected_version=None):
    """The minutes re-read for a change, while their meeting is still scheduled or held."""
    minutes, before = open_update(MINUTES, minutes, expected_version)
    _require_status(
        minutes.meeting,
        MeetingStatus.SCHEDULED,
        MeetingStatus.HELD,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot write minutes."),
    )
    return minutes, before


@transaction.atomic
def minutes_save(*, actor, minutes: Minutes, text: str, expected_version=None) -> Minutes:
    minutes, before = _open_for_writing(minutes, expected_version)
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(
            {
                "text": (
                    _("The minutes are %(status)s: return them to draft to change them.")
                    if minutes.status == MinutesStatus.SUBMITTED
                    else _("The minutes are %(status)s: change them through an amendment.")
                )
                % {"status": minutes.get_status_display().lower()}
            }
        )
    minutes.text = text or ""
    return save_update(MINUTES, minutes, before, actor=actor)


@transaction.atomic
def minutes_start(*, actor, minutes: Minutes) -> Minutes:
    """Start the minutes from the agenda: the draft lists each agenda item with the decisions
    taken and actions created under it. Only on empty draft minutes (nothing is overwritten)."""
    from ..minutes_draft import draft_text

    minutes, before = _open_for_writing(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError({"text": _("Only draft minutes can be started from the agenda.")})
    if minutes.text.strip():
        raise ValidationError(
            {"text": _("The minutes are already started: edit them instead of starting again.")}
        )
    minutes.text = draft_text(minutes.meeting)
    return save_update(MINUTES, minutes, before, actor=actor, reason="Drafted from the agenda")


@transaction.atomic
def minutes_submit(*, actor, minutes: Minutes, now: dt.datetime | None = None) -> Minutes:
    """Send draft minutes to the co-chairs for approval."""
    minutes, before = open_update(MINUTES, minutes)
    meeting = minutes.meeting
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(
            {
                "status": _("Only draft minutes can be submitted; these are %(status)s.")
                % {"status": minutes.get_status_display().lower()}
            }
        )
    _require_status(
        meeting,
        MeetingStatus.HELD,
        refusal=gettext_lazy(
            "This meeting is %(status)s: you cannot submit its minutes before it is held."
        ),
    )
    if not minutes.text.strip():
        raise ValidationError({"text": _("Write the minutes before submitting them.")})
    now = now or timezone.now()
    chairs = set(
        CommitteeMember.objects.current(timezone.localdate(now))
        .co_chairs()
        .filter(committee=meeting.committee)
        .values_list("user__company_id", flat=True)
    )
    missing = [company.name for company in required_parties(meeting) if company.pk not in chairs]
    if missing:
        raise ValidationError(
            {
                "status": ngettext(
                    "%(parties)s has no co-chair on %(committee)s: name one before submitting "
                    "the minutes for approval.",
                    "%(parties)s have no co-chair on %(committee)s: name one before submitting "
                    "the minutes for approval.",
                    len(missing),
                )
                % {"parties": ", ".join(missing), "committee": meeting.committee}
            }
        )
    minutes.status = MinutesStatus.SUBMITTED
    minutes.submitted_at = now
    save_update(MINUTES, minutes, before, actor=actor)
    reminders.minutes_submitted(minutes)
    return minutes


@transaction.atomic
def minutes_return(*, actor, minutes: Minutes, reason: str) -> Minutes:
    """Send submitted minutes back to draft: any approvals given so far are withdrawn."""
    reason = require_reason(reason, "returning the minutes to draft")
    minutes = lock(Minutes, minutes.pk)
    if minutes.status != MinutesStatus.SUBMITTED:
        raise ValidationError(
            {"status": _("Only minutes awaiting approval can be returned to draft.")}
        )
    before = audit.snapshot(minutes, MINUTES_FIELDS)
    withdrawn = ", ".join(s.signer_label for s in minutes.signatures.all())
    minutes.signatures.all().delete()
    minutes.status = MinutesStatus.DRAFT
    minutes.submitted_at = None
    bump(minutes)
    minutes.save()
    # Nothing to approve any more: a new submission asks again.
    notifications_resolve_for(subject=subject_of(minutes))
    audit.record_update(
        actor=actor, obj=minutes, before=before, reason=reason, **_meeting_scope(minutes.meeting)
    )
    if withdrawn:
        audit.record(
            actor=actor,
            obj=minutes,
            action="approval_withdrawn",
            changes={"approved by": (withdrawn, "")},
            reason=reason,
            **_meeting_scope(minutes.meeting),
        )
    return minutes


def minutes_approve(
    *,
    actor,
    minutes: Minutes,
    password: str,
    otp_code: str = "",
    meaning: str = DEFAULT_MEANING,
    now: dt.datetime | None = None,
    sso_reauthenticated_at: float | None = None,
) -> MinutesSignature:
    """A co-chair approves minutes awaiting approval, re-authenticating as for any electronic
    signature (accord.people.signatures.reauthenticate): password, or a fresh sign-in at the
    identity provider, plus the authenticator code when they have enrolled one.

    A refused re-authentication is recorded in the audit trail (outside the approval's
    transaction, so the record survives the refusal, as does the failed attempt counted by the
    throttle) and nothing else changes.
    """
    try:
        method = signatures.reauthenticate(
            actor,
            password=password,
            otp_code=otp_code,
            sso_reauthenticated_at=sso_reauthenticated_at,
        )
    except ValidationError as error:
        code = signatures.refusal_code(error)
        with transaction.atomic():
            audit.record(
                actor=actor,
                obj=minutes,
                action="approval_refused",
                changes={"re-authentication": ("", REFUSAL_REASONS.get(code, "refused"))},
                **_meeting_scope(minutes.meeting),
            )
        if code in APPROVAL_REFUSALS:
            raise ValidationError(
                {"password": ValidationError(APPROVAL_REFUSALS[code], code=code)}
            ) from None
        raise
    return record_approval(actor=actor, minutes=minutes, meaning=meaning, now=now, method=method)


@transaction.atomic
def record_approval(
    *,
    actor,
    minutes: Minutes,
    meaning: str,
    now: dt.datetime | None = None,
    method: str = signatures.PASSWORD_METHOD,
) -> MinutesSignature:
    """Record a re-authenticated co-chair's approval; the last party's approval locks the minutes.

    Callers must have re-authenticated the actor (minutes_approve does); the demo seed calls this
    directly to write approvals given in the past. The approval is the minutes' own record, not
    an accord.core Signature: one per party, with the party and a free-text meaning, and
    withdrawn (deleted, and audited) when the minutes return to draft.
    """
    minutes = lock(Minutes, minutes.pk)
    meeting = minutes.meeting
    now = now or timezone.now()
    meaning = (meaning or DEFAULT_MEANING).strip()[:300]
    if minutes.status != MinutesStatus.SUBMITTED:
        raise ValidationError(
            {
                "status": _("Only minutes awaiting approval can be approved; these are %(status)s.")
                % {"status": minutes.get_status_display().lower()}
            }
        )
    seat = (
        CommitteeMember.objects.current(timezone.localdate(now))
        .co_chairs()
        .filter(committee=meeting.committee, user=actor)
        .first()
    )
    if seat is None:
        raise ValidationError(
            {
                "signer": _("Only a co-chair of %(committee)s approves its minutes.")
                % {"committee": meeting.committee}
            }
        )
    parties = required_parties(meeting)
    if actor.company_id not in {company.pk for company in parties}:
        raise ValidationError(
            {"signer": _("Only the co-chairs of the parties at this meeting approve it.")}
        )
    if minutes.signatures.filter(company_id=actor.company_id).exists():
        raise ValidationError(
            {
                "signer": _("%(company)s has already approved these minutes.")
                % {"company": actor.company}
            }
        )
    signature = MinutesSignature.objects.create(
        minutes=minutes,
        signer=actor,
        signer_label=audit.actor_label(actor),
        company_id=actor.company_id,
        meaning=meaning,
        signed_at=now.astimezone(dt.UTC),
        content_sha256=minutes.content_hash(),
        method=method,
    )
    before = audit.snapshot(minutes, MINUTES_FIELDS)
    audit.record(
        actor=actor,
        obj=minutes,
        action="approve",
        changes={"approved by": ("", f"{signature.signer_label} for {actor.company}: {meaning}")},
        **_meeting_scope(meeting),
    )
    signed = set(minutes.signatures.values_list("company_id", flat=True))
    # This party has approved: its co-chairs' "minutes to approve" is done, whoever signed.
    notifications_resolve_for(subject=subject_of(minutes), recipient_company_id=actor.company_id)
    if all(company.pk in signed for company in parties):
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = now
        bump(minutes)
        minutes.save()
        audit.record_update(actor=actor, obj=minutes, before=before, **_meeting_scope(meeting))
        notifications_resolve_for(subject=subject_of(minutes))
        chat.minutes_approved(minutes)
    return signature


@transaction.atomic
def minutes_amend(*, actor, minutes: Minutes, text: str, reason: str) -> MinutesAmendment:
    """Change approved minutes: recorded with its reason and the text it replaces."""
    reason = require_reason(reason, "amending approved minutes")
    minutes = lock(Minutes, minutes.pk)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(
            {"status": _("Only approved minutes are amended; edit the draft instead.")}
        )
    text = text or ""
    if text == minutes.text:
        raise ValidationError({"text": _("The amendment does not change the minutes.")})
    amendment = MinutesAmendment.objects.create(
        minutes=minutes,
        actor=actor,
        actor_label=audit.actor_label(actor),
        reason=reason,
        previous_text=minutes.text,
        new_text=text,
    )
    before = audit.snapshot(minutes, MINUTES_FIELDS)
    minutes.text = text
    save_update(MINUTES, minutes, before, actor=actor, reason=reason)
    return amendment


def require_minutes_open(meeting: Meeting) -> None:
    """Decisions and actions are recorded in a meeting only until its minutes are approved."""
    _require_unlocked(meeting)
