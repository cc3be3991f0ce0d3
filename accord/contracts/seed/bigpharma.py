"""The benchmark register (`accord seed --size bigpharma`): for every signed alliance a master
agreement with a handful of milestones, 100k obligations (`--obligations N`) and restrictions with
~100k normalised scope rows, bulk-inserted (no audit rows: benchmark data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction

from accord.core.seeding import load_data
from accord.portfolio.models import Company, Territory
from accord.portfolio.seed import WORDS as PORTFOLIO_WORDS

from .. import rules
from ..conflicts import _restriction_scope_rows
from ..models import (
    Agreement,
    AgreementKind,
    Category,
    DueRule,
    Milestone,
    Obligation,
    Party,
    Restriction,
    RestrictionScope,
    State,
)

# data/bigpharma.json: what the register draws from. Restrictions name the portfolio's program
# targets and targets only restrictions name (the demo's conflicts).
WORDS = load_data("accord.contracts", "bigpharma")
TARGETS = [*PORTFOLIO_WORDS["targets"], *WORDS["restriction_targets"]]
CATEGORIES = Category.values


def _milestones(ctx, agreements, partners_by_alliance, own):
    """Each agreement's milestone ladder about a year apart from signing: those due in the past
    mostly achieved and paid to us, the rest forecast; about one in five has slipped (its
    forecast date moved later than the deal plan; the value seed keeps the planned date)."""
    rng = ctx.rng
    for agreement in agreements:
        partner_ids = partners_by_alliance.get(agreement.alliance_id)
        if not partner_ids:
            continue
        planned = agreement.effective_date
        for step in WORDS["milestones"]:
            kind, title, millions = step["kind"], step["title"], step["millions"]
            planned += dt.timedelta(days=rng.randint(300, 500))
            milestone = Milestone(
                alliance_id=agreement.alliance_id,
                agreement=agreement,
                kind=kind,
                title=title,
                definition=f"{title}, as defined in the agreement.",
                section=f"§ 8.{rng.randint(1, 6)}",
                amount=Decimal(millions * rng.choice([1, 2, 3])) * 1_000_000,
                currency="USD",
                payer_id=partner_ids[0],
                payee_id=own.pk,
                forecast_date=planned,
            )
            milestone.planned_date = planned  # not a field: what the deal plan said
            if planned < ctx.today and rng.random() < 0.8:
                milestone.achieved_on = planned
                milestone.invoiced_on = planned + dt.timedelta(days=10)
                milestone.invoiced_amount = milestone.amount
                if milestone.invoiced_on + dt.timedelta(days=30) < ctx.today:
                    milestone.paid_on = milestone.invoiced_on + dt.timedelta(days=30)
                    milestone.paid_amount = milestone.amount
            elif rng.random() < 0.2:
                milestone.forecast_date = planned + dt.timedelta(days=rng.randint(60, 540))
                if milestone.forecast_date < ctx.today:
                    milestone.forecast_date = ctx.today + dt.timedelta(days=rng.randint(30, 300))
            yield milestone


def seed_bigpharma(ctx) -> None:
    """100k obligations (ctx.options["obligations"]) and restrictions with ~100k scope rows."""
    from accord.portfolio.models import Alliance

    rng = ctx.rng
    total = int(ctx.options.get("obligations") or 100_000)
    today = ctx.today
    alliances = [a for a in ctx.objects["alliances"] if a.effective_date is not None]
    staff = [u for u in ctx.objects["people"] if u.role in ("manager", "contributor")]
    territories = list(Territory.objects.all())
    own = Company.objects.own()

    with transaction.atomic():
        agreements = Agreement.objects.bulk_create(
            [
                Agreement(
                    alliance=a,
                    kind=AgreementKind.MASTER,
                    title=f"{a.name} master agreement",
                    effective_date=a.effective_date,
                    expiry_date=a.effective_date
                    + dt.timedelta(days=rng.choice([5, 7, 10, 15]) * 365),
                    governing_law=rng.choice(WORDS["governing_laws"]),
                    term_section="§ 14.1",
                )
                for a in alliances
            ],
            batch_size=1000,
        )
        partner_links = Alliance.partners.through.objects.filter(
            alliance__in=alliances
        ).values_list("alliance_id", "company_id")
        by_alliance = {}
        for alliance_id, company_id in partner_links:
            by_alliance.setdefault(alliance_id, []).append(company_id)
        Agreement.parties.through.objects.bulk_create(
            [
                Agreement.parties.through(agreement_id=ag.pk, company_id=c)
                for ag in agreements
                for c in [own.pk, *by_alliance.get(ag.alliance_id, [])]
            ],
            batch_size=2000,
        )
        milestones = Milestone.objects.bulk_create(
            _milestones(ctx, agreements, by_alliance, own), batch_size=5000
        )
        ctx.objects["milestones"] = milestones

        obligations = []
        for index in range(total):
            agreement = agreements[index % len(agreements)]
            start = agreement.effective_date
            ob = Obligation(
                alliance_id=agreement.alliance_id,
                agreement=agreement,
                title=f"Obligation {index + 1:07d}",
                section=f"§ {rng.randint(2, 18)}.{rng.randint(1, 9)}",
                owed_by=rng.choice(Party.values),
                category=rng.choice(CATEGORIES),
                owner=rng.choice(staff) if rng.random() < 0.8 else None,
                time_zone=rng.choice(WORDS["time_zones"]),
            )
            kind = rng.random()
            if kind < 0.55:
                ob.rule = DueRule.FIXED
                ob.due_on = max(start, today + dt.timedelta(days=rng.randint(-400, 900)))
            elif kind < 0.8:
                ob.rule = DueRule.RECURRING
                ob.recur_period = rng.choice(["quarter", "year", "half_year"])
                ob.recur_offset_days = rng.choice([30, 45, 60, 90])
                ob.recur_start = max(start, today - dt.timedelta(days=rng.randint(0, 300)))
                ob.business_days = rng.random() < 0.1
                ob.holiday_calendar = "US" if ob.business_days else ""
            elif kind < 0.9:
                ob.rule = DueRule.EVENT
                ob.trigger_event = "First Commercial Sale"
                ob.event_offset_days = 60
            else:
                ob.rule = DueRule.NOTICE
                ob.notice_reference_date = agreement.expiry_date
                ob.notice_days = rng.choice([90, 180])
            due = rules.first_due(ob, reference_date=ob.notice_reference_date)
            ob.due_date, ob.period_end = due.due_date, due.period_end
            ob.due_at = rules.due_instant(due.due_date, ob.time_zone)
            if ob.due_date and ob.due_date < today and rng.random() < 0.98:
                ob.state = State.COMPLETED
                ob.completed_on = ob.due_date
                ob.evidence = "Benchmark evidence"
            elif rng.random() < 0.02:
                ob.state, ob.state_reason = State.WAIVED, "Benchmark waiver"
            obligations.append(ob)
            if len(obligations) == 5000:
                Obligation.objects.bulk_create(obligations, batch_size=5000)
                obligations = []
        Obligation.objects.bulk_create(obligations, batch_size=5000)

        # Restrictions: ~4 scope rows each, 100k rows in all.
        wanted_rows = int(ctx.options.get("restriction_scopes") or 100_000)
        restrictions, pending_scope = [], []
        made_rows = 0
        while made_rows < wanted_rows:
            agreement = rng.choice(agreements)
            restriction = Restriction(
                alliance_id=agreement.alliance_id,
                agreement=agreement,
                kind=rng.choice(["exclusivity", "non_compete"]),
                bound=rng.choices(Party.values, weights=[6, 2, 2])[0],
                title=f"Restriction {len(restrictions) + 1:06d}",
                section=f"§ 2.{rng.randint(1, 9)}",
                targets="\n".join(rng.sample(TARGETS, rng.choice([1, 1, 2]))),
                mechanisms=rng.choice(["", "", rng.choice(WORDS["mechanisms"])]),
                fields=rng.choice(WORDS["fields"]),
                starts_on=agreement.effective_date,
                ends_on=agreement.expiry_date,
            )
            chosen_territories = rng.sample(territories, rng.choice([1, 1, 2]))
            # Flags set before the insert: updating 25k rows afterwards only leaves dead tuples.
            restriction.any_target = False
            restriction.any_field = False
            restriction.any_territory = False
            restriction.any_mechanism = not restriction.mechanisms
            restrictions.append(restriction)
            pending_scope.append(chosen_territories)
            made_rows += (
                len(restriction.target_list())
                + len(restriction.mechanism_list())
                + 1
                + len(chosen_territories)
            )
        restrictions = Restriction.objects.bulk_create(restrictions, batch_size=2000)
        territory_links, scope_rows = [], []
        for restriction, chosen in zip(restrictions, pending_scope, strict=True):
            territory_links += [
                Restriction.territories.through(restriction_id=restriction.pk, territory_id=t.pk)
                for t in chosen
            ]
            restriction._prefetched_objects_cache = {"territories": chosen}
            scope_rows += _restriction_scope_rows(restriction)
        Restriction.territories.through.objects.bulk_create(territory_links, batch_size=5000)
        RestrictionScope.objects.bulk_create(scope_rows, batch_size=5000)

    # A bulk load is followed by fresh planner statistics, as a DBA would after a migration.
    with connection.cursor() as cursor:
        for model in (Agreement, Milestone, Obligation, Restriction, RestrictionScope):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    ctx.notes.append(
        f"Contracts: {len(agreements):,} agreements, {len(milestones):,} milestones, "
        f"{total:,} obligations, {len(restrictions):,} "
        f"restrictions with {RestrictionScope.objects.count():,} scope rows."
    )
