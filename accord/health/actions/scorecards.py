"""Writes for joint scorecards, relaunches and the health action plan."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.core import audit
from accord.core.actions import (
    Entry,
    alliance_scope,
    assign,
    create_entry,
    open_update,
    save_create,
    save_update,
    update_entry,
)
from accord.core.versioning import bump, lock
from accord.notifications.actions import notify
from accord.portfolio.models import Alliance, AllianceMember

from ..models import (
    ActionStatus,
    Direction,
    HealthAction,
    HealthPolicy,
    JointGoal,
    Metric,
    MetricValue,
    Relaunch,
    RelaunchStatus,
    Side,
)

GOAL_FIELDS = ["period", "title", "description", "order"]
ENDORSE_FIELDS = ["endorsed_on", "endorsed_by", "endorsement_reference", "governance_decision_id"]
METRIC_FIELDS = ["name", "unit", "direction", "owner_side", "amber_tolerance_pct"]
VALUE_FIELDS = ["target", "actual", "note"]
RELAUNCH_STEP_FIELDS = [
    "reason",
    "meeting_date",
    "facilitator",
    "communication_rules",
    "meeting_rules",
    "decision_protocols",
    "issue_resolution",
    "escalation_process",
    "lessons",
]
RELAUNCH_FIELDS = [*RELAUNCH_STEP_FIELDS, "governance_meeting_id"]
ACTION_FIELDS = ["title", "description", "owner", "due_on", "status", "theme_name"]


def _decimal(value, field: str):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ValidationError({field: _("Enter a number below a trillion.")})
    return number.quantize(Decimal("0.01"))


# --- Joint goals ----------------------------------------------------------------------------


def _check_goal_limit(alliance_id, period, exclude_pk=None) -> None:
    limit = HealthPolicy.load().max_goals_per_period
    others = JointGoal.objects.filter(alliance_id=alliance_id, period=period).exclude(pk=exclude_pk)
    if others.count() >= limit:
        raise ValidationError(
            {
                "period": _(
                    "%(period)s already has %(limit)s joint goals, the most the policy allows."
                )
                % {"period": period, "limit": limit}
            }
        )


def _check_goal(goal: JointGoal, relations: dict) -> None:
    goal.full_clean()
    _check_goal_limit(goal.alliance_id, goal.period, exclude_pk=goal.pk)


def _metric_scope(metric: Metric) -> dict:
    return {"alliance_id": metric.goal.alliance_id}


GOAL = Entry(JointGoal, GOAL_FIELDS, check=_check_goal, scope=alliance_scope, strip=True)
METRIC = Entry(Metric, METRIC_FIELDS, scope=_metric_scope, strip=True)
RELAUNCH = Entry(Relaunch, RELAUNCH_FIELDS, scope=alliance_scope, strip=True)
HEALTH_ACTION = Entry(HealthAction, ACTION_FIELDS, scope=alliance_scope, strip=True)


@transaction.atomic
def goal_create(
    *, actor, alliance: Alliance, data: dict, relaunch: Relaunch | None = None
) -> JointGoal:
    goal = JointGoal(alliance=alliance, relaunch=relaunch)
    return create_entry(GOAL, goal, actor=actor, data=data)


@transaction.atomic
def goal_update(*, actor, goal: JointGoal, data: dict, expected_version=None) -> JointGoal:
    return update_entry(GOAL, goal, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def goal_delete(*, actor, goal: JointGoal) -> None:
    goal = lock(JointGoal, goal.pk)
    audit.record_delete(actor=actor, obj=goal, fields=GOAL_FIELDS, alliance_id=goal.alliance_id)
    goal.delete()


@transaction.atomic
def goal_endorse(*, actor, goal: JointGoal, data: dict) -> JointGoal:
    """Record the JSC's endorsement: when, by whom, in which meeting."""
    goal, before = open_update(GOAL, goal, fields=ENDORSE_FIELDS)
    assign(goal, data, ENDORSE_FIELDS, strip=True)
    errors = {}
    if not goal.endorsed_on:
        errors["endorsed_on"] = _("Give the date of the endorsement.")
    elif goal.endorsed_on > timezone.localdate():
        errors["endorsed_on"] = _("An endorsement cannot be in the future.")
    if not goal.endorsed_by:
        errors["endorsed_by"] = _("Say who endorsed it (e.g. the JSC co-chairs).")
    if not goal.endorsement_reference:
        errors["endorsement_reference"] = _("Give the meeting reference, e.g. JSC 2026-03 item 4.")
    if errors:
        raise ValidationError(errors)
    goal.endorsement_recorded_by = actor
    goal.full_clean()
    return save_update(GOAL, goal, before, actor=actor, reason="JSC endorsement")


# --- Metrics --------------------------------------------------------------------------------


@transaction.atomic
def metric_create(*, actor, goal: JointGoal, data: dict) -> Metric:
    metric = Metric(goal=goal)
    assign(metric, data, METRIC_FIELDS, strip=True)
    if metric.direction not in Direction.values:
        raise ValidationError({"direction": _("Choose higher or lower.")})
    if metric.owner_side not in Side.values:
        raise ValidationError({"owner_side": _("Choose our company or the partner.")})
    metric.full_clean()
    return save_create(METRIC, metric, actor=actor)


@transaction.atomic
def metric_update(*, actor, metric: Metric, data: dict, expected_version=None) -> Metric:
    return update_entry(METRIC, metric, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def metric_delete(*, actor, metric: Metric) -> None:
    metric = lock(Metric, metric.pk)
    audit.record_delete(
        actor=actor, obj=metric, fields=METRIC_FIELDS, alliance_id=metric.goal.alliance_id
    )
    metric.delete()


def _period(period) -> str:
    period = (period or "").strip()
    if not period or len(period) > 20:
        raise ValidationError(
            {"period": _("Name the period in up to 20 characters, e.g. 2026-Q1.")}
        )
    return period


@transaction.atomic
def metric_set_target(*, actor, metric: Metric, period: str, target) -> MetricValue:
    """The target for a period is part of the scorecard's design: the alliance's managers set it."""
    period = _period(period)
    target = _decimal(target, "target")
    if target is None:
        raise ValidationError({"target": _("Enter the target.")})
    value = MetricValue.objects.select_for_update().filter(metric=metric, period=period).first()
    if value is None:
        value = MetricValue(metric=metric, period=period, target=target)
        value.full_clean()
        value.save()
        audit.record_create(
            actor=actor, obj=value, fields=VALUE_FIELDS, alliance_id=metric.goal.alliance_id
        )
        return value
    before = audit.snapshot(value, VALUE_FIELDS)
    value.target = target
    value.full_clean()
    value.save()
    audit.record_update(actor=actor, obj=value, before=before, alliance_id=metric.goal.alliance_id)
    return value


@transaction.atomic
def metric_record_actual(
    *, actor, metric: Metric, period: str, actual, note: str = ""
) -> MetricValue:
    """The actual for a period, reported by the side the metric is assigned to."""
    period = _period(period)
    value = MetricValue.objects.select_for_update().filter(metric=metric, period=period).first()
    if value is None:
        raise ValidationError(
            {"period": _("No target is set for %(period)s yet.") % {"period": period}}
        )
    before = audit.snapshot(value, VALUE_FIELDS)
    value.actual = _decimal(actual, "actual")
    value.note = (note or "").strip()[:300]
    value.updated_by = actor
    value.updated_at = timezone.now()
    value.full_clean()
    value.save()
    audit.record_update(actor=actor, obj=value, before=before, alliance_id=metric.goal.alliance_id)
    return value


# --- Relaunch -------------------------------------------------------------------------------


@transaction.atomic
def relaunch_start(*, actor, alliance: Alliance, data: dict | None = None) -> Relaunch:
    if Relaunch.objects.filter(alliance=alliance, status=RelaunchStatus.IN_PROGRESS).exists():
        raise ValidationError(
            {"alliance": _("A relaunch of this alliance is already in progress.")}
        )
    relaunch = Relaunch(alliance=alliance, started_by=actor)
    return create_entry(RELAUNCH, relaunch, actor=actor, data=data or {})


@transaction.atomic
def relaunch_update(*, actor, relaunch: Relaunch, data: dict, expected_version=None) -> Relaunch:
    relaunch, before = open_update(RELAUNCH, relaunch, expected_version)
    if relaunch.status == RelaunchStatus.COMPLETED:
        raise ValidationError({"status": _("This relaunch is completed.")})
    assign(relaunch, data, RELAUNCH_FIELDS, strip=True)
    relaunch.full_clean()
    return save_update(RELAUNCH, relaunch, before, actor=actor)


@transaction.atomic
def relaunch_complete(*, actor, relaunch: Relaunch) -> Relaunch:
    """Finish the relaunch; its leaders are asked to capture the lessons (see hooks.py)."""
    relaunch = lock(Relaunch, relaunch.pk)
    if relaunch.status == RelaunchStatus.COMPLETED:
        raise ValidationError({"status": _("This relaunch is already completed.")})
    missing = relaunch.missing_steps()
    if missing:
        raise ValidationError(
            {
                "status": _("Complete these steps first: %(steps)s.")
                % {"steps": ", ".join(str(step) for step in missing)}
            }
        )
    relaunch.status = RelaunchStatus.COMPLETED
    relaunch.completed_at = timezone.now()
    bump(relaunch)
    relaunch.save()
    audit.record(
        actor=actor,
        obj=relaunch,
        action="complete",
        changes={"status": (RelaunchStatus.IN_PROGRESS.label, RelaunchStatus.COMPLETED.label)},
        alliance_id=relaunch.alliance_id,
    )
    leads = [
        m.user
        for m in AllianceMember.objects.filter(alliance=relaunch.alliance)
        .responsible()
        .select_related("user")
    ]
    notify(
        recipients=[*leads, *([actor] if actor else [])],
        kind="health.relaunch_lesson",
        title=lambda: (
            _("Capture the lessons of the %(alliance)s relaunch") % {"alliance": relaunch.alliance}
        ),
        body=lambda: _(
            "The relaunch is complete: record what was learned so it outlives the team."
        ),
        dedupe_key=f"health.relaunch.{relaunch.pk}.lesson",
        url=reverse("health:relaunch_lesson", args=[relaunch.pk]),
        alliance_id=relaunch.alliance_id,
    )
    return relaunch


@transaction.atomic
def relaunch_link_lesson(*, actor, relaunch: Relaunch, reference: str) -> Relaunch:
    """Called back by the lessons-learned app once a lesson has been recorded from a relaunch."""
    relaunch = lock(Relaunch, relaunch.pk)
    before = audit.snapshot(relaunch, ["lesson_reference"])
    relaunch.lesson_reference = (reference or "").strip()[:200]
    relaunch.save()
    audit.record_update(actor=actor, obj=relaunch, before=before, alliance_id=relaunch.alliance_id)
    return relaunch


# --- Action plan ----------------------------------------------------------------------------


@transaction.atomic
def action_create(*, actor, alliance: Alliance, data: dict) -> HealthAction:
    action = HealthAction(alliance=alliance, created_by=actor)
    wave = data.pop("wave", None)
    if wave is not None and wave.alliance_id != alliance.pk:
        raise ValidationError({"wave": _("That wave is about another alliance.")})
    action.wave = wave
    theme_key = data.pop("theme_key", "")
    assign(action, data, ACTION_FIELDS, strip=True)
    action.theme_key = theme_key or ""
    action.full_clean()
    save_create(HEALTH_ACTION, action, actor=actor)
    _notify_owner(action, "assigned")
    return action


@transaction.atomic
def action_update(
    *, actor, action: HealthAction, data: dict, expected_version=None, owner_only: bool = False
) -> HealthAction:
    """`owner_only`: the owner (not a manager of the alliance) may change the status only."""
    action, before = open_update(HEALTH_ACTION, action, expected_version)
    if owner_only and set(data) - {"status"}:
        raise ValidationError({"status": _("As the owner you can change the status only.")})
    owner_before = action.owner_id
    assign(action, data, ACTION_FIELDS, strip=True)
    if action.status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose open, done or dropped.")})
    action.completed_at = timezone.now() if action.status == ActionStatus.DONE else None
    action.full_clean()
    save_update(HEALTH_ACTION, action, before, actor=actor)
    if action.owner_id != owner_before:
        _notify_owner(action, f"assigned.{action.owner_id}")
    return action


def _notify_owner(action: HealthAction, step: str, title: str | None = None) -> None:
    notify(
        recipients=[action.owner],
        kind="health.action",
        title=title
        or (
            lambda: (
                _("Health action for %(alliance)s: %(title)s")
                % {"alliance": action.alliance, "title": action.title}
            )
        ),
        body=lambda: (
            _("Due %(date)s.")
            % {"date": date_format(action.due_on, pgettext("date format", "d M Y"))}
        ),
        dedupe_key=f"health.action.{action.pk}.{step}",
        url=reverse("health:alliance_health", args=[action.alliance_id]) + "#actions",
        alliance_id=action.alliance_id,
    )


def remind_actions(*, today) -> int:
    """Remind owners a week before an action is due and once it is overdue (idempotent)."""
    import datetime as dt

    count = 0
    soon = today + dt.timedelta(days=7)
    for action in (
        HealthAction.objects.open().filter(due_on__lte=soon).select_related("owner", "alliance")
    ):
        if action.due_on < today:
            step = f"overdue.{action.due_on}"

            def title(action=action):
                return _("Overdue health action: %(title)s") % {"title": action.title}
        else:
            step = f"due.{action.due_on}"

            def title(action=action):
                return _("Health action due %(date)s: %(title)s") % {
                    "date": date_format(action.due_on, pgettext("date format", "d M")),
                    "title": action.title,
                }

        count += len(
            notify(
                recipients=[action.owner],
                kind="health.action",
                title=title,
                body=lambda action=action: _("For %(alliance)s.") % {"alliance": action.alliance},
                dedupe_key=f"health.action.{action.pk}.{step}",
                url=reverse("health:alliance_health", args=[action.alliance_id]) + "#actions",
                alliance_id=action.alliance_id,
            )
        )
    return count
