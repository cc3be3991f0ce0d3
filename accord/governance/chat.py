"""Governance news for the teams' chat channels (accord.notifications.chat)."""

from __future__ import annotations

from accord.notifications.chat import announce

from .models import Meeting


def _shared(record) -> bool:
    """Whether the partner is shown this record: the rule partner users are scoped by."""
    return type(record).objects.filter(pk=record.pk).shared().exists()


def decision_taken(decision) -> None:
    announce(
        event="decision_taken",
        title=f"{decision.committee.name} decided: {decision.title}",
        url=decision.get_absolute_url(),
        dedupe_key=f"governance.decision:{decision.pk}:decided",
        alliance_id=decision.alliance_id,
        program_id=decision.firewall_program_id,
        shared=_shared(decision),
    )


def minutes_approved(minutes) -> None:
    meeting = minutes.meeting
    announce(
        event="minutes_approved",
        title=f"Minutes approved by both parties: {meeting}",
        url=meeting.get_absolute_url(),
        dedupe_key=f"governance.minutes:{minutes.pk}:approved",
        alliance_id=meeting.alliance_id,
        program_id=meeting.firewall_program_id,
        shared=Meeting.objects.filter(pk=meeting.pk).shared().exists(),
    )


def issue_escalated(issue) -> None:
    announce(
        event="issue_escalated",
        title=f"Issue escalated to {issue.level}: {issue.title}",
        url=issue.get_absolute_url(),
        dedupe_key=f"governance.issue:{issue.pk}:escalated:{issue.level_id}",
        alliance_id=issue.alliance_id,
        program_id=issue.firewall_program_id,
        shared=_shared(issue),
    )
