"""What the contract register adds to My week (accord.core.registry.WEEK_SOURCES): open
obligations and notice deadlines that need the person, and milestones expected on the
alliances they run. Rows come from the same QuerySet methods as the lists' "Mine" filter."""

from __future__ import annotations

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accord.core.registry import WeekQuery, WeekRow
from accord.portfolio.access import editable_alliance_ids

from . import access, actions
from .models import Category, Milestone, Obligation

ALLIANCE_MANAGERS = gettext_noop("Alliance managers")  # translated where a row is built


def _by_alliance(queryset, filters):
    alliance = filters.get("alliance")
    return queryset.filter(alliance_id=alliance) if alliance else queryset


def _varied(obligation) -> str:
    """What a row says when an agreed variance moved the date it is measured against."""
    if obligation.measured_due_date == obligation.due_date:
        return ""
    return _("(under a variance; the agreement's date is %(date)s)") % {
        "date": f"{obligation.due_date:%-d %b %Y}" if obligation.due_date else _("none")
    }


def _needing(viewer, people, start, end, filters, *, notices: bool):
    queryset = (
        Obligation.objects.visible_to(viewer)
        .mine(people)
        .open()
        .not_snoozed(start)
        .measured_due_between(None, end)
        .select_related("alliance", "owner")
        .order_by("measured_due_date", "pk")
    )
    queryset = queryset.notices() if notices else queryset.exclude(category=Category.NOTIFICATION)
    return _by_alliance(queryset, filters)


def _obligation_rows(viewer, found, *, notices: bool):
    editable = editable_alliance_ids(viewer, {o.alliance_id for o in found})
    return [
        WeekRow.of(
            "notice" if notices else "obligation",
            o,
            due=o.measured_due_date,
            who=str(o.owner) if o.owner_id else _(ALLIANCE_MANAGERS),
            detail=" ".join(filter(None, [o.get_category_display(), o.section, _varied(o)])),
            done=o.alliance_id in editable,
            done_field="evidence",
            snooze=o.alliance_id in editable,
        )
        for o in found
    ]


obligation_rows = WeekQuery(
    select=partial(_needing, notices=False),
    due="measured_due_date",
    build=partial(_obligation_rows, notices=False),
)
notice_rows = WeekQuery(
    select=partial(_needing, notices=True),
    due="measured_due_date",
    build=partial(_obligation_rows, notices=True),
)


def _milestones(viewer, people, start, end, filters):
    queryset = (
        Milestone.objects.visible_to(viewer)
        .mine(people)
        .expected()
        .filter(forecast_date__lte=end)
        .select_related("alliance")
        .order_by("forecast_date", "pk")
    )
    return _by_alliance(queryset, filters)


def _milestone_rows(viewer, found):
    return [
        WeekRow.of(
            "milestone",
            m,
            due=m.forecast_date,
            who=_(ALLIANCE_MANAGERS),
            detail=_("%(kind)s milestone, forecast") % {"kind": m.get_kind_display()},
        )
        for m in found
    ]


milestone_rows = WeekQuery(select=_milestones, due="forecast_date", build=_milestone_rows)


def variance_rows(viewer, people, start, end, filters):
    """Variances in force on the alliances the people run that end, or must be revisited or
    formalised, within 30 days (EXPIRING_DAYS) of the week's start."""
    from accord.portfolio.models import Alliance

    from .models import Variance

    queryset = (
        Variance.objects.visible_to(viewer)
        .expiring(start)
        .filter(alliance__in=Alliance.objects.managed_by(people).values("pk"))
        .select_related("alliance")
        .order_by("ends_on", "pk")
    )
    rows = []
    for v in _by_alliance(queryset, filters):
        due = min(v.ends_on, v.revisit_on)
        if due > end:
            continue
        rows.append(
            WeekRow.of(
                "variance",
                v,
                due=due,
                who=_(ALLIANCE_MANAGERS),
                detail=_("Variance in force until %(ends)s; %(step)s by %(revisit)s")
                % {
                    "ends": v.ends_on.isoformat(),
                    "step": v.get_next_step_display().lower(),
                    "revisit": v.revisit_on.isoformat(),
                },
            )
        )
    return rows


def mark_done(actor, pk, data):
    obligation = access.get_obligation_for_user(actor, pk, write=True)
    actions.obligation_complete(
        actor=actor,
        obligation=obligation,
        completed_on=timezone.localdate(),
        evidence=data.get("evidence", ""),
    )


def snooze(actor, pk, until, reason):
    obligation = access.get_obligation_for_user(actor, pk, write=True)
    actions.obligation_snooze(actor=actor, obligation=obligation, until=until, reason=reason)


def register() -> None:
    from accord.core.registry import register_week_sources

    register_week_sources(
        (
            "obligation",
            gettext_lazy("Obligation"),
            gettext_lazy("Obligations"),
            10,
            obligation_rows,
        ),
        (
            "notice",
            gettext_lazy("Notice deadline"),
            gettext_lazy("Notice deadlines"),
            12,
            notice_rows,
        ),
        mark_done=mark_done,
        snooze=snooze,
    )
    register_week_sources(
        ("milestone", gettext_lazy("Milestone"), gettext_lazy("Milestones"), 14, milestone_rows),
        (
            "variance",
            gettext_lazy("Variance about to expire"),
            gettext_lazy("Variances about to expire"),
            16,
            variance_rows,
        ),
    )
