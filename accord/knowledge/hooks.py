"""How other apps plug into practice and knowledge. Call these from your AppConfig.ready().

- `register_lesson_source(source_type, resolver)`: the app that owns issues, relaunches or
  terminations tells us how to read one of its records for a person, so that "record a lesson
  from <source>" can prefill and check access. `resolver(source_id, user)` returns a
  `LessonSource` or None when the record does not exist or the person may not see it.
  Link your "closed"/"finished" page to `lesson_prompt_url(source_type=..., source_id=...)`, or
  call `accord.knowledge.actions.lesson_create(..., source_type=..., source_id=...)` directly.
- `register_jsc_meetings(provider)`: the governance app reports an alliance's JSC meetings as
  `provider(alliance) -> [(meeting_id, date), ...]`; deliverables due "at each JSC" then get a
  task per meeting (on the next apply, re-apply or daily run of `knowledge.playbook_daily`).
- `register_open_topics(provider)`: `provider(alliance) -> {topic slug, ...}` for the topics of
  the alliance's open issues; lessons on those topics rank higher on its page.
- Dossier sections: define `dossier_sections(alliance, user)` in `<app>/dossier.py`
  (see accord.knowledge.dossiers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class LessonSource:
    alliance: object  # Alliance
    label: str
    program: object | None = None  # Program, when the source is about one
    phase: str = ""
    title: str = ""
    context: str = ""


LESSON_SOURCES: dict[str, Callable[[int, object], LessonSource | None]] = {}
JSC_MEETING_PROVIDERS: list[Callable[[object], Iterable[tuple[int, dt.date]]]] = []
OPEN_TOPIC_PROVIDERS: list[Callable[[object], Iterable[str]]] = []


def register_lesson_source(source_type: str, resolver) -> None:
    LESSON_SOURCES[source_type] = resolver


def register_jsc_meetings(provider) -> None:
    if provider not in JSC_MEETING_PROVIDERS:
        JSC_MEETING_PROVIDERS.append(provider)


def register_open_topics(provider) -> None:
    if provider not in OPEN_TOPIC_PROVIDERS:
        OPEN_TOPIC_PROVIDERS.append(provider)


def resolve_source(source_type: str, source_id: int, user) -> LessonSource | None:
    resolver = LESSON_SOURCES.get(source_type)
    return resolver(source_id, user) if resolver else None


def jsc_meetings(alliance) -> list[tuple[int, dt.date]]:
    found = []
    for provider in JSC_MEETING_PROVIDERS:
        found += list(provider(alliance))
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def open_topics(alliance) -> set[str]:
    topics: set[str] = set()
    for provider in OPEN_TOPIC_PROVIDERS:
        topics |= set(provider(alliance))
    return topics


def lesson_prompt_url(*, source_type: str, source_id: int | None = None, alliance_id=None) -> str:
    """The page that records a lesson from a source, prefilled from it."""
    params = {"source_type": source_type}
    if source_id is not None:
        params["source_id"] = source_id
    if alliance_id is not None:
        params["alliance"] = alliance_id
    return f"{reverse('knowledge:lesson_create')}?{urlencode(params)}"


# --- The source that exists today: an alliance winding down or terminated -------------------


def _alliance_source(source_id: int, user) -> LessonSource | None:
    from accord.portfolio.models import Alliance

    alliance = Alliance.objects.visible_to(user).filter(pk=source_id).first()
    if alliance is None:
        return None
    return LessonSource(
        alliance=alliance,
        label=_("%(alliance)s: %(stage)s")
        % {"alliance": alliance.name, "stage": alliance.get_stage_display().lower()},
        phase=alliance.stage,
        title=_("What %(alliance)s taught us") % {"alliance": alliance.name},
        context=_("%(type)s with %(partners)s, now in %(stage)s.")
        % {
            "type": alliance.get_alliance_type_display(),
            "partners": ", ".join(p.name for p in alliance.partners.all()),
            "stage": alliance.get_stage_display().lower(),
        },
    )


register_lesson_source("alliance", _alliance_source)
