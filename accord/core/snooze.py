"""The one rule every "snooze" in My week follows, whichever app owns the snoozed record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SNOOZE_MAX_DAYS = 90


def check_snooze(until: dt.date | None, reason: str, today: dt.date) -> str:
    """A reason (at least 5 characters) and a day back within SNOOZE_MAX_DAYS; the cleaned reason."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError(
            {"reason": _("Give a reason for snoozing it (at least 5 characters).")}
        )
    if until is None:
        raise ValidationError({"until": _("Say until when (a date).")})
    if until <= today:
        raise ValidationError({"until": _("Snooze until a day after today.")})
    if until > today + dt.timedelta(days=SNOOZE_MAX_DAYS):
        raise ValidationError(
            {
                "until": _("Snooze for at most %(SNOOZE_MAX_DAYS)s days.")
                % {"SNOOZE_MAX_DAYS": SNOOZE_MAX_DAYS}
            }
        )
    return reason


def record_snooze(*, actor, obj, until: dt.date, reason: str, **scope) -> None:
    """The audit trail's line for a snooze: the record itself does not change."""
    from accord.core import audit

    audit.record(
        actor=actor,
        obj=obj,
        action="update",
        changes={"snoozed until": ("", until.isoformat())},
        reason=reason,
        **scope,
    )
