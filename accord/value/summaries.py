"""Value summaries: per alliance and for the portfolio, for the people who may see them.

`alliance_summary(alliance, user)` and `portfolio_summary(user)` are the public reads (the value
pages, the dashboard and the executive pack use them). The figures are computed by
`accord.value.figures.compute` and kept in `ValueSummary` rows per (alliance, program), refreshed
by jobs after every change of their inputs and daily; the portfolio reads aggregate those rows in
SQL, scoped like the records they come from (a firewalled program's rows only for the people
cleared for it). `live_summaries(user, ...)` computes the same figures from the records (its
twin in tests/test_summaries.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import (
    DecimalField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from accord.core import freshness
from accord.portfolio.models import Alliance, Program

from . import figures
from .conf import reporting_currency
from .models import Forecast, ForecastStatus, ValueSummary, ValueYear, sees_value

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=24, decimal_places=2)
# Counted once per alliance whatever the number of programs: the longest slip decides.
LARGEST = ["asset_cost_of_delay", "months_exclusivity_lost"]
# The rest add up across programs and alliances.
ADDITIVE = [name for name in figures.FIGURES if name not in LARGEST]


@dataclass
class AllianceSummary(figures.Figures):
    """One alliance's value figures in the reporting currency. `modelled` is False when the
    alliance has no approved forecast: its planned and NPV figures are then "not modelled yet"
    (None), never zero."""

    alliance_id: int
    name: str
    modelled: bool

    @property
    def net_captured(self) -> Decimal:
        """Received minus paid to date: what the deal has brought in net so far."""
        return self.received_to_date - self.paid_to_date

    @property
    def net_planned_to_date(self) -> Decimal | None:
        if not self.modelled:
            return None
        return self.receipts_planned_to_date - self.payments_planned_to_date

    @property
    def cost_of_delay(self) -> Decimal:
        return self.inflow_cost_of_delay + self.asset_cost_of_delay

    @property
    def value_at_risk(self) -> Decimal:
        """Slipped inflows with their cost of delay, plus the asset's cost of delay."""
        return self.inflow_risk + self.asset_cost_of_delay

    @property
    def npv_change(self) -> Decimal | None:
        if self.npv_signing is None or self.npv_current is None:
            return None
        return self.npv_current - self.npv_signing

    # The names `portfolio_value` uses, for readers of both.
    @property
    def forecast_to_date(self) -> Decimal:
        return self.receipts_planned_to_date or ZERO

    @property
    def forecast_total(self) -> Decimal:
        return self.receipts_planned_total or ZERO

    @property
    def realised_to_date(self) -> Decimal:
        return self.received_to_date

    @property
    def slipped_milestones(self) -> int:
        return self.slipped

    @property
    def captured_pct(self) -> Decimal | None:
        """Received as a share of the receipts planned to date (None when none were due)."""
        if not self.receipts_planned_to_date:
            return None
        return (self.received_to_date * 100 / self.receipts_planned_to_date).quantize(
            Decimal("0.1")
        )


@dataclass
class PortfolioSummary:
    """The portfolio's totals for one person; `alliances` (each alliance's figures, by name) is
    filled only when asked for."""

    currency: str
    as_of: dt.date
    alliance_count: int = 0
    not_modelled: int = 0
    totals: AllianceSummary = field(
        default_factory=lambda: AllianceSummary(alliance_id=0, name="Portfolio", modelled=True)
    )
    alliances: list[AllianceSummary] = field(default_factory=list)

    def __getattr__(self, name):
        # forecast_to_date, realised_to_date, value_at_risk, paid_to_date…: the totals'.
        if name.startswith("_") or name in ("totals", "alliances"):
            raise AttributeError(name)
        return getattr(self.totals, name)


def combine_buckets(alliance_id, name, modelled, rows) -> AllianceSummary:
    """An alliance's figures from its program buckets (already scoped)."""
    item = AllianceSummary(alliance_id=alliance_id, name=name, modelled=modelled)
    for key in ADDITIVE:
        values = [getattr(r, key) for r in rows if getattr(r, key) is not None]
        if values:
            setattr(item, key, sum(values[1:], values[0]))
    for key in LARGEST:
        values = [getattr(r, key) for r in rows if getattr(r, key) is not None]
        if values:
            setattr(item, key, max(values))
    return _not_modelled(item)


def is_listed(item) -> bool:
    """Whether the portfolio's value lists this alliance (`services.portfolio_value`): it has a
    forecast in force, or value realised, slipped or left unconverted."""
    return bool(item.modelled or item.received_to_date or item.unconverted or item.slipped)


def _not_modelled(item: AllianceSummary) -> AllianceSummary:
    if not item.modelled:
        for key in (
            "receipts_planned_to_date",
            "receipts_planned_total",
            "payments_planned_to_date",
            "payments_planned_total",
            "npv_signing",
            "npv_current",
        ):
            setattr(item, key, None)
    return item


def modelled_alliances():
    """Alliances with an approved forecast (a value model)."""
    return Exists(
        Forecast.objects.filter(alliance_id=OuterRef("pk"), status=ForecastStatus.APPROVED)
    )


def live_summaries(user, alliances, *, as_of: dt.date | None = None) -> list[AllianceSummary]:
    """The figures of the given alliances computed from the records, for `user` (by name)."""
    as_of = as_of or timezone.localdate()
    if not sees_value(user):
        return []
    alliances = Alliance.objects.visible_to(user).filter(pk__in=alliances)
    info = {
        pk: (name, modelled)
        for pk, name, modelled in alliances.annotate(m=modelled_alliances()).values_list(
            "pk", "name", "m"
        )
    }
    grouped = defaultdict(list)
    for (alliance_id, _program), bucket in figures.compute(
        list(info), user=user, as_of=as_of
    ).items():
        grouped[alliance_id].append(bucket)
    result = [
        combine_buckets(pk, name, modelled, grouped.get(pk, []))
        for pk, (name, modelled) in info.items()
    ]
    return sorted(result, key=lambda r: (r.name.lower(), r.alliance_id))


# --- Stored summaries ----------------------------------------------------------------------


def store(alliance_ids=None, *, as_of: dt.date | None = None, batch: int = 200) -> int:
    """Recompute and keep the summaries of the given alliances (all when None); returns how
    many alliances were refreshed."""
    as_of = as_of or timezone.localdate()
    if alliance_ids is None:
        alliance_ids = list(Alliance.objects.order_by("pk").values_list("pk", flat=True))
    alliance_ids = sorted(set(alliance_ids))
    now = timezone.now()
    for start in range(0, len(alliance_ids), batch):
        chunk = alliance_ids[start : start + batch]
        buckets = figures.compute(chunk, user=None, as_of=as_of)
        rows = [
            ValueSummary(
                alliance_id=b.alliance_id,
                program_id=b.program_id,
                as_of=as_of,
                computed_at=now,
                **{name: getattr(b, name) for name in figures.FIELDS},
            )
            for b in buckets.values()
        ]
        # Every alliance gets a row not tied to a program, even with nothing to show: "computed
        # today" is then known (ensure_fresh).
        seen = {b.alliance_id for b in buckets.values() if b.program_id is None}
        rows += [
            ValueSummary(alliance_id=pk, as_of=as_of, computed_at=now)
            for pk in chunk
            if pk not in seen
        ]
        years = [
            ValueYear(alliance_id=alliance_id, program_id=program_id, year=year, **values)
            for (alliance_id, program_id, year), values in figures.years(chunk).items()
        ]
        with transaction.atomic():
            ValueSummary.objects.filter(alliance_id__in=chunk).delete()
            ValueSummary.objects.bulk_create(rows, batch_size=1000)
            ValueYear.objects.filter(alliance_id__in=chunk).delete()
            ValueYear.objects.bulk_create(years, batch_size=1000)
            freshness.moved()  # pages kept with the figures these replace are built afresh
    return len(alliance_ids)


def store_stale(*, as_of: dt.date | None = None) -> int:
    """Refresh every alliance whose summary is missing or was computed for another day."""
    as_of = as_of or timezone.localdate()
    fresh = ValueSummary.objects.filter(as_of=as_of).values("alliance_id")
    stale = Alliance.objects.exclude(pk__in=fresh).values_list("pk", flat=True)
    return store(list(stale), as_of=as_of)


def ensure_fresh(alliances) -> int:
    """Store the summaries of the given alliances that are missing or not of today (a job
    normally did; this covers a fresh database and a day the daily job has not run yet)."""
    today = timezone.localdate()
    fresh = ValueSummary.objects.filter(as_of=today, program__isnull=True).values("alliance_id")
    stale = list(
        Alliance.objects.filter(pk__in=alliances).exclude(pk__in=fresh).values_list("pk", flat=True)
    )
    if not stale:
        return 0
    try:
        return store(stale, as_of=today)
    except IntegrityError:  # another request stored them at the same moment
        return 0


def visible_rows(user, model=ValueSummary):
    """Stored summary rows (or year rows) the user may see: their alliances, and a program's
    rows only when they may see the program (a firewall's cleared people)."""
    if not sees_value(user):
        return model.objects.none()
    return model.objects.filter(alliance__in=Alliance.objects.visible_to(user)).filter(
        Q(program__isnull=True) | Q(program__in=Program.objects.visible_to(user))
    )


def stored_years(user, alliance) -> dict[int, dict] | None:
    """The alliance's value by year for `user`, summed in SQL over the stored year rows they may
    see and rounded to cents ({year: {field: Decimal}}); None when the alliance's summaries are
    not of today (the caller computes them from the records)."""
    today = timezone.localdate()
    if not ValueSummary.objects.filter(
        alliance=alliance, as_of=today, program__isnull=True
    ).exists():
        return None
    rows = (
        visible_rows(user, ValueYear)
        .filter(alliance=alliance)
        .order_by("year")
        .values("year")
        .annotate(**{name: Sum(name) for name in figures.YEAR_FIELDS})
    )
    return {
        row["year"]: {
            name: Decimal(str(row[name] or 0)).quantize(Decimal("0.01"))
            for name in figures.YEAR_FIELDS
        }
        for row in rows
    }


def _exact(key: str, value):
    """A SQL sum back to cents (tenths for months): SQLite adds decimals as floats."""
    if isinstance(value, int) or key in ("slipped", "unconverted"):
        return int(value)
    quantum = Decimal("0.1") if key == "months_exclusivity_lost" else Decimal("0.01")
    return Decimal(str(value)).quantize(quantum)


def _aggregates():
    sums = {key: Sum(key) for key in ADDITIVE}
    sums.update({key: Max(key) for key in LARGEST})
    return sums


def stored_summaries(user, alliances) -> dict[int, AllianceSummary]:
    """Per alliance figures aggregated in SQL from the stored rows, keyed by alliance id
    (one query); alliances without a stored row are missing."""
    rows = (
        visible_rows(user)
        .filter(alliance__in=alliances)
        .order_by()
        .values("alliance_id", "alliance__name")
        .annotate(m=Max(Cast("modelled", IntegerField())), **_aggregates())
    )
    result = {}
    for row in rows:
        item = AllianceSummary(
            alliance_id=row["alliance_id"], name=row["alliance__name"], modelled=bool(row["m"])
        )
        for key in ADDITIVE + LARGEST:
            if row[key] is not None:
                setattr(item, key, _exact(key, row[key]))
        result[item.alliance_id] = _not_modelled(item)
    return result


def alliance_summary(alliance, user, *, as_of: dt.date | None = None) -> AllianceSummary | None:
    """One alliance's figures for `user` (None for people who may not see value): stored when
    the summary is fresh, else computed from the records."""
    if not sees_value(user):
        return None
    today = timezone.localdate()
    as_of = as_of or today
    if as_of == today and ValueSummary.objects.filter(alliance=alliance, as_of=as_of).exists():
        stored = stored_summaries(user, Alliance.objects.filter(pk=alliance.pk))
        if alliance.pk in stored:
            return stored[alliance.pk]
    found = live_summaries(user, [alliance.pk], as_of=as_of)
    return found[0] if found else None


def portfolio_totals(user, alliances) -> AllianceSummary:
    """Totals over every given alliance, in SQL over the stored rows: sums of the additive
    figures, and of each alliance's largest asset cost of delay and exclusivity lost."""
    rows = visible_rows(user).filter(alliance__in=alliances)
    totals = rows.aggregate(**{key: Sum(key) for key in ADDITIVE})
    per_alliance = (
        rows.order_by()
        .values("alliance_id")
        .annotate(a=Max("asset_cost_of_delay"), mo=Max("months_exclusivity_lost"))
    )
    largest = per_alliance.aggregate(asset=Sum("a"), months=Sum("mo"))
    item = AllianceSummary(alliance_id=0, name="Portfolio", modelled=True)
    for key in ADDITIVE:
        if totals[key] is not None:
            setattr(item, key, _exact(key, totals[key]))
    item.asset_cost_of_delay = _exact("asset_cost_of_delay", largest["asset"] or 0)
    if largest["months"] is not None:
        item.months_exclusivity_lost = _exact("months_exclusivity_lost", largest["months"])
    return item


def portfolio_summary(user, alliances=None, *, with_rows: bool = False) -> PortfolioSummary:
    """The portfolio's value for `user`: totals over the given alliances (default: every
    alliance they may see) from the stored summaries, and how many live alliances have no value
    model yet; with `with_rows`, each alliance's figures too (those with a value model or
    money moved, by name). A fixed number of queries whatever the portfolio's size."""
    result = PortfolioSummary(currency=reporting_currency(), as_of=timezone.localdate())
    if not sees_value(user):
        return result
    scope = Alliance.objects.visible_to(user)
    if alliances is not None:
        scope = scope.filter(pk__in=alliances)
    ids = scope.values("pk")
    ensure_fresh(ids)
    result.alliance_count = scope.count()
    result.not_modelled = not_modelled(user).filter(pk__in=ids).count()
    result.totals = portfolio_totals(user, ids)
    if with_rows:
        listed = scope.filter(_has_anything(user)).values("pk")
        found = stored_summaries(user, listed)
        result.alliances = sorted(found.values(), key=lambda r: (r.name.lower(), r.alliance_id))
    return result


def not_modelled(user):
    """Live alliances (not terminated) the user may see that have no approved forecast."""
    if not sees_value(user):
        return Alliance.objects.none()
    return (
        Alliance.objects.visible_to(user)
        .exclude(stage="terminated")
        .annotate(m=modelled_alliances())
        .filter(m=False)
    )


def _row_sum(user, expression):
    rows = visible_rows(user).filter(alliance_id=OuterRef("pk")).order_by()
    return Coalesce(
        Subquery(rows.values("alliance_id").annotate(v=expression).values("v")[:1]),
        Value(ZERO),
        output_field=MONEY,
    )


def _has_anything(user):
    """A stored row the user may see with a value model, money moved, an amount without a rate
    or a slipped milestone (what the value page lists by default)."""
    rows = visible_rows(user).filter(alliance_id=OuterRef("pk"))
    return Exists(
        rows.filter(
            Q(modelled=True)
            | ~Q(received_to_date=0)
            | ~Q(paid_to_date=0)
            | Q(unconverted__gt=0)
            | Q(slipped__gt=0)
        )
    )


def annotate_alliances(user, alliances, *keys: str):
    """Alliances annotated, in SQL from the stored rows the user may see, with what the value
    page sorts and filters by (only the `keys` asked for, all by default): v_planned_in,
    v_received, v_paid, v_risk, v_any (a value model, money moved, an amount without a rate or
    a slipped milestone) and v_modelled."""
    available = {
        "v_planned_in": lambda: _row_sum(user, Sum("receipts_planned_to_date")),
        "v_received": lambda: _row_sum(user, Sum("received_to_date")),
        "v_paid": lambda: _row_sum(user, Sum("paid_to_date")),
        "v_risk": lambda: _row_sum(user, Sum("inflow_risk") + Max("asset_cost_of_delay")),
        "v_any": lambda: _has_anything(user),
        "v_modelled": modelled_alliances,
    }
    return alliances.annotate(**{key: available[key]() for key in keys or available})


def combine_rows(rows: list[AllianceSummary]) -> AllianceSummary:
    """Totals of alliance rows (the live computation for a past date)."""
    item = AllianceSummary(alliance_id=0, name="Portfolio", modelled=True)
    for key in ADDITIVE + LARGEST:
        values = [getattr(r, key) for r in rows if getattr(r, key) is not None]
        if values:
            setattr(item, key, sum(values[1:], values[0]))
    return item
