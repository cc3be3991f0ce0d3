"""Reading an agreement's register values: dates, term, renewal, notice period, governing law.

Transparent rules, because a value must say how it was read ("Effective Date 2019-03-01 + 5
years"). A value inside a redaction (`[***]`, `[ ]`, `[●]`, `___`, `****`) is "redacted", never a
guess; a date in an EDGAR filing header or footer, or of another agreement named in the recitals,
is not the agreement date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DATE = (
    rf"(?:(?:{MONTHS})\.?\s*\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?:{MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})"
)
DATE_RE = re.compile(DATE, re.I)
# Redaction marks seen in filed agreements: [***], [* ****], [ ], [●], ____, ****, [REDACTED].
REDACTION = (
    r"(?:\[\s*[*●•xX]+(?:\s*[*●•]+)*\s*\]|\[\s*\]|\[\s*(?:redacted|omitted|confidential)[^\]]{0,40}\]"
    r"|[●•]{1,}|_{3,}|\*{3,}|\[\s*\.\.\.\s*\]|<\s*redacted\s*>)"
)
REDACTION_RE = re.compile(REDACTION, re.I)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "forty-five": 45,
    "forty five": 45,
    "sixty": 60,
    "ninety": 90,
    "one hundred twenty": 120,
    "one hundred eighty": 180,
    "one hundred and eighty": 180,
}
NUMBER = r"(?:(\d{1,3})|\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
UNIT = r"(business\s+days?|calendar\s+days?|days?|months?|years?)"
PERIOD_RE = re.compile(NUMBER + r"(?:\s*\(\d{1,3}\))?[\s-]*" + UNIT + r"\b", re.I)
REDACTED_PERIOD_RE = re.compile(
    REDACTION + r"(?:\s*\(\s*" + REDACTION + r"?\s*\))?[\s-]*" + UNIT, re.I
)
REDACTED_DATE_RE = re.compile(
    rf"(?:{REDACTION}[\s,]*(?:(?:{MONTHS})\.?\s*)?(?:{REDACTION}|\d{{1,2}})?[\s,]*(?:19|20)\d\d"
    rf"|(?:{MONTHS})\.?\s*{REDACTION}[\s,]*(?:19|20)?\d*"
    rf"|{REDACTION}\s+day\s+of\s+(?:{MONTHS}|{REDACTION})[\s,]*(?:(?:19|20)\d\d)?)",
    re.I,
)
# EDGAR conversion lines: "Source: ACME CORP, 10-K, 3/1/2019", "Exhibit 10.1", filing banners.
FILING_LINE = re.compile(
    r"^.*(?:\bSource:|\bEX-\d|\bExhibit\s+\d|\b10-[KQ]\b|\b8-K\b|\bS-1\b|\bFiled\b|\bfiling\b"
    r"|\bPage\s+\d+\s+of\b|CONFIDENTIAL TREATMENT).*$",
    re.I | re.M,
)
RECITALS = re.compile(
    r"\bW\s*H\s*E\s*R\s*E\s*A\s*S\b|\bRECITALS?\b|\bW\s*I\s*T\s*N\s*E\s*S\s*S\s*E\s*T\s*H\b|\bBACKGROUND\b"
    r"|\bNOW,?\s+THEREFORE\b|\n\s*(?:ARTICLE\s+)?1\.?\s+[A-Z]",
)


@dataclass(frozen=True)
class Value:
    category: str
    value: str  # "2019-03-01", "redacted", "90 days", "New York"
    start: int  # where it was read (the sentence or the date)
    end: int
    how: str = ""


def is_redacted(text: str) -> bool:
    return bool(REDACTION_RE.search(text))


def parse_date(text: str) -> dt.date | None:
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace("day of", ""))
    text = re.sub(r"([A-Za-z])\.?(\d)", r"\1 \2", text).replace(",", " ").replace(".", "")
    text = " ".join(text.split())
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text.lower().startswith("sept "):
        return parse_date("Sep " + text[5:])
    return None


def add_period(day: dt.date, number: int, unit: str) -> dt.date:
    unit = unit.lower()
    if unit.startswith("year"):
        number, unit = number * 12, "months"
    if unit.startswith("month"):
        month = day.month - 1 + number
        year, month = day.year + month // 12, month % 12 + 1
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day + dt.timedelta(days=number)


def _number(match: re.Match) -> int:
    return int(match.group(1)) if match.group(1) else NUMBER_WORDS[match.group(2).lower()]


def _unit(match: re.Match, number: int) -> str:
    unit = re.sub(r"\s+", " ", match.group(3).lower()).replace("calendar ", "")
    unit = unit.rstrip("s")
    return unit if number == 1 else unit + "s"


NOTICE_CUE = re.compile(r"[\s)]*(?:\w+\s+){0,4}?(?:prior|before|notice|advance|in\s+advance)", re.I)


def read_period(sentence: str, *, notice: bool = False) -> str:
    """The first period in a sentence ("90 days"), the one before a notice cue when `notice`."""
    found = [(m.start(), m, False) for m in PERIOD_RE.finditer(sentence)]
    found += [(m.start(), m, True) for m in REDACTED_PERIOD_RE.finditer(sentence)]
    found.sort(key=lambda item: item[0])
    if notice:
        cued = [item for item in found if NOTICE_CUE.match(sentence, item[1].end())]
        found = cued or found
    if not found:
        return "redacted" if is_redacted(sentence) else ""
    _, match, redacted = found[0]
    if redacted:
        return "redacted"
    number = _number(match)
    return f"{number} {_unit(match, number)}"


# --- Governing law --------------------------------------------------------------------------


@functools.cache
def _jurisdictions() -> list[tuple[str, str]]:
    import pycountry

    path = Path(__file__).with_name("data") / "jurisdictions.json"
    names = dict(json.loads(path.read_text(encoding="utf-8"))["subnational"])
    for country in pycountry.countries:
        full = getattr(country, "common_name", None) or country.name
        for name in {country.name, full, getattr(country, "official_name", country.name)}:
            names.setdefault(name.lower(), full)
    return sorted(names.items(), key=lambda item: -len(item[0]))


GOVERNING = re.compile(
    r"\b(?:govern(?:ed|s|ing)|constru(?:ed|e)|interpret(?:ed)?|subject\s+to)\b[^.]{0,200}?\blaws?\b",
    re.I,
)
LAW_OF = re.compile(
    r"\blaws?\s+(?:in\s+force\s+in\s+|applicable\s+in\s+)?of\s+(?:the\s+)?"
    r"(?:(?:State|Commonwealth|Province|Republic|Kingdom|Federal\s+Republic|People'?s\s+Republic)\s+of\s+(?:the\s+)?)?",
    re.I,
)


def read_law(sentence: str) -> str:
    """The governing law's jurisdiction, in full ("New York", "England and Wales"), or "redacted"."""
    for match in LAW_OF.finditer(sentence):
        rest = sentence[match.end() : match.end() + 80]
        if REDACTION_RE.match(rest.lstrip()):
            return "redacted"
        lower = rest.lower()
        for name, full in _jurisdictions():
            if lower.startswith(name) and not lower[len(name) : len(name) + 1].isalpha():
                return full
    if GOVERNING.search(sentence) and is_redacted(sentence):
        return "redacted"
    return ""


# --- Dates ----------------------------------------------------------------------------------


def _preamble(text: str) -> tuple[str, int]:
    """The opening of the agreement up to its recitals, with filing header/footer lines blanked."""
    head = text[:5000]
    cut = RECITALS.search(head, 40)
    head = head[: cut.start()] if cut else head[:2500]
    return FILING_LINE.sub(lambda m: " " * len(m.group(0)), head), 0


ANCHOR = re.compile(
    r"\b(?:dated|made|entered\s+into|executed|effective|concluded|signed)\b"
    r"(?:\s+(?:as\s+of|on|at|this|into|and\s+entered\s+into|effective)){0,3}\s*(?:the\s+)?",
    re.I,
)


def _date_at(text: str, at: int) -> tuple[str, int, int] | None:
    """A date (or a redacted one) starting within a few characters of `at`."""
    window = text[at : at + 60]
    if REDACTION_RE.match(window.lstrip()):
        return "redacted", at, at + len(window)
    date = DATE_RE.search(window)
    redacted = REDACTED_DATE_RE.search(window)
    if redacted and (not date or redacted.start() < date.start()) and redacted.start() < 12:
        return "redacted", at + redacted.start(), at + redacted.end()
    if date and date.start() < 12:
        day = parse_date(date.group(0))
        return (day.isoformat() if day else ""), at + date.start(), at + date.end()
    return None


def agreement_date(text: str) -> Value | None:
    head, _ = _preamble(text)
    for match in ANCHOR.finditer(head):
        found = _date_at(head, match.end())
        if found and found[0]:
            value, start, end = found
            return Value("Agreement Date", value, start, end, "the date the preamble gives")
    date = DATE_RE.search(head)
    redacted = REDACTED_DATE_RE.search(head)
    redacted = redacted or re.search(r"\bdate[ds]?\b\W{0,5}" + REDACTION, head, re.I)
    if redacted:
        return Value("Agreement Date", "redacted", redacted.start(), redacted.end(), "redacted")
    if date and parse_date(date.group(0)):
        value = parse_date(date.group(0)).isoformat()
        return Value(
            "Agreement Date", value, date.start(), date.end(), "first date of the preamble"
        )
    return None


EFFECTIVE = re.compile(
    r"\beffective\s+(?:as\s+of|on|from|date\s+(?:of|shall\s+be|is|means))\s*(?:the\s+)?"
    r"|[\"“]Effective\s+Date[\"”]\s*(?:\)\s*)?(?:shall\s+)?(?:means?|is|be)\s*(?:the\s+)?",
    re.I,
)


def effective_date(text: str, agreement: Value | None) -> Value | None:
    for match in EFFECTIVE.finditer(text[:30000]):
        sentence = text[max(0, match.start() - 200) : match.end()]
        if re.search(r"\bamend|\boriginal\b|\bprior\s+agreement\b", sentence, re.I):
            continue
        found = _date_at(text, match.end())
        if found and found[0]:
            value, start, end = found
            return Value("Effective Date", value, start, end, "the date the agreement is effective")
    if agreement:
        return Value(
            "Effective Date",
            agreement.value,
            agreement.start,
            agreement.end,
            "the Agreement Date (no other effective date is stated)",
        )
    return None


TERM = re.compile(
    r"\b(?:term|agreement)\b[^.]{0,250}?\b(?:expire|terminate|end|continue|remain|be\s+valid|commence)",
    re.I,
)
TERM_UNTIL = re.compile(
    r"\b(?:until|through|to\s+and\s+including|expir\w*\s+on|terminat\w*\s+on|end\s+on|ending\s+on)\s+"
    r"(?:the\s+)?",
    re.I,
)
TERM_FOR = re.compile(
    r"\b(?:for|of)\s+(?:a\s+|an\s+)?(?:(?:initial\s+)?(?:term|period)\s+of\s+)?",
    re.I,
)
BASE = re.compile(
    r"[\s)]*(?:(?:commencing|beginning|starting)\s+(?:on|from|with)|from|after|following|of)\s+(?:the\s+)?",
    re.I,
)
ANNIVERSARY = re.compile(
    r"\b(?P<nth>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|fifteenth|twentieth|\d{1,2}(?:st|nd|rd|th))"
    r"\s+\(?\w*\)?\s*anniversary\s+of\s+(?:the\s+)?",
    re.I,
)
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "fifteenth": 15,
    "twentieth": 20,
}


def _base(text: str, at: int, dates: dict[str, Value]) -> tuple[dt.date, str] | None:
    rest = text[at : at + 80]
    found = _date_at(text, at)
    if found and found[0] and found[0] != "redacted":
        return dt.date.fromisoformat(found[0]), found[0]
    for name in ("Effective Date", "Agreement Date"):
        word = name.split()[0].lower()
        if re.match(rf"(?:{word}|execution|signing)\b", rest, re.I):
            value = dates.get(name)
            if value and re.match(r"\d{4}-", value.value):
                return dt.date.fromisoformat(value.value), f"{name} {value.value}"
    return None


def expiration_date(
    text: str, units: list[tuple[int, int]], dates: dict[str, Value]
) -> Value | None:
    for start, end in units:
        sentence = text[start:end]
        if not TERM.search(sentence) or len(sentence) > 1500:
            continue
        for until in TERM_UNTIL.finditer(sentence):
            found = _date_at(sentence, until.end())
            if found and found[0]:
                how = "redacted" if found[0] == "redacted" else "the end date the term states"
                return Value("Expiration Date", found[0], start, end, how)
        for nth in ANNIVERSARY.finditer(sentence):
            word = nth.group("nth").lower()
            years = ORDINALS.get(word) or int(re.sub(r"\D", "", word))
            base = _base(sentence, nth.end(), dates)
            if base:
                day = add_period(base[0], years, "years")
                how = f"{base[1]} + {years} year{'s' * (years != 1)} (anniversary)"
                return Value("Expiration Date", day.isoformat(), start, end, how)
        for lead in TERM_FOR.finditer(sentence):
            at = lead.end()
            if REDACTED_PERIOD_RE.match(sentence, at):
                return Value("Expiration Date", "redacted", start, end, "the term is redacted")
            period = PERIOD_RE.match(sentence, at)
            if not period:
                continue
            number = _number(period)
            base_at = BASE.match(sentence, period.end())
            base = _base(sentence, base_at.end(), dates) if base_at else None
            if base is None and re.search(
                r"\bcommenc|\bbegin|\bstart", sentence[: period.end()], re.I
            ):
                base = _base(sentence, 0, dates)
            if base is None:
                effective = dates.get("Effective Date")
                if effective and re.match(r"\d{4}-", effective.value):
                    base = (
                        dt.date.fromisoformat(effective.value),
                        f"Effective Date {effective.value}",
                    )
            if base:
                unit = _unit(period, number)
                day = add_period(base[0], number, unit)
                if unit.startswith(("year", "month")):
                    day -= dt.timedelta(days=1)
                    how = f"{base[1]} + {number} {unit} - 1 day"
                else:
                    how = f"{base[1]} + {number} {unit}"
                return Value("Expiration Date", day.isoformat(), start, end, how)
    return None


RENEWAL = re.compile(
    r"\brenew(?:al|ed|s)?\b|\bextend(?:ed)?\b[^.]{0,80}\b(?:period|term)s?\b|\bmonth[\s-]to[\s-]month\b"
    r"|\byear[\s-]to[\s-]year\b",
    re.I,
)
NON_RENEWAL = re.compile(
    r"\bnon-?\s?renew|\bnot\s+to\s+renew|\bnot\s+(?:be\s+)?(?:renewed|extended)\b|\bintent\w*\s+(?:not\s+)?to\s+(?:renew|terminate)"
    r"|\b(?:notice|notif\w+)\b[^.]{0,200}\b(?:prior\s+to|before|in\s+advance\s+of)\b[^.]{0,120}"
    r"\b(?:expiration|expiry|end|renewal|then[\s-]current)",
    re.I,
)


def renewal_term(sentence: str) -> str:
    lower = sentence.lower()
    if re.search(r"month[\s-]to[\s-]month", lower):
        return "successive 1 month"
    if re.search(r"year[\s-]to[\s-]year", lower):
        return "successive 1 year"
    cue = re.search(r"\brenew|\bextend|\badditional|\bsuccessive", sentence, re.I)
    if not cue:
        return ""
    rest = sentence[cue.start() :]
    redacted = REDACTED_PERIOD_RE.search(rest)
    period = PERIOD_RE.search(rest)
    if redacted and (not period or redacted.start() < period.start()):
        return "redacted"
    if not period:
        if re.search(r"additional\s+periods\s+of\s+" + REDACTION, rest, re.I) or (
            is_redacted(rest) and re.search(r"\bperiods?\s+of\b", rest, re.I)
        ):
            return "redacted"
        return ""
    number = _number(period)
    successive = re.search(r"\bsuccessive|\badditional|\bfurther|\beach\b", rest, re.I)
    return f"{'successive ' if successive else ''}{number} {_unit(period, number)}"


def read(
    text: str, units: list[tuple[int, int]], ranked: dict[str, list[int]] | None = None
) -> dict[str, Value]:
    """Every value that can be read, by CUAD category. `ranked` orders candidate units per
    category (most likely first, e.g. by the clause model); reading order otherwise."""
    ranked = ranked or {}
    found: dict[str, Value] = {}
    agreement = agreement_date(text)
    if agreement:
        found["Agreement Date"] = agreement
    effective = effective_date(text, agreement)
    if effective:
        found["Effective Date"] = effective

    def order(category: str) -> list[tuple[int, int]]:
        first = [units[i] for i in ranked.get(category, [])]
        seen = set(first)
        return first + [u for u in units if u not in seen]

    expiry = expiration_date(text, order("Expiration Date"), found)
    if expiry:
        found["Expiration Date"] = expiry
    clauses = (
        ("Governing Law", GOVERNING, read_law, "the governing-law clause"),
        ("Renewal Term", RENEWAL, renewal_term, "the renewal clause"),
        (
            "Notice Period To Terminate Renewal",
            NON_RENEWAL,
            functools.partial(read_period, notice=True),
            "the notice the renewal clause requires",
        ),
    )
    for category, pattern, read, why in clauses:
        for start, end in order(category):
            sentence = text[start:end]
            if len(sentence) < 2000 and pattern.search(sentence):
                value = read(sentence)
                if value:
                    found[category] = Value(category, value, start, end, why)
                    break
    return found
