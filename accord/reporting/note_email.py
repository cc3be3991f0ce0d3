"""The weekly note as an executive reads it: an opening sentence, then what happened this week,
the next key decisions and milestones, risks and relationship health, and value against the
deal forecast. Rendered as HTML (the email and its page in Accord) and PDF (the attachment)
from the note's lines as they are stored (or as the leader edited them): nothing is recomposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accord.core.documents import Document, to_pdf

from . import notes
from .models import Section, WeeklyNote

HEALTH_PREFIXES = ("Health score ",)
HEALTH_MARK = "closed with too few answers"


@dataclass
class Entry:
    name: str
    tier: int
    lines: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Letter:
    title: str
    opening: str
    general: str
    happened: list[Entry]
    ahead: list[Entry]
    risks: list[Entry]
    value: list[str]
    period: str

    @property
    def sections(self):
        return [
            (_("What happened this week"), self.happened),
            (_("Next key decisions and milestones"), self.ahead),
            (_("Risks and relationship health"), self.risks),
        ]


def _is_health(line: str) -> bool:
    return line.startswith(HEALTH_PREFIXES) or HEALTH_MARK in line


def opening(note: WeeklyNote) -> str:
    """One sentence a person would open with: how much happened and what needs an eye."""
    blocks = note.content
    if not blocks:
        return _("A quiet week: nothing across the partnerships needs your attention.")
    happened = sum(len(b.get("happened", [])) for b in blocks)
    ahead = sum(len(b.get("ahead", [])) for b in blocks)
    escalated = [b["name"] for b in blocks if b.get("escalated")]
    risks = sum(len(b.get("risks", [])) for b in blocks)
    # The sentence is a list of clauses (each optional but the first): each clause is one
    # message, and the list is joined by the translatable pattern below.
    developments = ngettext("%(n)s development", "%(n)s developments", happened) % {"n": happened}
    parts = [
        ngettext(
            "%(developments)s across %(n)s partnership this week",
            "%(developments)s across %(n)s partnerships this week",
            len(blocks),
        )
        % {"developments": developments, "n": len(blocks)}
    ]
    if escalated:
        parts.append(
            pgettext("weekly note opening", "an escalation to watch at %(names)s")
            % {"names": ", ".join(escalated[:2])}
        )
    if ahead:
        parts.append(
            ngettext(
                "%(n)s decision or milestone ahead", "%(n)s decisions and milestones ahead", ahead
            )
            % {"n": ahead}
        )
    if risks:
        parts.append(
            ngettext("%(n)s high risk open", "%(n)s high risks open", risks) % {"n": risks}
        )
    if len(parts) > 1:
        sentence = pgettext("weekly note opening", "%(clauses)s and %(last)s") % {
            "clauses": pgettext("list separator", ", ").join(parts[:-1]),
            "last": parts[-1],
        }
    else:
        sentence = parts[0]
    return pgettext("weekly note opening", "%(sentence)s.") % {
        "sentence": sentence[0].upper() + sentence[1:]
    }


def _value_lines(user, note: WeeklyNote) -> list[str]:
    if user is None:
        return []
    try:
        from accord.value.services import portfolio_value
    except ImportError:
        return []
    value = portfolio_value(user, as_of=note.week_end)
    if not value.forecast_to_date and not value.realised_to_date:
        return [_("No value forecast is recorded yet.")]
    money = lambda v: f"{value.currency} {v:,.0f}"  # noqa: E731
    figures = {
        "realised": money(value.realised_to_date),
        "forecast": money(value.forecast_to_date),
    }
    if value.forecast_to_date:
        figures["pct"] = f"{100 * value.realised_to_date / value.forecast_to_date:.0f}"
        line = _(
            "Realised to date %(realised)s against a forecast of %(forecast)s "
            "(%(pct)s%% of forecast)."
        )
    else:
        line = _("Realised to date %(realised)s against a forecast of %(forecast)s.")
    lines = [line % figures]
    if value.value_at_risk:
        lines.append(_("Value at risk: %(amount)s.") % {"amount": money(value.value_at_risk)})
    if value.slipped_milestones:
        lines.append(
            ngettext(
                "%(n)s milestone has slipped, costing an estimated %(cost)s in delay.",
                "%(n)s milestones have slipped, costing an estimated %(cost)s in delay.",
                value.slipped_milestones,
            )
            % {"n": value.slipped_milestones, "cost": money(value.cost_of_delay)}
        )
    return lines


def letter(note: WeeklyNote, user=None) -> Letter:
    """The note in sections; value figures through `user`'s scope (the recipient's)."""
    annotations = notes.annotations_by_key(note)
    happened, ahead, risks = [], [], []
    for block in note.content:
        key = block["alliance_id"]
        name, tier = block["name"], block["tier"]
        events = [x for x in block.get("happened", []) if not _is_health(x)]
        health = [x for x in block.get("happened", []) if _is_health(x)]
        for target, lines, section in (
            (happened, events, Section.HAPPENED),
            (ahead, block.get("ahead", []), Section.AHEAD),
            (risks, [*block.get("risks", []), *health], Section.RISKS),
        ):
            text = annotations.get((key, section.value), "")
            if lines or text:
                target.append(Entry(name, tier, list(lines), text))
    return Letter(
        title=notes.title(note),
        opening=opening(note),
        general=annotations.get((None, Section.HAPPENED), ""),
        happened=happened,
        ahead=ahead,
        risks=risks,
        value=_value_lines(user, note),
        period=notes.period(note),
    )


def html(note: WeeklyNote, user=None) -> str:
    return render_to_string("reporting/note_email.html", {"letter": letter(note, user)})


def document(note: WeeklyNote, user=None) -> Document:
    data = letter(note, user)
    doc = Document(
        title=data.title,
        subtitle=data.period,
        footer=_("Internal. Firewalled programs are never reported in this note."),
    )
    doc.paragraph(data.opening)
    if data.general:
        doc.paragraph(data.general)
    for heading, entries in data.sections:
        doc.heading(heading, level=2)
        if not entries:
            doc.paragraph(_("Nothing to report."), muted=True)
        for entry in entries:
            doc.paragraph(
                _("%(name)s (Tier %(tier)s)") % {"name": entry.name, "tier": entry.tier}, muted=True
            )
            if entry.lines:
                doc.bullets(entry.lines)
            if entry.note:
                doc.paragraph(_("Note: %(text)s") % {"text": entry.note})
    if data.value:
        doc.heading(_("Value against the forecast"), level=2)
        doc.bullets(data.value)
    return doc


def pdf_bytes(note: WeeklyNote, user=None) -> bytes:
    return to_pdf(document(note, user))


def message(note: WeeklyNote, user) -> EmailMultiAlternatives:
    """The email to one recipient: the plain text, the HTML letter and the PDF attached."""
    email = EmailMultiAlternatives(
        subject=notes.title(note),
        body=notes.plain_text(note),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    email.attach_alternative(html(note, user), "text/html")
    email.attach(
        f"weekly-note-{note.week_start:%Y-%m-%d}.pdf", pdf_bytes(note, user), "application/pdf"
    )
    return email
