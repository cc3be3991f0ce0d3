"""The Governance panel on an alliance's overview page."""

from django.utils import timezone

from . import access
from .models import ActionItem, Decision
from .status import escalated_counts, upcoming_meetings


def panel_context(alliance, user):
    """What is next in the alliance's governance, or None for someone who takes no part in it."""
    if not access.sees_governance(user, alliance):
        return None
    today = timezone.localdate()
    actions = ActionItem.objects.visible_to(user).filter(alliance=alliance).open_and_overdue(today)
    return {
        "next_meeting": next(iter(upcoming_meetings(alliance, user)), None),
        "open_actions": actions["open"],
        "overdue_actions": actions["overdue"],
        "pending_decisions": Decision.objects.visible_to(user)
        .filter(alliance=alliance)
        .pending()
        .count(),
        "escalated_issues": escalated_counts([alliance.pk], user).get(alliance.pk, 0),
    }
