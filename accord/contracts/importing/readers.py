"""Obligations with their due rules and milestone payments, read from single sentences.

Plain, reviewable patterns mapped onto the register's own fields (`Obligation.rule` and its
parameters; `Milestone.amount`, `currency`, `trigger_event`). A number, amount or event hidden by
a redaction ([***], [ ], [●], ___) is reported as "redacted", never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REDACTION = re.compile(r"\[\s*\*+\s*\]|\[\s*\]|\[\s*[●•]+\s*\]|[●•]{2,}|_{3,}|\[redacted\]", re.I)
REDACTED = "redacted"

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty-five": 45, "forty five": 45, "sixty": 60, "seventy-five": 75, "ninety": 90,
    "one hundred twenty": 120, "one hundred eighty": 180,
}  # fmt: skip
_WORD = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
_GAP = r"\[\s*\*+\s*\]|\[\s*\]|\[\s*[●•]+\s*\]|_{3,}"
# "forty-five (45)", "45", "forty-five", or a redaction standing for the number.
NUMBER = rf"(?:[a-z][a-z -]*?\s*\(\s*(?P<paren>\d{{1,4}})\s*\)|(?P<digits>\d{{1,4}})|\b(?P<word>{_WORD})\b|(?P<gap>{_GAP}))"
DAYS = rf"{NUMBER}\s*(?P<business>business\s+|working\s+)?(?:calendar\s+)?days?"
OBLIGED = re.compile(r"\b(?:shall|must|will|agrees?\s+to|is\s+required\s+to)\b", re.I)

PERIODS = {"month": "month", "quarter": "quarter", "half": "half_year", "semester": "half_year",
           "year": "year"}  # fmt: skip
RECURRING = re.compile(
    rf"\bwithin\s+{DAYS}\s+(?:after|following|of|from)\s+(?:the\s+(?:end|close|last\s+day)\s+of\s+)?"
    r"each\s+(?:calendar\s+|fiscal\s+|contract\s+)?(?P<period>month|quarter|half[- ]year|semester|year)",
    re.I,
)
NOTICE = re.compile(
    rf"(?:\bat\s+least|\bno\s+(?:less|fewer)\s+than|\bnot\s+less\s+than|\bno\s+later\s+than)\s+{DAYS}"
    r"\s+(?:prior\s+to|before|in\s+advance\s+of)\s+(?P<ref>[^,;.]{3,140})",
    re.I,
)
EVENT = re.compile(
    rf"\bwithin\s+{DAYS}\s+(?:after|following|of|from)\s+(?P<event>[^,;.]{{3,140}})", re.I
)
AGREEMENT_TERM = re.compile(
    r"\b(?:end|expiration|expiry)\s+of\s+(?:the\s+)?(?:then[- ]current\s+|initial\s+|renewal\s+)?"
    r"(?:term|agreement)\b|\brenewal\b",
    re.I,
)
UNIT_GAP = re.compile(rf"\bwithin\s+(?:{_GAP})\s+(?:after|following|of|from)\b", re.I)


def redacted(text: str) -> bool:
    return bool(REDACTION.search(text or ""))


def _number(match) -> int | None:
    if match.group("gap"):
        return None
    if match.group("paren"):
        return int(match.group("paren"))
    if match.group("digits"):
        return int(match.group("digits"))
    return WORDS[" ".join(match.group("word").lower().split())]


def _clean(phrase: str) -> str:
    phrase = " ".join(phrase.split()).strip(" ,;:")
    phrase = re.sub(r"^(?:the|such|any)\s+", "", phrase, flags=re.I)
    return REDACTION.sub("[redacted]", phrase)[:150]


def _category(sentence: str) -> str:
    lower = sentence.lower()
    for category, words in (
        ("payment", ("pay", "royalt", "invoice", "fee")),
        ("reporting", ("report", "statement", "forecast")),
        ("notification", ("notice", "notify", "inform")),
        ("supply", ("supply", "deliver", "ship")),
        ("confidentiality", ("publication", "confidential")),
        ("regulatory", ("regulatory", "fda", "adverse event")),
    ):
        if any(word in lower for word in words):
            return category
    return "other"


def _title(sentence: str) -> str:
    """ "Client will provide to Excite all User Data…" -> "Provide to Excite all User Data"."""
    text = " ".join(sentence.split())
    verb = OBLIGED.search(text)
    if verb and not re.match(r"\s*be\b", text[verb.end() :]):
        text = text[verb.end() :]  # "X shall be made within…" keeps its subject
    text = re.split(r"\bwithin\b|\bat\s+least\b|\bno\s+later\s+than\b|[,;:(]", text, maxsplit=1)[0]
    words = re.sub(r"^(?:\s*(?:promptly|also|then)\s+)", "", text).split()[:12]
    title = " ".join(words).strip(" .")
    return (title[:1].upper() + title[1:])[:120] or "Obligation"


@dataclass(frozen=True)
class Reading:
    """What one reader made of a sentence: a value for people, how it was read, and the
    register form's fields."""

    category: str
    value: str
    how: str
    prefill: dict = field(default_factory=dict)


def _days_reading(match, prefill: dict, days_field: str, redacted: str, read) -> Reading:
    """An obligation due some (business) days from something: `read(days, business)` gives
    the value and how it was read, unless the number of days is redacted."""
    days = _number(match)
    business = "business " if match.group("business") else ""
    if business:
        prefill["business_days"] = "on"
    if days is None:
        return Reading("Obligation", REDACTED, redacted, prefill)
    prefill[days_field] = str(days)
    return Reading("Obligation", *read(days, business), prefill)


def due_rule(sentence: str) -> Reading | None:
    """An obligation with its due rule: after each period, after an event, or notice before a
    date. The first rule found wins, in that order."""
    if not OBLIGED.search(sentence):
        return None
    base = {"title": _title(sentence), "description": " ".join(sentence.split())[:5000]}
    base["category"] = _category(sentence)
    match = RECURRING.search(sentence)
    if match:
        period = PERIODS[match.group("period").lower().split("-")[0].split()[0]]
        each = period.replace("_", "-")
        return _days_reading(
            match,
            {**base, "rule": "recurring", "recur_period": period},
            "recur_offset_days",
            f"recurring each {period}; the days are redacted",
            lambda days, business: (
                f"within {days} {business}days after the end of each calendar {each}",
                f"recurring: {period}, {days} {business}days after",
            ),
        )
    match = NOTICE.search(sentence)
    if match and AGREEMENT_TERM.search(match.group("ref")):
        match = None  # the notice to stop renewal: the agreement's own field keeps it
    if match:
        ref = _clean(match.group("ref"))
        return _days_reading(
            match,
            {**base, "rule": "notice", "category": "notification"},
            "notice_days",
            f"notice before {ref}; the days are redacted",
            lambda days, business: (
                f"at least {days} {business}days before {ref}",
                f"notice: {days} {business}days before “{ref}” (set the date or right it counts back from)",
            ),
        )
    match = EVENT.search(sentence)
    if match:
        event = _clean(match.group("event"))
        return _days_reading(
            match,
            {**base, "rule": "event", "trigger_event": event},
            "event_offset_days",
            f"after “{event}”; the days are redacted",
            lambda days, business: (
                f"within {days} {business}days after {event}",
                f"after an event: {days} {business}days after “{event}”",
            ),
        )
    match = UNIT_GAP.search(sentence)
    if match:
        return Reading("Obligation", REDACTED, "the period is redacted", base)
    return None


# --- Milestone payments ---------------------------------------------------------------------

CURRENCIES = {"us$": "USD", "u.s.$": "USD", "usd": "USD", "$": "USD", "eur": "EUR", "€": "EUR",
              "gbp": "GBP", "£": "GBP", "chf": "CHF", "jpy": "JPY", "¥": "JPY"}  # fmt: skip
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "m": 1_000_000}
AMOUNT = re.compile(
    r"(?P<cur>US\$|U\.S\.\$|USD|EUR|GBP|CHF|JPY|\$|€|£|¥)\s?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_GAP})"
    r"(?:\s*(?P<scale>thousand|million|billion|M)\b)?",
    re.I,
)
MILESTONE = re.compile(r"\bmilestone\b", re.I)
PAYS = re.compile(r"\b(?:pay|paid|payable|payment)\b", re.I)
TRIGGER = re.compile(
    r"\b(?:upon|when|in\s+the\s+event\s+(?:that|of)|on\s+the\s+(?:achievement|occurrence)\s+of"
    r"|following|after\s+the)\s+(?P<event>[^,;.()]{4,150})",
    re.I,
)
REGULATORY = re.compile(
    r"\b(?:approval|NDA|BLA|MAA|IND|regulatory|filing|submission|marketing\s+authori[sz]ation)\b"
)
COMMERCIAL = re.compile(r"\bnet\s+sales\b|\bsales\b[^.]{0,40}\b(?:exceed|reach)", re.I)


def _amount(match) -> str | None:
    raw = match.group("num")
    if REDACTION.fullmatch(raw):
        return None
    number = float(raw.replace(",", ""))
    scale = (match.group("scale") or "").lower()
    number *= SCALES.get(scale, 1)
    return f"{number:.2f}"


def payment(sentence: str) -> Reading | None:
    """A milestone payment: an amount (or a redacted one) in a currency, and the event that
    triggers it. Sentences that pay without a milestone or a trigger are left alone."""
    amounts = list(AMOUNT.finditer(sentence))
    if not amounts or not PAYS.search(sentence):
        return None
    trigger = TRIGGER.search(sentence)
    if not (MILESTONE.search(sentence) or trigger):
        return None
    first = amounts[0]
    currency = CURRENCIES[first.group("cur").lower()]
    amount = _amount(first)
    event = _clean(trigger.group("event")) if trigger else ""
    kind = (
        "regulatory"
        if REGULATORY.search(event or sentence)
        else "commercial"
        if COMMERCIAL.search(sentence)
        else "development"
    )
    title = (event[:1].upper() + event[1:]) if event else "Milestone payment"
    prefill = {
        "kind": kind,
        "title": title[:120],
        "definition": " ".join(sentence.split())[:5000],
        "trigger_event": event,
        "currency": currency,
        "amount_status": "known" if amount else "redacted",
    }
    if amount:
        prefill["amount"] = amount
    shown = f"{currency} {float(amount):,.0f}" if amount else f"{currency} {REDACTED}"
    value = f"{shown} on {event}" if event else shown
    how = f"amount “{first.group(0).strip()}”" + (
        f", event after “{trigger.group(0).split()[0]}”" if trigger else ""
    )
    return Reading("Milestone Payment", value, how, prefill)
