"""Brief me: one page for an executive walking into a meeting with the partner. Purpose of the
alliance, its status and why, what was decided last time, open issues and actions both ways, key
dates, health gaps, value, and what to ask for. Built only from what the reader may see (their
`visible_to` scope: a firewalled program's records reach only its cleared people)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.contracts.models import Milestone
from accord.core.documents import Document, to_pdf
from accord.governance.models import ActionItem, Decision, Issue, Meeting, Risk, RiskStatus

from . import dashboard, pack

LIST = 5
HORIZON_DAYS = 90


@dataclass
class Brief:
    alliance: object
    meeting: object | None
    today: dt.date
    purpose: str
    facts: str
    status: str
    rag: str
    decided: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    our_actions: list[str] = field(default_factory=list)
    their_actions: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    health: list[str] = field(default_factory=list)
    value: list[str] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.meeting is not None:
            return _("Brief: %(meeting)s, %(day)s") % {
                "meeting": self.meeting.title,
                "day": _day(timezone.localtime(self.meeting.starts_at)),
            }
        return _("Brief: %(alliance)s") % {"alliance": self.alliance.name}

    def sections(self) -> list[tuple[str, list[str]]]:
        return [
            (_("What was decided last time"), self.decided or [_("No decision recorded yet.")]),
            (_("Open issues"), self.issues or [_("No open issue.")]),
            (_("Our open actions"), self.our_actions or [_("None.")]),
            (_("The partner's open actions"), self.their_actions or [_("None.")]),
            (_("Key dates ahead"), self.dates or [_("Nothing in the next 90 days.")]),
            (
                _("Relationship health"),
                self.health or [_("No joint assessment has closed yet.")],
            ),
            (_("Value"), self.value or [_("No value forecast recorded.")]),
            (_("What to ask for"), self.asks),
        ]


def _day(day) -> str:
    return date_format(day, pgettext("date format", "j M Y")) if day else _("no date")


def _health(user, alliance) -> list[str]:
    from accord.health.models import Wave
    from accord.health.results import ALL, wave_results

    wave = Wave.objects.visible_to(user).last_joint(alliance)
    if wave is None:
        return []
    result = wave_results(wave)
    if not result.available:
        return [_("%(wave)s: too few answered to show a score.") % {"wave": wave.title}]
    overall = result.group(ALL)
    lines = [f"{wave.title}: {overall.overall:.0f}/100" if overall else wave.title]
    for gap in sorted(result.gaps, key=lambda g: (-g.gap, g.name))[:3]:
        lines.append(
            _("Gap on %(name)s: we score %(own)s, the partner %(partner)s (%(kind)s).")
            % {
                "name": gap.name,
                "own": f"{gap.own:.0f}",
                "partner": f"{gap.partner:.0f}",
                "kind": gap.klass_label.lower(),
            }
        )
    return lines


def _value(user, alliance, today) -> list[str]:
    try:
        from accord.value.services import portfolio_value
    except ImportError:
        return []
    value = portfolio_value(user, as_of=today, alliance_ids=[alliance.pk])
    mine = next((a for a in value.alliances if a.alliance_id == alliance.pk), None)
    if mine is None or not (mine.forecast_to_date or mine.realised_to_date):
        return []
    money = lambda v: f"{value.currency} {v:,.0f}"  # noqa: E731
    lines = [
        _("Realised to date %(realised)s against a forecast of %(forecast)s.")
        % {"realised": money(mine.realised_to_date), "forecast": money(mine.forecast_to_date)}
    ]
    if mine.value_at_risk:
        lines.append(_("Value at risk: %(amount)s.") % {"amount": money(mine.value_at_risk)})
    return lines


def build(user, alliance, meeting=None, *, now: dt.datetime | None = None) -> Brief:
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    rag, reason = pack.alliance_statuses([alliance], user, now=now)[alliance.pk]
    partners = ", ".join(c.name for c in alliance.partners.order_by("name"))
    facts = _("%(type)s with %(partners)s; Tier %(tier)s, %(stage)s.") % {
        "type": alliance.get_alliance_type_display(),
        "partners": partners or _("no partner recorded"),
        "tier": alliance.tier,
        "stage": alliance.get_stage_display(),
    }
    decisions = Decision.objects.visible_to(user).filter(alliance=alliance)
    decided = decisions.decided()
    if meeting is not None:
        earlier = (
            Meeting.objects.visible_to(user)
            .filter(committee=meeting.committee, starts_at__lt=meeting.starts_at, status="held")
            .order_by("-starts_at", "-pk")
            .first()
        )
        if earlier is not None and decided.filter(meeting=earlier).exists():
            decided = decided.filter(meeting=earlier)
    brief = Brief(
        alliance=alliance,
        meeting=meeting,
        today=today,
        purpose=alliance.value_proposition or _("No value proposition recorded."),
        facts=facts,
        status=_("%(status)s: %(reason)s.") % {"status": pack.RAG_LABEL[rag], "reason": reason},
        rag=rag,
    )
    brief.decided = [
        (
            _("%(day)s: %(title)s. %(outcome)s")
            % {"day": _day(d.decided_on), "title": d.title, "outcome": d.outcome}
            if d.outcome
            else _("%(day)s: %(title)s") % {"day": _day(d.decided_on), "title": d.title}
        )
        for d in decided.order_by(F("decided_on").desc(nulls_last=True), "-pk")[:LIST]
    ]
    issues = list(
        Issue.objects.visible_to(user)
        .unresolved()
        .filter(alliance=alliance)
        .order_by("-status", "raised_on", "pk")[:LIST]
    )
    brief.issues = [
        _("%(title)s (%(status)s, raised %(day)s)")
        % {"title": i.title, "status": i.get_status_display().lower(), "day": _day(i.raised_on)}
        for i in issues
    ]
    actions = (
        ActionItem.objects.visible_to(user)
        .open()
        .filter(alliance=alliance)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    for action in actions:
        owner = action.owner
        words = {"title": action.title, "owner": owner or _("nobody"), "day": _day(action.due_on)}
        line = (
            _("%(title)s: %(owner)s, due %(day)s (overdue)")
            if action.due_on < today
            else _("%(title)s: %(owner)s, due %(day)s")
        ) % words
        target = brief.our_actions if owner is None or owner.is_internal else brief.their_actions
        if len(target) < LIST:
            target.append(line)
    dates = [
        (m.forecast_date, _("Milestone: %(title)s") % {"title": m.title})
        for m in Milestone.objects.visible_to(user).filter(
            alliance=alliance,
            achieved_on__isnull=True,
            forecast_date__gte=today,
            forecast_date__lte=horizon,
        )
    ]
    dates += [
        (o.due_date, _("Notice deadline: %(title)s") % {"title": o.title})
        for o in dashboard.notices_due(user, today, horizon).filter(alliance=alliance)
    ]
    pending = list(
        decisions.pending().filter(due_on__isnull=False, due_on__lte=horizon).order_by("due_on")
    )
    dates += [(d.due_on, _("Decision due: %(title)s") % {"title": d.title}) for d in pending]
    dates += [
        (timezone.localdate(m.starts_at), _("Meeting: %(title)s") % {"title": m.title})
        for m in Meeting.objects.visible_to(user).filter(
            alliance=alliance, status="scheduled", starts_at__gte=now
        )
        if timezone.localdate(m.starts_at) <= horizon
    ]
    brief.dates = [
        _("%(day)s: %(text)s") % {"day": _day(day), "text": text}
        for day, text in sorted(dates)[: LIST + 3]
    ]
    brief.health = _health(user, alliance)
    brief.value = _value(user, alliance, today)
    asks = []
    escalated = next((i for i in issues if i.status == "escalated"), None)
    if escalated is not None:
        asks.append(
            _("Agree a way to resolve the escalated issue: %(title)s.") % {"title": escalated.title}
        )
    for decision in pending[:2]:
        asks.append(
            _("Ask for the decision on %(title)s by %(day)s.")
            % {"title": decision.title, "day": _day(decision.due_on)}
        )
    overdue = [a for a in actions if a.due_on < today and a.owner and not a.owner.is_internal]
    if overdue:
        asks.append(
            _("Ask the partner to close %(title)s (due %(day)s).")
            % {"title": overdue[0].title, "day": _day(overdue[0].due_on)}
        )
    risk = (
        Risk.objects.visible_to(user)
        .filter(alliance=alliance, status=RiskStatus.OPEN)
        .annotate(score_value=F("likelihood") * F("impact"))
        .order_by("-score_value", "pk")
        .first()
    )
    if risk is not None and risk.likelihood * risk.impact >= 15:
        asks.append(_("Agree the mitigation of the top risk: %(title)s.") % {"title": risk.title})
    brief.asks = asks or [_("Confirm the plan and thank the partner's team for the progress.")]
    return brief


def document(brief: Brief) -> Document:
    doc = Document(
        title=brief.title,
        subtitle=_("%(alliance)s · prepared %(day)s")
        % {
            "alliance": brief.alliance.name,
            "day": date_format(brief.today, pgettext("date format", "j F Y")),
        },
        footer=_("Internal: built from the records you may see. Not for the partner."),
    )
    doc.heading(_("Why this alliance"), level=2)
    doc.paragraph(brief.purpose)
    doc.paragraph(brief.facts, muted=True)
    doc.heading(_("Status"), level=2)
    doc.paragraph(brief.status)
    for heading, lines in brief.sections():
        doc.heading(heading, level=2)
        doc.bullets(lines)
    return doc


def pdf_bytes(brief: Brief) -> bytes:
    return to_pdf(document(brief))
