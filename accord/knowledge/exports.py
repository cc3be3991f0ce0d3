"""Lessons and package progress as spreadsheets (formulas neutralised by accord.core.exports)."""

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
            "yes" if lesson.practice_changes.all() else "no",
        ]
        for lesson in lessons
    )
    return xlsx_response(
        "lessons.xlsx",
        "Lessons learned",
        [
            "Recorded",
            "Title",
            "Alliance",
            "Phase",
            "Alliance type",
            "Topics",
            "Therapeutic areas",
            "Context",
            "What happened",
            "Lesson",
            "Recommendation",
            "Taught by",
            "Source",
            "Promoted",
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
            "behind" if alliance.tasks_late else "on track",
        ]
        for alliance in alliances
    )
    return xlsx_response(
        "package-progress.xlsx",
        "Package progress",
        ["Alliance", "Tier", "Stage", "Tasks", "Done", "Due so far", "Late", "Status"],
        rows,
    )
