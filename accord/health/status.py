"""Health's status signal for the alliance's first screen (registered in apps.py): the overall
score of the latest closed joint assessment, and of the one before it (the trend), read from the
stored headlines for many alliances in a fixed number of queries."""

from __future__ import annotations

from .models import Wave, WaveKind
from .results import ALL, headline_results


def status_signals(alliance_ids, user) -> dict[int, dict]:
    waves = (
        Wave.objects.visible_to(user)
        .closed()
        .filter(alliance_id__in=alliance_ids, kind=WaveKind.JOINT)
        .order_by("alliance_id", "-opens_on", "-pk")
    )
    latest: dict[int, list[Wave]] = {}
    for wave in waves:
        pair = latest.setdefault(wave.alliance_id, [])
        if len(pair) < 2:
            pair.append(wave)
    results = headline_results([w for pair in latest.values() for w in pair])

    def overall(wave):
        result = results.get(wave.pk)
        group = result.group(ALL) if result is not None and result.available else None
        return group.overall if group is not None else None

    found = {}
    for alliance_id, pair in latest.items():
        score = overall(pair[0])
        if score is None:
            continue
        found[alliance_id] = {
            "health_score": score,
            "health_previous": overall(pair[1]) if len(pair) > 1 else None,
            "health_title": pair[0].title,
        }
    return found
