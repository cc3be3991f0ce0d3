"""Which lessons matter to an alliance: scored by what they have in common with it.

Score of a lesson for an alliance (computed in one query, highest first, ties to the most
recent), counting only lessons the reader may see and not about this alliance itself:

- same alliance type: 3 points;
- lifecycle phase equal to the alliance's stage: 2 points;
- each therapeutic area they share: 2 points;
- each topic of the alliance's open issues: 2 points. Open issues come from the governance app
  through `hooks.register_open_topics`; until it exists, the topics of the alliance's late
  playbook tasks stand for them;
- promoted into a playbook already: 1 point (the practice was judged worth changing).

A lesson needs at least `MIN_SCORE` points to be shown: one weak overlap is not relevance.
"""

from __future__ import annotations

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from .hooks import open_topics
from .models import Lesson, PlaybookTask, PracticeChange

WEIGHT_TYPE = 3
WEIGHT_PHASE = 2
WEIGHT_AREA = 2
WEIGHT_TOPIC = 2
WEIGHT_PROMOTED = 1
MIN_SCORE = 4
LIMIT = 5


def alliance_open_topics(alliance) -> set[str]:
    topics = open_topics(alliance)
    if not topics:
        topics = set(
            PlaybookTask.objects.late()
            .filter(alliance=alliance, topic__isnull=False)
            .values_list("topic__slug", flat=True)
        )
    return topics


def _count(through, lesson_field: str, **filters):
    counted = (
        through.objects.filter(**{lesson_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(lesson_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def scored(alliance, user, topics: set[str] | None = None):
    """Visible lessons from other alliances annotated with `relevance` (see the module doc)."""
    topics = alliance_open_topics(alliance) if topics is None else topics
    area_ids = [area.pk for area in alliance.therapeutic_areas.all()]  # prefetched by the page
    areas = _count(Lesson.therapeutic_areas.through, "lesson_id", therapeuticarea_id__in=area_ids)
    topic_hits = _count(Lesson.topics.through, "lesson_id", topic__slug__in=sorted(topics))
    score = (
        Case(When(alliance_type=alliance.alliance_type, then=Value(WEIGHT_TYPE)), default=Value(0))
        + Case(When(phase=alliance.stage, then=Value(WEIGHT_PHASE)), default=Value(0))
        + areas * WEIGHT_AREA
        + topic_hits * WEIGHT_TOPIC
        + Case(
            When(
                Exists(PracticeChange.objects.filter(lesson=OuterRef("pk"))),
                then=Value(WEIGHT_PROMOTED),
            ),
            default=Value(0),
        )
    )
    return Lesson.objects.visible_to(user).exclude(alliance=alliance).annotate(relevance=score)


def relevant_lessons(alliance, user, limit: int = LIMIT, *, topics: bool = True) -> list:
    """The `limit` most relevant lessons; `topics=False` when the caller does not show them."""
    lessons = (
        scored(alliance, user)
        .filter(relevance__gte=MIN_SCORE)
        .select_related("alliance")
        .order_by("-relevance", "-recorded_on", "-pk")
    )
    return list((lessons.prefetch_related("topics") if topics else lessons)[:limit])
