"""Lessons and package progress as spreadsheets (formulas neutralised by accord.core.exports)."""

from django.utils.translation import gettext as _

from accord.core.exports import xlsx_response


def lessons_xlsx(lessons):
    rows = (
        [
            lesson.recorded_on,
            lesson.title,
            lesson.alliance.name if lesson.alliance else "",
            lesson.get_phase_display(),
            lesson.get_alliance_type_display(),
            ", ".join(t.name for t in lesson.topics.all()),
            ", ".join(a.name for a in lesson.therapeutic_areas.all()),
            lesson.context,
            lesson.what_happened,
            lesson.lesson,
            lesson.recommendation,
            lesson.get_source_type_display(),
            lesson.source_label,
            _("yes") if lesson.practice_changes.all() else _("no"),
        ]
        for lesson in lessons
    )
    return xlsx_response(
        "lessons.xlsx",
        _("Lessons learned"),
        [
            _("Recorded"),
            _("Title"),
            _("Alliance"),
            _("Phase"),
            _("Alliance type"),
            _("Topics"),
            _("Therapeutic areas"),
            _("Context"),
            _("What happened"),
            _("Lesson"),
            _("Recommendation"),
            _("Taught by"),
            _("Source"),
            _("Promoted"),
        ],
        rows,
    )


def progress_xlsx(alliances):
    rows = (
        [
            alliance.name,
            alliance.get_tier_display(),
            alliance.get_stage_display(),
            alliance.tasks_total,
            alliance.tasks_done,
            alliance.tasks_due,
            alliance.tasks_late,
            _("behind") if alliance.tasks_late else _("on track"),
        ]
        for alliance in alliances
    )
    return xlsx_response(
        "package-progress.xlsx",
        _("Package progress"),
        [
            _("Alliance"),
            _("Tier"),
            _("Stage"),
            _("Tasks"),
            _("Done"),
            _("Due so far"),
            _("Late"),
            _("Status"),
        ],
        rows,
    )
