"""The alliance's Governance tab and the portfolio-level governance lists."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accord.portfolio.access import get_alliance_for_user

from .. import access, charter, exports
from ..filters import ActionFilter, DecisionFilter, IssueFilter, MeetingFilter
from ..models import (
    SLOW_DECISION_DAYS,
    ActionItem,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Communication,
    CommunicationStatus,
    Decision,
    GovernanceSettings,
    Issue,
    Meeting,
    Risk,
)
from .common import governance_lists


def committees_with_state(user, alliance, *, on):
    """The alliance's bodies in hierarchy order, each with its seats, warnings and cadence."""
    current = CommitteeMember.objects.current(on).select_related("user", "user__company")
    bodies = list(
        Committee.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("escalates_to", "parent", "program")
        .prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_seats"),
            Prefetch(
                "meetings", queryset=Meeting.objects.only("committee_id", "starts_at", "status")
            ),
            "final_say__company",
        )
    )
    companies = charter.parties(alliance)
    team = charter.alliance_team_ids(alliance)
    by_parent = {}
    for body in bodies:
        body.alliance = alliance  # already loaded: the cadence starts from its effective date
        body.warnings = charter.charter_warnings(body, body.current_seats, companies, team)
        body.cadence = charter.cadence_compliance(body, body.meetings.all(), on=on)
        by_parent.setdefault(body.parent_id, []).append(body)
    ordered = []

    kind_order = {kind: index for index, kind in enumerate(CommitteeKind.values)}

    def walk(parent_id, depth):
        # The JSC first, then sub-committees and teams, executive sponsors last.
        for body in sorted(
            by_parent.get(parent_id, []), key=lambda b: (kind_order[b.kind], b.name)
        ):
            body.depth = depth
            ordered.append(body)
            walk(body.pk, depth + 1)

    visible_ids = {body.pk for body in bodies}
    walk(None, 0)
    for body in bodies:  # a body whose parent is hidden (firewalled) still shows, at the top
        if body.parent_id and body.parent_id not in visible_ids and body not in ordered:
            body.depth = 0
            ordered.append(body)
            walk(body.pk, 1)
    return ordered, companies


@require_GET
def alliance_governance(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    user = request.user
    if not access.sees_governance(user, alliance):
        return render(
            request,
            "governance/alliance_governance.html",
            {"alliance": alliance, "not_seated": True},
        )
    now = timezone.now()
    today = timezone.localdate()
    bodies, companies = committees_with_state(user, alliance, on=today)
    meetings = Meeting.objects.visible_to(user).filter(alliance=alliance)
    decisions = Decision.objects.visible_to(user).filter(alliance=alliance)
    latency = charter.latency_by(
        decisions.values("committee_id", "status", "raised_on", "decided_on"),
        "committee_id",
        {body.pk: body.name for body in bodies},
        on=today,
    )
    action_counts = (
        ActionItem.objects.visible_to(user).filter(alliance=alliance).open_and_overdue(today)
    )
    context = {
        "alliance": alliance,
        "bodies": bodies,
        "parties": companies,
        "upcoming": meetings.upcoming(now)[:5],
        "recent": meetings.held().select_related("minutes").order_by("-starts_at")[:5],
        "modality": charter.modality_by_quarter(
            meetings.held().only("starts_at", "status", "modality"), on=today
        ),
        "pending_decisions": decisions.pending()
        .select_related("committee")
        .order_by("raised_on")[:10],
        "pending_count": decisions.pending().count(),
        "latency": latency,
        "actions": ActionItem.objects.visible_to(user)
        .filter(alliance=alliance)
        .open()
        .select_related("owner", "owner__company", "committee")
        .order_by("due_on")[:10],
        "open_action_count": action_counts["open"],
        "overdue_count": action_counts["overdue"],
        "issues": Issue.objects.visible_to(user)
        .filter(alliance=alliance)
        .unresolved()
        .select_related("level", "level__escalates_to")
        .order_by("level_since"),
        "risks": Risk.objects.visible_to(user)
        .filter(alliance=alliance)
        .open()
        .select_related("owner")
        .order_by("review_on")
        if user.is_internal
        else [],
        "communications": Communication.objects.visible_to(user)
        .filter(alliance=alliance)
        .exclude(status=CommunicationStatus.WITHDRAWN)
        .select_related("proposed_by")
        .order_by("-pk")[:8],
        "terms": GovernanceSettings.for_alliance(alliance),
        "can_manage": access.can_manage(user, alliance),
        "can_contribute": access.can_contribute(user, alliance),
        "today": today,
        "now": now,
    }
    return render(request, "governance/alliance_governance.html", context)


# --- Portfolio-level lists ------------------------------------------------------------------
# Each list and its XLSX export share the queryset (scoping and order), the FilterSet and the
# defaults, so the export holds exactly what the list shows, on every page.

MEETING_FORM = {
    "selects": ["alliance", "committee", "status", "modality"],
    "dates": ["after", "before"],
    "checkboxes": ["upcoming"],
}
DECISION_FORM = {
    "selects": ["alliance", "committee", "status", "area"],
    "dates": ["due_after", "due_before"],
    "checkboxes": ["pending", "slow", "outside_charter", "mine"],
}
DECISION_DEFAULTS = {"pending": "true"}
ACTION_FORM = {
    "selects": ["alliance", "committee", "status", "owner"],
    "dates": ["due_before"],
    "checkboxes": ["open", "overdue", "mine", "unowned"],
}
ACTION_DEFAULTS = {"open": "true"}
ISSUE_FORM = {
    "selects": ["alliance", "level", "status", "severity", "area", "owner"],
    "checkboxes": ["unresolved", "escalated", "past_limit", "mine", "overdue"],
}
ISSUE_DEFAULTS = {"unresolved": "true"}


def _meetings(user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("alliance", "committee", "minutes")
        .order_by("-starts_at", "pk")
    )


def _decisions(user):
    return (
        Decision.objects.visible_to(user)
        .select_related("alliance", "committee")
        .order_by("raised_on", "pk")
    )


def _actions(user):
    return (
        ActionItem.objects.visible_to(user)
        .select_related("alliance", "owner", "owner__company", "committee")
        .order_by("due_on", "pk")
    )


def _issues(user):
    return (
        Issue.objects.visible_to(user)
        .select_related("alliance", "level", "level__escalates_to", "owner")
        .order_by("level_since", "pk")
    )


def _as_of(rows, clock):
    """An export's `rows(results)` from `rows(results, clock())`: today's date, or now."""
    return lambda results: rows(results, clock())


meeting_list, meeting_export = governance_lists(
    "meeting",
    _meetings,
    MeetingFilter,
    sheet=(
        "meetings.xlsx",
        gettext_lazy("Meetings"),
        exports.MEETING_HEADERS,
        exports.meeting_rows,
    ),
    context=lambda: MEETING_FORM,
    related=("committee__program",),
)


def _latency(request) -> dict:
    """How long the bodies take to decide, per alliance (the one chosen, or every one)."""
    decisions = _decisions(request.user)
    alliance_id = request.GET.get("alliance", "")
    scoped = decisions.filter(alliance_id=alliance_id) if alliance_id.isdigit() else decisions
    rows = list(scoped.values("alliance_id", "alliance__name", "status", "raised_on", "decided_on"))
    latency = charter.latency_by(
        rows,
        "alliance_id",
        {row["alliance_id"]: row["alliance__name"] for row in rows},
        on=timezone.localdate(),
    )
    return {"latency": latency[:15]}


decision_list, decision_export = governance_lists(
    "decision",
    _decisions,
    DecisionFilter,
    sheet=(
        "decisions.xlsx",
        gettext_lazy("Decisions"),
        exports.DECISION_HEADERS,
        _as_of(exports.decision_rows, timezone.localdate),
    ),
    context=lambda: {
        "today": timezone.localdate(),
        "slow_days": SLOW_DECISION_DAYS,
        **DECISION_FORM,
    },
    more=_latency,
    defaults=DECISION_DEFAULTS,
)

action_list, action_export = governance_lists(
    "action",
    _actions,
    ActionFilter,
    sheet=(
        "actions.xlsx",
        gettext_lazy("Actions"),
        exports.ACTION_HEADERS,
        _as_of(exports.action_rows, timezone.localdate),
    ),
    context=lambda: {"today": timezone.localdate(), **ACTION_FORM},
    defaults=ACTION_DEFAULTS,
)

issue_list, issue_export = governance_lists(
    "issue",
    _issues,
    IssueFilter,
    sheet=(
        "issues.xlsx",
        gettext_lazy("Issues"),
        exports.ISSUE_HEADERS,
        _as_of(exports.issue_rows, timezone.now),
    ),
    context=lambda: {"now": timezone.now(), **ISSUE_FORM},
    defaults=ISSUE_DEFAULTS,
)
