"""The capability and digital maturity self-assessment of the alliance management function.

Three dimensions, each 0-100: partnering capacity (headcount for the alliance load, measured from
the portfolio's workload; training; playbooks), digital infrastructure, and the outcomes they
should produce (executives understand each alliance's value, risks are visible, value is
delivered on time). The index is their mean. Answers are 1-5 (1 → 0, 5 → 100).

The anonymised result is one CSV row: a pseudonym, the month, the three dimension scores and the
index. A benchmark file is any number of such rows from other organisations.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from statistics import median, quantiles

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DIMENSIONS = [
    ("capacity", _("Partnering capacity")),
    ("digital", _("Digital infrastructure")),
    ("outcomes", _("Alliance outcomes")),
]
DIMENSION_NAMES = dict(DIMENSIONS)

# (key, dimension, text)
QUESTIONS = [
    (
        "cap-training",
        "capacity",
        _("Alliance managers get structured training and on-the-job development for the role."),
    ),
    (
        "cap-career",
        "capacity",
        _("Alliance management has a recognised career path in our company."),
    ),
    (
        "cap-playbook",
        "capacity",
        _("A current alliance playbook and standard toolkit are used across the portfolio."),
    ),
    (
        "cap-lessons",
        "capacity",
        _("Lessons learned are captured and feed back into the playbook."),
    ),
    (
        "dig-system",
        "digital",
        _(
            "Alliance data (contracts, governance, obligations) lives in one fit-for-purpose system, not in general office tools."
        ),
    ),
    (
        "dig-kpi",
        "digital",
        _("We have KPIs, scorecards and analytics of how each alliance performs."),
    ),
    ("dig-partner", "digital", _("Partners work with us in shared digital workspaces.")),
    (
        "dig-health",
        "digital",
        _("Relationship health is measured regularly, with data from both partners."),
    ),
    ("out-value", "outcomes", _("Our executives understand the value of each alliance.")),
    ("out-risk", "outcomes", _("Risks in each alliance are visible to decision-makers early.")),
    ("out-time", "outcomes", _("Alliance value is delivered on time.")),
    ("out-partner", "outcomes", _("Partners would choose to work with us again.")),
]
QUESTION_KEYS = [key for key, _dimension, _text in QUESTIONS]

CSV_HEADER = ["organisation", "assessed_on", "capacity", "digital", "outcomes", "index"]
MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 5000


def answer_score(value: int) -> float:
    return (int(value) - 1) * 25.0


def headcount_score(load_ratio: float | None, over_share: float = 0.0) -> float:
    """100 while the portfolio's load is at most 80 % of the managers' capacity, 0 from 160 %,
    scaled down by the share of managers over capacity (an average can hide an overload)."""
    if load_ratio is None:
        return 0.0
    if load_ratio <= 0.8:
        score = 100.0
    elif load_ratio >= 1.6:
        score = 0.0
    else:
        score = 100 * (1.6 - load_ratio) / 0.8
    return round(score * (1 - over_share), 1)


def measure_facts() -> dict:
    """Headcount against alliance load (portfolio workload) and health-survey coverage."""
    from django.utils import timezone

    from accord.portfolio.models import Alliance, WorkloadPolicy
    from accord.portfolio.workload import Status, manager_loads

    from .models import Wave

    policy = WorkloadPolicy.load()
    alliances = Alliance.objects.active()
    loads = [load for load in manager_loads(alliances=alliances) if load.alliance_count]
    total_points = float(sum((load.points for load in loads), Decimal(0)))
    managers = len(loads)
    capacity = managers * float(policy.capacity_points)
    ratio = round(total_points / capacity, 2) if capacity else None
    over = sum(1 for load in loads if load.status == Status.OVER)
    live = alliances.count()
    year_ago = timezone.now() - dt.timedelta(days=365)
    surveyed = (
        Wave.objects.filter(closed_at__gte=year_ago, alliance__in=alliances)
        .values("alliance_id")
        .distinct()
        .count()
    )
    return {
        "live_alliances": live,
        "people_holding_alliances": managers,
        "over_capacity": over,
        "load_points": round(total_points, 2),
        "load_ratio": ratio,
        "headcount_score": headcount_score(ratio, over / managers if managers else 0.0),
        "alliances_surveyed_last_year": surveyed,
        "survey_coverage_pct": round(100 * surveyed / live) if live else 0,
    }


def score(answers: dict, facts: dict) -> dict:
    """Dimension scores 0-100 and the index; measured facts count as one more answer each."""
    parts = {key: [] for key, _name in DIMENSIONS}
    for key, dimension, _text in QUESTIONS:
        if key in answers:
            parts[dimension].append(answer_score(answers[key]))
    if "headcount_score" in facts:
        parts["capacity"].append(float(facts["headcount_score"]))
    if "survey_coverage_pct" in facts:
        parts["digital"].append(float(facts["survey_coverage_pct"]))
    scores = {key: round(sum(v) / len(v), 1) if v else 0.0 for key, v in parts.items()}
    scores["index"] = round(sum(scores[k] for k, _ in DIMENSIONS) / len(DIMENSIONS), 1)
    return scores


def pseudonym() -> str:
    digest = hashlib.sha256(f"accord-maturity:{settings.SECRET_KEY}".encode()).hexdigest()
    return f"org-{digest[:10]}"


def export_row(assessment) -> list:
    month = assessment.assessed_on.replace(day=1).isoformat()
    s = assessment.scores
    return [pseudonym(), month, s["capacity"], s["digital"], s["outcomes"], s["index"]]


def export_csv(assessment) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerow(export_row(assessment))
    return buffer.getvalue()


@dataclass
class ParsedBenchmark:
    rows: list[dict]
    errors: list[str]


def _score_cell(text: str, line: int, column: str, errors: list[str]):
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        errors.append(
            gettext("Line %(line)s, %(column)s: “%(text)s” is not a number.")
            % {"line": line, "column": column, "text": text[:20]}
        )
        return None
    if not value.is_finite() or not 0 <= value <= 100:
        errors.append(
            gettext("Line %(line)s, %(column)s: scores are from 0 to 100.")
            % {"line": line, "column": column}
        )
        return None
    return str(value.quantize(Decimal("0.1")))


def parse_benchmark(content: bytes) -> ParsedBenchmark:
    """Read a benchmark CSV defensively: every problem is reported, nothing is half-read."""
    errors: list[str] = []
    if len(content) > MAX_IMPORT_BYTES:
        return ParsedBenchmark(
            [],
            [gettext("The file is larger than %(kb)s KB.") % {"kb": MAX_IMPORT_BYTES // 1024}],
        )
    if b"\x00" in content:
        return ParsedBenchmark([], [gettext("This is not a text (CSV) file.")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedBenchmark([], [gettext("The file is not UTF-8 text.")])
    try:
        reader = csv.reader(io.StringIO(text))
        table = list(reader)
    except csv.Error as error:
        return ParsedBenchmark(
            [], [gettext("The file is not valid CSV: %(error)s.") % {"error": error}]
        )
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        return ParsedBenchmark([], [gettext("The file is empty.")])
    header = [cell.strip().lower() for cell in table[0]]
    missing = [name for name in CSV_HEADER if name not in header]
    if missing:
        return ParsedBenchmark(
            [],
            [
                gettext("The header must name the columns %(columns)s; missing: %(missing)s.")
                % {"columns": ", ".join(CSV_HEADER), "missing": ", ".join(missing)}
            ],
        )
    if len(table) - 1 > MAX_IMPORT_ROWS:
        return ParsedBenchmark(
            [],
            [gettext("At most %(rows)s rows can be imported at once.") % {"rows": MAX_IMPORT_ROWS}],
        )
    if len(table) == 1:
        return ParsedBenchmark([], [gettext("The file has a header but no results.")])
    index = {name: header.index(name) for name in CSV_HEADER}
    rows, seen = [], set()
    for line, cells in enumerate(table[1:], start=2):
        if len(cells) < len(header):
            errors.append(
                gettext("Line %(line)s: expected %(expected)s columns, found %(found)s.")
                % {"line": line, "expected": len(header), "found": len(cells)}
            )
            continue
        org = cells[index["organisation"]].strip()
        if not org or len(org) > 64 or not all(ch.isalnum() or ch in "-_." for ch in org):
            errors.append(
                gettext(
                    "Line %(line)s, organisation: use a pseudonym of letters, digits, - _ . (up to 64)."
                )
                % {"line": line}
            )
            continue
        if org in seen:
            errors.append(
                gettext("Line %(line)s, organisation: %(organisation)s appears twice.")
                % {"line": line, "organisation": org}
            )
            continue
        seen.add(org)
        raw_date = cells[index["assessed_on"]].strip()
        assessed_on = None
        if raw_date:
            try:
                assessed_on = dt.date.fromisoformat(raw_date).isoformat()
            except ValueError:
                errors.append(
                    gettext("Line %(line)s, assessed_on: use a date like 2026-03-01.")
                    % {"line": line}
                )
                continue
        row = {"organisation": org, "assessed_on": assessed_on}
        for column in ("capacity", "digital", "outcomes", "index"):
            row[column] = _score_cell(cells[index[column]], line, column, errors)
        if None not in (row["capacity"], row["digital"], row["outcomes"], row["index"]):
            rows.append(row)
    return ParsedBenchmark(rows if not errors else [], errors)


def percentile_rank(value: float, population: list[float]) -> int:
    if not population:
        return 0
    below = sum(1 for v in population if v < value)
    equal = sum(1 for v in population if v == value)
    return round(100 * (below + 0.5 * equal) / len(population))


def compare(scores: dict, entries) -> list[dict]:
    """Our score against the benchmark for each dimension and the index."""
    comparison = []
    for key, name in [*DIMENSIONS, ("index", _("Maturity index"))]:
        population = [float(getattr(e, key)) for e in entries]
        ours = float(scores.get(key, 0))
        row = {"key": key, "name": name, "ours": ours, "n": len(population)}
        if population:
            q = quantiles(population, n=4) if len(population) >= 2 else [population[0]] * 3
            row.update(
                median=round(median(population), 1),
                q1=round(q[0], 1),
                q3=round(q[2], 1),
                percentile=percentile_rank(ours, population),
            )
        comparison.append(row)
    return comparison
