from django_tasks import task

from accord.people.models import User

from . import actions


@task()
def retier_portfolio(actor_id: int | None = None) -> int:
    """Re-tier every alliance under the current policy; returns how many tiers changed."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return actions.alliances_retier(actor=actor, reason="tiering policy changed")
