"""How alliance health plugs into the lessons-learned app (accord.knowledge), without depending on it.

When a relaunch completes, its leaders are notified with a link to `health:relaunch_lesson`
(/health/relaunches/<id>/lesson/). With accord.knowledge installed that page sends them to its
capture page, `lesson_prompt_url(source_type="relaunch", source_id=<id>)`, which reads the
relaunch through `relaunch_source` (registered in apps.py; a closed wave likewise as
"health_check" through `wave_source`). Without it, the page shows `lesson_draft()` to copy. The
draft is also served at GET /api/v1/health/relaunches/<id>/lesson-draft/, and a lessons app may
link back with `accord.health.actions.relaunch_link_lesson(actor=, relaunch=, reference=)`.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _


def lesson_draft(relaunch) -> dict:
    parts = [
        (_("Why the alliance needed a relaunch"), relaunch.reason),
        (_("Lessons from the recent challenges"), relaunch.lessons),
        (_("Ground rules for communication"), relaunch.communication_rules),
        (_("Ground rules for meetings"), relaunch.meeting_rules),
        (_("Decision-making protocols"), relaunch.decision_protocols),
        (_("Issue resolution"), relaunch.issue_resolution),
        (_("Escalation process"), relaunch.escalation_process),
    ]
    body = "\n\n".join(f"{title}\n{text}" for title, text in parts if text)
    return {
        "alliance": relaunch.alliance_id,
        "title": _("Relaunch of %(alliance)s: lessons") % {"alliance": relaunch.alliance},
        "body": body,
        "source": f"health.relaunch:{relaunch.pk}",
        "occurred_on": (relaunch.meeting_date or relaunch.created_at.date()).isoformat(),
    }


def knowledge_installed() -> bool:
    return apps.is_installed("accord.knowledge")


def lesson_capture_url(relaunch) -> str | None:
    """The lessons app's capture page for this relaunch, or None if no lessons app is installed."""
    if not knowledge_installed():
        return None
    from accord.knowledge.hooks import lesson_prompt_url

    return lesson_prompt_url(source_type="relaunch", source_id=relaunch.pk)


def wave_lesson_url(wave) -> str | None:
    if not knowledge_installed():
        return None
    from accord.knowledge.hooks import lesson_prompt_url

    return lesson_prompt_url(source_type="health_check", source_id=wave.pk)


# --- What the lessons app reads of a relaunch or a health check (registered in apps.py) -------


def relaunch_source(source_id: int, user):
    from accord.knowledge.hooks import LessonSource

    from .models import Relaunch

    relaunch = (
        Relaunch.objects.visible_to(user).select_related("alliance").filter(pk=source_id).first()
    )
    if relaunch is None:
        return None
    draft = lesson_draft(relaunch)
    return LessonSource(
        alliance=relaunch.alliance,
        label=_("Relaunch of %(alliance)s (%(status)s)")
        % {"alliance": relaunch.alliance, "status": relaunch.get_status_display().lower()},
        phase="relaunch",
        title=draft["title"],
        context=draft["body"],
    )


def wave_source(source_id: int, user):
    from accord.knowledge.hooks import LessonSource

    from .models import Wave
    from .results import wave_results

    wave = (
        Wave.objects.visible_to(user)
        .closed()
        .select_related("alliance")
        .filter(pk=source_id)
        .first()
    )
    if wave is None:
        return None
    result = wave_results(wave)
    lines = []
    if result.available:
        for gap in result.highlights["largest_gaps"]:
            lines.append(
                _("Perception gap on %(theme)s: %(gap)s points (%(klass)s).")
                % {"theme": gap.name, "gap": gap.gap, "klass": gap.klass_label.lower()}
            )
        for theme in result.highlights["lowest_themes"]:
            lines.append(
                _("Low score on %(theme)s: %(score)s.")
                % {"theme": theme["name"], "score": theme["score"]}
            )
    return LessonSource(
        alliance=wave.alliance,
        label=f"{wave.title} ({wave.opens_on:%b %Y})",
        phase=wave.alliance.stage,
        title=_("What the %(wave)s of %(alliance)s taught us")
        % {"wave": wave.title.lower(), "alliance": wave.alliance},
        context="\n".join(lines),
    )
