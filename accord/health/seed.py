"""Demo health data: several waves for several alliances (the Polaris US co-promotion declining,
with a wide perception gap, in relaunch), scorecards, a relaunch in progress, a maturity
self-assessment against a benchmark, and one wave open now for the demo users to answer.

Past waves are written directly (they happened before the demo existed); the open wave and
everything else go through the actions, as a user would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

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

# Per alliance: internal respondents (staff keys), partner respondents (name, function), and for
# each past wave (days ago) the level of each side (0-100) and per-category offsets.
HISTORY = {
    "polaris_copromo": {
        "staff": ["marcus", "grace", "helen", "sofia"],
        "partner": [
            ("Claire Dubois", "Alliance Management"),
            ("Owen Price", "Commercial"),
            ("Rita Alvarez", "Commercial"),
            ("Sam Osei", "Marketing"),
            ("Jun Park", "Medical Affairs"),
        ],
        "waves": [(540, 72, 69), (360, 66, 57), (180, 60, 48)],
        "offsets": {"relationship": (-2, -14), "governance": (0, -10), "strategic-fit": (4, 10)},
    },
    "polaris_codev": {
        "staff": ["marcus", "richard", "helen", "omar"],
        "partner": [
            ("Claire Dubois", "Alliance Management"),
            ("Henrik Olsen", "Clinical Development"),
            ("Ana Torres", "Regulatory Affairs"),
            ("Ben Hall", "CMC"),
        ],
        "waves": [(400, 74, 71), (200, 76, 72)],
        "offsets": {"execution": (-6, -4)},
    },
    "kestrel_adc": {
        "staff": ["daniel", "ravi", "richard", "priya"],
        "partner": [
            ("Jordan Blake", "Alliance Management"),
            ("Nina Kowalski", "Research"),
            ("Leo Martin", "Research"),
            ("Eva Novak", "Project Management"),
        ],
        "waves": [(420, 70, 68), (240, 73, 66)],
        "offsets": {"leadership": (5, -6)},
    },
    "vantage_bispecific": {
        "staff": ["daniel", "helen", "lena", "richard"],
        "partner": [
            ("Maya Singh", "Clinical Operations"),
            ("Tom Reed", "Biostatistics"),
            ("Ivy Chen", "Alliance Management"),
        ],
        "waves": [(300, 68, 58), (120, 66, 52)],
        "offsets": {"governance": (4, -14)},
    },
    "hoshino_japan": {
        "staff": ["aiko", "helen", "tom"],
        "partner": [
            ("Yuki Sato", "Alliance Management"),
            ("Kenji Mori", "Regulatory Affairs"),
            ("Aya Ito", "Commercial"),
        ],
        "waves": [(330, 71, 73), (150, 74, 75)],
        "offsets": {},
    },
}


def _level_answer(kind: str, level: float) -> int:
    level = max(0.0, min(100.0, level))
    if kind == ItemKind.AGREE5:
        return round(level / 25) + 1
    if kind == ItemKind.YESNO:
        return 1 if level >= 50 else 0
    return round(level)


COMMENTS = {
    "polaris_copromo": [
        "We still disagree about what counts as a detail; every call feels like a negotiation.",
        "Since the reorganisation I do not know who decides on the partner's side.",
        "The JSC meets, but issues come back unresolved.",
        "Good people on both sides, but it has become us and them.",
    ],
    "kestrel_adc": [
        "The joint research team works very well.",
        "Executive attention has faded this year.",
    ],
}


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
    for name, function in spec["partner"]:
        email = f"{name.lower().replace(' ', '.')}@{partner.name.split()[0].lower()}.example"
        respondents.append(
            actions.respondent_add(
                actor=leader, wave=wave, name=name, email=email, function=function, company=partner
            )
        )
    items = list(instrument.items_in_order())
    rng = ctx.rng
    comments = COMMENTS.get(key, [])
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
            offset = spec["offsets"].get(item.theme.category.key, (0, 0))
            level = (
                base + (offset[0] if respondent.side == Side.OWN else offset[1]) + rng.gauss(0, 9)
            )
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


def _scorecard(ctx, alliance, relaunch):
    people = ctx.objects["people"]
    marcus = people["marcus"]
    claire = people["claire"]
    year = str(ctx.today.year)
    quarters = [f"{year}-Q{q}" for q in range(1, 5)]
    current_quarter = (ctx.today.month - 1) // 3 + 1
    goals = [
        (
            "Agree and apply an omnichannel definition of a detail",
            [
                (
                    "Details delivered against plan",
                    "%",
                    "higher",
                    Side.PARTNER,
                    [95, 95, 95, 95],
                    [78, 84, 91],
                ),
            ],
        ),
        (
            "Decide within two JSC cycles",
            [
                (
                    "Open decisions older than 60 days",
                    "decisions",
                    "lower",
                    Side.OWN,
                    [4, 3, 2, 2],
                    [7, 5, 3],
                ),
            ],
        ),
        (
            "Joint brand plan approved before each half year",
            [
                (
                    "Brand plan milestones on time",
                    "%",
                    "higher",
                    Side.OWN,
                    [100, 100, 100, 100],
                    [50, 100, 100],
                ),
            ],
        ),
        (
            "Share field insights every month",
            [
                (
                    "Monthly joint insight reports",
                    "reports",
                    "higher",
                    Side.PARTNER,
                    [3, 3, 3, 3],
                    [1, 2, 3],
                ),
            ],
        ),
        (
            "Rebuild trust after the restructuring",
            [
                (
                    "Health survey: trust score (0-100)",
                    "points",
                    "higher",
                    Side.OWN,
                    [50, 55, 60, 65],
                    [38],
                ),
            ],
        ),
    ]
    for order, (title, metrics) in enumerate(goals, start=1):
        goal = actions.goal_create(
            actor=marcus,
            alliance=alliance,
            relaunch=relaunch,
            data={"period": year, "title": title, "order": order},
        )
        if order <= 3:
            actions.goal_endorse(
                actor=marcus,
                goal=goal,
                data={
                    "endorsed_on": ctx.days_ago(20),
                    "endorsed_by": "JSC co-chairs Richard Hale and Claire Dubois",
                    "endorsement_reference": f"JSC {ctx.days_ago(20):%Y-%m} item 3",
                },
            )
        for name, unit, direction, side, targets, actuals in metrics:
            metric = actions.metric_create(
                actor=marcus,
                goal=goal,
                data={"name": name, "unit": unit, "direction": direction, "owner_side": side},
            )
            for quarter, target in zip(quarters, targets, strict=True):
                actions.metric_set_target(
                    actor=marcus, metric=metric, period=quarter, target=target
                )
            for quarter, actual in zip(
                quarters[: max(1, current_quarter - 1)], actuals, strict=False
            ):
                reporter = claire if side == Side.PARTNER else marcus
                actions.metric_record_actual(
                    actor=reporter, metric=metric, period=quarter, actual=actual
                )


@transaction.atomic
def seed_demo(ctx) -> None:
    people = ctx.objects["people"]
    alliances = ctx.objects["alliances"]
    instrument = actions.instrument_install_default(actor=people["helen"])
    for key, spec in HISTORY.items():
        for index, (days_ago, own, partner) in enumerate(spec["waves"]):
            _past_wave(ctx, instrument, alliances[key], key, spec, index, days_ago, own, partner)

    # Vantage's latest check closed last week, lower again: the weekly note reports the drop.
    vantage = HISTORY["vantage_bispecific"]
    _past_wave(
        ctx,
        instrument,
        alliances["vantage_bispecific"],
        "vantage_bispecific",
        vantage,
        len(vantage["waves"]),
        ctx.last_week(2) + 22,
        64,
        47,
    )

    # An internal pulse check on the co-development.
    pulse = _past_wave(
        ctx,
        instrument,
        alliances["polaris_codev"],
        "polaris_codev",
        {"staff": ["marcus", "richard", "helen", "omar"], "partner": [], "offsets": {}},
        0,
        60,
        70,
        0,
    )
    Wave.objects.filter(pk=pulse.pk).update(kind=WaveKind.PULSE, title="Internal pulse check")

    # A wave open now: Daniel and Ravi answer in Accord, Kestrel's people by their links.
    kestrel = alliances["kestrel_adc"]
    wave = actions.wave_create(
        actor=people["daniel"],
        alliance=kestrel,
        include_team=True,
        data={
            "instrument": instrument,
            "kind": WaveKind.JOINT,
            "title": f"Health check {ctx.today:%B %Y}",
            "opens_on": ctx.days_ago(3),
            "closes_on": ctx.today + dt.timedelta(days=11),
        },
    )
    for name, function in (("Leo Martin", "Research"), ("Eva Novak", "Project Management")):
        actions.respondent_add(
            actor=people["daniel"],
            wave=wave,
            name=name,
            email=f"{name.lower().replace(' ', '.')}@kestrelbio.example",
            function=function,
            company=kestrel.partners.first(),
        )
    actions.respondent_add(actor=people["daniel"], wave=wave, user=people["priya"])
    actions.wave_launch(actor=people["daniel"], wave=wave)

    # The Polaris US co-promotion: a relaunch in progress, its scorecard and action plan.
    copromo = alliances["polaris_copromo"]
    marcus = people["marcus"]
    relaunch = actions.relaunch_start(
        actor=marcus,
        alliance=copromo,
        data={
            "reason": "Restructurings at both companies replaced most day-to-day counterparts; the "
            "commercial teams could not agree how to count details once calls went omnichannel, and "
            "trust waned into an us-and-them mood.",
            "meeting_date": ctx.today + dt.timedelta(days=12),
            "facilitator": "External facilitator (half-day offsite)",
            "communication_rules": "One joint weekly update from the alliance managers; bad news within 48 hours; "
            "the contract's defined terms in every plan.",
            "meeting_rules": "Agendas and papers five working days ahead; decisions and actions minuted and "
            "approved by both sides within a week.",
            "decision_protocols": "Sub-teams decide by consensus within their charter; otherwise the JSC decides "
            "at its next meeting, at the latest within 30 days.",
        },
    )
    _scorecard(ctx, copromo, relaunch)
    latest = Wave.objects.filter(alliance=copromo).order_by("-opens_on").first()
    for title, owner, days, theme in (
        (
            "Joint workshop to agree the omnichannel detail definition",
            "marcus",
            14,
            "Decision-making",
        ),
        (
            "Introduce new counterparts: alliance onboarding for both teams",
            "claire",
            30,
            "Ways of working and culture",
        ),
        (
            "Publish the escalation path and use it for the three open issues",
            "marcus",
            -5,
            "Conflict resolution",
        ),
    ):
        actions.action_create(
            actor=marcus,
            alliance=copromo,
            data={
                "title": title,
                "owner": people[owner],
                "due_on": ctx.today + dt.timedelta(days=days),
                "theme_name": theme,
                "wave": latest,
            },
        )

    # The capability and digital maturity self-assessment, against a benchmark.
    helen = people["helen"]
    assessment = actions.assessment_create(
        actor=helen,
        data={
            "title": f"Alliance management self-assessment {ctx.today.year}",
            "assessed_on": ctx.days_ago(30),
        },
    )
    answers = {
        "cap-training": 2,
        "cap-career": 2,
        "cap-playbook": 3,
        "cap-lessons": 2,
        "dig-system": 3,
        "dig-kpi": 3,
        "dig-partner": 2,
        "dig-health": 4,
        "out-value": 3,
        "out-risk": 3,
        "out-time": 2,
        "out-partner": 4,
    }
    actions.assessment_answer(actor=helen, assessment=assessment, answers=answers, complete=True)
    benchmark = BenchmarkSet.objects.create(
        name="Maturity index cohort",
        source_name="maturity-cohort.csv",
        imported_at=timezone.now(),
        imported_by=helen,
    )
    rng = ctx.rng
    entries = []
    for n in range(24):
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
    results.store_stale_headlines()
    ctx.notes.append(
        "Health: Polaris US Co-promotion shows a widening perception gap and a relaunch in progress; "
        "daniel.reyes@meridian.example has a survey to answer under My surveys."
    )


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
