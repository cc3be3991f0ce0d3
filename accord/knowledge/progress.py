"""How far alliances are through the packages and templates applied to them.

Counts (see models.progress_annotations): *total* tasks (withdrawn ones excluded), *done*
(done or not applicable), *due* (due today or earlier), *late* (open and past due). An alliance
is **behind** its package when it has a late task; *on track %* is the share of the tasks due
so far that are closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import PlaybookApplication, alliance_progress_queryset


@dataclass
class Progress:
    total: int
    done: int
    due: int
    late: int

    @property
    def behind(self) -> bool:
        return self.late > 0

    @property
    def done_pct(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def open(self) -> int:
        return self.total - self.done


def of(row) -> Progress:
    return Progress(row.tasks_total, row.tasks_done, row.tasks_due, row.tasks_late)


def for_alliance(alliance, user) -> list[tuple[PlaybookApplication, Progress]]:
    applications = (
        PlaybookApplication.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("playbook")
        .with_progress()
        .order_by("applied_at", "pk")
    )
    return [(application, of(application)) for application in applications]


def portfolio(alliances, *, behind: bool | None = None, package: str | None = None):
    """Alliances with something applied, annotated with their progress; filtered if asked."""
    rows = alliance_progress_queryset(alliances)
    if package:
        rows = rows.filter(playbooks__playbook__package=package).distinct()
    if behind is True:
        rows = rows.filter(tasks_late__gt=0)
    elif behind is False:
        rows = rows.filter(tasks_late=0)
    return rows
