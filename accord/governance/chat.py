"""Governance news for the teams' chat channels (accord.notifications.chat)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accord.notifications.chat import announce

from .reminders import in_site_language


def _shared(record) -> bool:
    """Whether the partner is shown this record: the rule partner users are scoped by."""
    return type(record).objects.filter(pk=record.pk).shared().exists()


def _announce(event: str, record, *, title: str, dedupe_key: str) -> None:
    """Tell the channels of the record's alliance (and firewalled program) about it."""
    announce(
        event=event,
        title=title,
        url=record.get_absolute_url(),
        dedupe_key=dedupe_key,
        alliance_id=record.alliance_id,
        program_id=record.firewall_program_id,
        shared=_shared(record),
    )


@in_site_language
def decision_taken(decision) -> None:
    _announce(
        "decision_taken",
        decision,
        title=_("%(body)s decided: %(title)s")
        % {"body": decision.committee.name, "title": decision.title},
        dedupe_key=f"governance.decision:{decision.pk}:decided",
    )


@in_site_language
def minutes_approved(minutes) -> None:
    _announce(
        "minutes_approved",
        minutes.meeting,
        title=_("Minutes approved by both parties: %(meeting)s") % {"meeting": minutes.meeting},
        dedupe_key=f"governance.minutes:{minutes.pk}:approved",
    )


@in_site_language
def issue_escalated(issue) -> None:
    _announce(
        "issue_escalated",
        issue,
        title=_("Issue escalated to %(body)s: %(title)s")
        % {"body": issue.level, "title": issue.title},
        dedupe_key=f"governance.issue:{issue.pk}:escalated:{issue.level_id}",
    )
