"""The health panel on the alliance overview page."""

from .models import HealthAction, Relaunch, RelaunchStatus, Wave


def overview_panel(alliance, user):
    waves = Wave.objects.visible_to(user).filter(alliance=alliance)
    latest = waves.closed().order_by("-opens_on", "-pk").first()
    running = waves.filter(launched_at__isnull=False, closed_at__isnull=True).first()
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
