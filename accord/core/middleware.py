"""Request-wide security: sign-in required, absolute session lifetime, security headers, and
no NUL character in a query string."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .sessions import RENEW_AFTER

# Set at sign-in (accord.people.apps) and checked on every request.
SESSION_STARTED_KEY = "accord_signed_in_at"


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user, except the API, which answers 401 for itself."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def stamp_session(request) -> None:
    request.session[SESSION_STARTED_KEY] = int(time.time())


class SessionLifetimeMiddleware:
    """End a session ACCORD_SESSION_MAX_SECONDS after sign-in, however active it has been.

    The idle timeout is Django's own (SESSION_COOKIE_AGE), renewed when a request comes more
    than a minute after the last renewal (accord.core.sessions); this caps the total, so a
    stolen session cookie is not good forever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                # Signed in by some path that did not stamp the session: start counting now.
                stamp_session(request)
            elif time.time() - started > settings.ACCORD_SESSION_MAX_SECONDS:
                logout(request)
                if request.path_info.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, _("Your session has ended: please sign in again."))
                return redirect_to_login(request.get_full_path())
            renew_idle_timeout(request.session)
        return self.get_response(request)


def renew_idle_timeout(session) -> None:
    """Move the session's expiry SESSION_COOKIE_AGE ahead if it was last moved more than
    RENEW_AFTER seconds ago (or it was not read from the database: a store of another kind)."""
    expiry = getattr(session, "loaded_expiry", None)
    if expiry is None or (expiry - timezone.now()).total_seconds() < (
        settings.SESSION_COOKIE_AGE - RENEW_AFTER
    ):
        session.modified = True


def content_security_policy() -> str:
    return "; ".join(
        f"{directive} {' '.join(sources)}" for directive, sources in settings.ACCORD_CSP.items()
    )


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response; no-store on pages
    for signed-in people so that confidential pages never land in a shared cache or on disk.

    Responses that set their own policy (file downloads are sandboxed) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", settings.ACCORD_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith(
            ("/api/", "/accounts/")
        ):
            add_never_cache_headers(response)
            response.headers["Cache-Control"] = "no-store, private, max-age=0"
        return response


class NullCharactersMiddleware:
    """A query string carrying a NUL character (%00) is refused with a 400 naming the parameter:
    PostgreSQL cannot compare text with one, so any search or filter reading it would fail with
    a 500. Forms and the API's serializers already refuse one in what is posted."""

    MESSAGE = "Null characters are not allowed."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            names = sorted(
                {
                    name.replace("\x00", "\\0")
                    for name, values in request.GET.lists()
                    if "\x00" in name or any("\x00" in value for value in values)
                }
            )
            if names:
                return self.refuse(request, names)
        return self.get_response(request)

    def refuse(self, request, names: list[str]):
        message = _(self.MESSAGE)
        if request.path_info.startswith("/api/"):
            return JsonResponse({name: [message] for name in names}, status=400)
        return HttpResponseBadRequest(
            "\n".join(f"{name}: {message}" for name in names),
            content_type="text/plain; charset=utf-8",
        )
