"""What the weekly note says: short plain sentences per alliance, most important first.

The note is one document emailed to every subscribed executive, so it leaves out everything
recorded about a firewalled program (whoever reads it, and whatever their clearance): a firewall
is worth more than a line in a note. Alliance-level facts of an alliance that has a firewalled
program still appear.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext

from accord.contracts.models import Milestone, ObligationCompletion, Variance
from accord.core.models import AuditEvent
from accord.governance.models import (
    PENDING_DECISION,
    Decision,
    DecisionStatus,
    Issue,
    IssueEscalation,
    Risk,
    RiskStatus,
)
from accord.health.models import Wave, WaveKind
from accord.portfolio.models import Alliance

AHEAD_DAYS = 30
HIGH_RISK_SCORE = 15

# Order of the facts inside one alliance's "this week": what needs an executive's eye first.
ESCALATED, SLIPPED, DECIDED, RESOLVED, MET, FULFILLED, HEALTH, STAGE, STARTED = range(9)


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b}"


def previous_week(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last full Monday-to-Sunday week before `today`."""
    start = today - dt.timedelta(days=today.weekday() + 7)
    return start, start + dt.timedelta(days=6)


def _open_programs():
    """Facts linked to these programs go into the note; firewalled ones never do."""
    return Q(program__isnull=True) | Q(program__is_firewalled=False)


def _collect(week_start: dt.date, week_end: dt.date) -> list[dict]:
    """Every fact of the week, per alliance and section, as (order, sentence, link) in order."""
    happened: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    ahead: dict[int, list[tuple[dt.date, str, str]]] = defaultdict(list)
    risks: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    escalated: set[int] = set()
    week = (week_start, week_end)
    ahead_end = week_end + dt.timedelta(days=AHEAD_DAYS)

    for step in (
        IssueEscalation.objects.filter(at__date__range=week, from_level__isnull=False)
        .filter(Q(issue__program__isnull=True) | Q(issue__program__is_firewalled=False))
        .select_related("issue", "to_level")
        .order_by("at", "pk")
    ):
        happened[step.issue.alliance_id].append(
            (
                ESCALATED,
                f"Issue escalated to {step.to_level}: {step.issue.title}.",
                step.issue.get_absolute_url(),
            )
        )
        escalated.add(step.issue.alliance_id)
    for decision in (
        Decision.objects.filter(_open_programs(), status=DecisionStatus.DECIDED)
        .filter(decided_on__range=week)
        .select_related("decided_by", "committee")
        .order_by("decided_on", "pk")
    ):
        body = decision.decided_by or decision.committee
        who = f"{body} decided" if body else "Decided"
        happened[decision.alliance_id].append(
            (DECIDED, f"{who}: {decision.title}.", decision.get_absolute_url())
        )
    milestones = Milestone.objects.filter(_open_programs())
    for milestone in milestones.filter(achieved_on__range=week).order_by("achieved_on", "pk"):
        happened[milestone.alliance_id].append(
            (
                MET,
                f"Milestone met: {milestone.title} ({_day(milestone.achieved_on)}).",
                milestone.get_absolute_url(),
            )
        )
    for done in (
        ObligationCompletion.objects.filter(completed_on__range=week)
        .filter(Q(obligation__program__isnull=True) | Q(obligation__program__is_firewalled=False))
        .select_related("obligation")
        .order_by("completed_on", "pk")
    ):
        obligation = done.obligation
        happened[obligation.alliance_id].append(
            (
                FULFILLED,
                f"Obligation fulfilled: {obligation.title} ({_day(done.completed_on)}).",
                obligation.get_absolute_url(),
            )
        )
    for milestone in milestones.filter(
        achieved_on__isnull=True, forecast_date__range=week
    ).order_by("forecast_date", "pk"):
        happened[milestone.alliance_id].append(
            (
                SLIPPED,
                f"Milestone slipped: {milestone.title} was forecast for "
                f"{_day(milestone.forecast_date)} and is not achieved.",
                milestone.get_absolute_url(),
            )
        )
    for issue in Issue.objects.filter(_open_programs(), resolved_on__range=week).order_by(
        "resolved_on", "pk"
    ):
        happened[issue.alliance_id].append(
            (RESOLVED, f"Issue resolved: {issue.title}.", issue.get_absolute_url())
        )
    for alliance_id, sentence in _health_changes(week):
        happened[alliance_id].append((HEALTH, sentence, _alliance_url(alliance_id)))
    for alliance_id, sentence in _stage_changes(week):
        happened[alliance_id].append((STAGE, sentence, _alliance_url(alliance_id)))
    for alliance in Alliance.objects.filter(effective_date__range=week):
        happened[alliance.pk].append(
            (
                STARTED,
                f"The agreement took effect on {_day(alliance.effective_date)}.",
                alliance.get_absolute_url(),
            )
        )

    for decision in (
        Decision.objects.filter(_open_programs(), status__in=PENDING_DECISION)
        .filter(due_on__gt=week_end, due_on__lte=ahead_end)
        .order_by("due_on", "pk")
    ):
        ahead[decision.alliance_id].append(
            (
                decision.due_on,
                f"Decision needed by {_day(decision.due_on)}: {decision.title}.",
                decision.get_absolute_url(),
            )
        )
    for milestone in milestones.filter(
        achieved_on__isnull=True, forecast_date__gt=week_end, forecast_date__lte=ahead_end
    ).order_by("forecast_date", "pk"):
        ahead[milestone.alliance_id].append(
            (
                milestone.forecast_date,
                f"Milestone forecast for {_day(milestone.forecast_date)}: {milestone.title}.",
                milestone.get_absolute_url(),
            )
        )
    # Agreed workarounds in force at the week's end that end, or must be revisited or
    # formalised as an amendment, in the coming weeks.
    for variance in (
        Variance.objects.filter(_open_programs())
        .expiring(week_end, AHEAD_DAYS)
        .order_by("ends_on", "pk")
    ):
        ahead[variance.alliance_id].append(
            (
                min(variance.ends_on, variance.revisit_on),
                gettext("Variance about to expire on %(ends)s: %(title)s (%(step)s by %(by)s).")
                % {
                    "ends": _day(variance.ends_on),
                    "title": variance.title,
                    "step": variance.get_next_step_display().lower(),
                    "by": _day(variance.revisit_on),
                },
                variance.get_absolute_url(),
            )
        )
    for risk in (
        Risk.objects.filter(_open_programs(), status=RiskStatus.OPEN)
        .annotate(score_value=F("likelihood") * F("impact"))
        .filter(score_value__gte=HIGH_RISK_SCORE)
        .order_by("-score_value", "pk")
    ):
        risks[risk.alliance_id].append(
            (
                -risk.score_value,
                f"High risk ({risk.likelihood}×{risk.impact}): {risk.title}.",
                risk.get_absolute_url(),
            )
        )

    ids = set(happened) | set(ahead) | set(risks)
    alliances = Alliance.objects.filter(pk__in=ids).only("pk", "name", "tier")
    blocks = [
        {
            "alliance_id": alliance.pk,
            "name": alliance.name,
            "tier": alliance.tier,
            "escalated": alliance.pk in escalated,
            "happened": _ordered(happened[alliance.pk]),
            "ahead": _ordered(ahead[alliance.pk]),
            "risks": _ordered(risks[alliance.pk]),
        }
        for alliance in alliances
    ]
    blocks.sort(key=lambda b: (b["tier"], not b["escalated"], not b["happened"], b["name"]))
    return blocks


def _ordered(facts) -> list[tuple[str, str]]:
    return [(text, url) for _, text, url in sorted(facts, key=lambda x: x[0])]


def _alliance_url(alliance_id: int) -> str:
    return reverse("portfolio:alliance_detail", args=[alliance_id])


SECTIONS = ("happened", "ahead", "risks")


def compose(week_start: dt.date, week_end: dt.date) -> list[dict]:
    """The note's content for a week: one block per alliance with something to say (sentences
    only; `compose_with_lines` gives the same facts with their links)."""
    return compose_with_lines(week_start, week_end)[0]


def compose_with_lines(week_start: dt.date, week_end: dt.date) -> tuple[list[dict], list[dict]]:
    """The blocks (as `compose`) and the same facts as ordered lines: [{"alliance_id",
    "section", "text", "url"}], block by block and section by section, as the note reads."""
    blocks, lines = [], []
    for block in _collect(week_start, week_end):
        blocks.append({**block, **{key: [text for text, _ in block[key]] for key in SECTIONS}})
        for key in SECTIONS:
            for text, url in block[key]:
                lines.append(
                    {"alliance_id": block["alliance_id"], "section": key, "text": text, "url": url}
                )
    return blocks, lines


def _health_changes(week):
    from accord.health.models import HealthPolicy
    from accord.health.results import ALL, compute, load_rows, previous_closed

    closed = list(
        Wave.objects.closed()
        .filter(kind=WaveKind.JOINT, closed_at__date__range=week)
        .select_related("alliance")
        .order_by("closed_at", "pk")
    )
    if not closed:
        return []
    previous = {wave.pk: previous_closed(wave) for wave in closed}
    waves = closed + [w for w in previous.values() if w is not None]
    rows, items = load_rows(waves)
    policy = HealthPolicy.load()

    def overall(wave):
        result = compute(wave, rows[wave.pk], items[wave.instrument_id], policy)
        group = result.group(ALL) if result.available else None
        return group.overall if group else None

    changes = []
    for wave in closed:
        score = overall(wave)
        if score is None:
            text = f"“{wave.title}” closed with too few answers to show a score."
        else:
            text = f"Health score {score:.0f}/100 in “{wave.title}”"
            before = overall(previous[wave.pk]) if previous[wave.pk] else None
            text += f" (previously {before:.0f})." if before is not None else "."
        changes.append((wave.alliance_id, text))
    return changes


def _stage_changes(week):
    """Alliances that moved stage (relaunched, wound down, ended), from the audit trail."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Alliance),
        field="stage",
        at__date__range=week,
    ).exclude(old_value="")
    return [
        (int(event.object_id), f"Moved from {event.old_value} to {event.new_value}.")
        for event in events.order_by("at", "id")
    ]
