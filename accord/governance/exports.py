"""The meeting pack: agenda, open actions from the previous minutes, decisions due, issues at the
body and the alliance's key dates, as one Document rendered to PDF or Word.

A joint meeting's pack goes to the partner, so whoever exports it, it holds only what both sides
may see: nothing internal, nothing on a firewalled program (unless the body itself works on it).

Also the spreadsheet rows of the portfolio-level lists (meetings, decisions, actions, issues),
built by accord.core.exports from querysets already scoped and filtered like the list pages.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accord.core.documents import Document

from . import hooks
from .actions.meetings import _previous_meeting
from .models import ActionItem, AgendaItem, Decision, Issue

KEY_DATE_WINDOW_DAYS = 120


def _for_pack(queryset, meeting, user):
    queryset = queryset.visible_to(user)
    if meeting.is_internal:
        return queryset
    queryset = queryset.filter(is_internal=False)
    program = meeting.committee.program_id
    if program:
        return queryset.filter(Q(program__isnull=True) | Q(program_id=program))
    return queryset.exclude(program__is_firewalled=True)


def meeting_pack(meeting, user) -> Document:
    committee = meeting.committee
    alliance = meeting.alliance
    starts = timezone.localtime(meeting.starts_at)
    day = starts.date()
    shared = not meeting.is_internal
    document = Document(
        title=f"{committee.name}: meeting pack",
        subtitle=(
            f"{alliance.name} · {starts:%A %d %B %Y, %H:%M} ({meeting.duration_minutes} min) · "
            f"{meeting.get_modality_display()}{' · ' + meeting.location if meeting.location else ''}"
        ),
        footer=(
            f"{'Joint meeting pack: shared items only' if shared else 'INTERNAL: not for the partner'}"
            f" · prepared {timezone.localtime():%Y-%m-%d %H:%M} by {user}"
        ),
    )

    document.heading("Attendees")
    document.table(
        ["Name", "Company", "Seat"],
        [
            [row.user, row.company, row.get_role_display() or "Guest"]
            for row in meeting.attendance.select_related("user", "company")
        ],
        empty="Nobody invited yet.",
    )

    document.heading("Agenda")
    agenda = AgendaItem.objects.visible_to(user).filter(meeting=meeting).select_related("presenter")
    if shared:
        hidden = (
            Q(action__is_internal=True) | Q(decision__is_internal=True) | Q(issue__is_internal=True)
        )
        agenda = agenda.exclude(hidden)
    document.table(
        ["#", "Item", "Type", "Lead", "Minutes"],
        [
            [
                index,
                item.title,
                item.get_kind_display(),
                item.presenter or "",
                item.duration_minutes or "",
            ]
            for index, item in enumerate(agenda.order_by("position", "pk"), start=1)
        ],
        empty="The agenda is empty.",
    )

    previous = _previous_meeting(meeting)
    document.heading("Open actions from the previous minutes")
    if previous is None:
        document.paragraph("This is the body's first meeting.", muted=True)
    else:
        document.paragraph(f"From {previous}.", muted=True)
        open_actions = _for_pack(ActionItem.objects.open(), meeting, user).filter(meeting=previous)
        document.table(
            ["Action", "Owner", "Due", "Status"],
            [
                [a.title, f"{a.owner} ({a.owner.company})", a.due_on, a.get_status_display()]
                for a in open_actions.select_related("owner", "owner__company").order_by("due_on")
            ],
            empty="Every action from the previous meeting is done.",
        )

    document.heading("Decisions due")
    decisions = _for_pack(Decision.objects.pending(), meeting, user).filter(committee=committee)
    document.table(
        ["Decision", "Matter", "Status", "Raised", "Needed by", "Days open"],
        [
            [
                d.title,
                d.get_area_display(),
                d.get_status_display(),
                d.raised_on,
                d.due_on,
                d.age_days(day),
            ]
            for d in decisions.order_by("due_on", "raised_on")
        ],
        empty="No decision is waiting for this body.",
    )

    document.heading("Issues at this body")
    issues = _for_pack(Issue.objects.unresolved(), meeting, user).filter(level=committee)
    document.table(
        ["Issue", "Area", "Severity", "Days here", "Limit"],
        [
            [
                i.title,
                i.get_area_display(),
                i.get_severity_display(),
                i.days_at_level(meeting.starts_at),
                f"{committee.escalation_days} days" if committee.escalation_days else "—",
            ]
            for i in issues.order_by("level_since")
        ],
        empty="No unresolved issue sits with this body.",
    )

    document.heading("Key dates")
    dates = hooks.key_dates(
        alliance=alliance,
        user=user,
        start=day,
        end=day + dt.timedelta(days=KEY_DATE_WINDOW_DAYS),
        shared=shared,
    )
    document.table(
        ["Date", "What", "Kind"],
        [
            [item.date, item.title, item.kind]
            for item in dates
            if item.title != meeting.title or item.date != day
        ],
        empty=f"No key dates in the {KEY_DATE_WINDOW_DAYS} days after the meeting.",
    )
    return document


# --- The portfolio-level lists as spreadsheets ------------------------------------------------
# Each row function reads only what the list's queryset selects (select_related), so the export
# runs the same number of queries for 1 row as for thousands.

MEETING_HEADERS = [
    "Alliance",
    "Body",
    "Meeting",
    "Starts (UTC)",
    "Duration (min)",
    "Modality",
    "Location",
    "Status",
    "Minutes",
    "Internal only",
    "Program",
]
DECISION_HEADERS = [
    "Alliance",
    "Body",
    "Decision",
    "Matter",
    "Status",
    "Raised",
    "Needed by",
    "Decided",
    "Days open",
    "Days to decide",
    "Outside the charter",
    "Outcome",
    "Internal only",
    "Program",
]
ACTION_HEADERS = [
    "Alliance",
    "Body",
    "Action",
    "Owner",
    "Owner's company",
    "Due",
    "Status",
    "Overdue",
    "Completed",
    "Internal only",
    "Program",
]
ISSUE_HEADERS = [
    "Alliance",
    "Issue",
    "Area",
    "Severity",
    "Status",
    "Raised",
    "At body",
    "At this body since (UTC)",
    "Days at this body",
    "Time limit (days)",
    "Past the limit",
    "Escalates to",
    "Owner",
    "Target date",
    "Overdue",
    "Resolved",
    "Internal only",
    "Program",
]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def _utc(moment):
    return moment.astimezone(dt.UTC) if moment is not None else None


def meeting_rows(meetings):
    """`meetings` selects alliance, committee, committee__program and minutes."""
    for m in meetings.iterator(chunk_size=2000):
        minutes = getattr(m, "minutes", None)  # selected: None when the meeting has none
        yield [
            m.alliance.name,
            m.committee.name,
            m.title,
            _utc(m.starts_at),
            m.duration_minutes,
            m.get_modality_display(),
            m.location,
            m.get_status_display(),
            minutes.get_status_display() if minutes is not None else "",
            _yes(m.is_internal),
            _name(m.committee.program),
        ]


def decision_rows(decisions, today: dt.date):
    """`decisions` selects alliance, committee and program."""
    for d in decisions.iterator(chunk_size=2000):
        yield [
            d.alliance.name,
            _name(d.committee),
            d.title,
            d.get_area_display(),
            d.get_status_display(),
            d.raised_on,
            d.due_on,
            d.decided_on,
            d.age_days(today) if d.is_pending else None,
            d.latency_days,
            _yes(d.outside_charter),
            d.outcome,
            _yes(d.is_internal),
            _name(d.program),
        ]


def action_rows(actions, today: dt.date):
    """`actions` selects alliance, owner, owner__company, committee and program."""
    for a in actions.iterator(chunk_size=2000):
        yield [
            a.alliance.name,
            _name(a.committee),
            a.title,
            str(a.owner),
            _name(a.owner.company),
            a.due_on,
            a.get_status_display(),
            _yes(a.is_overdue(today)),
            a.completed_on,
            _yes(a.is_internal),
            _name(a.program),
        ]


def issue_rows(issues, now: dt.datetime):
    """`issues` selects alliance, level, level__escalates_to, owner and program."""
    for i in issues.iterator(chunk_size=2000):
        unresolved = i.is_unresolved
        yield [
            i.alliance.name,
            i.title,
            i.get_area_display(),
            i.get_severity_display(),
            i.get_status_display(),
            i.raised_on,
            _name(i.level),
            _utc(i.level_since) if unresolved else None,
            i.days_at_level(now) if unresolved else None,
            i.level.escalation_days if i.level is not None else None,
            _yes(i.is_past_limit(now)),
            _name(i.level.escalates_to) if i.level is not None else "",
            str(i.owner) if i.owner is not None else "",
            i.target_on,
            _yes(i.is_overdue(timezone.localdate(now))),
            i.resolved_on,
            _yes(i.is_internal),
            _name(i.program),
        ]
