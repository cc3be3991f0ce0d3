"""Demo and benchmark data for practice and knowledge (see accord.core.seeding).

The demo's playbooks applied, charter version, RACI, lessons and promotions are data/demo.json;
the standard library and playbooks they start from are accord.knowledge.standard's.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accord.core.seeding import load_data
from accord.portfolio.models import Program, Stage, Territory

from . import actions
from .models import (
    Lesson,
    Playbook,
    PlaybookApplication,
    PlaybookTask,
    TaskStatus,
    TemplateKind,
    TerritoryProfile,
    Topic,
)
from .standard import install_library, install_standard_playbooks
from .template_files import starter_upload

DEMO = load_data("accord.knowledge")


def _complete_past(application, spec, today, *, fallback) -> None:
    """The demo's team did its package tasks due more than `done_before` days ago."""
    cutoff = today - dt.timedelta(days=spec["done_before"])
    for task in application.tasks.filter(
        status=TaskStatus.OPEN, due_date__lt=cutoff
    ).select_related("owner"):
        actions.task_update(
            actor=task.owner or fallback, task=task, data={"status": TaskStatus.DONE}
        )


@transaction.atomic
def finish_demo(ctx) -> None:
    """Once governance has recorded the JSC meetings, their package tasks exist (the daily roll
    adds them); those due before each alliance's `done_before` were done like the others."""
    alliances = ctx.objects["alliances"]
    leader = ctx.objects["people"]["helen"]
    for spec in DEMO["playbooks"]:
        for application in PlaybookApplication.objects.filter(alliance=alliances[spec["alliance"]]):
            actions.application_sync(application=application, today=ctx.today)
            _complete_past(application, spec, ctx.today, fallback=leader)


@transaction.atomic
def seed_demo(ctx) -> None:
    people = ctx.objects["people"]
    alliances = ctx.objects["alliances"]
    leader = people["helen"]
    today = ctx.today

    library = install_library(actor=leader)
    playbooks = install_standard_playbooks(actor=leader, templates=library)
    by_scope = {p.package or p.lifecycle: p for p in playbooks}

    for spec in DEMO["playbooks"]:
        alliance = alliances[spec["alliance"]]
        scope, start_ago = spec["playbook"], spec["started_ago"]
        playbook = by_scope[alliance.service_package.lower() if scope == "package" else scope]
        application, _ = actions.playbook_apply(
            actor=leader,
            alliance=alliance,
            playbook=playbook,
            start_date=ctx.days_ago(start_ago) if start_ago is not None else None,
            today=today,
        )
        _complete_past(application, spec, today, fallback=leader)

    # A newer charter: the alliances adopted v1 when their packages were applied; some move on.
    charter = library[TemplateKind.CHARTER]
    actions.template_version_add(
        actor=leader,
        template=charter,
        upload=starter_upload(TemplateKind.CHARTER, 2),
        notes=DEMO["charter_v2"]["notes"],
    )
    for adoption in DEMO["charter_v2"]["adopted_by"]:
        actions.template_adopt(
            actor=people[adoption["person"]],
            alliance=alliances[adoption["alliance"]],
            template=charter,
        )

    # Roles: the standard RACI and named people in it.
    for key in DEMO["raci"]:
        actions.raci_adopt_standard(actor=leader, alliance=alliances[key])
    for holder in DEMO["role_holders"]:
        actions.role_holder_add(
            actor=leader,
            alliance=alliances[holder["alliance"]],
            group=holder["group"],
            user=people[holder["person"]],
            title=holder["title"],
        )

    lessons = _seed_lessons(ctx, people, alliances)
    _seed_territory_profiles(ctx, people)
    _promote(ctx, people, lessons, by_scope)
    ctx.objects["knowledge"] = {"playbooks": by_scope, "library": library, "lessons": lessons}
    ctx.notes.append(
        f"knowledge: {len(lessons)} lessons, {len(playbooks)} playbooks, "
        f"{PlaybookTask.objects.count()} playbook tasks "
        f"({PlaybookTask.objects.late(today).count()} late)"
    )


def _seed_lessons(ctx, people, alliances) -> dict:
    topics = {t.slug: t for t in Topic.objects.all()}
    found = {}
    for spec in DEMO["lessons"]:
        alliance = alliances[spec["alliance"]] if spec["alliance"] else None
        program = (
            Program.objects.get(alliance=alliance, name=spec["program"])
            if spec["program"]
            else None
        )
        source = {}
        if alliance is not None and alliance.stage in (Stage.WIND_DOWN, Stage.TERMINATED):
            source = {"source_type": "alliance", "source_id": alliance.pk}
        lesson = actions.lesson_create(
            actor=people[spec["author"]],
            data={
                "title": spec["title"],
                "context": spec["context"],
                "what_happened": spec["what_happened"],
                "lesson": spec["lesson"],
                "recommendation": spec["recommendation"],
                "phase": spec["phase"],
                "topics": [topics[slug] for slug in spec["topics"]],
                "alliance": alliance,
                "program": program,
                "shared_with_partner": spec["shared"],
                "recorded_on": ctx.days_ago(spec["days_ago"]),
                "territory": Territory.objects.get(code=spec["territory"])
                if spec.get("territory")
                else None,
            },
            **source,
        )
        found[spec["title"]] = lesson
    return found


def _seed_territory_profiles(ctx, people) -> None:
    """Country know-how for the Japan and China teams (one past its review date)."""
    leader = people["helen"]
    for spec in DEMO["territory_profiles"]["items"]:
        actions.territory_profile_create(
            actor=leader,
            data={
                "territory": Territory.objects.get(code=spec["territory"]),
                "owner": people[spec["owner"]],
                "review_on": ctx.today + dt.timedelta(days=spec["review_in_days"]),
                **{field: spec[field] for field in TerritoryProfile.SECTIONS},
            },
        )


def _promote(ctx, people, lessons, playbooks) -> None:
    for promotion in DEMO["promotions"]:
        extra = {}
        if "deliverable" in promotion:
            extra["deliverable_data"] = promotion["deliverable"]
        actions.lesson_promote(
            actor=people[promotion["by"]],
            lesson=lessons[promotion["lesson"]],
            playbook=playbooks[promotion["playbook"]],
            change=promotion["change"],
            **extra,
        )


# --- Benchmark scale ------------------------------------------------------------------------


def seed_bigpharma(ctx) -> None:
    """Standard playbooks applied to 200 alliances, 400 lessons."""
    from accord.people.models import Role, User
    from accord.portfolio.models import Alliance

    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    library = install_library(actor=leader)
    playbooks = install_standard_playbooks(actor=leader, templates=library)
    by_scope = {p.package or p.lifecycle: p for p in playbooks}
    rng = ctx.rng
    live = list(Alliance.objects.exclude(stage=Stage.TERMINATED).order_by("pk")[:200])
    for alliance in live:
        with transaction.atomic():
            actions.playbook_apply(
                actor=leader,
                alliance=alliance,
                playbook=by_scope[alliance.service_package.lower()],
                start_date=ctx.days_ago(rng.randint(30, 400)),
                today=ctx.today,
            )
    done = PlaybookTask.objects.filter(due_date__lt=ctx.days_ago(30)).order_by("pk")
    done_ids = [pk for pk in done.values_list("pk", flat=True) if rng.random() < 0.85]
    PlaybookTask.objects.filter(pk__in=done_ids).update(status=TaskStatus.DONE)
    alliances = list(Alliance.objects.order_by("pk")[:400])
    topics = list(Topic.objects.all())
    with transaction.atomic():
        for index in range(400):
            spec = DEMO["lessons"][index % len(DEMO["lessons"])]
            actions.lesson_create(
                actor=leader,
                data={
                    "title": f"{spec['title']} ({index + 1})",
                    "context": spec["context"],
                    "what_happened": spec["what_happened"],
                    "lesson": spec["lesson"],
                    "recommendation": spec["recommendation"],
                    "phase": rng.choice(Stage.values),
                    "topics": rng.sample(topics, 2),
                    "alliance": alliances[index],
                    "recorded_on": ctx.days_ago(rng.randint(1, 1500)),
                },
            )
    ctx.notes.append(
        f"knowledge: {Lesson.objects.count()} lessons, {PlaybookTask.objects.count()} tasks, "
        f"{Playbook.objects.count()} playbooks"
    )
