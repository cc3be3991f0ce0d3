"""Demo health data: several waves for several alliances (the Polaris US co-promotion declining,
with a wide perception gap, in relaunch), scorecards, a relaunch in progress, a maturity
self-assessment against a benchmark, and one wave open now for the demo users to answer.

Past waves are written directly (they happened before the demo existed); the open wave and
everything else go through the actions, as a user would. The content is data/demo.json.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accord.core.seeding import load_data

from . import actions, results
from .models import (
    Answer,
    BenchmarkEntry,
    BenchmarkSet,
    ItemKind,
    Respondent,
    Side,
    Submission,
    Wave,
    WaveKind,
    normalise_function,
)

DEMO = load_data("accord.health")


def _level_answer(kind: str, level: float) -> int:
    level = max(0.0, min(100.0, level))
    if kind == ItemKind.AGREE5:
        return round(level / 25) + 1
    if kind == ItemKind.YESNO:
        return 1 if level >= 50 else 0
    return round(level)


def _days_ago(ctx, value) -> int:
    """A number of days, or {"last_week": weekday, "plus": n} (see data/demo.json)."""
    if isinstance(value, dict):
        return ctx.last_week(value["last_week"]) + value.get("plus", 0)
    return value


def _past_wave(ctx, instrument, alliance, key, spec, index, days_ago, own_level, partner_level):
    people = ctx.objects["people"]
    leader = people["helen"]
    opens = ctx.days_ago(days_ago)
    wave = actions.wave_create(
        actor=leader,
        alliance=alliance,
        include_team=False,
        data={
            "instrument": instrument,
            "kind": WaveKind.JOINT,
            "title": f"Health check {opens:%B %Y}",
            "opens_on": opens,
            "closes_on": opens + dt.timedelta(days=21),
        },
    )
    respondents = [
        actions.respondent_add(actor=leader, wave=wave, user=people[k]) for k in spec["staff"]
    ]
    partner = alliance.partners.first()
    for person in spec["partner"]:
        name, function = person["name"], person["function"]
        email = f"{name.lower().replace(' ', '.')}@{partner.name.split()[0].lower()}.example"
        respondents.append(
            actions.respondent_add(
                actor=leader, wave=wave, name=name, email=email, function=function, company=partner
            )
        )
    items = list(instrument.items_in_order())
    rng = ctx.rng
    comments = DEMO["comments"].get(key, [])
    answered_at = timezone.make_aware(
        dt.datetime.combine(opens + dt.timedelta(days=5), dt.time(10))
    )
    answer_rows = []
    for number, respondent in enumerate(respondents):
        if number % 5 == 4 and respondent.side == Side.PARTNER and len(spec["partner"]) > 3:
            continue  # not everyone answers
        base = own_level if respondent.side == Side.OWN else partner_level
        submission = Submission(
            wave=wave,
            side=respondent.side,
            company=respondent.company,
            function=normalise_function(respondent.function),
        )
        answer_rows.append((submission, []))
        for item in items:
            if item.kind == ItemKind.TEXT:
                if (
                    comments
                    and respondent.side == Side.PARTNER
                    and item.order == 1
                    and rng.random() < 0.6
                ):
                    answer_rows[-1][1].append(Answer(item=item, text=rng.choice(comments)))
                continue
            offset = spec["offsets"].get(item.theme.category.key, {"own": 0, "partner": 0})
            level = base + offset[respondent.side] + rng.gauss(0, 9)
            answer_rows[-1][1].append(Answer(item=item, value=_level_answer(item.kind, level)))
        Respondent.objects.filter(pk=respondent.pk).update(
            invited_at=answered_at - dt.timedelta(days=5),
            started_at=answered_at,
            submitted_at=answered_at,
        )
    Submission.objects.bulk_create([s for s, _ in answer_rows])
    for submission, answers in answer_rows:
        for answer in answers:
            answer.submission = submission
    Answer.objects.bulk_create([a for _, answers in answer_rows for a in answers])
    Respondent.objects.filter(wave=wave, invited_at__isnull=True).update(
        invited_at=answered_at - dt.timedelta(days=5)
    )
    closed = timezone.make_aware(
        dt.datetime.combine(wave.closes_on + dt.timedelta(days=1), dt.time(6))
    )
    Wave.objects.filter(pk=wave.pk).update(
        launched_at=answered_at - dt.timedelta(days=5), closed_at=closed
    )
    return wave


def _scorecard(ctx, alliance, relaunch, spec):
    people = ctx.objects["people"]
    owner = people[spec["by"]]
    partner_reporter = people[spec["partner_reporter"]]
    year = str(ctx.today.year)
    quarters = [f"{year}-Q{q}" for q in range(1, 5)]
    current_quarter = (ctx.today.month - 1) // 3 + 1
    endorsed_on = ctx.days_ago(spec["endorsed_ago"])
    for order, goal_spec in enumerate(spec["goals"], start=1):
        goal = actions.goal_create(
            actor=owner,
            alliance=alliance,
            relaunch=relaunch,
            data={"period": year, "title": goal_spec["title"], "order": order},
        )
        if goal_spec["endorsed"]:
            actions.goal_endorse(
                actor=owner,
                goal=goal,
                data={
                    "endorsed_on": endorsed_on,
                    "endorsed_by": spec["endorsed_by"],
                    "endorsement_reference": f"JSC {endorsed_on:%Y-%m} item 3",
                },
            )
        for m in goal_spec["metrics"]:
            side = m["owner_side"]
            metric = actions.metric_create(
                actor=owner,
                goal=goal,
                data={
                    "name": m["name"],
                    "unit": m["unit"],
                    "direction": m["direction"],
                    "owner_side": side,
                },
            )
            for quarter, target in zip(quarters, m["targets"], strict=True):
                actions.metric_set_target(actor=owner, metric=metric, period=quarter, target=target)
            for quarter, actual in zip(
                quarters[: max(1, current_quarter - 1)], m["actuals"], strict=False
            ):
                reporter = partner_reporter if side == Side.PARTNER else owner
                actions.metric_record_actual(
                    actor=reporter, metric=metric, period=quarter, actual=actual
                )


def _waves(ctx, instrument) -> None:
    """The past waves of data/demo.json: each alliance's history, the latest one that closed
    last week, and an internal pulse check."""
    alliances = ctx.objects["alliances"]
    for key, spec in DEMO["history"].items():
        for index, wave in enumerate(spec["waves"]):
            _past_wave(
                ctx,
                instrument,
                alliances[key],
                key,
                spec,
                index,
                wave["days_ago"],
                wave["own"],
                wave["partner"],
            )

    latest = DEMO["latest_wave"]
    spec = DEMO["history"][latest["alliance"]]
    _past_wave(
        ctx,
        instrument,
        alliances[latest["alliance"]],
        latest["alliance"],
        spec,
        len(spec["waves"]),
        _days_ago(ctx, latest["days_ago"]),
        latest["own"],
        latest["partner"],
    )

    pulse = DEMO["pulse"]
    wave = _past_wave(
        ctx,
        instrument,
        alliances[pulse["alliance"]],
        pulse["alliance"],
        {"staff": pulse["staff"], "partner": [], "offsets": {}},
        0,
        pulse["days_ago"],
        pulse["own"],
        0,
    )
    Wave.objects.filter(pk=wave.pk).update(kind=WaveKind.PULSE, title=pulse["title"])


def _open_wave(ctx, instrument, spec) -> None:
    """A wave open now: the alliance team answers in Accord, the partner's people by their links."""
    people = ctx.objects["people"]
    by = people[spec["by"]]
    alliance = ctx.objects["alliances"][spec["alliance"]]
    wave = actions.wave_create(
        actor=by,
        alliance=alliance,
        include_team=True,
        data={
            "instrument": instrument,
            "kind": WaveKind.JOINT,
            "title": f"Health check {ctx.today:%B %Y}",
            "opens_on": ctx.days_ago(spec["opened_ago"]),
            "closes_on": ctx.today + dt.timedelta(days=spec["closes_in"]),
        },
    )
    for person in spec["partner"]:
        actions.respondent_add(
            actor=by,
            wave=wave,
            name=person["name"],
            email=person["email"],
            function=person["function"],
            company=alliance.partners.first(),
        )
    for key in spec["staff"]:
        actions.respondent_add(actor=by, wave=wave, user=people[key])
    actions.wave_launch(actor=by, wave=wave)


def _relaunch(ctx, spec) -> None:
    """A relaunch in progress, its scorecard and the action plan from the latest wave."""
    people = ctx.objects["people"]
    alliance = ctx.objects["alliances"][spec["alliance"]]
    by = people[spec["by"]]
    relaunch = actions.relaunch_start(
        actor=by,
        alliance=alliance,
        data={
            "reason": spec["reason"],
            "meeting_date": ctx.today + dt.timedelta(days=spec["meeting_in"]),
            "facilitator": spec["facilitator"],
            "communication_rules": spec["communication_rules"],
            "meeting_rules": spec["meeting_rules"],
            "decision_protocols": spec["decision_protocols"],
        },
    )
    _scorecard(ctx, alliance, relaunch, {"by": spec["by"], **DEMO["scorecard"]})
    latest = Wave.objects.filter(alliance=alliance).order_by("-opens_on").first()
    for item in DEMO["action_plan"]:
        actions.action_create(
            actor=by,
            alliance=alliance,
            data={
                "title": item["title"],
                "owner": people[item["owner"]],
                "due_on": ctx.today + dt.timedelta(days=item["due_in"]),
                "theme_name": item["theme"],
                "wave": latest,
            },
        )


def _assessment(ctx, spec) -> None:
    """The maturity self-assessment, and a benchmark cohort to compare it with."""
    by = ctx.objects["people"][spec["by"]]
    assessment = actions.assessment_create(
        actor=by,
        data={
            "title": f"Alliance management self-assessment {ctx.today.year}",
            "assessed_on": ctx.days_ago(spec["assessed_ago"]),
        },
    )
    actions.assessment_answer(
        actor=by, assessment=assessment, answers=spec["answers"], complete=True
    )
    cohort = spec["benchmark"]
    benchmark = BenchmarkSet.objects.create(
        name=cohort["name"],
        source_name=cohort["source_name"],
        imported_at=timezone.now(),
        imported_by=by,
    )
    rng = ctx.rng
    entries = []
    for n in range(cohort["organisations"]):
        capacity, digital = rng.uniform(25, 85), rng.uniform(20, 85)
        outcomes = min(100, max(0, 0.5 * capacity + 0.4 * digital + rng.gauss(8, 8)))
        index = (capacity + digital + outcomes) / 3
        entries.append(
            BenchmarkEntry(
                benchmark=benchmark,
                organisation=f"org-{n + 1:03d}",
                assessed_on=ctx.days_ago(rng.randint(30, 400)),
                capacity=Decimal(f"{capacity:.1f}"),
                digital=Decimal(f"{digital:.1f}"),
                outcomes=Decimal(f"{outcomes:.1f}"),
                index=Decimal(f"{index:.1f}"),
            )
        )
    BenchmarkEntry.objects.bulk_create(entries)


@transaction.atomic
def seed_demo(ctx) -> None:
    instrument = actions.instrument_install_default(actor=ctx.objects["people"]["helen"])
    _waves(ctx, instrument)
    _open_wave(ctx, instrument, DEMO["open_wave"])
    _relaunch(ctx, DEMO["relaunch"])
    _assessment(ctx, DEMO["assessment"])
    results.store_stale_headlines()
    ctx.notes.append(DEMO["note"])


def seed_bigpharma(ctx) -> None:
    """One closed joint wave for 300 alliances (8 respondents each) for the benchmarks."""
    from accord.people.models import User
    from accord.portfolio.models import Alliance

    from .models import Instrument

    instrument = actions.instrument_install_default(actor=None)
    instrument = Instrument.objects.get(pk=instrument.pk)
    items = list(instrument.items_in_order())
    staff = list(User.objects.internal().filter(is_active=True).order_by("pk")[:40])
    rng = ctx.rng
    today = timezone.localdate()
    with transaction.atomic():
        alliances = list(Alliance.objects.active().order_by("pk")[:300])
        waves = Wave.objects.bulk_create(
            [
                Wave(
                    alliance=a,
                    instrument=instrument,
                    kind=WaveKind.JOINT,
                    title="Health check",
                    opens_on=today - dt.timedelta(days=60),
                    closes_on=today - dt.timedelta(days=40),
                    launched_at=timezone.now() - dt.timedelta(days=60),
                    closed_at=timezone.now() - dt.timedelta(days=39),
                )
                for a in alliances
            ]
        )
        partners = {
            row["alliance_id"]: row["company_id"]
            for row in Alliance.partners.through.objects.filter(alliance__in=alliances).values(
                "alliance_id", "company_id"
            )
        }
        own_id = staff[0].company_id
        respondents, submissions, answers = [], [], []
        for wave in waves:
            for n in range(8):
                side = Side.OWN if n < 4 else Side.PARTNER
                company = own_id if side == Side.OWN else partners[wave.alliance_id]
                user = staff[(wave.pk + n) % len(staff)] if side == Side.OWN else None
                respondents.append(
                    Respondent(
                        wave=wave,
                        side=side,
                        company_id=company,
                        user=user,
                        name=str(user) if user else f"Partner person {n}",
                        email=user.email if user else f"p{n}.w{wave.pk}@partner.example",
                        function=["Commercial", "Research"][n % 2],
                        submitted_at=wave.closed_at,
                        invited_at=wave.launched_at,
                    )
                )
                submission = Submission(
                    wave=wave,
                    side=side,
                    company_id=company,
                    function=["Commercial", "Research"][n % 2],
                )
                submissions.append(submission)
                base = rng.uniform(40, 85)
                answers.extend(
                    Answer(
                        submission=submission,
                        item=item,
                        value=_level_answer(item.kind, base + rng.gauss(0, 10)),
                    )
                    for item in items
                    if item.kind != ItemKind.TEXT
                )
        Respondent.objects.bulk_create(respondents, batch_size=2000)
        Submission.objects.bulk_create(submissions, batch_size=2000)
        Answer.objects.bulk_create(answers, batch_size=5000)
    # The waves were closed by writing their rows, not by the close action: store their
    # headline results as the action's job would.
    results.store_stale_headlines()
