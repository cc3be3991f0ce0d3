"""Writes to meetings: scheduling, attendance, the agenda, and minutes with their approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from accord.core import audit
from accord.core.versioning import bump, check_version, lock
from accord.people.models import User

from .. import reminders
from ..models import (
    OPEN_ACTION,
    PENDING_DECISION,
    UNRESOLVED_ISSUE,
    ActionItem,
    AgendaItem,
    AgendaKind,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Issue,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesAmendment,
    MinutesSignature,
    MinutesStatus,
)
from .common import assign, check_person, party_ids, require_reason

MEETING_FIELDS = [
    "committee",
    "title",
    "starts_at",
    "duration_minutes",
    "modality",
    "location",
    "status",
    "cancel_reason",
    "is_internal",
]
EDITABLE_MEETING_FIELDS = ["title", "starts_at", "duration_minutes", "modality", "location"]
AGENDA_FIELDS = ["position", "kind", "title", "notes", "presenter", "duration_minutes"]
MINUTES_FIELDS = ["text", "status"]
DEFAULT_MEANING = "Approved as a true and accurate record of the meeting"
# Re-authentication at approval: this many wrong passwords lock approvals for the window.
REAUTH_MAX_FAILURES = 5
REAUTH_WINDOW_SECONDS = 15 * 60


def _meeting_scope(meeting: Meeting) -> dict:
    return {"alliance_id": meeting.alliance_id, "program_id": meeting.committee.program_id}


def _invitees(committee: Committee, on: dt.date, internal: bool):
    seats = (
        CommitteeMember.objects.current(on)
        .filter(committee=committee, user__is_active=True)
        .select_related("user")
    )
    if internal:
        seats = [seat for seat in seats if seat.user.is_internal]
    return seats


def _require_status(meeting: Meeting, *allowed: str, doing: str) -> None:
    if meeting.status not in allowed:
        raise ValidationError(
            {
                "status": f"This meeting is {meeting.get_status_display().lower()}: you cannot {doing}."
            }
        )


# --- Scheduling -----------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(*, actor, committee: Committee, data: dict) -> Meeting:
    """Schedule a meeting of a body and invite its current members (our own only if internal)."""
    committee = lock(Committee, committee.pk)
    if committee.dissolved_on and committee.dissolved_on <= timezone.localdate():
        raise ValidationError(
            {"committee": f"{committee} was dissolved on {committee.dissolved_on}."}
        )
    data = dict(data)
    if not (data.get("title") or "").strip():
        data["title"] = f"{committee.name} meeting"
    meeting = Meeting(committee=committee, alliance_id=committee.alliance_id)
    assign(meeting, data, [*EDITABLE_MEETING_FIELDS, "is_internal"])
    meeting.full_clean()
    meeting.save()
    Minutes.objects.create(meeting=meeting)
    day = timezone.localtime(meeting.starts_at).date()
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting, user=seat.user, company_id=seat.user.company_id, role=seat.role
            )
            for seat in _invitees(committee, day, meeting.is_internal)
        ]
    )
    audit.record_create(actor=actor, obj=meeting, fields=MEETING_FIELDS, **_meeting_scope(meeting))
    return meeting


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, data: dict, expected_version=None, reason=""
) -> Meeting:
    meeting = lock(Meeting, meeting.pk)
    check_version(meeting, expected_version)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": "A cancelled meeting cannot be changed."})
    if (
        meeting.status == MeetingStatus.HELD
        and "starts_at" in data
        and data["starts_at"] != meeting.starts_at
    ):
        raise ValidationError({"starts_at": "The meeting has been held: its date is history."})
    before = audit.snapshot(meeting, MEETING_FIELDS)
    assign(meeting, data, EDITABLE_MEETING_FIELDS)
    meeting.full_clean()
    bump(meeting)
    meeting.save()
    audit.record_update(
        actor=actor, obj=meeting, before=before, reason=reason, **_meeting_scope(meeting)
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    reason = require_reason(reason, "cancelling the meeting")
    meeting = lock(Meeting, meeting.pk)
    _require_status(meeting, MeetingStatus.SCHEDULED, doing="cancel it")
    before = audit.snapshot(meeting, MEETING_FIELDS)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason[:300]
    bump(meeting)
    meeting.save()
    audit.record_update(
        actor=actor, obj=meeting, before=before, reason=reason, **_meeting_scope(meeting)
    )
    return meeting


def _set_attendance(meeting: Meeting, attended_ids: set[int]) -> list[Attendance]:
    rows = list(meeting.attendance.select_related("user"))
    invited = {row.user_id for row in rows}
    unknown = attended_ids - invited
    if unknown:
        raise ValidationError(
            {"attended": "Only invited people can be marked present; add them as guests first."}
        )
    for row in rows:
        row.attended = row.user_id in attended_ids
    Attendance.objects.bulk_update(rows, ["attended"])
    return rows


def _attendance_text(rows) -> str:
    return ", ".join(sorted(str(row.user) for row in rows if row.attended))


@transaction.atomic
def meeting_mark_held(
    *, actor, meeting: Meeting, attended: Iterable[int], now: dt.datetime | None = None
) -> Meeting:
    """The meeting took place: record who attended (user ids)."""
    meeting = lock(Meeting, meeting.pk)
    _require_status(meeting, MeetingStatus.SCHEDULED, doing="mark it held")
    now = now or timezone.now()
    if meeting.starts_at > now:
        raise ValidationError({"status": "A meeting cannot be marked held before it starts."})
    before = audit.snapshot(meeting, MEETING_FIELDS)
    rows = _set_attendance(meeting, set(attended))
    meeting.status = MeetingStatus.HELD
    bump(meeting)
    meeting.save()
    audit.record_update(actor=actor, obj=meeting, before=before, **_meeting_scope(meeting))
    audit.record(
        actor=actor,
        obj=meeting,
        action="attendance",
        changes={"attended": ("", _attendance_text(rows))},
        **_meeting_scope(meeting),
    )
    return meeting


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, attended: Iterable[int]) -> list[Attendance]:
    """Correct who attended a held meeting, until its minutes are approved."""
    meeting = lock(Meeting, meeting.pk)
    _require_status(meeting, MeetingStatus.HELD, doing="record attendance")
    _require_unlocked(meeting)
    before = _attendance_text(meeting.attendance.select_related("user"))
    rows = _set_attendance(meeting, set(attended))
    after = _attendance_text(rows)
    if after != before:
        audit.record(
            actor=actor,
            obj=meeting,
            action="attendance",
            changes={"attended": (before, after)},
            **_meeting_scope(meeting),
        )
    return rows


@transaction.atomic
def attendance_add_guest(*, actor, meeting: Meeting, user) -> Attendance:
    meeting = lock(Meeting, meeting.pk)
    _require_status(meeting, MeetingStatus.SCHEDULED, MeetingStatus.HELD, doing="invite people")
    _require_unlocked(meeting)
    check_person(meeting.alliance, user, field="user", internal_only=meeting.is_internal)
    if meeting.attendance.filter(user=user).exists():
        raise ValidationError({"user": f"{user} is already invited."})
    row = Attendance.objects.create(meeting=meeting, user=user, company_id=user.company_id, role="")
    audit.record(
        actor=actor,
        obj=meeting,
        action="invite",
        changes={"guest": ("", str(user))},
        **_meeting_scope(meeting),
    )
    return row


# --- Agenda ---------------------------------------------------------------------------------


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1


def _for_audience(queryset, meeting: Meeting):
    """What may go on this meeting's agenda: nothing internal on a joint meeting, nothing on a
    firewalled program unless the body itself works on that program."""
    committee = meeting.committee
    if not meeting.is_internal:
        queryset = queryset.filter(is_internal=False)
    if committee.program_id:
        return queryset.filter(Q(program__isnull=True) | Q(program_id=committee.program_id))
    return queryset.exclude(program__is_firewalled=True)


def _previous_meeting(meeting: Meeting):
    return (
        Meeting.objects.filter(
            committee=meeting.committee, status=MeetingStatus.HELD, starts_at__lt=meeting.starts_at
        )
        .select_related("minutes")
        .order_by("-starts_at")
        .first()
    )


@transaction.atomic
def agenda_build(*, actor, meeting: Meeting) -> list[AgendaItem]:
    """Carry over what the body still has to deal with; returns the items added.

    Adds, once each: approval of the previous meeting's minutes if still pending, the body's
    pending decisions, the issues at this body's level, and its open action items (for a top
    body, also action items of no particular body). Safe to run again.
    """
    meeting = lock(Meeting, meeting.pk)
    _require_status(meeting, MeetingStatus.SCHEDULED, doing="build its agenda")
    committee = meeting.committee
    existing = meeting.agenda_items.all()
    have = {
        "action": set(existing.exclude(action=None).values_list("action_id", flat=True)),
        "decision": set(existing.exclude(decision=None).values_list("decision_id", flat=True)),
        "issue": set(existing.exclude(issue=None).values_list("issue_id", flat=True)),
        "previous": set(
            existing.exclude(previous_meeting=None).values_list("previous_meeting_id", flat=True)
        ),
    }
    position = _next_position(meeting)
    new = []

    def add(**fields):
        nonlocal position
        new.append(AgendaItem(meeting=meeting, position=position, **fields))
        position += 1

    previous = _previous_meeting(meeting)
    if (
        previous is not None
        and previous.pk not in have["previous"]
        and previous.minutes.status != MinutesStatus.APPROVED
    ):
        add(
            kind=AgendaKind.PREVIOUS_MINUTES,
            title=f"Approve the minutes of {previous}",
            previous_meeting=previous,
        )
    decisions = _for_audience(
        Decision.objects.filter(committee=committee, status__in=PENDING_DECISION), meeting
    ).order_by("raised_on", "pk")
    for decision in decisions:
        if decision.pk not in have["decision"]:
            add(kind=AgendaKind.DECISION, title=f"Decision: {decision.title}", decision=decision)
    issues = _for_audience(
        Issue.objects.filter(level=committee, status__in=UNRESOLVED_ISSUE), meeting
    ).order_by("raised_on", "pk")
    for issue in issues:
        if issue.pk not in have["issue"]:
            label = "Escalated issue" if issue.status == "escalated" else "Issue"
            add(kind=AgendaKind.ISSUE, title=f"{label}: {issue.title}", issue=issue)
    body_actions = Q(committee=committee)
    if committee.parent_id is None:
        body_actions |= Q(committee__isnull=True, alliance_id=committee.alliance_id)
    actions = (
        _for_audience(ActionItem.objects.filter(body_actions, status__in=OPEN_ACTION), meeting)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    for action in actions:
        if action.pk not in have["action"]:
            add(
                kind=AgendaKind.ACTION,
                title=f"Action: {action.title} ({action.owner}, due {action.due_on:%Y-%m-%d})",
                action=action,
                presenter=action.owner,
            )
    AgendaItem.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor,
            obj=meeting,
            action="agenda",
            changes={"agenda": ("", f"{len(new)} item(s) carried over")},
            **_meeting_scope(meeting),
        )
    return new


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, data: dict) -> AgendaItem:
    meeting = lock(Meeting, meeting.pk)
    _require_status(meeting, MeetingStatus.SCHEDULED, doing="change its agenda")
    item = AgendaItem(meeting=meeting, position=_next_position(meeting), kind=AgendaKind.TOPIC)
    assign(item, data, ["title", "notes", "presenter", "duration_minutes"])
    item.title = (item.title or "").strip()
    if item.presenter is not None:
        check_person(
            meeting.alliance, item.presenter, field="presenter", internal_only=meeting.is_internal
        )
    item.full_clean()
    item.save()
    audit.record_create(actor=actor, obj=item, fields=AGENDA_FIELDS, **_meeting_scope(meeting))
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    item = lock(AgendaItem, item.pk)
    meeting = item.meeting
    _require_status(meeting, MeetingStatus.SCHEDULED, doing="change its agenda")
    audit.record_delete(actor=actor, obj=item, fields=AGENDA_FIELDS, **_meeting_scope(meeting))
    item.delete()


@transaction.atomic
def agenda_reorder(*, actor, meeting: Meeting, order: list[int]) -> list[AgendaItem]:
    """Put the agenda in the given order of item ids (every item exactly once)."""
    meeting = lock(Meeting, meeting.pk)
    _require_status(meeting, MeetingStatus.SCHEDULED, doing="change its agenda")
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if sorted(order) != sorted(items):
        raise ValidationError({"order": "Give every agenda item of this meeting exactly once."})
    before = " / ".join(item.title for item in sorted(items.values(), key=lambda i: i.position))
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    after = " / ".join(items[pk].title for pk in order)
    if after != before:
        audit.record(
            actor=actor,
            obj=meeting,
            action="agenda",
            changes={"agenda order": (before, after)},
            **_meeting_scope(meeting),
        )
    return [items[pk] for pk in order]


def agenda_item_move(*, actor, item: AgendaItem, step: int) -> list[AgendaItem]:
    """Move an item up (step -1) or down (+1)."""
    order = list(item.meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
    index = order.index(item.pk)
    target = min(max(index + step, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return agenda_reorder(actor=actor, meeting=item.meeting, order=order)


# --- Minutes --------------------------------------------------------------------------------


def _require_unlocked(meeting: Meeting) -> None:
    if meeting.minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(
            {"minutes": "The minutes are approved and locked: change them through an amendment."}
        )


def required_parties(meeting: Meeting):
    """The companies whose co-chair must approve: ours alone for an internal meeting."""
    from accord.portfolio.models import Company

    ids = party_ids(meeting.alliance)
    companies = Company.objects.filter(pk__in=ids).order_by("kind", "name")
    return [c for c in companies if c.is_own] if meeting.is_internal else list(companies)


@transaction.atomic
def minutes_save(*, actor, minutes: Minutes, text: str, expected_version=None) -> Minutes:
    minutes = lock(Minutes, minutes.pk)
    check_version(minutes, expected_version)
    meeting = minutes.meeting
    _require_status(meeting, MeetingStatus.SCHEDULED, MeetingStatus.HELD, doing="write minutes")
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(
            {
                "text": f"The minutes are {minutes.get_status_display().lower()}: "
                + (
                    "return them to draft to change them."
                    if minutes.status == MinutesStatus.SUBMITTED
                    else "change them through an amendment."
                )
            }
        )
    before = audit.snapshot(minutes, MINUTES_FIELDS)
    minutes.text = text or ""
    bump(minutes)
    minutes.save()
    audit.record_update(actor=actor, obj=minutes, before=before, **_meeting_scope(meeting))
    return minutes


@transaction.atomic
def minutes_submit(*, actor, minutes: Minutes, now: dt.datetime | None = None) -> Minutes:
    """Send draft minutes to the co-chairs for approval."""
    minutes = lock(Minutes, minutes.pk)
    meeting = minutes.meeting
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(
            {
                "status": f"Only draft minutes can be submitted; these are {minutes.get_status_display().lower()}."
            }
        )
    _require_status(meeting, MeetingStatus.HELD, doing="submit its minutes before it is held")
    if not minutes.text.strip():
        raise ValidationError({"text": "Write the minutes before submitting them."})
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
                "status": f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no co-chair on "
                f"{meeting.committee}: name one before submitting the minutes for approval."
            }
        )
    before = audit.snapshot(minutes, MINUTES_FIELDS)
    minutes.status = MinutesStatus.SUBMITTED
    minutes.submitted_at = now
    bump(minutes)
    minutes.save()
    audit.record_update(actor=actor, obj=minutes, before=before, **_meeting_scope(meeting))
    reminders.minutes_submitted(minutes)
    return minutes


@transaction.atomic
def minutes_return(*, actor, minutes: Minutes, reason: str) -> Minutes:
    """Send submitted minutes back to draft: any approvals given so far are withdrawn."""
    reason = require_reason(reason, "returning the minutes to draft")
    minutes = lock(Minutes, minutes.pk)
    if minutes.status != MinutesStatus.SUBMITTED:
        raise ValidationError(
            {"status": "Only minutes awaiting approval can be returned to draft."}
        )
    before = audit.snapshot(minutes, MINUTES_FIELDS)
    withdrawn = ", ".join(s.signer_label for s in minutes.signatures.all())
    minutes.signatures.all().delete()
    minutes.status = MinutesStatus.DRAFT
    minutes.submitted_at = None
    bump(minutes)
    minutes.save()
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


def _reauth_key(user) -> str:
    return f"governance:reauth-failures:{user.pk}"


def verify_reauthentication(*, actor, password: str) -> None:
    """The signer proves it is them by entering their password again (checked by its hasher)."""
    key = _reauth_key(actor)
    if (cache.get(key) or 0) >= REAUTH_MAX_FAILURES:
        raise ValidationError(
            {"password": "Too many wrong passwords: wait 15 minutes before approving again."}
        )
    fresh = User.objects.get(pk=actor.pk)
    if not password or not check_password(password, fresh.password):
        cache.add(key, 0, REAUTH_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, REAUTH_WINDOW_SECONDS)
        raise ValidationError(
            {"password": "That is not your password: the minutes were not approved."}
        )
    cache.delete(key)


def minutes_approve(
    *,
    actor,
    minutes: Minutes,
    password: str,
    meaning: str = DEFAULT_MEANING,
    now: dt.datetime | None = None,
) -> MinutesSignature:
    """A co-chair approves minutes awaiting approval, re-authenticating with their password.

    SIGNATURE INTEGRATION POINT: this is the single place minutes are signed. At merge, the
    security branch's electronic-signature mechanism replaces `verify_reauthentication` and the
    signature record below. A wrong password is recorded in the audit trail (outside the approval's
    transaction, so the record survives the refusal) and nothing else changes.
    """
    try:
        verify_reauthentication(actor=actor, password=password)
    except ValidationError:
        with transaction.atomic():
            audit.record(
                actor=actor,
                obj=minutes,
                action="approval_refused",
                changes={"re-authentication": ("", "wrong password")},
                **_meeting_scope(minutes.meeting),
            )
        raise
    return record_approval(actor=actor, minutes=minutes, meaning=meaning, now=now)


@transaction.atomic
def record_approval(
    *, actor, minutes: Minutes, meaning: str, now: dt.datetime | None = None
) -> MinutesSignature:
    """Record a re-authenticated co-chair's approval; the last party's approval locks the minutes.

    Callers must have re-authenticated the actor (minutes_approve does); the demo seed calls this
    directly to write approvals given in the past.
    """
    minutes = lock(Minutes, minutes.pk)
    meeting = minutes.meeting
    now = now or timezone.now()
    meaning = (meaning or DEFAULT_MEANING).strip()[:300]
    if minutes.status != MinutesStatus.SUBMITTED:
        raise ValidationError(
            {
                "status": f"Only minutes awaiting approval can be approved; these are {minutes.get_status_display().lower()}."
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
            {"signer": f"Only a co-chair of {meeting.committee} approves its minutes."}
        )
    parties = required_parties(meeting)
    if actor.company_id not in {company.pk for company in parties}:
        raise ValidationError(
            {"signer": "Only the co-chairs of the parties at this meeting approve it."}
        )
    if minutes.signatures.filter(company_id=actor.company_id).exists():
        raise ValidationError({"signer": f"{actor.company} has already approved these minutes."})
    signature = MinutesSignature.objects.create(
        minutes=minutes,
        signer=actor,
        signer_label=audit.actor_label(actor),
        company_id=actor.company_id,
        meaning=meaning,
        signed_at=now.astimezone(dt.UTC),
        content_sha256=minutes.content_hash(),
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
    if all(company.pk in signed for company in parties):
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = now
        bump(minutes)
        minutes.save()
        audit.record_update(actor=actor, obj=minutes, before=before, **_meeting_scope(meeting))
    return signature


@transaction.atomic
def minutes_amend(*, actor, minutes: Minutes, text: str, reason: str) -> MinutesAmendment:
    """Change approved minutes: recorded with its reason and the text it replaces."""
    reason = require_reason(reason, "amending approved minutes")
    minutes = lock(Minutes, minutes.pk)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(
            {"status": "Only approved minutes are amended; edit the draft instead."}
        )
    text = text or ""
    if text == minutes.text:
        raise ValidationError({"text": "The amendment does not change the minutes."})
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
    bump(minutes)
    minutes.save()
    audit.record_update(
        actor=actor, obj=minutes, before=before, reason=reason, **_meeting_scope(minutes.meeting)
    )
    return amendment


def require_minutes_open(meeting: Meeting) -> None:
    """Decisions and actions are recorded in a meeting only until its minutes are approved."""
    _require_unlocked(meeting)


__all__ = [
    "DEFAULT_MEANING",
    "agenda_build",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_reorder",
    "attendance_add_guest",
    "attendance_record",
    "meeting_cancel",
    "meeting_mark_held",
    "meeting_schedule",
    "meeting_update",
    "minutes_amend",
    "minutes_approve",
    "minutes_return",
    "minutes_save",
    "minutes_submit",
    "record_approval",
    "require_minutes_open",
    "required_parties",
    "verify_reauthentication",
]
