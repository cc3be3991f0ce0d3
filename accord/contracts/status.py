"""The contract register's part of the alliance's first screen (registered in apps.py).

- status signals: overdue obligations (and the oldest due date), milestones past their forecast
  date and not achieved, for many alliances in a fixed number of queries;
- key dates: notice deadlines, obligations and milestone forecasts, overdue or coming;
- recent business events: milestones met or slipped, obligations completed.

All of it is the register's, so internal: partner users get nothing (RegisterQuerySet.visible_to),
and entries of a firewalled program only reach the people cleared for it.
"""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.core.registry import BusinessEvent, KeyDateItem

from .models import DueRule, Milestone, Obligation, ObligationCompletion, Right, RightState, State
from .models.obligations import Status, status_filter

MILESTONE_ACTIONS = "contracts/_milestone_actions.html"


def status_signals(alliance_ids, user) -> dict[int, dict]:
    today = timezone.localdate()
    found: dict[int, dict] = {}
    overdue = (
        Obligation.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids)
        .filter(status_filter(Status.OVERDUE, timezone.now()))
        .order_by()
        .values("alliance_id")
        .annotate(n=Count("pk"), oldest=Min("due_date"))
    )
    for row in overdue:
        found.setdefault(row["alliance_id"], {}).update(
            overdue_obligations=row["n"], oldest_overdue_on=row["oldest"]
        )
    late = (
        Milestone.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, achieved_on__isnull=True, forecast_date__lt=today)
        .order_by()
        .values("alliance_id")
        .annotate(n=Count("pk"))
    )
    for row in late:
        found.setdefault(row["alliance_id"], {})["overdue_milestones"] = row["n"]
    return found


def key_dates(alliance, user, today, until) -> list[KeyDateItem]:
    now = timezone.now()
    items = []
    obligations = (
        Obligation.objects.visible_to(user)
        .filter(alliance=alliance, state=State.OPEN, due_date__isnull=False, due_date__lte=until)
        .order_by("due_date", "pk")[:50]
    )
    for o in obligations:
        overdue = o.due_at is not None and o.due_at <= now
        if not overdue and o.due_date < today:
            continue
        items.append(
            KeyDateItem.of(
                o,
                o.due_date,
                _("notice deadline") if o.rule == DueRule.NOTICE else _("obligation"),
                overdue=overdue,
            )
        )
    milestones = (
        Milestone.objects.visible_to(user)
        .filter(alliance=alliance, achieved_on__isnull=True, forecast_date__lte=until)
        .select_related("alliance")
        .order_by("forecast_date", "pk")[:50]
    )
    for m in milestones:
        items.append(
            KeyDateItem.of(
                m,
                m.forecast_date,
                _("milestone"),
                overdue=m.forecast_date < today,
                actions_template=MILESTONE_ACTIONS,
                obj=m,
            )
        )
    rights = Right.objects.visible_to(user).filter(
        alliance=alliance,
        state=RightState.AVAILABLE,
        window_closes__gte=today,
        window_closes__lte=until,
    )[:50]
    for r in rights:
        items.append(
            KeyDateItem.of(
                r,
                r.window_closes,
                _("right expires"),
                title=_("%(kind)s expires: %(title)s")
                % {"kind": r.get_kind_display(), "title": r.title},
            )
        )
    return items


def recent_events(alliance, user, since) -> list[BusinessEvent]:
    events = []
    # Met and slipped in one read (in the model's order), at most 20 of each.
    milestones = list(
        Milestone.objects.visible_to(user)
        .filter(alliance=alliance)
        .filter(Q(achieved_on__gte=since) | Q(slipped_on__gte=since))[:200]
    )
    met = [m for m in milestones if m.achieved_on is not None and m.achieved_on >= since]
    slipped = [m for m in milestones if m.slipped_on is not None and m.slipped_on >= since]
    for m in met[:20]:
        events.append(
            BusinessEvent(
                m.achieved_on,
                _("Milestone met: %(title)s") % {"title": m.title},
                "milestone met",
                m.get_absolute_url(),
            )
        )
    for m in slipped[:20]:
        events.append(
            BusinessEvent(
                m.slipped_on,
                _("Milestone slipped to %(date)s: %(title)s — %(reason)s")
                % {
                    "date": dateformat.format(m.forecast_date, pgettext("date format", "d M Y")),
                    "title": m.title,
                    "reason": m.slip_reason,
                },
                "milestone slipped",
                m.get_absolute_url(),
            )
        )
    completions = (
        ObligationCompletion.objects.filter(
            obligation__in=Obligation.objects.visible_to(user).filter(alliance=alliance),
            completed_on__gte=since,
        )
        .select_related("obligation")
        .order_by("-completed_on", "-pk")[:20]
    )
    for c in completions:
        events.append(
            BusinessEvent(
                c.completed_on,
                _("Obligation completed: %(title)s") % {"title": c.obligation.title},
                "obligation completed",
                c.obligation.get_absolute_url(),
            )
        )
    return events
