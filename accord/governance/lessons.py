"""Governance feeding practice and knowledge (registered in apps.py when that app is installed).

Closed issues become lesson sources; JSC meetings give "at each JSC" playbook deliverables their
dates; the areas of open issues make lessons on the same topics rank higher on the alliance page.
"""

from __future__ import annotations

from django.http import Http404

from .models import CommitteeKind, Issue, IssueStatus, Meeting

# Governance issue areas → knowledge topics (see accord/knowledge/reference_data.py).
AREA_TOPICS = {
    "development": "clinical",
    "regulatory": "regulatory",
    "commercial": "commercial",
    "manufacturing": "manufacturing",
    "financial": "finance",
    "legal": "contract",
    "relationship": "relationship",
    "intellectual_property": "ip",
}


def issue_source(source_id: int, user):
    from accord.knowledge.hooks import LessonSource

    from .access import get_issue_for_user

    try:
        issue = get_issue_for_user(user, source_id)
    except Http404:
        return None
    alliance = issue.alliance
    return LessonSource(
        alliance=alliance,
        program=issue.program,
        label=f"Issue “{issue.title}” ({alliance.name})",
        phase=alliance.stage,
        title=f"What the issue “{issue.title}” taught us",
        context=(
            f"{issue.get_area_display()} issue, {issue.get_severity_display().lower()} severity, raised "
            f"{issue.raised_on:%d %b %Y}. {issue.description}\nResolution: {issue.resolution or '—'}"
        ).strip(),
    )


def jsc_meetings(alliance) -> list[tuple[int, object]]:
    meetings = Meeting.objects.filter(alliance=alliance, committee__kind=CommitteeKind.JSC)
    return [(pk, starts_at.date()) for pk, starts_at in meetings.values_list("pk", "starts_at")]


def open_topics(alliance) -> set[str]:
    areas = (
        Issue.objects.filter(
            alliance=alliance, status__in=[IssueStatus.OPEN, IssueStatus.ESCALATED]
        )
        .values_list("area", flat=True)
        .distinct()
    )
    return {AREA_TOPICS[area] for area in areas if area in AREA_TOPICS}
