"""Hooks for apps above the contracts register (which it may not import).

An app that keeps figures derived from milestones (value's stored summaries) registers, in its
AppConfig.ready(), a callable run inside the milestone action's transaction with the alliance's
id whenever a milestone is created, changed or deleted; it should defer real work to a job
(`transaction.on_commit(lambda: some_task.enqueue(...))`).
"""

from __future__ import annotations

from collections.abc import Callable

MILESTONE_LISTENERS: list[Callable[[int], None]] = []


def on_milestone_change(listener: Callable[[int], None]) -> None:
    if listener not in MILESTONE_LISTENERS:
        MILESTONE_LISTENERS.append(listener)


def milestone_changed(alliance_id: int) -> None:
    for listener in MILESTONE_LISTENERS:
        listener(alliance_id)
