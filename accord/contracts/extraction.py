"""Suggested register entries from an agreement's text, for a person to confirm.

`read_text()` turns an uploaded TXT, PDF (pdfplumber) or DOCX (python-docx) into text;
`suggest()` finds the clauses an alliance register needs (dates, parties, governing law,
renewal and its notice period, exclusivity, non-compete, first rights, licence grants, change of
control, assignment, termination for convenience) with transparent rules, and proposes a value
where one can be read (a date, "New York", "90 days"). Nothing is written: the pages and the API
show the suggestions next to prefilled forms, and a person decides.

Redactions (`[***]`) are never guessed: a value inside one is reported as "redacted".

Measured against CUAD's expert labels with CUAD's own matching rule (see `evaluate()` and
docs/contracts-import.md). CUAD v1: Hendrycks, Burns, Chen & Ball, NeurIPS 2021; dataset by
The Atticus Project, CC BY 4.0.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DATE = (
    rf"(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?:{MONTHS}),?\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})"
)
DATE_RE = re.compile(DATE, re.I)
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
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "forty five": 45,
    "sixty": 60,
    "ninety": 90,
    "one hundred eighty": 180,
    "one hundred twenty": 120,
}
PERIOD_RE = re.compile(
    r"(?:(\d{1,3})|\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
    r"(?:\s*\(\d{1,3}\))?\s*(business\s+days?|calendar\s+days?|days?|months?|years?)",
    re.I,
)


@dataclass(frozen=True)
class Suggestion:
    category: str  # the CUAD category it answers, e.g. "Governing Law"
    field: str  # where it goes in the register, e.g. "agreement.governing_law", "restriction"
    text: str  # the clause as written
    start: int
    end: int
    value: str = ""  # a normalised answer when one can be read


# category: (register field, pattern); a sentence matching the pattern is a suggestion.
RULES: dict[str, tuple[str, re.Pattern]] = {
    "Governing Law": (
        "agreement.governing_law",
        re.compile(
            r"\bgovern(?:ed|s|ing)\b[^.]{0,120}\blaws?\b|\bconstrued\b[^.]{0,80}\blaws?\b", re.I
        ),
    ),
    "Expiration Date": (
        "agreement.expiry_date",
        re.compile(
            r"\b(?:initial\s+)?term\s+of\s+this\s+agreement\b[^.]{0,200}\b(?:year|month|expire|until|end)"
            r"|\bshall\s+(?:continue|remain)\s+in\s+(?:full\s+)?(?:force|effect)\b[^.]{0,200}\b(?:until|for|year|month)"
            r"|\bshall\s+expire\b|\bexpiration\s+date\b",
            re.I,
        ),
    ),
    "Renewal Term": (
        "agreement.renewal_term_months",
        re.compile(
            r"\b(?:automatically|shall)\s+(?:be\s+)?renew(?:ed|s)?\b|\brenewal\s+terms?\b"
            r"|\bsuccessive\b[^.]{0,60}\b(?:year|month|period|term)s?\b",
            re.I,
        ),
    ),
    "Notice Period To Terminate Renewal": (
        "agreement.renewal_notice_days",
        re.compile(
            r"\b(?:notice|notif(?:y|ies|ied))\b[^.]{0,160}\b(?:prior\s+to|before)\b[^.]{0,120}"
            r"\b(?:expiration|expiry|end|renewal|term)\b"
            r"|\bnon-?renewal\b",
            re.I,
        ),
    ),
    "Exclusivity": (
        "restriction",
        re.compile(
            r"(?<!non-)(?<!non)\bexclusive(?:ly)?\b(?![- ]?(?:of|remedy|jurisdiction|venue|property|right\s+and\s+remedy))"
            r"|\bsole\s+(?:and\s+exclusive\s+)?(?:supplier|distributor|source|provider)\b",
            re.I,
        ),
    ),
    "Non-Compete": (
        "restriction",
        re.compile(
            r"\bnon-?compet|\bnot\s+(?:to\s+)?(?:directly\s+or\s+indirectly\s+)?compete\b"
            r"|\bshall\s+not\b[^.]{0,200}\b(?:competing|competitive|compete|similar)\s+(?:product|business|service)s?"
            r"|\bcovenants?\s+not\s+to\b",
            re.I,
        ),
    ),
    "Rofr/Rofo/Rofn": (
        "right",
        re.compile(
            r"\bright\s+of\s+first\s+(?:refusal|negotiation|offer)\b|\bfirst\s+right\s+(?:to|of)\s+"
            r"(?:negotiat|refus|offer)|\boption\s+to\s+(?:negotiate|license|acquire)\b|\bfirst\s+refusal\b",
            re.I,
        ),
    ),
    "License Grant": (
        "right",
        re.compile(
            r"\bhereby\s+grants?\b[^.]{0,250}\blicen[cs]e|\bgrants?\s+to\b[^.]{0,120}\blicen[cs]e\b",
            re.I,
        ),
    ),
    "Change Of Control": (
        "notes",
        re.compile(r"\bchange\s+(?:of|in)\s+control\b|\bmerger\b[^.]{0,80}\bacquisition\b", re.I),
    ),
    "Anti-Assignment": (
        "notes",
        re.compile(
            r"\b(?:shall\s+not|may\s+not|cannot)\s+(?:be\s+)?assign|\bassign\w*\b[^.]{0,160}\b(?:prior\s+)?written\s+consent\b",
            re.I,
        ),
    ),
    "Termination For Convenience": (
        "notes",
        re.compile(
            r"\bterminat\w*\b[^.]{0,160}\b(?:for\s+(?:any\s+reason|convenience|no\s+reason)|without\s+cause)"
            r"|\bterminat\w*\b[^.]{0,60}\bat\s+any\s+time\b[^.]{0,120}\bnotice\b",
            re.I,
        ),
    ),
}

SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“])|\n\s*\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of sentences (and list items), the unit CUAD spans mostly follow."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _law(sentence: str) -> str:
    match = re.search(
        r"laws?\s+of\s+(?:the\s+)?(?:State\s+of\s+|Commonwealth\s+of\s+|Province\s+of\s+|Republic\s+of\s+)?"
        r"([A-Z][A-Za-z]+(?:\s+(?:[A-Z][A-Za-z]+|and|of)){0,3})",
        sentence,
    )
    if not match:
        return "redacted" if "[***]" in sentence else ""
    return re.sub(r"\s+(?:and|of)$", "", match.group(1)).strip()


NOTICE_CUE = re.compile(r"\s*(?:\w+\s+){0,3}?(?:prior|before|notice|advance)", re.I)


def _period(sentence: str, *, notice: bool = False) -> str:
    matches = list(PERIOD_RE.finditer(sentence))
    if notice:
        # "at least ninety (90) days prior to the end of the term": the period before the cue.
        cued = [m for m in matches if NOTICE_CUE.match(sentence, m.end())]
        matches = cued or matches
    match = matches[0] if matches else None
    if not match:
        return "redacted" if "***" in sentence else ""
    number = int(match.group(1)) if match.group(1) else NUMBER_WORDS[match.group(2).lower()]
    unit = match.group(3).lower().replace("calendar ", "")
    unit = unit if unit.endswith("s") or number == 1 else unit + "s"
    return f"{number} {unit}"


def parse_date(text: str) -> dt.date | None:
    text = re.sub(r"(\d)(st|nd|rd|th)", r"\1", text.replace("day of", "")).replace(",", " ")
    text = " ".join(text.split())
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(text.replace(".", ""), fmt).date()
        except ValueError:
            continue
    return None


def _dates(text: str) -> list[Suggestion]:
    """The agreement date in the preamble, and the effective date where it is stated."""
    found = []
    head = text[:3000]
    preamble = DATE_RE.search(head)
    if preamble:
        day = parse_date(preamble.group(0))
        found.append(
            Suggestion(
                "Agreement Date",
                "agreement.signature_date",
                preamble.group(0),
                preamble.start(),
                preamble.end(),
                day.isoformat() if day else "",
            )
        )
    for match in re.finditer(
        r"(?:effective\s+(?:as\s+of|on|date)[^.]{0,60}?)(" + DATE + ")", text[:20000], re.I
    ):
        day = parse_date(match.group(1))
        found.append(
            Suggestion(
                "Effective Date",
                "agreement.effective_date",
                match.group(1),
                match.start(1),
                match.end(1),
                day.isoformat() if day else "",
            )
        )
        break
    else:
        if preamble:
            day = parse_date(preamble.group(0))
            found.append(
                Suggestion(
                    "Effective Date",
                    "agreement.effective_date",
                    preamble.group(0),
                    preamble.start(),
                    preamble.end(),
                    day.isoformat() if day else "",
                )
            )
    return found


def _parties(text: str) -> list[Suggestion]:
    head = text[:4000]
    match = re.search(
        r"\b(?:by\s+and\s+)?between\b(.{10,900}?)(?:\n\s*\n|WITNESSETH|RECITALS|W\s*I\s*T\s*N\s*E\s*S\s*S|\bWHEREAS\b)",
        head,
        re.I | re.S,
    )
    if not match:
        return []
    return [
        Suggestion(
            "Parties", "agreement.parties", match.group(1).strip(), match.start(1), match.end(1)
        )
    ]


def suggest(text: str) -> list[Suggestion]:
    """Every suggestion for one agreement's text, in reading order within each category."""
    found = _dates(text) + _parties(text)
    for start, end in sentences(text):
        sentence = text[start:end]
        if len(sentence) > 2500:
            continue
        for category, (field, pattern) in RULES.items():
            if not pattern.search(sentence):
                continue
            value = ""
            if category == "Governing Law":
                value = _law(sentence)
            elif category in ("Renewal Term", "Expiration Date"):
                value = _period(sentence)
            elif category == "Notice Period To Terminate Renewal":
                value = _period(sentence, notice=True)
            found.append(Suggestion(category, field, sentence.strip(), start, end, value))
    return found


# --- Reading uploads ------------------------------------------------------------------------


def suggestions_from_upload(upload) -> tuple[str, list[Suggestion]]:
    """Check an upload like every file (size, name, content), read it and suggest; stores nothing."""
    from accord.core import files

    content = files.read_limited(upload)
    name = files.clean_name(upload.name)
    detected = files.detect(content, name)
    if detected.kind not in ("txt", "pdf", "docx"):
        from django.core.exceptions import ValidationError

        raise ValidationError(
            {"file": "Import reads agreements as text, PDF or Word (DOCX) files."}
        )
    return name, suggest(read_text(content, detected.kind))


def agreement_prefill(name: str, found: list[Suggestion]) -> dict[str, str]:
    """Values for the new-agreement form, from the first usable suggestion of each kind."""
    prefill = {"title": re.sub(r"\.(txt|pdf|docx)$", "", name, flags=re.I)[:250]}
    for suggestion in found:
        field = suggestion.field.removeprefix("agreement.")
        if field in prefill or not suggestion.value or suggestion.value == "redacted":
            continue
        if field in ("effective_date", "signature_date", "governing_law"):
            prefill[field] = suggestion.value
        elif field == "renewal_notice_days" and suggestion.value.endswith("days"):
            prefill[field] = suggestion.value.split()[0]
    return prefill


def read_text(content: bytes, kind: str) -> str:
    """Plain text of a TXT, PDF or DOCX agreement (the kind detected by accord.core.files)."""
    if kind == "txt":
        return content.decode("utf-8", errors="replace")
    if kind == "pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(content)) as pdf:
            return "\n\n".join((page.extract_text() or "") for page in pdf.pages[:400])
    if kind == "docx":
        import docx

        document = docx.Document(io.BytesIO(content))
        return "\n\n".join(paragraph.text for paragraph in document.paragraphs)
    raise ValueError(f"Cannot read text from a {kind} file.")


# --- Measuring against CUAD -----------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(re.sub(r"[.,;:]", "", text.lower()).split())


def cuad_match(predicted: str, labelled: str) -> bool:
    """CUAD's rule: word-set Jaccard >= 0.5, or the labelled text contained in the prediction."""
    if labelled.lower() in predicted.lower():
        return True
    a, b = _words(predicted), _words(labelled)
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= 0.5


@dataclass
class Score:
    category: str
    contracts_labelled: int = 0
    contracts_flagged: int = 0
    contracts_both: int = 0
    labels: int = 0
    labels_found: int = 0
    predictions: int = 0
    predictions_right: int = 0

    @property
    def precision(self) -> float:
        return self.predictions_right / self.predictions if self.predictions else 0.0

    @property
    def recall(self) -> float:
        return self.labels_found / self.labels if self.labels else 0.0

    @property
    def contract_recall(self) -> float:
        return self.contracts_both / self.contracts_labelled if self.contracts_labelled else 0.0

    @property
    def contract_precision(self) -> float:
        return self.contracts_both / self.contracts_flagged if self.contracts_flagged else 0.0


def evaluate(cuad_dir, categories=None) -> dict[str, Score]:
    """Precision and recall of `suggest()` on a CUAD folder (contracts/ + labels.csv)."""
    import csv
    from pathlib import Path

    root = Path(cuad_dir)
    wanted = list(categories or ["Agreement Date", "Effective Date", "Parties", *RULES])
    labels: dict[str, dict[str, list[str]]] = {}
    with (root / "labels.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["category"] in wanted:
                name = row["txt_file"].split("/", 1)[-1]
                labels.setdefault(name, {}).setdefault(row["category"], []).append(
                    row["clause_text"]
                )
    scores = {category: Score(category) for category in wanted}
    for path in sorted((root / "contracts").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        predicted: dict[str, list[str]] = {}
        for suggestion in suggest(text):
            predicted.setdefault(suggestion.category, []).append(suggestion.text)
        mine = labels.get(path.name, {})
        for category in wanted:
            score = scores[category]
            gold = [t.replace("<omitted>", " ") for t in mine.get(category, [])]
            guesses = predicted.get(category, [])
            score.contracts_labelled += bool(gold)
            score.contracts_flagged += bool(guesses)
            score.contracts_both += bool(gold) and bool(guesses)
            score.labels += len(gold)
            score.labels_found += sum(any(cuad_match(g, label) for g in guesses) for label in gold)
            score.predictions += len(guesses)
            score.predictions_right += sum(
                any(cuad_match(g, label) for label in gold) for g in guesses
            )
    return scores
