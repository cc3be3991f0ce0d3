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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

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
        title=_("%(body)s: meeting pack") % {"body": committee.name},
        subtitle=(
            f"{alliance.name} · "
            + _("%(when)s (%(minutes)s min)")
            % {
                "when": date_format(starts, pgettext("date format", "l d F Y, H:i")),
                "minutes": meeting.duration_minutes,
            }
            + f" · {meeting.get_modality_display()}"
            + (f" · {meeting.location}" if meeting.location else "")
        ),
        footer=(
            (
                _("Joint meeting pack: shared items only")
                if shared
                else _("INTERNAL: not for the partner")
            )
            + " · "
            + _("prepared %(when)s by %(person)s")
            % {"when": f"{timezone.localtime():%Y-%m-%d %H:%M}", "person": user}
        ),
    )

    document.heading(_("Attendees"))
    document.table(
        [_("Name"), _("Company"), _("Seat")],
        [
            [row.user, row.company, row.get_role_display() or _("Guest")]
            for row in meeting.attendance.select_related("user", "company")
        ],
        empty=_("Nobody invited yet."),
    )

    document.heading(_("Agenda"))
    agenda = AgendaItem.objects.visible_to(user).filter(meeting=meeting).select_related("presenter")
    if shared:
        hidden = (
            Q(action__is_internal=True) | Q(decision__is_internal=True) | Q(issue__is_internal=True)
        )
        agenda = agenda.exclude(hidden)
    document.table(
        ["#", _("Item"), _("Type"), _("Lead"), _("Minutes")],
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
        empty=_("The agenda is empty."),
    )

    previous = _previous_meeting(meeting)
    document.heading(_("Open actions from the previous minutes"))
    if previous is None:
        document.paragraph(_("This is the body's first meeting."), muted=True)
    else:
        document.paragraph(_("From %(meeting)s.") % {"meeting": previous}, muted=True)
        open_actions = _for_pack(ActionItem.objects.open(), meeting, user).filter(meeting=previous)
        document.table(
            [_("Action"), _("Owner"), _("Due"), _("Status")],
            [
                [a.title, f"{a.owner} ({a.owner.company})", a.due_on, a.get_status_display()]
                for a in open_actions.select_related("owner", "owner__company").order_by("due_on")
            ],
            empty=_("Every action from the previous meeting is done."),
        )

    document.heading(_("Decisions due"))
    decisions = _for_pack(Decision.objects.pending(), meeting, user).filter(committee=committee)
    document.table(
        [_("Decision"), _("Matter"), _("Status"), _("Raised"), _("Needed by"), _("Days open")],
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
        empty=_("No decision is waiting for this body."),
    )

    document.heading(_("Issues at this body"))
    issues = _for_pack(Issue.objects.unresolved(), meeting, user).filter(level=committee)
    document.table(
        [_("Issue"), _("Area"), _("Severity"), _("Days here"), _("Limit")],
        [
            [
                i.title,
                i.get_area_display(),
                i.get_severity_display(),
                i.days_at_level(meeting.starts_at),
                _("%(n)s days") % {"n": committee.escalation_days}
                if committee.escalation_days
                else "—",
            ]
            for i in issues.order_by("level_since")
        ],
        empty=_("No unresolved issue sits with this body."),
    )

    document.heading(_("Key dates"))
    dates = hooks.key_dates(
        alliance=alliance,
        user=user,
        start=day,
        end=day + dt.timedelta(days=KEY_DATE_WINDOW_DAYS),
        shared=shared,
    )
    document.table(
        [_("Date"), _("What"), _("Kind")],
        [
            [item.date, item.title, item.kind]
            for item in dates
            if item.title != meeting.title or item.date != day
        ],
        empty=_("No key dates in the %(n)s days after the meeting.") % {"n": KEY_DATE_WINDOW_DAYS},
    )
    return document


# --- The portfolio-level lists as spreadsheets ------------------------------------------------
# Each row function reads only what the list's queryset selects (select_related), so the export
# runs the same number of queries for 1 row as for thousands.

MEETING_HEADERS = [
    gettext_lazy("Alliance"),
    gettext_lazy("Body"),
    gettext_lazy("Meeting"),
    gettext_lazy("Starts (UTC)"),
    gettext_lazy("Duration (min)"),
    gettext_lazy("Modality"),
    gettext_lazy("Location"),
    gettext_lazy("Status"),
    gettext_lazy("Minutes"),
    gettext_lazy("Internal only"),
    gettext_lazy("Program"),
]
DECISION_HEADERS = [
    gettext_lazy("Alliance"),
    gettext_lazy("Body"),
    gettext_lazy("Decision"),
    gettext_lazy("Matter"),
    gettext_lazy("Status"),
    gettext_lazy("Raised"),
    gettext_lazy("Needed by"),
    gettext_lazy("Decided"),
    gettext_lazy("Days open"),
    gettext_lazy("Days to decide"),
    gettext_lazy("Outside the charter"),
    gettext_lazy("Outcome"),
    gettext_lazy("Internal only"),
    gettext_lazy("Program"),
]
ACTION_HEADERS = [
    gettext_lazy("Alliance"),
    gettext_lazy("Body"),
    gettext_lazy("Action"),
    gettext_lazy("Owner"),
    gettext_lazy("Owner's company"),
    gettext_lazy("Due"),
    gettext_lazy("Status"),
    gettext_lazy("Overdue"),
    gettext_lazy("Completed"),
    gettext_lazy("Internal only"),
    gettext_lazy("Program"),
]
ISSUE_HEADERS = [
    gettext_lazy("Alliance"),
    gettext_lazy("Issue"),
    gettext_lazy("Area"),
    gettext_lazy("Severity"),
    gettext_lazy("Status"),
    gettext_lazy("Raised"),
    gettext_lazy("At body"),
    gettext_lazy("At this body since (UTC)"),
    gettext_lazy("Days at this body"),
    gettext_lazy("Time limit (days)"),
    gettext_lazy("Past the limit"),
    gettext_lazy("Escalates to"),
    gettext_lazy("Owner"),
    gettext_lazy("Target date"),
    gettext_lazy("Overdue"),
    gettext_lazy("Resolved"),
    gettext_lazy("Internal only"),
    gettext_lazy("Program"),
]


def _yes(flag: bool) -> str:
    return _("yes") if flag else _("no")


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
