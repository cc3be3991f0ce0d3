"""The health panel on the alliance overview page."""

from django.db.models import Q

from .models import HealthAction, Relaunch, RelaunchStatus, Wave


def overview_panel(alliance, user):
    # The closed and the running waves in one read, latest first (the model's ordering): the
    # first closed one is the latest, the first running one the one shown as running.
    waves = list(
        Wave.objects.visible_to(user)
        .filter(alliance=alliance)
        .filter(Q(closed_at__isnull=False) | Q(launched_at__isnull=False))
        .order_by("-opens_on", "-pk")
    )
    latest = next((w for w in waves if w.closed_at is not None), None)
    running = next((w for w in waves if w.closed_at is None), None)
    relaunch = Relaunch.objects.filter(alliance=alliance, status=RelaunchStatus.IN_PROGRESS).first()
    open_actions = HealthAction.objects.visible_to(user).filter(alliance=alliance).open().count()
    if not (latest or running or relaunch or open_actions):
        return None
    from .results import headline_result

    # The latest closed wave's stored headline, not its answers: results of a closed wave
    # change only with the rules, and the headline is kept up to date with them.
    result = headline_result(latest) if latest else None
    return {
        "latest": latest,
        "result": result,
        "running": running,
        "relaunch": relaunch,
        "open_actions": open_actions,
    }
