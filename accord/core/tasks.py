"""The foundation's periodic jobs: housekeeping and the audit trail's anchors."""

import datetime as dt

from django_tasks import task

from .scheduling import periodic


@periodic("core.housekeeping", every="day", at=dt.time(3, 45))
@task()
def housekeeping(slot: str) -> dict:
    """Prune finished task results, old scheduled runs and old notifications; idempotent."""
    from .housekeeping import prune

    return prune(now=dt.datetime.fromisoformat(slot))


@periodic("core.audit_anchor", every="hour", at=dt.time(0, 5))
@task()
def anchor_audit_chains(slot: str) -> int:
    """Hourly: seal the heads of the audit chains that moved (idempotent: none moved, no anchor)."""
    from .audit_chain import anchor

    row = anchor()
    return row.sequence if row else 0
