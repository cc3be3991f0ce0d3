"""Full-text search of lessons behind one seam: SQLite FTS5 or PostgreSQL full-text search.

- SQLite: the FTS5 table `knowledge_lesson_fts` (title, body, tags; porter stemming) holds one
  row per lesson, rowid = lesson id. Each word of the query must match (prefixes too, so
  "regul" finds "regulatory"); ranked by bm25 with the title weighing most.
- PostgreSQL: the `search_vector` column (title A, tags and lesson B, the story C; English
  stemming) with a GIN index; the query is read as a web search ("quoted phrases", -exclusions,
  or); ranked by ts_rank.

The actions call `index()` whenever a lesson's text or tags change and `unindex()` when one is
deleted, in the same transaction. Scoping is never done here: callers search a queryset that is
already `visible_to(user)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL

FTS_TABLE = "knowledge_lesson_fts"
WORD = re.compile(r"\w+", re.UNICODE)
# The SQL below names only the constant table; every value is a query parameter.
DELETE_SQL = f"DELETE FROM {FTS_TABLE} WHERE rowid = %s"  # noqa: S608
INSERT_SQL = f"INSERT INTO {FTS_TABLE} (rowid, title, body, tags) VALUES (%s, %s, %s, %s)"  # noqa: S608
HITS_SQL = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
RANK_SQL = (
    f"SELECT -bm25({FTS_TABLE}, 10.0, 1.0, 4.0) FROM {FTS_TABLE} "  # noqa: S608
    f"WHERE {FTS_TABLE} MATCH %s AND rowid = knowledge_lesson.id"
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def body_of(lesson) -> str:
    return "\n".join([lesson.context, lesson.what_happened, lesson.lesson, lesson.recommendation])


def index(lessons: Iterable) -> None:
    """Bring the search index in step with these (saved) lessons."""
    lessons = list(lessons)
    if not lessons:
        return
    if is_postgres():
        from django.contrib.postgres.search import SearchVector

        from .models import Lesson

        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("tags_text", weight="B", config="english")
            + SearchVector("lesson", "recommendation", weight="B", config="english")
            + SearchVector("context", "what_happened", weight="C", config="english")
        )
        Lesson.objects.filter(pk__in=[lesson.pk for lesson in lessons]).update(search_vector=vector)
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            DELETE_SQL,
            [(lesson.pk,) for lesson in lessons],
        )
        cursor.executemany(
            INSERT_SQL,
            [(lesson.pk, lesson.title, body_of(lesson), lesson.tags_text) for lesson in lessons],
        )


def unindex(lesson_ids: Iterable[int]) -> None:
    if is_postgres():
        return  # the vector lives on the row and goes with it
    with connection.cursor() as cursor:
        cursor.executemany(
            DELETE_SQL,
            [(pk,) for pk in lesson_ids],
        )


def fts5_query(text: str) -> str:
    """Each word as a quoted prefix term: user input can never be read as FTS5 syntax."""
    return " ".join(f'"{word}"*' for word in WORD.findall(text.lower()))


def matching(queryset, text: str):
    """The lessons of `queryset` matching `text`, annotated `search_rank` (higher is better)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            queryset.filter(search_vector=query)
            .annotate(search_rank=SearchRank(F("search_vector"), query))
            .order_by("-search_rank", "-recorded_on", "-pk")
        )
    expression = fts5_query(text)
    if not expression:
        return queryset.none()
    hits = RawSQL(HITS_SQL, [expression])  # noqa: S611
    rank = RawSQL(RANK_SQL, [expression])  # noqa: S611
    return (
        queryset.filter(pk__in=hits)
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-recorded_on", "-pk")
    )


# --- Schema, used by migration 0002 ---------------------------------------------------------


def create_index_structures(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
            "USING fts5(title, body, tags, tokenize = 'porter unicode61')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_lesson_search_gin "
            "ON knowledge_lesson USING gin (search_vector)"
        )


def drop_index_structures(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_lesson_search_gin")
