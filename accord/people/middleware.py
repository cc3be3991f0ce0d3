import zoneinfo

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .mfa import MFA_API_MESSAGE, must_enrol

# While enrolment is pending, only these stay reachable: allauth's own pages (enrolment,
# re-authentication, sign-out), static files and the health check.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")


class MfaRequiredMiddleware:
    """People in a role that requires MFA can do nothing until they have enrolled TOTP.

    The API refuses their tokens for the same reason (accord.people.api_auth).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(ALLOWED_PREFIXES)
            and must_enrol(user)
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": MFA_API_MESSAGE}, status=403)
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication: set up an authenticator "
                    "app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class ReaderLocaleMiddleware:
    """Every page is read in the signed-in person's own language and time zone (their settings).
    Without a language of their own, Django's LocaleMiddleware (earlier) has chosen the browser's
    or the site's; without a zone, times are the deployment's (accord.core.locales)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        language = getattr(user, "language", "") if signed_in else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        name = getattr(user, "time_zone", "") if signed_in else ""
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
