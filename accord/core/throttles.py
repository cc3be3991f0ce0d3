"""API rate limits: requests per person and failed authentications per address.

The rates are read from the settings on every request (ACCORD_API_RATE_USER,
ACCORD_API_RATE_ANON; None turns a limit off) and counted in Django's default cache, which a
shared deployment points at a cache every process uses. Over the limit the API answers 429 with
a Retry-After header.
"""

from django.conf import settings
from rest_framework import exceptions, throttling


class SettingRateMixin:
    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting, None) or None


class UserRateThrottle(SettingRateMixin, throttling.UserRateThrottle):
    """Requests per signed-in person, whichever token or session they use."""

    setting = "ACCORD_API_RATE_USER"


class AnonRateThrottle(SettingRateMixin, throttling.AnonRateThrottle):
    """Requests without a valid identity, per client address."""

    setting = "ACCORD_API_RATE_ANON"


def count_failed_authentication(request) -> None:
    """A refused key counts against its address's anonymous rate: guessing keys is throttled.

    Raises Throttled (429) once the address has used up its rate."""
    throttle = AnonRateThrottle()
    if throttle.rate is None:
        return
    # Keyed on the address alone: asking `request.user` here would authenticate again.
    throttle.key = throttle.cache_format % {
        "scope": throttle.scope,
        "ident": throttle.get_ident(request),
    }
    throttle.history = throttle.cache.get(throttle.key, [])
    throttle.now = throttle.timer()
    while throttle.history and throttle.history[-1] <= throttle.now - throttle.duration:
        throttle.history.pop()
    if len(throttle.history) >= throttle.num_requests:
        raise exceptions.Throttled(throttle.wait())
    throttle.throttle_success()
