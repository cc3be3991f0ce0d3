"""The panels this app adds to an alliance's overview page (registered in apps.py)."""

from __future__ import annotations

from django.utils import timezone

from accord.portfolio.models import Stage

from . import access, progress, relevance
from .hooks import lesson_prompt_url
from .models import Lesson, SourceType, TerritoryProfile

CLOSING_STAGES = (Stage.WIND_DOWN, Stage.TERMINATED)


def lesson_prompt(alliance, user):
    """Winding down or terminated, and nobody has recorded what it taught us yet: ask."""
    if alliance.stage not in CLOSING_STAGES:
        return None
    if Lesson.objects.filter(alliance=alliance).exists():
        return None
    if not access.can_record_lesson(user, alliance):
        return None
    return {
        "prompt_url": lesson_prompt_url(
            source_type=SourceType.ALLIANCE, source_id=alliance.pk, alliance_id=alliance.pk
        ),
    }


def package_progress(alliance, user):
    rows = progress.for_alliance(alliance, user)
    if not rows:
        return None
    return {"applications": rows}


def relevant_lessons(alliance, user):
    lessons = relevance.relevant_lessons(alliance, user, topics=False)
    # The panel shows their titles only.
    own = list(Lesson.objects.visible_to(user).for_alliance(alliance).only("pk", "title")[:3])
    if not lessons and not own:
        return None
    return {"relevant": lessons, "own_lessons": own}


def alliance_profiles_panel(alliance, user):
    """The profiles of the alliance's territories (and of its regions' countries)."""
    profiles = list(
        TerritoryProfile.objects.visible_to(user)
        .for_alliance(alliance)
        .select_related("territory", "owner")
    )
    if not profiles:
        return None
    return {"alliance": alliance, "profiles": profiles, "today": timezone.localdate()}
