"""The reader's language and time zone.

Everyone reads Accord in their own language and zone (`accord.people.middleware.
ReaderLocaleMiddleware` activates them for each request; a blank language means the browser's,
a blank zone the deployment's TIME_ZONE), and what is sent to them is written in theirs too
(`for_reader`). A meeting is held in its own zone; where the two differ, pages and emails give
both, so the Tokyo co-chair and the Boston alliance manager each see their own clock and the one
the meeting is called in.
"""

from __future__ import annotations

import contextlib
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone; use an IANA name such as Europe/London.")
            % {"value": value}
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


@contextlib.contextmanager
def for_reader(user):
    """Write to `user` (an email, a document) in their language and time zone: their own, or
    the site's language and the deployment's zone."""
    with (
        translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE),
        timezone.override(zoneinfo.ZoneInfo(reader_zone_name(user))),
    ):
        yield
