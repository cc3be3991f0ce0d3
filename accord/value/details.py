"""Co-promotion details: reading an import file, and counting details under the rules in force.

Pure functions, tested with hand-computed numbers; the services feed them from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accord.core import files, tables

from .models import MAX_DETAILS, Channel

MAX_ROWS = 20_000
MAX_COLUMNS = 100
COLUMNS = ("date", "channel", "count")
# What field-force systems call the channels, mapped to ours.
CHANNEL_NAMES = {
    "face_to_face": Channel.FACE_TO_FACE,
    "face to face": Channel.FACE_TO_FACE,
    "f2f": Channel.FACE_TO_FACE,
    "in person": Channel.FACE_TO_FACE,
    "remote": Channel.REMOTE,
    "video": Channel.REMOTE,
    "remote/video": Channel.REMOTE,
    "phone": Channel.PHONE,
    "telephone": Channel.PHONE,
    "digital": Channel.DIGITAL,
    "email": Channel.DIGITAL,
}


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)  # {"date", "channel", "count", "region"}
    errors: list[dict] = field(default_factory=list)  # {"row", "field", "message"}

    @property
    def ok(self) -> bool:
        return not self.errors


def _table(content: bytes, kind: str) -> list[list]:
    return tables.read_rows(content, kind, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def parse(content: bytes, kind: str) -> Parsed:
    """Read a CSV or XLSX of details (columns date, channel, count and optionally region):
    every row is checked and every problem reported with its row number."""
    result = Parsed()
    try:
        table = _table(content, kind)
    except ValidationError as error:
        result.errors.extend({"row": 0, "field": "file", "message": m} for m in error.messages)
        return result
    table = [["" if cell is None else cell for cell in row] for row in table]
    if not table:
        result.errors.append({"row": 0, "field": "file", "message": _("The file is empty.")})
        return result
    header = [str(cell).strip().lower() for cell in table[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        result.errors.append(
            {
                "row": 1,
                "field": "header",
                "message": _(
                    "The header must name the columns date, channel, count; missing: %(missing)s."
                )
                % {"missing": ", ".join(missing)},
            }
        )
        return result
    where = {name: header.index(name) for name in (*COLUMNS, "region") if name in header}
    for number, raw in enumerate(table[1:], start=2):
        cells = list(raw) + [""] * (len(header) - len(raw))

        def cell(name, cells=cells):
            return cells[where[name]] if name in where else ""

        row, problems = {}, []
        try:
            row["date"] = _date(cell("date")).isoformat()
        except (TypeError, ValueError):
            problems.append(
                ("date", _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": cell("date")})
            )
        channel = CHANNEL_NAMES.get(str(cell("channel")).strip().lower())
        if channel is None:
            problems.append(
                (
                    "channel",
                    _("“%(value)s” is not a channel (face to face, remote, phone, digital).")
                    % {"value": cell("channel")},
                )
            )
        else:
            row["channel"] = str(channel)
        try:
            count = Decimal(str(cell("count")).strip())
            if count != count.to_integral_value() or count < 0:
                raise ValueError
            if count > MAX_DETAILS:
                problems.append(
                    (
                        "count",
                        _("%(count)s details on one row: at most %(max)s.")
                        % {"count": count, "max": f"{MAX_DETAILS:,}"},
                    )
                )
            else:
                row["count"] = int(count)
        except (ArithmeticError, ValueError):
            problems.append(
                (
                    "count",
                    _("“%(value)s” is not a whole number of details.") % {"value": cell("count")},
                )
            )
        row["region"] = str(cell("region")).strip()[:100]
        if problems:
            result.errors.extend({"row": number, "field": f, "message": m} for f, m in problems)
        else:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(
            {"row": 0, "field": "file", "message": _("The file has no detail rows.")}
        )
    return result


def weight_on(rules: list[tuple[dt.date, Decimal]], day: dt.date) -> Decimal:
    """The weight in force on `day` from a channel's (effective_from, weight) rules: the latest
    rule that started on or before it; 1 before any rule."""
    weight = Decimal(1)
    for start, value in sorted(rules):
        if start <= day:
            weight = Decimal(value)
    return weight


@dataclass
class PeriodCompliance:
    label: str
    period_start: dt.date
    period_end: dt.date
    minimum: int
    raw: int  # details delivered, uncounted
    by_channel: dict  # channel -> credited details
    credited: Decimal
    shortfall: Decimal

    @property
    def compliance_pct(self) -> Decimal | None:
        if not self.minimum:
            return None
        return (self.credited * 100 / self.minimum).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def met(self) -> bool:
        return self.shortfall == 0


def compliance(periods, actuals, rules) -> list[PeriodCompliance]:
    """Per contracted period: details credited under the rule in force on each detail's date,
    and the shortfall against the minimum.

    periods: [(label, start, end, minimum)]; actuals: [(date, channel, count)];
    rules: {channel: [(effective_from, weight)]}."""
    result = []
    for label, start, end, minimum in periods:
        by_channel: dict[str, Decimal] = {}
        raw = 0
        for day, channel, count in actuals:
            if start <= day <= end:
                raw += count
                credit = count * weight_on(rules.get(channel, []), day)
                by_channel[channel] = by_channel.get(channel, Decimal(0)) + credit
        credited = sum(by_channel.values(), Decimal(0))
        result.append(
            PeriodCompliance(
                label=label,
                period_start=start,
                period_end=end,
                minimum=minimum,
                raw=raw,
                by_channel=by_channel,
                credited=credited,
                shortfall=max(Decimal(0), Decimal(minimum) - credited),
            )
        )
    return result


IMPORT_SALT = "accord.value.details-import"


def read_detail_upload(upload):
    """The upload's content and kind, checked like every upload (size, type by content)."""
    content = files.read_limited(upload)
    detected = files.detect(content, upload.name)
    if detected.kind not in ("xlsx", "txt"):
        raise ValidationError({"file": _("Upload a CSV or XLSX file.")})
    return content, detected.kind
