"""Each dashboard figure against a hand-written SQL twin, on generated data, for people with
different scopes (the leader, an employee not cleared for A2, a manager cleared for it).

Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…). The SQL is written from the rules,
not from the ORM's queries: if the two disagree, one of them misreads the rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accord.portfolio.models import WorkloadPolicy
from accord.reporting import dashboard

PERSONAS = ["leader", "firewalled", "manager_a"]

# A record linked to a program counts only if the program is not firewalled, or the person is
# on its firewall list.
VISIBLE = """({col} IS NULL OR {col} IN (
    SELECT p.id FROM portfolio_program p
    WHERE p.is_firewalled = %s
       OR EXISTS (SELECT 1 FROM portfolio_program_firewall_members fm
                  WHERE fm.program_id = p.id AND fm.user_id = %s)))"""


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def scalar(sql: str, params=()) -> int:
    return rows(sql, params)[0][0]


def visible(col: str, user) -> tuple[str, list]:
    return VISIBLE.format(col=col), [False, user.pk]


def when(now):
    today = timezone.localdate(now)
    return today, today + dt.timedelta(days=dashboard.HORIZON_DAYS)


def twin_counts(column: str, live=True) -> dict:
    where = "WHERE stage <> 'terminated'" if live else ""
    return dict(
        rows(f"SELECT {column}, COUNT(*) FROM portfolio_alliance {where} GROUP BY {column}")
    )


def twin_areas() -> dict:
    return {
        (pk, name): n
        for pk, name, n in rows(
            """SELECT ta.id, ta.name, COUNT(DISTINCT a.id)
               FROM portfolio_alliance a
               JOIN portfolio_alliance_therapeutic_areas ata ON ata.alliance_id = a.id
               JOIN portfolio_therapeuticarea ta ON ta.id = ata.therapeuticarea_id
               WHERE a.stage <> 'terminated'
               GROUP BY ta.id, ta.name"""
        )
    }


def twin_decisions_due(user, horizon) -> int:
    cond, params = visible("d.program_id", user)
    return scalar(
        f"""SELECT COUNT(*) FROM governance_decision d
            WHERE d.status IN ('raised', 'proposed', 'deferred', 'escalated')
              AND d.due_on <= %s AND {cond}""",
        [horizon, *params],
    )


def twin_milestones_due(user, today, horizon) -> int:
    cond, params = visible("m.program_id", user)
    return scalar(
        f"""SELECT COUNT(*) FROM contracts_milestone m
            WHERE m.disputed = %s AND m.paid_on IS NULL AND m.invoiced_on IS NULL
              AND m.achieved_on IS NULL
              AND m.forecast_date >= %s AND m.forecast_date <= %s AND {cond}""",
        [False, today, horizon, *params],
    )


def twin_notices_due(user, today, horizon) -> int:
    cond, params = visible("o.program_id", user)
    return scalar(
        f"""SELECT COUNT(*) FROM contracts_obligation o
            WHERE o.state = 'open' AND o.category = 'notification'
              AND o.due_date >= %s AND o.due_date <= %s AND {cond}""",
        [today, horizon, *params],
    )


def twin_overdue(user, now) -> int:
    cond, params = visible("o.program_id", user)
    return scalar(
        f"""SELECT COUNT(*) FROM contracts_obligation o
            WHERE o.state = 'open' AND o.due_at <= %s AND {cond}""",
        [connection.ops.adapt_datetimefield_value(now), *params],
    )


def twin_escalated(user) -> int:
    cond, params = visible("i.program_id", user)
    return scalar(
        f"SELECT COUNT(*) FROM governance_issue i WHERE i.status = 'escalated' AND {cond}",
        params,
    )


def twin_nobody_designated() -> int:
    return scalar(
        """SELECT COUNT(*) FROM portfolio_alliance a
           WHERE a.stage <> 'terminated' AND NOT EXISTS (
             SELECT 1 FROM portfolio_alliancemember m JOIN people_user u ON u.id = m.user_id
             WHERE m.alliance_id = a.id AND u.is_active = %s
               AND m.role IN ('alliance_manager', 'designated_person'))""",
        [True],
    )


def twin_overloaded() -> set[int]:
    policy = WorkloadPolicy.load()
    found = rows(
        """SELECT m.user_id FROM portfolio_alliancemember m
           JOIN portfolio_alliance a ON a.id = m.alliance_id
           JOIN people_user u ON u.id = m.user_id
           WHERE m.role IN ('alliance_manager', 'designated_person') AND a.stage <> 'terminated'
             AND u.is_active = %s AND u.role <> 'partner'
           GROUP BY m.user_id
           HAVING SUM(CASE a.tier WHEN 1 THEN %s WHEN 2 THEN %s ELSE %s END
                      * m.allocation_pct / 100.0
                      * CASE WHEN a.stage IN ('launch', 'relaunch') THEN %s ELSE 1.0 END)
                  > %s + 0.005
               OR COUNT(DISTINCT m.alliance_id) > %s""",
        [
            True,
            float(policy.tier1_points),
            float(policy.tier2_points),
            float(policy.tier3_points),
            float(policy.intensive_stage_multiplier),
            float(policy.capacity_points),
            policy.max_alliances,
        ],
    )
    return {user_id for (user_id,) in found}


def twin_latest_waves() -> dict[int, int]:
    """alliance id -> its latest closed joint wave (by opening date, then id), live alliances."""
    return dict(
        rows(
            """SELECT w.alliance_id, w.id FROM health_wave w
               JOIN portfolio_alliance a ON a.id = w.alliance_id
               WHERE w.kind = 'joint' AND w.closed_at IS NOT NULL AND a.stage <> 'terminated'
                 AND NOT EXISTS (
                   SELECT 1 FROM health_wave later
                   WHERE later.alliance_id = w.alliance_id AND later.kind = 'joint'
                     AND later.closed_at IS NOT NULL
                     AND (later.opens_on > w.opens_on
                          OR (later.opens_on = w.opens_on AND later.id > w.id)))"""
        )
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_dashboard_figure_agrees_with_its_sql_twin(world, portfolio, persona):
    user = getattr(world, persona)
    now = timezone.now()
    today, horizon = when(now)
    board = dashboard.build(user, now=now, with_value=False)

    tiers = twin_counts("tier")
    assert {f.key: f.value for f in board.by_tier} == {
        f"tier_{t}": tiers.get(t, 0) for t in (1, 2, 3)
    }
    assert {f.key: f.value for f in board.by_type} == {
        f"type_{k}": v for k, v in twin_counts("alliance_type").items()
    }
    stages = twin_counts("stage", live=False)
    assert {f.key: f.value for f in board.by_stage if f.value} == {
        f"stage_{k}": v for k, v in stages.items()
    }
    assert {(int(f.key.split("_")[1]), f.label): f.value for f in board.by_area} == twin_areas()

    figures = {f.key: f.value for f in board.attention}
    assert figures == {
        "decisions_due": twin_decisions_due(user, horizon),
        "milestones_due": twin_milestones_due(user, today, horizon),
        "notices_due": twin_notices_due(user, today, horizon),
        "obligations_overdue": twin_overdue(user, now),
        "issues_escalated": twin_escalated(user),
        "managers_overloaded": len(twin_overloaded()),
        "nobody_designated": twin_nobody_designated(),
    }
    assert {load.user.pk for load in board.overloaded} == twin_overloaded()
    # The generated data gives every figure something to count, so agreement means something.
    assert all(value > 0 for key, value in figures.items() if key != "managers_overloaded")


def test_firewalled_records_change_the_figures_only_for_the_cleared(world, portfolio):
    now = timezone.now()
    cleared = dashboard.build(world.manager_a, now=now, with_value=False)
    not_cleared = dashboard.build(world.firewalled, now=now, with_value=False)
    leader = dashboard.build(world.leader, now=now, with_value=False)
    today, horizon = when(now)
    a2_only = {
        "decisions_due": twin_decisions_due(world.manager_a, horizon)
        - twin_decisions_due(world.firewalled, horizon),
        "milestones_due": twin_milestones_due(world.manager_a, today, horizon)
        - twin_milestones_due(world.firewalled, today, horizon),
        "obligations_overdue": twin_overdue(world.manager_a, now)
        - twin_overdue(world.firewalled, now),
        "issues_escalated": twin_escalated(world.manager_a) - twin_escalated(world.firewalled),
        "notices_due": twin_notices_due(world.manager_a, today, horizon)
        - twin_notices_due(world.firewalled, today, horizon),
    }
    assert sum(a2_only.values()) > 0
    for key, extra in a2_only.items():
        assert cleared.figure(key).value == not_cleared.figure(key).value + extra
        assert leader.figure(key).value == not_cleared.figure(key).value


def test_health_rows_use_each_live_alliances_latest_closed_joint_wave(world):
    from accord.health.tests.factories import closed_wave
    from accord.portfolio.models import Stage

    first = closed_wave(
        world.leader,
        world.alliance_a,
        own=[("R&D", 4)] * 3,
        title="Spring",
        opens_on=dt.date(2025, 3, 1),
    )
    latest = closed_wave(
        world.leader,
        world.alliance_a,
        own=[("R&D", 2)] * 3,
        title="Autumn",
        opens_on=dt.date(2025, 9, 1),
    )
    ended = closed_wave(world.leader, world.alliance_b, own=[("R&D", 3)] * 3, title="B check")
    world.alliance_b.stage = Stage.TERMINATED
    world.alliance_b.save(update_fields=["stage"])

    rows_ = dashboard.health_rows(world.leader)
    assert {r.alliance_id: r.wave_id for r in rows_} == twin_latest_waves()
    assert [(r.alliance_id, r.wave_id) for r in rows_] == [(world.alliance_a.pk, latest.pk)]
    assert first.pk != latest.pk and ended.pk not in {r.wave_id for r in rows_}


def rate_sql(currency: str, day: str) -> str:
    """The rate to USD in force on a day: 1 for USD, else the latest on or before, else the
    earliest recorded; NULL (left out) for a currency without any rate."""
    return f"""(CASE WHEN {currency} = 'USD' THEN 1 ELSE COALESCE(
        (SELECT fx.rate FROM value_exchangerate fx WHERE fx.currency = {currency}
           AND fx.effective_on <= {day} ORDER BY fx.effective_on DESC LIMIT 1),
        (SELECT fx.rate FROM value_exchangerate fx WHERE fx.currency = {currency}
           ORDER BY fx.effective_on ASC LIMIT 1)) END)"""


def twin_realised(user, as_of) -> Decimal:
    """Money received up to `as_of`, in USD: paid milestones where we are the payee, payments
    in, paid royalties in; rounded to the cent per alliance as the value app reports them."""
    m_cond, m_params = visible("m.program_id", user)
    p_cond, p_params = visible("p.program_id", user)
    r_cond, r_params = visible("r.program_id", user)
    milestone_currency = "COALESCE(NULLIF(m.paid_currency, ''), m.currency)"
    found = rows(
        f"""SELECT alliance_id, SUM(received) FROM (
              SELECT m.alliance_id, m.paid_amount * {rate_sql(milestone_currency, "m.paid_on")} AS received
              FROM contracts_milestone m JOIN portfolio_company payee ON payee.id = m.payee_id
              WHERE m.paid_on IS NOT NULL AND m.paid_amount IS NOT NULL AND m.paid_on <= %s
                AND payee.kind = 'own' AND {m_cond}
              UNION ALL
              SELECT p.alliance_id, p.amount * {rate_sql("p.currency", "p.paid_on")}
              FROM value_payment p
              WHERE p.direction = 'in' AND p.paid_on <= %s AND {p_cond}
              UNION ALL
              SELECT r.alliance_id, r.royalty_amount * {rate_sql("r.currency", "r.paid_on")}
              FROM value_royaltyreport r
              WHERE r.direction = 'in' AND r.paid_on IS NOT NULL AND r.paid_on <= %s AND {r_cond}
            ) received_rows
            WHERE received > 0
            GROUP BY alliance_id""",
        [as_of, *m_params, as_of, *p_params, as_of, *r_params],
    )
    cent = Decimal("0.01")
    return sum((Decimal(str(total)).quantize(cent) for _, total in found), Decimal(0))


@pytest.fixture
def money(world):
    """Payments in dollars, euros (two recorded rates) and yen (no rate: left out)."""
    from accord.contracts.tests import factories as contracts
    from accord.portfolio.models import Company
    from accord.value.models import ExchangeRate, Payment, RoyaltyReport

    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("1.25"), effective_on=dt.date(2025, 1, 1)
    )
    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("1.5"), effective_on=dt.date(2025, 7, 1)
    )
    own = Company.objects.own()
    for alliance, partner in (
        (world.alliance_a, world.partner_co_a),
        (world.alliance_b, world.partner_co_b),
    ):
        agreement = contracts.agreement(
            alliance, actor=world.leader, title=f"{alliance.name} money"
        )
        for amount, currency, paid_on, payer, payee, program in (
            ("1000000.50", "USD", dt.date(2025, 3, 1), partner, own, None),
            ("2000000.25", "EUR", dt.date(2025, 3, 1), partner, own, None),
            ("4000000", "EUR", dt.date(2025, 8, 1), partner, own, None),
            ("8000000", "JPY", dt.date(2025, 8, 1), partner, own, None),
            ("500000", "USD", dt.date(2025, 8, 1), own, partner, None),  # we paid: not counted
            ("3000000", "USD", dt.date(2099, 1, 1), partner, own, None),  # after as_of
            (
                "16000000",
                "EUR",
                dt.date(2025, 9, 1),
                partner,
                own,
                world.program_a2 if alliance == world.alliance_a else None,
            ),
        ):
            contracts.milestone(
                agreement,
                actor=world.leader,
                payer=payer,
                payee=payee,
                program=program,
                amount=amount,
                currency=currency,
                achieved_on=paid_on,
                invoiced_on=paid_on,
                paid_on=paid_on,
                paid_amount=amount,
                paid_currency=currency,
            )
        Payment.objects.create(
            alliance=alliance,
            kind="upfront",
            direction="in",
            paid_on=dt.date(2024, 6, 1),
            amount=Decimal("250000"),
            currency="EUR",
            description="Upfront",
        )
        Payment.objects.create(
            alliance=alliance,
            kind="other",
            direction="out",
            paid_on=dt.date(2024, 6, 1),
            amount=Decimal("90000"),
            currency="USD",
            description="Cost share",
        )
        RoyaltyReport.objects.create(
            alliance=alliance,
            program=world.program_a2 if alliance == world.alliance_a else None,
            direction="in",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31),
            currency="USD",
            net_sales=Decimal("10000000"),
            royalty_amount=Decimal("750000.75"),
            paid_on=dt.date(2025, 5, 15),
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_value_realised_agrees_with_its_sql_twin(world, money, persona):
    from accord.value.services import portfolio_value

    user = getattr(world, persona)
    as_of = dt.date(2026, 1, 1)
    realised = portfolio_value(user, as_of=as_of).realised_to_date
    assert realised == twin_realised(user, as_of)
    assert realised > 0
    board = dashboard.build(user, with_health=False)
    assert board.figure("value_realised").value == portfolio_value(user).realised_to_date


def twin_forecast_to_date(user, as_of) -> Decimal:
    """Inflows due up to `as_of` of each alliance's forecast in force (its latest approved
    version), in USD at the rate in force on each flow's date; cents per alliance."""
    cond, params = visible("cf.program_id", user)
    found = rows(
        f"""SELECT cf.alliance_id, SUM(cf.amount * {rate_sql("f.currency", "cf.due_on")})
            FROM value_cashflow cf JOIN value_forecast f ON f.id = cf.forecast_id
            WHERE f.status = 'approved' AND cf.direction = 'in' AND cf.due_on <= %s
              AND NOT EXISTS (
                SELECT 1 FROM value_forecast later
                WHERE later.alliance_id = f.alliance_id AND later.status = 'approved'
                  AND later.number > f.number)
              AND {cond}
            GROUP BY cf.alliance_id""",
        [as_of, *params],
    )
    cent = Decimal("0.01")
    return sum((Decimal(str(total)).quantize(cent) for _, total in found if total), Decimal(0))


def twin_value_at_risk(user) -> Decimal:
    """For each unpaid contract milestone whose date (achieved, else forecast) is later than
    the approved baseline's inflow tied to it: that amount plus what the delay erodes,
    1/(1+r)^(days/365) discounting from the baseline's valuation date, in USD at the rate on
    the baseline date. The selection is SQL; the discounting is written out again here."""
    cond, params = visible("cf.program_id", user)
    found = rows(
        f"""SELECT cf.alliance_id, cf.amount, cf.due_on,
                   COALESCE(m.achieved_on, m.forecast_date) AS new_date,
                   f.discount_rate, f.valuation_date,
                   {rate_sql("f.currency", "cf.due_on")} AS fx
            FROM value_cashflow cf
            JOIN value_forecast f ON f.id = cf.forecast_id
            JOIN contracts_milestone m ON m.id = cf.milestone_id
            WHERE f.kind = 'baseline' AND f.status = 'approved' AND cf.direction = 'in'
              AND m.paid_on IS NULL
              AND COALESCE(m.achieved_on, m.forecast_date) > cf.due_on
              AND {cond}""",
        params,
    )
    cent = Decimal("0.01")
    per_alliance: dict[int, list[Decimal]] = {}
    for alliance_id, amount, due_on, new_date, rate, valuation, fx in found:
        if fx is None:
            continue
        due_on, new_date, valuation = (_date(d) for d in (due_on, new_date, valuation))
        amount, rate, fx = Decimal(str(amount)), Decimal(str(rate)), Decimal(str(fx))

        def factor(day):
            return Decimal(1) / (1 + rate) ** (Decimal((day - valuation).days) / 365)

        eroded = (amount * (factor(due_on) - factor(new_date))).quantize(cent)
        risk, cost = per_alliance.setdefault(alliance_id, [Decimal(0), Decimal(0)])
        per_alliance[alliance_id] = [risk + amount * fx, cost + eroded * fx]
    return sum(
        (risk.quantize(cent) + cost.quantize(cent) for risk, cost in per_alliance.values()),
        Decimal(0),
    )


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@pytest.fixture
def forecasts(world, money):
    """Alliance A: a USD baseline whose milestone inflows slipped (one on firewalled A2, one
    paid, one on time); alliance B: a EUR baseline re-forecast, the re-forecast in force."""
    from accord.contracts.tests import factories as contracts
    from accord.portfolio.models import Company
    from accord.value import actions
    from accord.value.models import ForecastKind
    from accord.value.tests import factories as value

    agreement = contracts.agreement(world.alliance_a, actor=world.leader, title="A deal")

    def milestone(title, forecast_date, program=None, paid_on=None):
        extra = (
            {
                "paid_on": paid_on,
                "paid_amount": "1000000",
                "achieved_on": paid_on,
                "invoiced_on": paid_on,
            }
            if paid_on
            else {}
        )
        return contracts.milestone(
            agreement,
            actor=world.leader,
            title=title,
            forecast_date=forecast_date,
            payer=world.partner_co_a,
            payee=Company.objects.own(),
            program=program,
            **extra,
        )

    slipped = milestone("IND accepted", dt.date(2026, 9, 30))
    slipped_a2 = milestone("A2 Phase 2 start", dt.date(2027, 3, 31), program=world.program_a2)
    paid = milestone("Lead nominated", dt.date(2025, 12, 1), paid_on=dt.date(2025, 12, 1))
    on_time = milestone("Phase 1 start", dt.date(2025, 4, 1))
    value.baseline(
        world.alliance_a,
        actor=world.leader,
        flows=[
            {"kind": "upfront", "due_on": dt.date(2024, 3, 31), "amount": Decimal("20000000")},
            {"milestone": slipped, "due_on": dt.date(2025, 6, 30), "amount": Decimal("15000000")},
            {
                "milestone": slipped_a2,
                "due_on": dt.date(2025, 12, 31),
                "amount": Decimal("30000000"),
            },
            {"milestone": paid, "due_on": dt.date(2025, 9, 30), "amount": Decimal("1000000")},
            {"milestone": on_time, "due_on": dt.date(2025, 6, 30), "amount": Decimal("5000000")},
            {
                "kind": "cost_sharing",
                "direction": "out",
                "due_on": dt.date(2025, 12, 31),
                "amount": Decimal("4000000"),
            },
            {"kind": "royalty", "due_on": dt.date(2027, 12, 31), "amount": Decimal("9000000")},
        ],
    )
    value.baseline(
        world.alliance_b,
        actor=world.leader,
        currency="EUR",
        flows=[
            {"kind": "upfront", "due_on": dt.date(2024, 6, 30), "amount": Decimal("8000000")},
            {"kind": "milestone", "due_on": dt.date(2025, 10, 31), "amount": Decimal("6000000")},
        ],
    )
    reforecast = actions.forecast_create(
        actor=world.leader, alliance=world.alliance_b, data={}, kind=ForecastKind.REFORECAST
    )
    value.cash_flow(
        reforecast,
        actor=world.leader,
        kind="royalty",
        due_on=dt.date(2025, 11, 30),
        amount=Decimal("2500000"),
    )
    actions.forecast_approve(actor=world.leader, forecast=reforecast)


@pytest.mark.parametrize("persona", PERSONAS)
def test_forecast_and_value_at_risk_agree_with_their_sql_twins(world, forecasts, persona):
    from accord.value.services import portfolio_value

    user = getattr(world, persona)
    as_of = dt.date(2026, 1, 1)
    value = portfolio_value(user, as_of=as_of)
    assert value.forecast_to_date == twin_forecast_to_date(user, as_of)
    assert value.value_at_risk == twin_value_at_risk(user)
    # Something to agree on: slipped inflows, and (for the cleared) the firewalled one too.
    assert value.value_at_risk > 0 and value.forecast_to_date > 0
    board = dashboard.build(user, with_health=False)
    today_value = portfolio_value(user)
    assert board.figure("value_forecast").value == today_value.forecast_to_date
    assert board.figure("value_at_risk").value == today_value.value_at_risk


def test_the_firewalled_slip_counts_only_for_the_cleared(world, forecasts):
    from accord.value.services import portfolio_value

    def at_risk(user):
        return portfolio_value(user).value_at_risk

    # A2's slipped milestone: its amount (30m) and its cost of delay, for manager A only.
    cleared, not_cleared = at_risk(world.manager_a), at_risk(world.firewalled)
    assert cleared - not_cleared > Decimal("30000000")
    assert at_risk(world.leader) == not_cleared > 0
