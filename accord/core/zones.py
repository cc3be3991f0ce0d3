"""Time zones: the IANA names a person or a meeting is placed in, and a moment read in two.

Everyone reads times in their own zone (`accord.people.middleware.ReaderTimeZoneMiddleware`
activates it for each request; blank means the deployment's TIME_ZONE). A meeting is held in
its own zone; where the two differ, pages and emails give both, so the Tokyo co-chair and the
Boston alliance manager each see their own clock and the one the meeting is called in.
"""

from __future__ import annotations

import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import timezone


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"“{value}” is not a time zone; use an IANA name such as Europe/London."
        ) from None


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """The zones a person can choose: the IANA region/city names, by name, and UTC."""
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name
        and name.split("/", 1)[0]
        in {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian"}
        | {"Pacific"}
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def reader_zone_name(user) -> str:
    """The zone `user` reads times in: their own, or the deployment's."""
    return getattr(user, "time_zone", "") or timezone.get_default_timezone_name()
