"""An alliance's red/amber/green status: the one rule, its thresholds, and the signals it reads.

`alliance_statuses(alliances, user)` answers for a whole list of alliances in a fixed number of
queries (the alliance page, the exec pack and "My week" all call it). The signals come from the
domain apps through `accord.core.registry.STATUS_SIGNALS` (portfolio imports none of them), each
scoped to the person looking: an overdue obligation of a firewalled program counts only for the
people cleared for it, so two people may see different statuses of the same alliance.

The rule (`derive`) is documented in docs/alliance-status.md; change the thresholds here and
there together. A manager may override the status with a reason (AllianceStatusOverride); the
derived status and its reasons stay visible beside the override.

The status is internal: it is built from the contract register, value and health figures that
partner users do not see, so `sees_status` is False for them and they get no status at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core import registry

from .models import AllianceStatusOverride, Rag

# --- Thresholds (docs/alliance-status.md) -----------------------------------------------------
# Contract obligations past their due date and still open.
RED_OVERDUE_OBLIGATIONS = 3  # this many or more: red (1 or 2: amber)
RED_OVERDUE_DAYS = 30  # any obligation overdue by more than this many days: red
# Governance issues escalated and not resolved.
RED_ESCALATED_ISSUES = 2  # this many or more: red (1: amber)
# The latest closed joint health assessment's overall score (0-100).
RED_HEALTH_BELOW = 50  # below this: red
AMBER_HEALTH_BELOW = 65  # below this: amber
AMBER_HEALTH_DROP = 10  # fallen by this many points or more since the previous one: amber
# Value at risk (slipped, unpaid baseline milestones plus their cost of delay).
RED_VALUE_AT_RISK_PCT = 25  # this share of the whole forecast or more: red (any: amber)
# Milestones whose forecast date has passed without being achieved: 1 or more is amber.

ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


# The rule in words, for the page ("How is the status derived?") and built from the thresholds,
# in the reader's language (so written when shown, not at import).
def rules() -> list[str]:
    return [
        _(
            "Red: %(obligations)s or more contract obligations overdue, or one overdue by "
            "more than %(days)s days; %(issues)s or more issues escalated; a "
            "health score below %(health)s; value at risk of %(pct)s%% of the "
            "forecast or more."
        )
        % {
            "obligations": RED_OVERDUE_OBLIGATIONS,
            "days": RED_OVERDUE_DAYS,
            "issues": RED_ESCALATED_ISSUES,
            "health": RED_HEALTH_BELOW,
            "pct": RED_VALUE_AT_RISK_PCT,
        },
        _(
            "Amber: any obligation overdue; an issue escalated; a health score below "
            "%(health)s, or %(drop)s points or more below the previous "
            "assessment; any value at risk; a milestone past its forecast date and not marked "
            "achieved."
        )
        % {"health": AMBER_HEALTH_BELOW, "drop": AMBER_HEALTH_DROP},
        _(
            "Green: none of these. Only what you may see counts (a firewalled program's records "
            "count only for the people cleared for it)."
        ),
    ]


@dataclass
class Signals:
    """What the domain apps report about one alliance, as the person looking may see it."""

    overdue_obligations: int = 0
    oldest_overdue_on: dt.date | None = None  # the earliest due date among them
    overdue_milestones: int = 0
    escalated_issues: int = 0
    health_score: float | None = None
    health_previous: float | None = None
    health_title: str = ""
    value_at_risk: Decimal | None = None
    forecast_total: Decimal | None = None
    forecast_to_date: Decimal | None = None
    realised_to_date: Decimal | None = None
    captured_pct: Decimal | None = None
    currency: str = ""

    @property
    def health_trend(self) -> float | None:
        if self.health_score is None or self.health_previous is None:
            return None
        return round(self.health_score - self.health_previous, 1)


@dataclass(frozen=True)
class Reason:
    level: str  # Rag value
    text: str


@dataclass
class AllianceStatus:
    alliance_id: int
    derived: str  # Rag value from the rule
    reasons: list[Reason]
    signals: Signals
    override: AllianceStatusOverride | None = None

    @property
    def status(self) -> str:
        """What is shown first: the override when there is one, else the derived status."""
        return self.override.status if self.override else self.derived

    def get_status_display(self) -> str:
        return Rag(self.status).label

    def get_derived_display(self) -> str:
        return Rag(self.derived).label

    @property
    def main_reasons(self) -> list[Reason]:
        """The reasons at the derived level (what made it red, or amber)."""
        return [r for r in self.reasons if r.level == self.derived]


def derive(signals: Signals, today: dt.date) -> tuple[str, list[Reason]]:
    """The one rule: the worst level any signal reaches, with every reason, worst first."""
    reasons: list[Reason] = []
    n = signals.overdue_obligations
    if n:
        days = (today - signals.oldest_overdue_on).days if signals.oldest_overdue_on else 0
        text = ngettext(
            "%(n)s contract obligation overdue", "%(n)s contract obligations overdue", n
        ) % {"n": n}
        if days:
            text = ngettext(
                "%(text)s (the oldest by %(days)s day)",
                "%(text)s (the oldest by %(days)s days)",
                days,
            ) % {"text": text, "days": days}
        red = n >= RED_OVERDUE_OBLIGATIONS or days > RED_OVERDUE_DAYS
        reasons.append(Reason(Rag.RED if red else Rag.AMBER, text))
    if signals.escalated_issues:
        level = Rag.RED if signals.escalated_issues >= RED_ESCALATED_ISSUES else Rag.AMBER
        n = signals.escalated_issues
        reasons.append(
            Reason(
                level,
                ngettext("%(n)s issue escalated", "%(n)s issues escalated", n) % {"n": n},
            )
        )
    if signals.health_score is not None:
        score = signals.health_score
        if score < RED_HEALTH_BELOW:
            reasons.append(
                Reason(Rag.RED, _("Health score %(score)s / 100") % {"score": f"{score:.0f}"})
            )
        elif score < AMBER_HEALTH_BELOW:
            reasons.append(
                Reason(Rag.AMBER, _("Health score %(score)s / 100") % {"score": f"{score:.0f}"})
            )
        trend = signals.health_trend
        if trend is not None and -trend >= AMBER_HEALTH_DROP:
            reasons.append(
                Reason(
                    Rag.AMBER,
                    _("Health score fell %(points)s points since the last assessment")
                    % {"points": f"{-trend:.0f}"},
                )
            )
    if signals.value_at_risk:
        at_risk = signals.value_at_risk
        share = (
            (at_risk * 100 / signals.forecast_total).quantize(Decimal("1"))
            if signals.forecast_total
            else None
        )
        red = share is not None and share >= RED_VALUE_AT_RISK_PCT
        amount = f"{signals.currency} {at_risk:,.0f}".strip()
        if share is not None:
            text = _("%(amount)s of value at risk (%(share)s%% of the forecast)") % {
                "amount": amount,
                "share": share,
            }
        else:
            text = _("%(amount)s of value at risk") % {"amount": amount}
        reasons.append(Reason(Rag.RED if red else Rag.AMBER, text))
    if signals.overdue_milestones:
        reasons.append(
            Reason(
                Rag.AMBER,
                ngettext(
                    "%(n)s milestone past the forecast date, not marked achieved",
                    "%(n)s milestones past the forecast date, not marked achieved",
                    signals.overdue_milestones,
                )
                % {"n": signals.overdue_milestones},
            )
        )
    reasons.sort(key=lambda r: -ORDER[r.level])
    level = reasons[0].level if reasons else Rag.GREEN
    return level, reasons


def sees_status(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_internal


def gather_signals(alliance_ids: list[int], user) -> dict[int, Signals]:
    """Every registered app's signals for these alliances, merged per alliance."""
    found = {pk: Signals() for pk in alliance_ids}
    if not alliance_ids:
        return found
    for provider in registry.STATUS_SIGNALS:
        for pk, values in provider(list(alliance_ids), user).items():
            if pk in found:
                for name, value in values.items():
                    setattr(found[pk], name, value)
    return found


def alliance_statuses(
    alliances, user, *, today: dt.date | None = None
) -> dict[int, AllianceStatus]:
    """The status of each alliance (a queryset, or a list of alliances or ids), by id.

    Empty for someone who does not see statuses (partner users). The caller passes alliances
    the user may see; their signals are scoped to the user again by every provider.
    """
    from django.utils import timezone

    if not sees_status(user):
        return {}
    today = today or timezone.localdate()
    ids = [getattr(a, "pk", a) for a in alliances]
    signals = gather_signals(ids, user)
    overrides = {
        o.alliance_id: o
        for o in AllianceStatusOverride.objects.filter(alliance_id__in=ids).select_related("set_by")
    }
    statuses = {}
    for pk in ids:
        level, reasons = derive(signals[pk], today)
        statuses[pk] = AllianceStatus(pk, level, reasons, signals[pk], overrides.get(pk))
    return statuses


def alliance_status(alliance, user) -> AllianceStatus | None:
    return alliance_statuses([alliance], user).get(alliance.pk)


# --- The rest of the first screen ------------------------------------------------------------

KEY_DATE_HORIZON_DAYS = 90
RECENT_EVENT_DAYS = 90


@dataclass
class KeyDates:
    overdue: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)


def key_dates(alliance, user, *, today: dt.date | None = None, limit: int = 12) -> KeyDates:
    """What is overdue, and what is due in the next KEY_DATE_HORIZON_DAYS, from every app."""
    from django.utils import timezone

    today = today or timezone.localdate()
    until = today + dt.timedelta(days=KEY_DATE_HORIZON_DAYS)
    items = []
    for provider in registry.KEY_DATES:
        items.extend(provider(alliance, user, today, until))
    items.sort(key=lambda i: (i.date, i.kind, i.title))
    return KeyDates(
        overdue=[i for i in items if i.overdue][:limit],
        upcoming=[i for i in items if not i.overdue][:limit],
    )


def recent_events(alliance, user, *, today: dt.date | None = None, limit: int = 10) -> list:
    """Business events of the last RECENT_EVENT_DAYS days, newest first, from every app."""
    from django.utils import timezone

    today = today or timezone.localdate()
    since = today - dt.timedelta(days=RECENT_EVENT_DAYS)
    events = []
    for provider in registry.RECENT_EVENTS:
        events.extend(provider(alliance, user, since))
    events.sort(key=lambda e: (e.date, e.kind, e.text), reverse=True)
    return events[:limit]
