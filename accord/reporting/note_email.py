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
            ("What happened this week", self.happened),
            ("Next key decisions and milestones", self.ahead),
            ("Risks and relationship health", self.risks),
        ]


def _is_health(line: str) -> bool:
    return line.startswith(HEALTH_PREFIXES) or HEALTH_MARK in line


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def opening(note: WeeklyNote) -> str:
    """One sentence a person would open with: how much happened and what needs an eye."""
    blocks = note.content
    if not blocks:
        return "A quiet week: nothing across the partnerships needs your attention."
    happened = sum(len(b.get("happened", [])) for b in blocks)
    ahead = sum(len(b.get("ahead", [])) for b in blocks)
    escalated = [b["name"] for b in blocks if b.get("escalated")]
    risks = sum(len(b.get("risks", [])) for b in blocks)
    parts = [
        f"{_plural(happened, 'development', 'developments')} across "
        f"{_plural(len(blocks), 'partnership', 'partnerships')} this week"
    ]
    if escalated:
        parts.append(f"an escalation to watch at {', '.join(escalated[:2])}")
    if ahead:
        parts.append(f"{_plural(ahead, 'decision or milestone', 'decisions and milestones')} ahead")
    if risks:
        parts.append(f"{_plural(risks, 'high risk', 'high risks')} open")
    sentence = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return sentence[0].upper() + sentence[1:] + "."


def _value_lines(user, note: WeeklyNote) -> list[str]:
    if user is None:
        return []
    try:
        from accord.value.services import portfolio_value
    except ImportError:
        return []
    value = portfolio_value(user, as_of=note.week_end)
    if not value.forecast_to_date and not value.realised_to_date:
        return ["No value forecast is recorded yet."]
    money = lambda v: f"{value.currency} {v:,.0f}"  # noqa: E731
    share = (
        f" ({100 * value.realised_to_date / value.forecast_to_date:.0f}% of forecast)"
        if value.forecast_to_date
        else ""
    )
    lines = [
        f"Realised to date {money(value.realised_to_date)} against a forecast of "
        f"{money(value.forecast_to_date)}{share}."
    ]
    if value.value_at_risk:
        lines.append(f"Value at risk: {money(value.value_at_risk)}.")
    if value.slipped_milestones:
        lines.append(
            f"{_plural(value.slipped_milestones, 'milestone has', 'milestones have')} slipped, "
            f"costing an estimated {money(value.cost_of_delay)} in delay."
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
        period=f"{note.week_start:%-d %b} to {note.week_end:%-d %b %Y}",
    )


def html(note: WeeklyNote, user=None) -> str:
    return render_to_string("reporting/note_email.html", {"letter": letter(note, user)})


def document(note: WeeklyNote, user=None) -> Document:
    data = letter(note, user)
    doc = Document(
        title=data.title,
        subtitle=data.period,
        footer="Internal. Firewalled programs are never reported in this note.",
    )
    doc.paragraph(data.opening)
    if data.general:
        doc.paragraph(data.general)
    for heading, entries in data.sections:
        doc.heading(heading, level=2)
        if not entries:
            doc.paragraph("Nothing to report.", muted=True)
        for entry in entries:
            doc.paragraph(f"{entry.name} (Tier {entry.tier})", muted=True)
            if entry.lines:
                doc.bullets(entry.lines)
            if entry.note:
                doc.paragraph(f"Note: {entry.note}")
    if data.value:
        doc.heading("Value against the forecast", level=2)
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
