"""Minutes drafted from the agenda: each item in order, with what was decided and agreed under it.

`agenda_outcomes` is what the meeting page shows ("taken" items) and what the draft is written
from, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import ActionItem, AgendaItem, Decision, DecisionStatus, Meeting


@dataclass
class ItemOutcome:
    item: AgendaItem | None  # None: recorded in the meeting under no particular item
    decisions: list[Decision] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)

    @property
    def taken(self) -> Decision | None:
        """The decision that settles this item, if one was taken (the first, in order)."""
        return self.decisions[0] if self.decisions else None


def _audience(queryset, meeting: Meeting):
    from .actions.meetings import _for_audience

    return _for_audience(queryset, meeting)


def agenda_outcomes(meeting: Meeting, agenda=None) -> list[ItemOutcome]:
    """Every agenda item of the meeting with the decisions taken and actions created under it,
    then whatever the meeting recorded under no item ("Other business"). `agenda`: the items
    to use (already scoped for a person), else all the meeting's items."""
    items = list(
        agenda
        if agenda is not None
        else meeting.agenda_items.select_related("decision", "action", "issue")
    )
    outcomes = {item.pk: ItemOutcome(item) for item in items}
    other = ItemOutcome(None)
    decisions = _audience(
        Decision.objects.filter(meeting=meeting, status=DecisionStatus.DECIDED), meeting
    ).order_by("decided_on", "pk")
    for decision in decisions:
        target = outcomes.get(decision.agenda_item_id)
        if target is None and decision.agenda_item_id is None:
            # A carried-over decision decided here without naming the item: its own item.
            target = next((o for o in outcomes.values() if o.item.decision_id == decision.pk), None)
        if target is not None:
            target.decisions.append(decision)
        elif decision.agenda_item_id is None:
            other.decisions.append(decision)
    actions = _audience(
        ActionItem.objects.filter(meeting=meeting).select_related("owner"), meeting
    ).order_by("due_on", "pk")
    for action in actions:
        target = outcomes.get(action.agenda_item_id)
        if target is not None:
            target.actions.append(action)
        elif action.agenda_item_id is None:
            other.actions.append(action)
    result = [outcomes[item.pk] for item in items]
    if other.decisions or other.actions:
        result.append(other)
    return result


def draft_text(meeting: Meeting) -> str:
    """The first draft of the minutes: one numbered section per agenda item."""
    lines = [_("Minutes of %(meeting)s") % {"meeting": meeting}, ""]
    outcomes = agenda_outcomes(meeting)
    if not outcomes:
        lines.append(_("(The agenda was empty.)"))
    for number, outcome in enumerate(outcomes, start=1):
        title = outcome.item.title if outcome.item is not None else _("Other business")
        lines.append(f"{number}. {title}")
        if outcome.item is not None and outcome.item.notes:
            lines.append(f"   {outcome.item.notes.strip()}")
        lines.append("   " + _("Discussion:"))
        for decision in outcome.decisions:
            lines.append(
                "   "
                + _("Decision: %(title)s: %(outcome)s")
                % {"title": decision.title, "outcome": decision.outcome}
            )
        for action in outcome.actions:
            lines.append(
                "   "
                + _("Action: %(title)s (%(owner)s, due %(due)s)")
                % {"title": action.title, "owner": action.owner, "due": f"{action.due_on:%Y-%m-%d}"}
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
