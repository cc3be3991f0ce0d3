"""Demo and benchmark data for practice and knowledge (see accord.core.seeding)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accord.portfolio.models import Program, Stage

from . import actions
from .lessons_data import LESSONS
from .models import Lesson, Playbook, PlaybookTask, RoleGroup, TaskStatus, TemplateKind, Topic
from .standard import install_library, install_standard_playbooks
from .template_files import starter_upload

# (alliance key, playbook: "package" for the tier's package or a lifecycle, start days ago,
#  tasks due more than this many days ago are done; the rest that are past due stay late)
APPLY = [
    ("kestrel_adc", "package", 200, 20),
    ("polaris_codev", "package", 300, 0),
    ("vantage_bispecific", "package", 150, 60),
    ("calder_inlicence", "package", 100, 0),
    ("aurelia_platform", "package", 180, 10),
    ("hoshino_japan", "package", 300, 0),
    ("sunhe_china", "package", 250, 0),
    ("nordvik_copromo", "package", 200, 30),
    ("pacifica_anz", "package", 365, 0),
    ("redwood_resp", "package", 200, 45),
    ("kestrel_option", "launch", None, 12),
    ("hoshino_cvm", "launch", None, 0),
    ("amr_consortium", "launch", None, 5),
    ("polaris_copromo", "relaunch", 50, 20),
    ("helix_cell", "wind_down", 40, 10),
]


@transaction.atomic
def seed_demo(ctx) -> None:
    people = ctx.objects["people"]
    alliances = ctx.objects["alliances"]
    leader = people["helen"]
    today = ctx.today

    library = install_library(actor=leader)
    playbooks = install_standard_playbooks(actor=leader, templates=library)
    by_scope = {p.package or p.lifecycle: p for p in playbooks}

    for key, scope, start_ago, done_before in APPLY:
        alliance = alliances[key]
        playbook = by_scope[alliance.service_package.lower() if scope == "package" else scope]
        application, _ = actions.playbook_apply(
            actor=leader,
            alliance=alliance,
            playbook=playbook,
            start_date=ctx.days_ago(start_ago) if start_ago is not None else None,
            today=today,
        )
        cutoff = today - dt.timedelta(days=done_before)
        owner_fallback = people["helen"]
        for task in application.tasks.filter(due_date__lt=cutoff).select_related("owner"):
            actions.task_update(
                actor=task.owner or owner_fallback, task=task, data={"status": TaskStatus.DONE}
            )

    # A newer charter: the alliances adopted v1 when their packages were applied; one moves on.
    charter = library[TemplateKind.CHARTER]
    actions.template_version_add(
        actor=leader,
        template=charter,
        upload=starter_upload(TemplateKind.CHARTER, 2),
        notes="Decision rights now quote the agreement's clause numbers; quorum clarified.",
    )
    actions.template_adopt(
        actor=people["daniel"], alliance=alliances["kestrel_option"], template=charter
    )
    actions.template_adopt(
        actor=people["marcus"], alliance=alliances["polaris_codev"], template=charter
    )

    # Roles: the standard RACI and named people on three alliances.
    for key in ("kestrel_adc", "polaris_codev", "lumen_rna"):
        actions.raci_adopt_standard(actor=leader, alliance=alliances[key])
    actions.role_holder_add(
        actor=leader,
        alliance=alliances["kestrel_adc"],
        group=RoleGroup.PROJECT_MANAGEMENT,
        user=people["lena"],
        title="Program manager, ADC portfolio",
    )
    actions.role_holder_add(
        actor=leader,
        alliance=alliances["kestrel_adc"],
        group=RoleGroup.PARTNER,
        user=people["jordan"],
        title="Kestrel alliance director",
    )
    actions.role_holder_add(
        actor=leader,
        alliance=alliances["kestrel_adc"],
        group=RoleGroup.BUSINESS_DEVELOPMENT,
        user=people["richard"],
        title="Deal sponsor",
    )

    lessons = _seed_lessons(ctx, people, alliances)
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
    for (
        alliance_key,
        author_key,
        days_ago,
        phase,
        topic_slugs,
        title,
        context,
        what_happened,
        lesson_text,
        recommendation,
        shared,
        program_name,
    ) in LESSONS:
        alliance = alliances[alliance_key] if alliance_key else None
        program = (
            Program.objects.get(alliance=alliance, name=program_name) if program_name else None
        )
        source = {}
        if alliance is not None and alliance.stage in (Stage.WIND_DOWN, Stage.TERMINATED):
            source = {"source_type": "alliance", "source_id": alliance.pk}
        lesson = actions.lesson_create(
            actor=people[author_key],
            data={
                "title": title,
                "context": context,
                "what_happened": what_happened,
                "lesson": lesson_text,
                "recommendation": recommendation,
                "phase": phase,
                "topics": [topics[slug] for slug in topic_slugs],
                "alliance": alliance,
                "program": program,
                "shared_with_partner": shared,
                "recorded_on": ctx.days_ago(days_ago),
            },
            **source,
        )
        found[title] = lesson
    return found


def _promote(ctx, people, lessons, playbooks) -> None:
    helen = people["helen"]
    actions.lesson_promote(
        actor=helen,
        lesson=lessons[
            "Milestone wording in the work plan must match the agreement's defined terms"
        ],
        playbook=playbooks["launch"],
        change="The launch now checks the work plan against the agreement's defined terms within 30 days.",
    )
    actions.lesson_promote(
        actor=helen,
        lesson=lessons["Rebuild the relationship face to face when the alliance started on video"],
        playbook=playbooks["complex"],
        change="Every Tier 1 alliance gets a yearly face-to-face meeting of the core teams.",
    )
    actions.lesson_promote(
        actor=helen,
        lesson=lessons["Agree what counts as a detail before the field force goes omnichannel"],
        playbook=playbooks["typical"],
        change="Co-promotions review the detail definition whenever the engagement model changes.",
        deliverable_data={
            "title": "Detail definition reviewed against the engagement model",
            "description": "Confirm with the partner what counts as a detail per channel.",
            "anchor": "signing",
            "offset_days": 180,
            "cadence": "annual",
            "owner_role": RoleGroup.ALLIANCE_MANAGEMENT,
            "order": 900,
        },
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
            spec = LESSONS[index % len(LESSONS)]
            actions.lesson_create(
                actor=leader,
                data={
                    "title": f"{spec[5]} ({index + 1})",
                    "context": spec[6],
                    "what_happened": spec[7],
                    "lesson": spec[8],
                    "recommendation": spec[9],
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
