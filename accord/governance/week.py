"""What governance adds to My week (accord.core.registry.WEEK_SOURCES): actions a person owns
or the partner owes on their alliances, decisions their bodies must take, minutes they must
approve, issues past their escalation limit, and the partner's disclosures awaiting review.
Rows come from the same QuerySet methods as the lists' "Mine" filter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from accord.core.registry import WeekQuery, WeekRow
from accord.portfolio.access import editable_alliance_ids

from . import access, actions
from .models import ActionItem, ActionStatus, Communication, Decision, Issue, Minutes
from .models.issues import UNRESOLVED_ISSUE, past_limit_q


def _by_alliance(queryset, filters, path="alliance_id"):
    alliance = filters.get("alliance")
    return queryset.filter(**{path: alliance}) if alliance else queryset


def _actions(viewer, people, start, end, filters):
    queryset = (
        ActionItem.objects.visible_to(viewer)
        .mine(people)
        .open()
        .not_snoozed(start)
        .filter(due_on__lte=end)
        .select_related("alliance", "owner", "owner__company", "committee")
        .order_by("due_on", "pk")
    )
    return _by_alliance(queryset, filters)


def _action_rows(viewer, found):
    managed = editable_alliance_ids(viewer, {a.alliance_id for a in found})
    rows = []
    for action in found:
        allowed = viewer.is_active and (
            action.owner_id == viewer.pk or action.alliance_id in managed
        )
        owner = str(action.owner)
        if action.owner.is_partner:
            owner = f"{owner} ({action.owner.company})"
        rows.append(
            WeekRow.of(
                "action",
                action,
                due=action.due_on,
                who=owner,
                detail=str(action.committee or ""),
                done=allowed,
                snooze=allowed,
            )
        )
    return rows


action_rows = WeekQuery(select=_actions, due="due_on", build=_action_rows)


def decision_rows(viewer, people, start, end, filters):
    queryset = (
        Decision.objects.visible_to(viewer)
        .mine(people, on=start)
        .pending()
        .filter(due_on__lte=end)
        .select_related("alliance", "committee")
        .order_by("due_on", "pk")
    )
    return [
        WeekRow.of(
            "decision",
            d,
            due=d.due_on,
            who=str(d.committee),
            detail=_("%(status)s, needed by") % {"status": d.get_status_display()},
        )
        for d in _by_alliance(queryset, filters)
    ]


def minutes_rows(viewer, people, start, end, filters):
    queryset = (
        Minutes.objects.visible_to(viewer)
        .awaiting_approval_by(people, on=start)
        .select_related("meeting", "meeting__alliance", "meeting__committee")
        .order_by("submitted_at", "pk")
    )
    return [
        WeekRow(
            kind="minutes",
            pk=m.pk,
            title=_("Approve the minutes of %(meeting)s") % {"meeting": m.meeting.title},
            url=m.meeting.get_absolute_url(),
            # Waiting for a co-chair's signature since submitted: due now.
            due=start,
            alliance_id=m.meeting.alliance_id,
            alliance_name=m.meeting.alliance.name,
            who=_("Co-chairs of %(body)s") % {"body": m.meeting.committee},
            detail=_("Submitted %(when)s")
            % {
                "when": date_format(
                    timezone.localtime(m.submitted_at), pgettext("date format", "d M")
                )
            }
            if m.submitted_at
            else "",
        )
        for m in _by_alliance(queryset, filters, "meeting__alliance_id")
    ]


def _issues(viewer, people, start, end, filters):
    """Issues of `people` past their body's time limit, or unresolved and due by their target
    date: the same `mine` as the issue list's "Mine" filter."""
    queryset = (
        Issue.objects.visible_to(viewer)
        .mine(people)
        .unresolved()
        .filter(past_limit_q(timezone.now()) | Q(target_on__lte=end))
        .select_related("alliance", "level", "owner")
        .order_by("level_since", "pk")
    )
    return _by_alliance(queryset, filters)


def _issue_due(values, end):
    """The earlier of the day the body's time limit ran out (when it has) and the target date
    (when it falls in the window): from an issue's values, without reading the issue."""
    dues = []
    days = values["level__escalation_days"]
    if days and values["status"] in UNRESOLVED_ISSUE:
        limit = values["level_since"] + dt.timedelta(days=days)
        if timezone.now() >= limit:
            dues.append(timezone.localtime(limit).date())
    if values["target_on"] and values["target_on"] <= end:
        dues.append(values["target_on"])
    return min(dues)


def _issue_rows(viewer, found):
    rows = []
    for i in found:
        past = i.is_past_limit()
        detail = (
            _("%(severity)s issue past the time limit of %(body)s")
            % {"severity": i.get_severity_display(), "body": i.level}
            if past
            else _("%(severity)s issue to resolve by %(when)s")
            % {
                "severity": i.get_severity_display(),
                "when": date_format(i.target_on, pgettext("date format", "d M Y")),
            }
        )
        values = {
            "level__escalation_days": i.level.escalation_days if i.level_id else None,
            "status": i.status,
            "level_since": i.level_since,
            "target_on": i.target_on,
        }
        rows.append(
            WeekRow.of(
                "issue",
                i,
                # A limit that ran out is before any window's end, and an issue not past it was
                # chosen for a target date in the window: no end needs telling here.
                due=_issue_due(values, dt.date.max),
                who=str(i.owner) if i.owner_id else str(i.level),
                detail=detail,
            )
        )
    return rows


issue_rows = WeekQuery(
    select=_issues,
    due="",
    build=_issue_rows,
    due_of=_issue_due,
    due_fields=("level__escalation_days", "status", "level_since", "target_on"),
)


def review_rows(viewer, people, start, end, filters):
    queryset = (
        Communication.objects.visible_to(viewer)
        .awaiting_review_by(people)
        .filter(Q(review_due_on__lte=end) | Q(review_due_on__isnull=True))
        .select_related("alliance", "proposed_by")
        .order_by("review_due_on", "pk")
    )
    return [
        WeekRow.of(
            "review",
            c,
            due=c.review_due_on or start,
            who=_("Reviewers"),
            detail=_("%(kind)s by %(party)s: review due")
            % {"kind": c.get_kind_display(), "party": c.proposed_by},
        )
        for c in _by_alliance(queryset, filters)
    ]


def _action_for(actor, pk):
    action = access.get_action_for_user(actor, pk)
    if not access.can_update_action(actor, action):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(
            _("Only the action's owner or the people who run the alliance do this.")
        )
    return action


def mark_done(actor, pk, data):
    actions.action_set_status(actor=actor, action=_action_for(actor, pk), status=ActionStatus.DONE)


def snooze(actor, pk, until, reason):
    actions.action_snooze(actor=actor, action=_action_for(actor, pk), until=until, reason=reason)


def register() -> None:
    from accord.core.registry import register_week_sources

    register_week_sources(
        ("action", gettext_noop("Action"), gettext_noop("Actions"), 20, action_rows),
        mark_done=mark_done,
        snooze=snooze,
        internal_only=False,
    )
    register_week_sources(
        ("decision", gettext_noop("Decision"), gettext_noop("Decisions"), 22, decision_rows),
        ("minutes", gettext_noop("Minutes"), gettext_noop("Minutes to approve"), 24, minutes_rows),
        internal_only=False,
    )
    register_week_sources(
        (
            "issue",
            gettext_noop("Issue"),
            gettext_noop("Issues past their limit or due"),
            26,
            issue_rows,
        ),
        (
            "review",
            gettext_noop("Disclosure review"),
            gettext_noop("Partner disclosures to review"),
            28,
            review_rows,
        ),
    )
