"""The meeting pack: agenda, open actions from the previous minutes, decisions due, issues at the
body and the alliance's key dates, as one Document rendered to PDF or Word.

A joint meeting's pack goes to the partner, so whoever exports it, it holds only what both sides
may see: nothing internal, nothing on a firewalled program (unless the body itself works on it).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accord.core.documents import Document

from . import keydates
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
    dates = keydates.key_dates(
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
