"""Lessons: capture from a source, who sees them, full-text search, relevance, promotion."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.knowledge import actions, relevance
from accord.knowledge.hooks import lesson_prompt_url
from accord.knowledge.models import Lesson, PracticeChange, Topic
from accord.knowledge.standard import install_standard_playbooks
from accord.portfolio import actions as portfolio_actions
from accord.portfolio.models import AllianceType, Stage, TherapeuticArea


def record(world, actor=None, **data):
    defaults = {
        "title": "Milestones must match defined terms",
        "context": "An oncology co-development.",
        "what_happened": "The work plan said first patient treated; the agreement First Patient Dosed.",
        "lesson": "Words in the work plan differ from the definitions.",
        "recommendation": "Compare the work plan with the defined terms before signing.",
        "alliance": world.alliance_b,
    }
    defaults.update(data)
    return actions.lesson_create(actor=actor or world.leader, data=defaults)


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


# --- Capture --------------------------------------------------------------------------------


def test_a_lesson_takes_its_alliance_type_and_areas_and_is_audited(world):
    area = TherapeuticArea.objects.get(name="Oncology")
    world.alliance_b.therapeutic_areas.set([area])
    topics = list(Topic.objects.filter(slug__in=["contract", "governance"]))
    lesson = record(world, topics=topics, phase=Stage.PRE_DEAL)
    assert lesson.alliance_type == AllianceType.CO_DEVELOPMENT
    assert list(lesson.therapeutic_areas.all()) == [area]
    assert lesson.author == world.leader
    assert "Contract and obligations" in lesson.tags_text and "Oncology" in lesson.tags_text
    fields = set(
        AuditEvent.objects.filter(
            content_type__model="lesson", object_id=str(lesson.pk)
        ).values_list("field", flat=True)
    )
    assert {"title", "lesson", "recommendation", "topics", "alliance"} <= fields


def test_recording_from_an_alliance_that_winds_down(world):
    world.alliance_b.stage = Stage.WIND_DOWN
    world.alliance_b.save()
    lesson = actions.lesson_create(
        actor=world.manager_b,
        data={
            "title": "Tell investigators first",
            "context": "c",
            "what_happened": "w",
            "lesson": "l",
            "recommendation": "r",
        },
        source_type="alliance",
        source_id=world.alliance_b.pk,
    )
    assert lesson.alliance == world.alliance_b
    assert lesson.source_label == "Polaris IL-23 Co-development: wind-down"
    assert lesson.phase == Stage.WIND_DOWN


def test_a_source_the_author_cannot_see_or_no_app_provides_is_refused(world):
    data = {
        "title": "t",
        "context": "c",
        "what_happened": "w",
        "lesson": "l",
        "recommendation": "r",
    }
    with pytest.raises(ValidationError) as error:
        actions.lesson_create(
            actor=world.partner_a, data=data, source_type="alliance", source_id=world.alliance_b.pk
        )
    assert "source_id" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.lesson_create(actor=world.leader, data=data, source_type="issue", source_id=12)
    assert error.value.message_dict["source_id"] == ["No issue #12 that you can see."]
    assert Lesson.objects.count() == 0


def test_a_program_must_belong_to_the_alliance_and_be_visible(world):
    with pytest.raises(ValidationError) as error:
        record(world, program=world.program_a1)
    assert "program" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(world, actor=world.firewalled, alliance=world.alliance_a, program=world.program_a2)
    assert error.value.message_dict["program"] == ["No such program."]
    assert Lesson.objects.count() == 0


def test_the_prompt_page_is_prefilled_from_the_source(world):
    world.alliance_b.stage = Stage.TERMINATED
    world.alliance_b.save()
    url = lesson_prompt_url(source_type="alliance", source_id=world.alliance_b.pk)
    response = login(world.manager_b).get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "What Polaris IL-23 Co-development taught us"
    assert form.initial["phase"] == Stage.TERMINATED
    response = login(world.manager_b).post(
        url,
        {
            "title": "Close out with a list",
            "context": "Terminated.",
            "what_happened": "Rights were unclear.",
            "lesson": "Inventory first.",
            "recommendation": "Use the close-out checklist.",
            "recorded_on": "2026-01-10",
        },
    )
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert (lesson.alliance, lesson.source_type, lesson.source_id) == (
        world.alliance_b,
        "alliance",
        world.alliance_b.pk,
    )


def test_the_overview_asks_for_a_lesson_when_an_alliance_winds_down(world):
    client = login(world.manager_b)
    page = client.get(f"/alliances/{world.alliance_b.pk}/").content.decode()
    assert "What did this alliance teach us?" not in page
    # As the people who run it do: through the action (audited; the overview, kept until
    # anything changes, is built afresh).
    portfolio_actions.alliance_update(
        actor=world.manager_b, alliance=world.alliance_b, data={"stage": Stage.WIND_DOWN}
    )
    page = client.get(f"/alliances/{world.alliance_b.pk}/").content.decode()
    assert "What did this alliance teach us?" in page
    assert f"source_id={world.alliance_b.pk}" in page
    assert (
        "What did this alliance teach us?"
        not in login(world.partner_b).get(f"/alliances/{world.alliance_b.pk}/").content.decode()
    )
    record(world)
    page = client.get(f"/alliances/{world.alliance_b.pk}/").content.decode()
    assert "What did this alliance teach us?" not in page


def test_who_may_record_edit_and_promote(world):
    from accord.knowledge import access

    assert access.can_record_lesson(world.manager_a, world.alliance_b)
    assert access.can_record_lesson(world.contributor, world.alliance_b)
    assert not access.can_record_lesson(world.contributor, world.alliance_a)
    assert not access.can_record_lesson(world.executive, world.alliance_b)
    assert not access.can_record_lesson(world.partner_b, world.alliance_b)
    lesson = record(world, actor=world.manager_b)
    assert access.can_edit_lesson(world.manager_b, lesson)
    assert not access.can_edit_lesson(world.manager_a, lesson)
    assert access.can_edit_lesson(world.leader, lesson)
    assert access.can_promote_lesson(world.leader) and not access.can_promote_lesson(
        world.manager_b
    )
    response = login(world.manager_a).post(f"/knowledge/lessons/{lesson.pk}/edit/", {"title": "x"})
    assert response.status_code == 403
    lesson.refresh_from_db()
    assert lesson.title == "Milestones must match defined terms"


# --- Who sees a lesson ----------------------------------------------------------------------


@pytest.fixture
def lessons(world):
    return {
        "internal_b": record(world, title="Internal on B"),
        "shared_b": record(world, title="Shared with B", shared_with_partner=True),
        "shared_a": record(
            world, title="Shared with A", alliance=world.alliance_a, shared_with_partner=True
        ),
        "firewalled": record(
            world,
            actor=world.manager_a,
            title="About the secret program",
            alliance=world.alliance_a,
            program=world.program_a2,
            shared_with_partner=True,
        ),
        "general": record(world, title="General practice", alliance=None),
    }


EVERYTHING = [
    "About the secret program",
    "General practice",
    "Internal on B",
    "Shared with A",
    "Shared with B",
]
NO_SECRET = ["General practice", "Internal on B", "Shared with A", "Shared with B"]


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("leader", NO_SECRET),  # not cleared for the firewalled program, whatever the role
        ("manager_a", EVERYTHING),
        ("manager_b", NO_SECRET),
        ("executive", NO_SECRET),
        ("firewalled", NO_SECRET),
        ("partner_a", ["About the secret program", "Shared with A"]),
        ("partner_b", ["Shared with B"]),
        ("outsider", []),
    ],
)
def test_visibility(world, lessons, persona, expected):
    user = world.persona(persona)
    assert titles(Lesson.objects.visible_to(user)) == expected
    response = login(user).get("/knowledge/")
    assert response.status_code == 200
    assert response.context["total"] == len(expected)


def test_out_of_scope_lessons_answer_404(world, lessons):
    assert (
        login(world.firewalled).get(f"/knowledge/lessons/{lessons['firewalled'].pk}/").status_code
        == 404
    )
    assert (
        login(world.partner_b).get(f"/knowledge/lessons/{lessons['internal_b'].pk}/").status_code
        == 404
    )
    assert (
        login(world.partner_b).get(f"/knowledge/lessons/{lessons['shared_b'].pk}/").status_code
        == 200
    )
    assert (
        login(world.partner_a).get(f"/knowledge/lessons/{lessons['general'].pk}/").status_code
        == 404
    )


# --- Search ---------------------------------------------------------------------------------


def test_full_text_search_ranks_and_filters(world):
    contract = Topic.objects.get(slug="contract")
    record(
        world,
        title="Detail counting in the co-promotion",
        what_happened="Remote calls were not counted as details by one partner.",
        recommendation="Define a detail per channel.",
        topics=[Topic.objects.get(slug="commercial")],
    )
    record(world, title="Milestone definitions", topics=[contract])
    record(
        world, title="Regulatory path in Japan", what_happened="PMDA asked for Japanese patients."
    )
    found = Lesson.objects.visible_to(world.leader).search("details channel")
    assert titles(found) == ["Detail counting in the co-promotion"]
    found = Lesson.objects.visible_to(world.leader).search("milestone definitions")
    assert titles(found) == ["Milestone definitions"]
    # Words in every lesson match them all, the title's words weighing most.
    ranked = Lesson.objects.visible_to(world.leader).search("definitions")
    assert len(ranked) == 3
    assert ranked[0].title == "Milestone definitions"
    assert titles(Lesson.objects.visible_to(world.leader).search("japanese")) == [
        "Regulatory path in Japan"
    ]
    response = login(world.leader).get("/knowledge/", {"q": "milestone", "topic": "contract"})
    assert [lesson.title for lesson in response.context["page"]] == ["Milestone definitions"]


def test_search_sees_edits_and_forgets_deleted_lessons(world):
    lesson = record(world, title="Face to face matters")
    assert titles(Lesson.objects.search("dinner")) == []
    actions.lesson_update(
        actor=world.leader, lesson=lesson, data={"what_happened": "A dinner resolved it."}
    )
    assert titles(Lesson.objects.search("dinner")) == ["Face to face matters"]
    actions.lesson_delete(actor=world.leader, lesson=lesson, reason="Duplicate of another lesson")
    assert titles(Lesson.objects.search("dinner")) == []


def test_search_input_is_never_read_as_query_syntax(world):
    record(world, title="Quotes and stars")
    for nasty in ['"unbalanced', "NEAR(a b)", "title:*", "a OR", "-", "'; DROP TABLE x; --"]:
        response = login(world.leader).get("/knowledge/", {"q": nasty})
        assert response.status_code == 200


@pytest.mark.parametrize("persona", ["partner_b", "firewalled", "outsider"])
def test_search_never_finds_what_the_searcher_may_not_see(world, lessons, persona):
    user = world.persona(persona)
    found = titles(Lesson.objects.visible_to(user).search("work plan"))
    assert len(found) == len(titles(Lesson.objects.visible_to(user)))
    assert found == titles(Lesson.objects.visible_to(user))
    assert "About the secret program" not in found
    response = login(user).get("/knowledge/", {"q": "secret program"})
    assert "About the secret program" not in response.content.decode()
    assert response.context["total"] == 0


# --- Relevance ------------------------------------------------------------------------------


def test_relevance_scores_type_stage_areas_and_open_topics(world):
    onc = TherapeuticArea.objects.get(name="Oncology")
    world.alliance_b.therapeutic_areas.set([onc])
    governance = Topic.objects.get(slug="governance")
    same_type_stage = record(
        world,
        title="Type and stage",
        alliance=world.alliance_a,
        alliance_type=AllianceType.CO_DEVELOPMENT,
        phase=Stage.EXECUTION,
    )
    area_only = record(
        world,
        title="Area only",
        alliance=None,
        alliance_type=AllianceType.RESEARCH,
        therapeutic_areas=[onc],
    )
    weak = record(
        world,
        title="Stage only",
        alliance=None,
        alliance_type=AllianceType.RESEARCH,
        phase=Stage.EXECUTION,
    )
    topic = record(
        world,
        title="Governance topic",
        alliance=None,
        alliance_type=AllianceType.RESEARCH,
        topics=[governance],
    )
    own = record(
        world,
        title="From B itself",
        alliance_type=AllianceType.CO_DEVELOPMENT,
        phase=Stage.EXECUTION,
    )
    scores = {
        lesson.title: lesson.relevance
        for lesson in relevance.scored(world.alliance_b, world.leader, topics={"governance"})
    }
    assert scores == {"Type and stage": 5, "Area only": 2, "Stage only": 2, "Governance topic": 2}
    assert own.title not in scores
    del same_type_stage, area_only, weak, topic
    # Without open issues, late playbook tasks stand for them: none here, so the topic scores 0.
    shown = [lesson.title for lesson in relevance.relevant_lessons(world.alliance_b, world.leader)]
    assert shown == ["Type and stage"]


def test_late_tasks_stand_for_open_issues_until_governance_exists(world):
    from .factories import DeliverableFactory, PlaybookFactory

    governance = Topic.objects.get(slug="governance")
    playbook = PlaybookFactory()
    DeliverableFactory(playbook=playbook, topic=governance, offset_days=1)
    actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=dt.date(2020, 1, 1),
    )
    assert relevance.alliance_open_topics(world.alliance_b) == {"governance"}


# --- Promotion ------------------------------------------------------------------------------


def test_promoting_a_lesson_records_the_practice_change(world):
    playbooks = install_standard_playbooks(actor=world.leader)
    typical = next(p for p in playbooks if p.package == "typical")
    lesson = record(world)
    change = actions.lesson_promote(
        actor=world.leader,
        lesson=lesson,
        playbook=typical,
        change="Check milestone wording at every obligations review.",
        deliverable_data={
            "title": "Milestone wording check",
            "anchor": "signing",
            "offset_days": 60,
        },
    )
    typical.refresh_from_db()
    assert (change.decided_by, change.playbook_revision, typical.revision) == (world.leader, 2, 2)
    assert change.deliverable.title == "Milestone wording check"
    assert change.decided_at is not None
    with pytest.raises(ValidationError):
        actions.lesson_promote(
            actor=world.leader, lesson=lesson, playbook=typical, change="Again, twice."
        )
    assert PracticeChange.objects.count() == 1


def test_only_a_leader_promotes_through_the_page(world):
    playbooks = install_standard_playbooks(actor=world.leader)
    lesson = record(world)
    url = f"/knowledge/lessons/{lesson.pk}/promote/"
    data = {"playbook": playbooks[0].pk, "change": "A practice change."}
    assert login(world.manager_b).post(url, data).status_code == 403
    assert PracticeChange.objects.count() == 0
    response = login(world.leader).post(url, data)
    assert response.status_code == 302
    assert PracticeChange.objects.get().playbook == playbooks[0]
