"""Importing an existing alliance tracker (XLSX or CSV): read it defensively, suggest which
column is which field, try every row through the portfolio actions (a dry run that is rolled
back, so the preview's errors are exactly those the import would meet), then apply all rows in
one transaction or none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core import tables
from accord.core.files import open_stored
from accord.portfolio.actions import alliance_create, alliance_update, company_create
from accord.portfolio.models import Alliance, AllianceType, Company, Stage, TherapeuticArea

MAX_ROWS = 2000
MAX_COLUMNS = 60


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


FIELDS = [
    Field("name", "Alliance", ("alliance", "alliance name", "name", "partnership", "deal"), True),
    Field(
        "partner",
        "Partner",
        ("partner", "partner company", "company", "counterparty", "licensor", "licensee"),
    ),
    Field("alliance_type", "Type", ("type", "alliance type", "deal type", "collaboration type")),
    Field("stage", "Stage", ("stage", "lifecycle stage", "phase of alliance", "status")),
    Field(
        "effective_date",
        "Effective date",
        ("effective date", "effective", "signed", "signing date", "start date"),
    ),
    Field(
        "therapeutic_areas",
        "Therapeutic areas",
        ("therapeutic area", "therapeutic areas", "ta", "tas", "area"),
    ),
    Field(
        "deal_value_musd",
        "Deal value (USD m)",
        ("deal value", "deal value usd m", "value usd m", "total deal value", "value"),
    ),
    Field(
        "strategic_importance", "Strategic importance (1-5)", ("strategic importance", "importance")
    ),
    Field("risk_level", "Risk (1-5)", ("risk", "risk level", "risk 1 5")),
]
FIELD_BY_KEY = {f.key: f for f in FIELDS}


def normalise(text) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").lower()).split())


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """Accord field -> the tracker column whose header names it (first match wins)."""
    by_name = {}
    for header in headers:
        by_name.setdefault(normalise(header), header)
    mapping = {}
    taken = set()
    for field in FIELDS:
        for candidate in (normalise(field.label), *field.synonyms):
            header = by_name.get(candidate)
            if header and header not in taken:
                mapping[field.key] = header
                taken.add(header)
                break
        else:
            mapping[field.key] = ""
    return mapping


def read_table(stored) -> tuple[list[str], list[list]]:
    """Headers and rows of a kept tracker file (see `parse_table`)."""
    with open_stored(stored) as handle:
        content = handle.read()
    return parse_table(content, stored.kind)


def parse_table(content: bytes, kind: str) -> tuple[list[str], list[list]]:
    """Headers and rows of the first sheet (XLSX) or the file (CSV), within the limits;
    raises ValidationError({"file": ...}) naming the problem."""
    rows = tables.read_rows(
        content, kind, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, sniff_delimiter=True
    )
    if not rows:
        raise ValidationError(
            {"file": _("The file is empty: the first row must name the columns.")}
        )
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    if not any(headers):
        raise ValidationError({"file": _("The first row must name the columns.")})
    return headers, rows[1:]


def _choice(value: str, choices, what: str) -> str:
    wanted = normalise(value)
    for code, label in choices:
        if wanted in (normalise(code), normalise(label)):
            return code
    known = ", ".join(str(label) for _value, label in choices)
    raise ValueError(f"“{value}” is not a known {what} ({known}).")


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date: write it as 2024-03-31.")


def _one_to_five(value) -> int:
    try:
        number = Decimal(str(value).strip())
        if not number.is_finite():
            raise InvalidOperation
    except (ArithmeticError, ValueError):  # not a number, NaN or infinite
        raise ValueError(f"“{value}” is not a number from 1 to 5.") from None
    if not 1 <= number < 6:  # compared before converting: 1e999999 would take a while
        raise ValueError(f"{value} is not between 1 and 5.")
    return int(number)


def _money(value) -> Decimal:
    text = re.sub(r"[,\s$]", "", str(value))
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise InvalidOperation
        if number < 0:
            raise ValueError("A deal value cannot be negative.")
        return number.quantize(Decimal("0.1"))
    except ArithmeticError:  # not a number, infinite, or too many digits to round
        raise ValueError(f"“{value}” is not an amount in USD millions.") from None


def clean_row(
    values: dict, areas: dict[str, TherapeuticArea]
) -> tuple[dict, list[tuple[str, str]]]:
    """Typed values of one row by field, and its problems as (field label, message)."""
    data, errors = {}, []
    for key, raw in values.items():
        if raw is None or str(raw).strip() == "":
            if FIELD_BY_KEY[key].required:
                errors.append((FIELD_BY_KEY[key].label, "This cell is empty."))
            continue
        try:
            if key == "name" or key == "partner":
                data[key] = str(raw).strip()[:200]
            elif key == "alliance_type":
                data[key] = _choice(str(raw), AllianceType.choices, "alliance type")
            elif key == "stage":
                data[key] = _choice(str(raw), Stage.choices, "stage")
            elif key == "effective_date":
                data[key] = _date(raw)
            elif key == "therapeutic_areas":
                names = [n.strip() for n in re.split(r"[;,]", str(raw)) if n.strip()]
                unknown = [n for n in names if n.lower() not in areas]
                if unknown:
                    raise ValueError(f"Unknown therapeutic area: {', '.join(unknown)}.")
                data[key] = [areas[n.lower()] for n in names]
            elif key == "deal_value_musd":
                data[key] = _money(raw)
            else:
                data[key] = _one_to_five(raw)
        except ValueError as error:
            errors.append((FIELD_BY_KEY[key].label, str(error)))
    return data, errors


def _apply_row(actor, data: dict, partners: dict[str, Company]) -> str:
    """Create or update one alliance through the portfolio actions; 'created' or 'updated'."""
    data = dict(data)
    partner_name = data.pop("partner", None)
    company = None
    if partner_name:
        company = partners.get(partner_name.lower())
        if company is None:
            company = company_create(
                actor=actor,
                data={"name": partner_name, "company_type": Company.Type.OTHER},
            )
            partners[partner_name.lower()] = company
    existing = Alliance.objects.filter(name__iexact=data["name"]).first()
    if existing is None:
        if company is None:
            raise ValidationError({"partner": _("A new alliance needs its partner company.")})
        data.setdefault("alliance_type", AllianceType.RESEARCH)
        alliance_create(actor=actor, data={**data, "partners": [company]})
        return "created"
    if company is not None:
        data["partners"] = [*existing.partners.all(), company]
    alliance_update(actor=actor, alliance=existing, data=data, reason="Tracker import")
    return "updated"


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (FIELD_BY_KEY[f].label if f in FIELD_BY_KEY else f.replace("_", " ").capitalize(), m)
            for f, messages in error.message_dict.items()
            for m in messages
        ]
    return [("Row", m) for m in error.messages]


@dataclass
class Outcome:
    errors: list[dict]
    created: int
    updated: int
    total: int


def run(tracker_import, actor, *, commit: bool, progress=None) -> Outcome:
    """Try every row; keep the changes only if `commit` and no row failed (all or nothing)."""
    headers, rows = read_table(tracker_import.file)
    # In the tracker's column order: PostgreSQL's jsonb does not keep the order keys were saved
    # in, and a row's problems are listed in this order.
    mapping = {
        f.key: tracker_import.mapping[f.key] for f in FIELDS if tracker_import.mapping.get(f.key)
    }
    missing = [f.label for f in FIELDS if f.required and f.key not in mapping]
    if missing:
        return Outcome(
            [
                {
                    "row": 0,
                    "field": ", ".join(missing),
                    "message": "Choose the column that holds it.",
                }
            ],
            0,
            0,
            len(rows),
        )
    index = {header: i for i, header in enumerate(headers)}
    areas = {a.name.lower(): a for a in TherapeuticArea.objects.all()}
    partners = {c.name.lower(): c for c in Company.objects.partners()}
    errors, counts, seen, cleaned = [], {"created": 0, "updated": 0}, {}, []
    # First every row is read and checked, outside any transaction, so the progress written
    # meanwhile is visible to the page that polls it.
    for number, row in enumerate(rows, start=2):
        values = {
            key: (row[index[header]] if index[header] < len(row) else None)
            for key, header in mapping.items()
        }
        data, problems = clean_row(values, areas)
        name = (data.get("name") or "").lower()
        if name and name in seen:
            problems.append(("Alliance", f"Also on row {seen[name]}: one row per alliance."))
        seen.setdefault(name, number)
        errors += [{"row": number, "field": f, "message": m} for f, m in problems]
        cleaned.append((number, data, bool(problems)))
        if progress:
            progress(number - 1, len(rows))
    # Then every clean row goes through the portfolio actions in one transaction: kept only if
    # committing and no row failed, so the dry run meets exactly the errors the import would.
    with transaction.atomic():
        for number, data, failed in cleaned:
            if failed:
                continue
            try:
                with transaction.atomic():
                    counts[_apply_row(actor, data, partners)] += 1
            except ValidationError as error:
                errors += [{"row": number, "field": f, "message": m} for f, m in _messages(error)]
                partners = {c.name.lower(): c for c in Company.objects.partners()}
        if errors or not commit:
            transaction.set_rollback(True)
    errors.sort(key=lambda e: e["row"])
    if errors:
        counts = {"created": 0, "updated": 0}
    return Outcome(errors, counts["created"], counts["updated"], len(rows))
