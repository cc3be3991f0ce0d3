from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import (
    Entry,
    assign,
    open_update,
    program_scope,
    require_reason,
    save_update,
    set_relations,
    split,
)
from accord.core.versioning import lock
from accord.portfolio.models import Alliance, Program

from .. import search
from ..hooks import resolve_source
from ..models import Lesson, PracticeChange, SourceType

# What a lesson says and what it is about; then who sees it and when it was learnt.
LESSON_CONTENT_FIELDS = [
    "title",
    "context",
    "what_happened",
    "lesson",
    "recommendation",
    "phase",
    "topics",
    "alliance_type",
    "therapeutic_areas",
    "territory",
    "alliance",
    "program",
]
LESSON_FIELDS = [*LESSON_CONTENT_FIELDS, "shared_with_partner", "recorded_on"]
LESSON_M2M = {"topics", "therapeutic_areas"}
AUDITED = [*LESSON_FIELDS, "source_type", "source_id", "source_label"]
LESSON = Entry(Lesson, LESSON_FIELDS, m2m=LESSON_M2M, scope=program_scope)


def _check_reach(actor, lesson: Lesson) -> None:
    """A person records lessons only about alliances and programs they can see."""
    if actor is None:
        return
    if (
        lesson.alliance_id
        and not Alliance.objects.visible_to(actor).filter(pk=lesson.alliance_id).exists()
    ):
        raise ValidationError({"alliance": _("No such alliance.")})
    if (
        lesson.program_id
        and not Program.objects.visible_to(actor).filter(pk=lesson.program_id).exists()
    ):
        raise ValidationError({"program": _("No such program.")})


def tags_text(lesson: Lesson) -> str:
    parts = [topic.name for topic in lesson.topics.all()]
    parts += [area.name for area in lesson.therapeutic_areas.all()]
    if lesson.phase:
        parts.append(lesson.get_phase_display())
    if lesson.alliance_type:
        parts.append(lesson.get_alliance_type_display())
    if lesson.alliance_id:
        parts.append(lesson.alliance.name)
    return " · ".join(parts)[:1000]


def _reindex(lesson: Lesson) -> None:
    text = tags_text(lesson)
    if text != lesson.tags_text:
        lesson.tags_text = text
        Lesson.objects.filter(pk=lesson.pk).update(tags_text=text)
    search.index([lesson])


@transaction.atomic
def lesson_create(
    *,
    actor,
    data: dict,
    source_type: str = SourceType.OTHER,
    source_id: int | None = None,
    source_label: str = "",
) -> Lesson:
    """Record a lesson, optionally from what taught it (an issue, a relaunch, a termination...).

    With a `source_id`, the source's app must have registered a resolver (hooks.py) and the actor
    must be able to see the record; the lesson is tied to the source's alliance and program.
    """
    scalars, relations = split(data, LESSON_M2M)
    lesson = Lesson(author=actor, source_type=source_type or SourceType.OTHER)
    assign(lesson, scalars, LESSON_FIELDS)
    if lesson.source_type not in SourceType.values:
        raise ValidationError(
            {
                "source_type": _("Unknown source type %(source_type)s.")
                % {"source_type": repr(source_type)}
            }
        )
    if source_id is not None and lesson.source_type != SourceType.OTHER:
        source = resolve_source(lesson.source_type, int(source_id), actor)
        if source is None:
            raise ValidationError(
                {
                    "source_id": _("No %(source_type)s #%(source_id)s that you can see.")
                    % {
                        "source_type": lesson.get_source_type_display().lower(),
                        "source_id": source_id,
                    }
                }
            )
        if lesson.alliance_id and lesson.alliance_id != source.alliance.pk:
            raise ValidationError(
                {"alliance": _("The lesson must be about the alliance its source belongs to.")}
            )
        lesson.alliance = source.alliance
        if source.program is not None:
            lesson.program = source.program
        lesson.source_id = int(source_id)
        lesson.source_label = source.label[:250]
        lesson.phase = lesson.phase or source.phase
    else:
        lesson.source_label = (source_label or "").strip()[:250]
    if lesson.alliance_id and not lesson.alliance_type:
        lesson.alliance_type = lesson.alliance.alliance_type
    _check_reach(actor, lesson)
    lesson.full_clean()
    lesson.save()
    set_relations(lesson, relations)
    if "therapeutic_areas" not in relations and lesson.alliance_id:
        lesson.therapeutic_areas.set(lesson.alliance.therapeutic_areas.all())
    _reindex(lesson)
    audit.record_create(actor=actor, obj=lesson, fields=AUDITED, **program_scope(lesson))
    return lesson


@transaction.atomic
def lesson_update(*, actor, lesson: Lesson, data: dict, expected_version=None, reason="") -> Lesson:
    lesson, before = open_update(LESSON, lesson, expected_version)
    scalars, relations = split(data, LESSON_M2M)
    assign(lesson, scalars, LESSON_FIELDS)
    _check_reach(actor, lesson)
    lesson.full_clean()
    save_update(LESSON, lesson, before, actor=actor, reason=reason, relations=relations)
    _reindex(lesson)
    return lesson


@transaction.atomic
def lesson_delete(*, actor, lesson: Lesson, reason: str) -> None:
    reason = require_reason(reason, "deleting a lesson")
    lesson = lock(Lesson, lesson.pk)
    if lesson.practice_changes.exists():
        raise ValidationError(
            {"lesson": _("This lesson changed a playbook: it stays as the record of why.")}
        )
    audit.record_delete(
        actor=actor, obj=lesson, fields=AUDITED, reason=reason, **program_scope(lesson)
    )
    search.unindex([lesson.pk])
    lesson.delete()


@transaction.atomic
def lesson_promote(
    *,
    actor,
    lesson: Lesson,
    playbook,
    change: str,
    deliverable_data: dict | None = None,
) -> PracticeChange:
    """Promote a lesson into a playbook as a practice change: who decided, when, and what.

    With `deliverable_data`, the change adds that deliverable to the playbook (a new revision;
    alliances already using the playbook keep theirs until someone re-applies it).
    """
    from .playbooks import deliverable_create

    change = (change or "").strip()
    if len(change) < 5:
        raise ValidationError(
            {"change": _("Say what changes in practice (at least 5 characters).")}
        )
    if not playbook.is_active:
        raise ValidationError(
            {"playbook": _("%(playbook)s is no longer in use.") % {"playbook": playbook}}
        )
    if PracticeChange.objects.filter(lesson=lesson, playbook=playbook).exists():
        raise ValidationError(
            {
                "playbook": _("This lesson was already promoted into %(playbook)s.")
                % {"playbook": playbook}
            }
        )
    deliverable = None
    if deliverable_data:
        deliverable = deliverable_create(
            actor=actor,
            playbook=playbook,
            data=deliverable_data,
            reason=f"Practice change from the lesson “{lesson.title}”",
        )
        playbook.refresh_from_db()
    promotion = PracticeChange(
        lesson=lesson,
        playbook=playbook,
        change=change,
        deliverable=deliverable,
        playbook_revision=playbook.revision,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    promotion.full_clean()
    promotion.save()
    audit.record_create(
        actor=actor,
        obj=promotion,
        fields=["lesson", "playbook", "change", "deliverable", "playbook_revision"],
        **program_scope(lesson),
    )
    return promotion
