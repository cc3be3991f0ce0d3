"""Read services for value: what other apps (reporting, dossier, bench) call.

Every function takes the user and scopes by what they may see: `Alliance.objects.visible_to`,
firewalled programs hidden, and nothing at all for partner users (deal values are internal).
Aggregates are computed in SQL with a fixed number of queries whatever the portfolio size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.portfolio.models import Alliance

from . import finance
from .conf import reporting_currency
from .models import (
    CashFlow,
    Direction,
    ExchangeRate,
    ExclusivityLoss,
    ForecastKind,
    ForecastStatus,
    Payment,
    RoyaltyReport,
    sees_value,
)

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=24, decimal_places=8)


@dataclass
class AllianceValue:
    alliance_id: int
    name: str
    forecast_to_date: Decimal = ZERO
    realised_to_date: Decimal = ZERO
    value_at_risk: Decimal = ZERO
    slipped_milestones: int = 0
    forecast_total: Decimal = ZERO
    cost_of_delay: Decimal = ZERO
    unconverted: int = 0  # amounts left out because no exchange rate is recorded
    asset_cost_of_delay: Decimal = ZERO  # part of cost_of_delay: the asset's, longest slip

    @property
    def captured_pct(self) -> Decimal | None:
        """Realised as a share of what was forecast to date (None when nothing was due)."""
        if not self.forecast_to_date:
            return None
        return (self.realised_to_date * 100 / self.forecast_to_date).quantize(Decimal("0.1"))

    @property
    def gap(self) -> Decimal:
        return self.realised_to_date - self.forecast_to_date


@dataclass
class PortfolioValue:
    currency: str
    as_of: dt.date
    forecast_to_date: Decimal = ZERO
    realised_to_date: Decimal = ZERO
    forecast_total: Decimal = ZERO
    value_at_risk: Decimal = ZERO
    cost_of_delay: Decimal = ZERO
    slipped_milestones: int = 0
    unconverted: int = 0
    alliances: list[AllianceValue] = field(default_factory=list)

    @property
    def captured_pct(self) -> Decimal | None:
        if not self.forecast_to_date:
            return None
        return (self.realised_to_date * 100 / self.forecast_to_date).quantize(Decimal("0.1"))


def rate_expression(currency_field: str, date_field: str):
    """The rate to the reporting currency for each row: 1 for the reporting currency, else the
    rate recorded on or before the row's date, else (a date before any record) the earliest
    recorded rate; NULL when the currency has no rate at all."""
    on_or_before = (
        ExchangeRate.objects.filter(
            currency=OuterRef(currency_field), effective_on__lte=OuterRef(date_field)
        )
        .order_by("-effective_on")
        .values("rate")[:1]
    )
    earliest = (
        ExchangeRate.objects.filter(currency=OuterRef(currency_field))
        .order_by("effective_on")
        .values("rate")[:1]
    )
    return Case(
        When(**{currency_field: reporting_currency()}, then=Value(Decimal(1))),
        default=Coalesce(Subquery(on_or_before), Subquery(earliest)),
        output_field=MONEY,
    )


def _converted(amount_field: str):
    return ExpressionWrapper(F(amount_field) * F("fx_rate"), output_field=MONEY)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(finance.CENT)


def visible_flows(user):
    """Cash flows of approved forecasts the user may see (firewalled programs hidden)."""
    return CashFlow.objects.visible_to(user).filter(
        forecast__status=ForecastStatus.APPROVED,
        alliance__in=Alliance.objects.visible_to(user),
    )


def realised_sources(user, alliances, *, end: dt.date | None = None):
    """The three sources of realised value, each annotated with `fx_rate`, `signed` (in the
    reporting currency, + received, − paid) and `on` (payment date), paid up to `end`; what
    `user` may see (everything when `user` is None: the stored summaries)."""
    from accord.contracts.models import Milestone

    from .figures import _scoped

    milestones = (
        _scoped(Milestone, user)
        .paid_between(None, end)
        .filter(alliance__in=alliances)
        .annotate(pay_currency=Coalesce(NullIf("paid_currency", Value("")), "currency"))
        .annotate(fx_rate=rate_expression("pay_currency", "paid_on"))
        .annotate(
            signed=Case(
                When(payee__kind="own", then=_converted("paid_amount")),
                When(payer__kind="own", then=-_converted("paid_amount")),
                default=None,
                output_field=MONEY,
            ),
            on=F("paid_on"),
        )
    )
    payments = _scoped(Payment, user).filter(alliance__in=alliances)
    royalties = _scoped(RoyaltyReport, user).filter(alliance__in=alliances, paid_on__isnull=False)
    if end is not None:
        payments = payments.filter(paid_on__lte=end)
        royalties = royalties.filter(paid_on__lte=end)
    payments = payments.annotate(fx_rate=rate_expression("currency", "paid_on")).annotate(
        signed=Case(
            When(direction=Direction.IN, then=_converted("amount")),
            default=-_converted("amount"),
            output_field=MONEY,
        ),
        on=F("paid_on"),
    )
    royalties = royalties.annotate(fx_rate=rate_expression("currency", "paid_on")).annotate(
        signed=Case(
            When(direction=Direction.IN, then=_converted("royalty_amount")),
            default=-_converted("royalty_amount"),
            output_field=MONEY,
        ),
        on=F("paid_on"),
    )
    return milestones, payments, royalties


def slipped_milestone_flows(user, alliances):
    """Inflows of approved baselines tied to a contract milestone that is not paid and whose
    date (achieved, else forecast) is later than the baseline's date for it."""
    from accord.contracts.models import Milestone

    return (
        visible_flows(user)
        .filter(
            alliance__in=alliances,
            forecast__kind=ForecastKind.BASELINE,
            direction=Direction.IN,
            milestone__in=Milestone.objects.visible_to(user).filter(paid_on__isnull=True),
        )
        .annotate(new_date=Coalesce("milestone__achieved_on", "milestone__forecast_date"))
        .filter(new_date__gt=F("due_on"))
        .annotate(
            fx_currency=F("forecast__currency"),
        )
        .annotate(fx_rate=rate_expression("fx_currency", "due_on"))
    )


@dataclass
class SlippedMilestone:
    alliance_id: int
    milestone_id: int
    title: str
    kind: str
    amount: Decimal  # baseline amount, forecast currency
    currency: str
    baseline_date: dt.date
    new_date: dt.date
    delay_days: int
    cost_of_delay: Decimal  # forecast currency
    cost_of_delay_reporting: Decimal | None
    amount_reporting: Decimal | None
    months_exclusivity_lost: Decimal | None


def slipped_milestones(user, alliances) -> list[SlippedMilestone]:
    """Each slipped milestone with its cost of delay (two queries whatever the count)."""
    rows = slipped_milestone_flows(user, alliances).values(
        "alliance_id",
        "milestone_id",
        "milestone__title",
        "milestone__kind",
        "milestone__program_id",
        "amount",
        "due_on",
        "new_date",
        "fx_currency",
        "fx_rate",
        "forecast__discount_rate",
        "forecast__valuation_date",
    )
    rows = list(rows.order_by("alliance_id", "due_on", "pk"))
    loe = {}
    if rows:
        for item in (
            ExclusivityLoss.objects.visible_to(user)
            .filter(alliance_id__in={row["alliance_id"] for row in rows})
            .values("alliance_id", "program_id", "loe_date")
        ):
            loe[(item["alliance_id"], item["program_id"])] = item["loe_date"]
    result = []
    for row in rows:
        cost = finance.cost_of_delay(
            row["amount"],
            row["forecast__discount_rate"],
            row["forecast__valuation_date"],
            row["due_on"],
            row["new_date"],
        )
        loe_date = loe.get((row["alliance_id"], row["milestone__program_id"])) or loe.get(
            (row["alliance_id"], None)
        )
        # Only a regulatory milestone (an approval) moves the launch and so eats into the
        # protected selling period before loss of exclusivity.
        months = (
            finance.exclusivity_months_lost(row["due_on"], row["new_date"], loe_date)
            if row["milestone__kind"] == "regulatory"
            else None
        )
        rate = None if row["fx_rate"] is None else Decimal(row["fx_rate"])
        result.append(
            SlippedMilestone(
                alliance_id=row["alliance_id"],
                milestone_id=row["milestone_id"],
                title=row["milestone__title"],
                kind=row["milestone__kind"],
                amount=row["amount"],
                currency=row["fx_currency"],
                baseline_date=row["due_on"],
                new_date=row["new_date"],
                delay_days=(row["new_date"] - row["due_on"]).days,
                cost_of_delay=cost,
                cost_of_delay_reporting=finance.convert(cost, rate),
                amount_reporting=finance.convert(row["amount"], rate),
                months_exclusivity_lost=months,
            )
        )
    return result


def portfolio_value(user, *, as_of: dt.date | None = None, alliance_ids=None) -> PortfolioValue:
    """Forecast versus realised value of the alliances the user may see, in the reporting
    currency (`ACCORD_REPORTING_CURRENCY`), as of `as_of` (default today).

    - forecast_to_date: inflows (received by our company) of each alliance's forecast in force
      (the latest approved version: the baseline until a re-forecast is approved) due on or
      before `as_of`; forecast_total: all of its inflows, undiscounted.
    - realised_to_date: money received up to `as_of` — paid milestones from the contracts
      register where our company is the payee, payments received and paid royalty reports
      recorded in value. Money we paid is not subtracted (the headline is value captured).
    - value_at_risk: for every milestone of an approved baseline that has slipped (its
      achieved date, else its forecast date in the contracts register, is later than the
      baseline's date for it) and is not yet paid, the baseline amount of that inflow plus its
      cost of delay (NPV at the baseline date − NPV at the new date, at the baseline's discount
      rate and valuation date). The amount is at risk of not coming at all; the cost of delay
      is lost even if it comes.
    - Amounts are converted at the recorded rate in force on each payment's (or forecast
      payment's) date; a date before the first recorded rate uses the earliest one; a currency
      without any rate is left out and counted in `unconverted`.
    - Alliances listed: visible ones with a forecast in force (even one where we only pay:
      its figures are then zero) or realised value, by name.
      Partner users get an empty result (deal values are internal); firewalled programs'
      flows, payments and milestones count only for the people cleared for them.
    """
    as_of = as_of or timezone.localdate()
    result = PortfolioValue(currency=reporting_currency(), as_of=as_of)
    if not sees_value(user):
        return result
    from .figures import compute

    alliances = Alliance.objects.visible_to(user)
    if alliance_ids is not None:
        if not isinstance(alliance_ids, QuerySet):
            alliance_ids = list(alliance_ids)
        alliances = alliances.filter(pk__in=alliance_ids)
    # Each alliance's program buckets combine by the one rule of the stored summaries
    # (summaries.combine_buckets: sums, and the asset's cost of delay once, its longest slip).
    from .summaries import combine_buckets, is_listed

    grouped: dict[int, list] = {}
    listed: set[int] = set()
    buckets = compute(alliances.values("pk"), user=user, as_of=as_of, npv=False)
    names = dict(alliances.filter(pk__in={a for a, _year in buckets}).values_list("pk", "name"))
    for (alliance_id, _program), bucket in buckets.items():
        if alliance_id not in names:
            continue
        grouped.setdefault(alliance_id, []).append(bucket)
        if is_listed(bucket):
            listed.add(alliance_id)
    for alliance_id in sorted(listed):
        summary = combine_buckets(alliance_id, names[alliance_id], True, grouped[alliance_id])
        result.alliances.append(
            AllianceValue(
                alliance_id,
                summary.name,
                forecast_to_date=summary.forecast_to_date,
                realised_to_date=summary.realised_to_date,
                value_at_risk=summary.value_at_risk,
                slipped_milestones=summary.slipped,
                forecast_total=summary.forecast_total,
                cost_of_delay=summary.cost_of_delay,
                unconverted=summary.unconverted,
                asset_cost_of_delay=summary.asset_cost_of_delay,
            )
        )
    result.alliances.sort(key=lambda item: (item.name.lower(), item.alliance_id))
    for item in result.alliances:
        result.forecast_to_date += item.forecast_to_date
        result.realised_to_date += item.realised_to_date
        result.forecast_total += item.forecast_total
        result.value_at_risk += item.value_at_risk
        result.cost_of_delay += item.cost_of_delay
        result.slipped_milestones += item.slipped_milestones
        result.unconverted += item.unconverted
    return result


@dataclass
class YearRow:
    year: int
    baseline_in: Decimal = ZERO
    baseline_out: Decimal = ZERO
    forecast_in: Decimal = ZERO
    forecast_out: Decimal = ZERO
    received: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def baseline_net(self) -> Decimal:
        return self.baseline_in - self.baseline_out

    @property
    def forecast_net(self) -> Decimal:
        return self.forecast_in - self.forecast_out

    @property
    def realised_net(self) -> Decimal:
        return self.received - self.paid


def alliance_years(user, alliance) -> list[YearRow]:
    """Baseline, forecast in force and realised value of one alliance by calendar year, in the
    reporting currency: read from the stored year rows (summaries.stored_years, one query) when
    the alliance's summaries are of today, else computed from the records (figures.years)."""
    from . import figures, summaries

    if not sees_value(user):
        return []
    stored = summaries.stored_years(user, alliance)
    if stored is None:
        stored = {}
        for (_a, _p, year), values in figures.years([alliance.pk], user=user).items():
            totals = stored.setdefault(year, dict.fromkeys(figures.YEAR_FIELDS, Decimal(0)))
            for name, value in values.items():
                totals[name] += value
        stored = {
            year: {k: _money(v) for k, v in values.items()} for year, values in stored.items()
        }
    return [YearRow(year=year, **stored[year]) for year in sorted(stored)]


def year_chart(rows: list[YearRow], currency: str) -> dict | None:
    """Chart.js configuration (rendered by accord/charts.js from json_script)."""
    if not rows:
        return None
    return {
        "type": "bar",
        "data": {
            "labels": [str(r.year) for r in rows],
            "datasets": [
                {"label": _("Baseline inflows"), "data": [float(r.baseline_in) for r in rows]},
                {"label": _("Forecast inflows"), "data": [float(r.forecast_in) for r in rows]},
                {"label": _("Received"), "data": [float(r.received) for r in rows]},
            ],
        },
        "options": {
            "plugins": {
                "title": {
                    "display": True,
                    "text": _("Value by year (%(currency)s)") % {"currency": currency},
                }
            },
        },
    }


def forecast_totals(flows) -> dict:
    """Inflows, outflows and net of one forecast's flows, in its own currency (one query)."""
    totals = flows.order_by().aggregate(
        inflows=Sum("amount", filter=Q(direction=Direction.IN)),
        outflows=Sum("amount", filter=Q(direction=Direction.OUT)),
    )
    inflows, outflows = _money(totals["inflows"]), _money(totals["outflows"])
    return {"inflows": inflows, "outflows": outflows, "net": inflows - outflows}


def detail_compliance(user, alliance):
    """Each contracted period of a co-promotion with the details credited under the counting
    rules in force on each detail's date, and the shortfall (three queries)."""
    from . import details
    from .models import DetailActual, DetailMinimum, DetailRule

    if not sees_value(user):
        return []
    periods = list(
        DetailMinimum.objects.filter(alliance=alliance)
        .order_by("period_start")
        .values_list("label", "period_start", "period_end", "minimum")
    )
    if not periods:
        return []
    periods = [(label or f"{s:%d %b %Y} – {e:%d %b %Y}", s, e, m) for label, s, e, m in periods]
    actuals = list(
        DetailActual.objects.filter(
            alliance=alliance,
            detailed_on__gte=min(p[1] for p in periods),
            detailed_on__lte=max(p[2] for p in periods),
        )
        .order_by()
        .values("detailed_on", "channel")
        .annotate(n=Sum("count"))
        .values_list("detailed_on", "channel", "n")
    )
    rules: dict[str, list] = {}
    for channel, start, weight in DetailRule.objects.filter(alliance=alliance).values_list(
        "channel", "effective_from", "weight"
    ):
        rules.setdefault(channel, []).append((start, weight))
    return details.compliance(periods, actuals, rules)


@dataclass
class OutcomeColumn:
    category: str
    label: str
    measures: list
    derived: list[tuple[str, str]]  # (what, figure) computed from value and health


def outcome_summary(user, alliance, value: AllianceValue | None) -> list[OutcomeColumn]:
    """The alliance performance summary: recorded outcome measures per category, with the
    financial column completed from value and the relationship column from the latest closed
    joint health assessment where the health app has one (two or three queries)."""
    from .models import OutcomeCategory, OutcomeMeasure

    measures = list(OutcomeMeasure.objects.visible_to(user).filter(alliance=alliance))
    derived: dict[str, list] = {key: [] for key in OutcomeCategory.values}
    if value is not None:
        captured = f"{value.captured_pct} %" if value.captured_pct is not None else "–"
        derived[OutcomeCategory.FINANCIAL] += [
            (_("Value captured to date"), captured),
            (_("Value at risk"), f"{value.value_at_risk:,.0f} {reporting_currency()}"),
        ]
    health = latest_health(user, alliance)
    if health is not None:
        derived[OutcomeCategory.RELATIONSHIP].append(health)
    return [
        OutcomeColumn(
            category=key,
            label=label,
            measures=[m for m in measures if m.category == key],
            derived=derived[key],
        )
        for key, label in OutcomeCategory.choices
    ]


def latest_health(user, alliance) -> tuple[str, str] | None:
    """("Health: <wave>", "<overall score> / 100") from the latest closed joint assessment."""
    from django.apps import apps

    if not apps.is_installed("accord.health"):
        return None
    from accord.health.models import Wave
    from accord.health.results import headline_results

    wave = Wave.objects.visible_to(user).last_joint(alliance)
    if wave is None:
        return None
    # The stored headline (computed when the wave closed), not the answers scored again.
    result = headline_results([wave])[wave.pk]
    overall = next((g.overall for g in result.shown_groups if g.overall is not None), None)
    if not result.available or overall is None:
        return (
            _("Health: %(wave)s") % {"wave": wave.title},
            _("results withheld (too few answers)"),
        )
    return (_("Health: %(wave)s") % {"wave": wave.title}, f"{overall:.0f} / 100")
