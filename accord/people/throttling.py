"""Login throttling: at most N failed sign-ins per account name in a sliding window.

Counted in the database, so the limit holds across every web server process and machine.
Each attempt is claimed under a per-account row lock before the password is checked: of many
parallel guesses, only as many as the limit allows get to try a password.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LoginAttempt, LoginThrottle


class TooManyAttempts(Exception):
    pass


def account_key(value: str) -> str:
    return (value or "").strip().lower()[:254]


def window_start():
    return timezone.now() - dt.timedelta(seconds=settings.ACCORD_LOGIN_WINDOW_SECONDS)


def counted(account: str):
    """Attempts that count against the limit: failed, or still being checked."""
    return LoginAttempt.objects.filter(account=account, at__gte=window_start()).exclude(
        succeeded=True
    )


@transaction.atomic
def claim_attempt(account: str, ip: str | None = None) -> LoginAttempt:
    """Reserve one attempt for `account`, or raise TooManyAttempts if the limit is reached."""
    account = account_key(account)
    LoginThrottle.objects.get_or_create(account=account)
    # The lock serialises claims for one account (PostgreSQL: row lock; SQLite: the write
    # transaction, which Accord opens IMMEDIATE, serialises all writers).
    LoginThrottle.objects.select_for_update().get(account=account)
    if counted(account).count() >= settings.ACCORD_LOGIN_MAX_FAILURES:
        raise TooManyAttempts(account)
    return LoginAttempt.objects.create(account=account, ip=ip)


def settle_attempt(attempt: LoginAttempt | None, *, succeeded: bool) -> None:
    if attempt is not None:
        LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=succeeded)


def remaining(account: str) -> int:
    return max(0, settings.ACCORD_LOGIN_MAX_FAILURES - counted(account_key(account)).count())


def prune(*, now=None) -> int:
    """Forget attempts older than ACCORD_RETENTION_LOGIN_ATTEMPTS_DAYS (default 90: long enough
    to review a brute-force attempt, short enough not to hoard)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ACCORD_RETENTION_LOGIN_ATTEMPTS_DAYS)
    deleted, _ = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
