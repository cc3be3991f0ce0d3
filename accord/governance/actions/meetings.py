"""Writes to meetings: scheduling, attendance and the agenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import audit
from accord.core.actions import Entry, assign, open_update, require_reason, save_update
from accord.core.versioning import lock

from .. import invitations
from ..hooks import sync_cadence_obligation
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
    IssueStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from .common import check_person

# A meeting's own fields, as the API shows them after its body (and alliance).
MEETING_DETAIL_FIELDS = [
    "title",
    "starts_at",
    "duration_minutes",
    "modality",
    "location",
    "status",
    "cancel_reason",
    "is_internal",
]
MEETING_FIELDS = ["committee", *MEETING_DETAIL_FIELDS, "time_zone"]
EDITABLE_MEETING_FIELDS = [
    "title",
    "starts_at",
    "duration_minutes",
    "modality",
    "location",
    "time_zone",
]
# A change to any of these is news to the attendees' calendars: the invitation is sent again.
INVITATION_FIELDS = ["title", "starts_at", "duration_minutes", "location", "time_zone"]
AGENDA_FIELDS = ["position", "kind", "title", "notes", "presenter", "duration_minutes"]
# Re-authentication at approval: this many wrong passwords lock approvals for the window.


def _meeting_scope(meeting: Meeting) -> dict:
    return {"alliance_id": meeting.alliance_id, "program_id": meeting.committee.program_id}


MEETING = Entry(Meeting, MEETING_FIELDS, scope=_meeting_scope)


def _invitees(committee: Committee, on: dt.date, internal: bool):
    seats = (
        CommitteeMember.objects.current(on)
        .filter(committee=committee, user__is_active=True)
        .select_related("user")
    )
    if internal:
        seats = [seat for seat in seats if seat.user.is_internal]
    return seats


def _require_status(meeting: Meeting, *allowed: str, refusal) -> None:
    if meeting.status not in allowed:
        raise ValidationError(
            {"status": refusal % {"status": meeting.get_status_display().lower()}}
        )


def _require_unlocked(meeting: Meeting) -> None:
    if meeting.minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(
            {"minutes": _("The minutes are approved and locked: change them through an amendment.")}
        )


# --- Scheduling -----------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(*, actor, committee: Committee, data: dict) -> Meeting:
    """Schedule a meeting of a body and invite its current members (our own only if internal)."""
    committee = lock(Committee, committee.pk)
    if committee.dissolved_on and committee.dissolved_on <= timezone.localdate():
        raise ValidationError(
            {
                "committee": _("%(committee)s was dissolved on %(dissolved_on)s.")
                % {"committee": committee, "dissolved_on": committee.dissolved_on}
            }
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
    invitations.enqueue(meeting, invitations.REQUEST)
    return meeting


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, data: dict, expected_version=None, reason=""
) -> Meeting:
    meeting, before = open_update(MEETING, meeting, expected_version)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("A cancelled meeting cannot be changed.")})
    if (
        meeting.status == MeetingStatus.HELD
        and "starts_at" in data
        and data["starts_at"] != meeting.starts_at
    ):
        raise ValidationError({"starts_at": _("The meeting has been held: its date is history.")})
    sent = audit.snapshot(meeting, INVITATION_FIELDS)
    assign(meeting, data, EDITABLE_MEETING_FIELDS)
    meeting.full_clean()
    reschedule = (
        meeting.status == MeetingStatus.SCHEDULED
        and audit.snapshot(meeting, INVITATION_FIELDS) != sent
    )
    if reschedule:
        meeting.invitation_sequence += 1
    save_update(MEETING, meeting, before, actor=actor, reason=reason)
    if reschedule:
        invitations.enqueue(meeting, invitations.REQUEST)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    reason = require_reason(reason, "cancelling the meeting")
    meeting, before = open_update(MEETING, meeting)
    _require_status(
        meeting,
        MeetingStatus.SCHEDULED,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot cancel it."),
    )
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason[:300]
    meeting.invitation_sequence += 1
    save_update(MEETING, meeting, before, actor=actor, reason=reason)
    invitations.enqueue(meeting, invitations.CANCEL)
    return meeting


def _set_attendance(meeting: Meeting, attended_ids: set[int]) -> list[Attendance]:
    rows = list(meeting.attendance.select_related("user"))
    invited = {row.user_id for row in rows}
    unknown = attended_ids - invited
    if unknown:
        raise ValidationError(
            {"attended": _("Only invited people can be marked present; add them as guests first.")}
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
    meeting, before = open_update(MEETING, meeting)
    _require_status(
        meeting,
        MeetingStatus.SCHEDULED,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot mark it held."),
    )
    now = now or timezone.now()
    if meeting.starts_at > now:
        raise ValidationError({"status": _("A meeting cannot be marked held before it starts.")})
    rows = _set_attendance(meeting, set(attended))
    meeting.status = MeetingStatus.HELD
    save_update(MEETING, meeting, before, actor=actor)
    audit.record(
        actor=actor,
        obj=meeting,
        action="attendance",
        changes={"attended": ("", _attendance_text(rows))},
        **_meeting_scope(meeting),
    )
    if meeting.committee.meetings_per_year:
        # The held meeting is what fulfils the charter cadence: the register follows it.
        sync_cadence_obligation(actor=actor, committee=meeting.committee)
    return meeting


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, attended: Iterable[int]) -> list[Attendance]:
    """Correct who attended a held meeting, until its minutes are approved."""
    meeting = lock(Meeting, meeting.pk)
    _require_status(
        meeting,
        MeetingStatus.HELD,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot record attendance."),
    )
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
    _require_status(
        meeting,
        MeetingStatus.SCHEDULED,
        MeetingStatus.HELD,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot invite people."),
    )
    _require_unlocked(meeting)
    check_person(
        meeting.alliance,
        user,
        field="user",
        internal_only=meeting.is_internal,
        program=meeting.committee.program,
    )
    if meeting.attendance.filter(user=user).exists():
        raise ValidationError({"user": _("%(user)s is already invited.") % {"user": user}})
    row = Attendance.objects.create(meeting=meeting, user=user, company_id=user.company_id, role="")
    audit.record(
        actor=actor,
        obj=meeting,
        action="invite",
        changes={"guest": ("", str(user))},
        **_meeting_scope(meeting),
    )
    if meeting.status == MeetingStatus.SCHEDULED:
        invitations.enqueue(meeting, invitations.REQUEST, user_ids=[user.pk])
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
    body, also action items of no particular body); then, from the sub-committees and teams
    under it (any depth), their escalated issues and their open action items, so the body sees
    what its sub-structure still owes. Safe to run again.
    """
    meeting = lock(Meeting, meeting.pk)
    _require_status(
        meeting,
        MeetingStatus.SCHEDULED,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot build its agenda."),
    )
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
            title=_("Approve the minutes of %(meeting)s") % {"meeting": previous},
            previous_meeting=previous,
        )
    decisions = _for_audience(
        Decision.objects.filter(committee=committee, status__in=PENDING_DECISION), meeting
    ).order_by("raised_on", "pk")
    for decision in decisions:
        if decision.pk not in have["decision"]:
            add(
                kind=AgendaKind.DECISION,
                title=_("Decision: %(title)s") % {"title": decision.title},
                decision=decision,
            )
    issues = _for_audience(
        Issue.objects.filter(level=committee, status__in=UNRESOLVED_ISSUE), meeting
    ).order_by("raised_on", "pk")
    for issue in issues:
        if issue.pk not in have["issue"]:
            title = (
                _("Escalated issue: %(title)s")
                if issue.status == "escalated"
                else _("Issue: %(title)s")
            ) % {"title": issue.title}
            add(kind=AgendaKind.ISSUE, title=title, issue=issue)
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
            have["action"].add(action.pk)
            add(
                kind=AgendaKind.ACTION,
                title=_("Action: %(title)s (%(owner)s, due %(due)s)")
                % {
                    "title": action.title,
                    "owner": action.owner,
                    "due": f"{action.due_on:%Y-%m-%d}",
                },
                action=action,
                presenter=action.owner,
            )
    below = [body.pk for body in committee.descendants()]
    if below:
        names = dict(Committee.objects.filter(pk__in=below).values_list("pk", "name"))
        sub_issues = _for_audience(
            Issue.objects.filter(level_id__in=below, status=IssueStatus.ESCALATED), meeting
        ).order_by("raised_on", "pk")
        for issue in sub_issues:
            if issue.pk not in have["issue"]:
                add(
                    kind=AgendaKind.ISSUE,
                    title=_("Escalated issue at %(body)s: %(title)s")
                    % {"body": names[issue.level_id], "title": issue.title},
                    issue=issue,
                )
        sub_actions = (
            _for_audience(
                ActionItem.objects.filter(committee_id__in=below, status__in=OPEN_ACTION), meeting
            )
            .select_related("owner")
            .order_by("due_on", "pk")
        )
        for action in sub_actions:
            if action.pk not in have["action"]:
                add(
                    kind=AgendaKind.ACTION,
                    title=_("Action of %(body)s: %(title)s (%(owner)s, due %(due)s)")
                    % {
                        "body": names[action.committee_id],
                        "title": action.title,
                        "owner": action.owner,
                        "due": f"{action.due_on:%Y-%m-%d}",
                    },
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
    _require_status(
        meeting,
        MeetingStatus.SCHEDULED,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot change its agenda."),
    )
    item = AgendaItem(meeting=meeting, position=_next_position(meeting), kind=AgendaKind.TOPIC)
    assign(item, data, ["title", "notes", "presenter", "duration_minutes"])
    item.title = (item.title or "").strip()
    if item.presenter is not None:
        check_person(
            meeting.alliance,
            item.presenter,
            field="presenter",
            internal_only=meeting.is_internal,
            program=meeting.committee.program,
        )
    item.full_clean()
    item.save()
    audit.record_create(actor=actor, obj=item, fields=AGENDA_FIELDS, **_meeting_scope(meeting))
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    item = lock(AgendaItem, item.pk)
    meeting = item.meeting
    _require_status(
        meeting,
        MeetingStatus.SCHEDULED,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot change its agenda."),
    )
    audit.record_delete(actor=actor, obj=item, fields=AGENDA_FIELDS, **_meeting_scope(meeting))
    item.delete()


@transaction.atomic
def agenda_reorder(*, actor, meeting: Meeting, order: list[int]) -> list[AgendaItem]:
    """Put the agenda in the given order of item ids (every item exactly once)."""
    meeting = lock(Meeting, meeting.pk)
    _require_status(
        meeting,
        MeetingStatus.SCHEDULED,
        refusal=gettext_lazy("This meeting is %(status)s: you cannot change its agenda."),
    )
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if sorted(order) != sorted(items):
        raise ValidationError({"order": _("Give every agenda item of this meeting exactly once.")})
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
