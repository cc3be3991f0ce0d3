"""What people's rules and pages need from the portfolio above them.

A partner user sees the people of their own alliances, and the people pages show who runs which
alliance: both are facts of alliance membership, which the portfolio keeps. People cannot import
accord.portfolio, so the portfolio registers the answers here in its AppConfig.ready()
(accord.portfolio.scope); which alliances someone sees comes from accord.core.registry.scope().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Memberships:
    # (user) -> the ids (a values("user_id") QuerySet) of everyone on an alliance this person is on
    colleague_ids: Callable
    # (viewer) -> an aggregate for User querysets: the alliances each person is responsible for
    # (runs or is designated for) among those the viewer sees
    responsible_for: Callable
    # (person, viewer) -> that person's alliance memberships the viewer sees, with the alliance
    seen_by: Callable


MEMBERSHIPS: list[Memberships] = []


def register_memberships(**kwargs) -> None:
    MEMBERSHIPS[:] = [Memberships(**kwargs)]


def memberships() -> Memberships:
    if not MEMBERSHIPS:
        raise ImproperlyConfigured(
            "No app registered alliance memberships: accord.portfolio does, in its "
            "AppConfig.ready(); is it in INSTALLED_APPS?"
        )
    return MEMBERSHIPS[0]
