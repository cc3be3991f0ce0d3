"""Re-authentication at the identity provider, for people who sign in only through SSO.

Signing a record (minutes approval, an electronic signature) asks for the signer's password.
Someone whose account has no usable password proves it is them by signing in again at the
identity provider instead: we send them there with `prompt=login` and `max_age=0` (OpenID
Connect: authenticate again, whatever session the provider holds), through allauth's
"redirect" process, which checks the answer without signing anyone in or out. The provider's
`auth_time` claim in the signed ID token must be after we sent them: a provider that ignored
the request does not count. The re-authentication is kept in the session for
ACCORD_SSO_REAUTH_SECONDS (accord.people.signatures and governance minutes approval read it).
"""

from __future__ import annotations

import time

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_KEY = "accord.sso_reauth"
PENDING_KEY = "accord.sso_reauth_pending"
# Clock difference allowed between us and the identity provider.
SKEW_SECONDS = 5
METHOD = "single sign-on re-authentication"


def sso_app(request):
    """The configured OpenID Connect app, or None when single sign-on is off."""
    apps = get_adapter().list_apps(request, provider="openid_connect")
    return apps[0] if apps else None


def start(request, next_url: str):
    app = sso_app(request)
    if app is None:
        messages.error(request, _("Single sign-on is not configured: sign with your password."))
        return redirect(next_url)
    request.session[PENDING_KEY] = {"user": request.user.pk, "started": int(time.time())}
    provider = app.get_provider(request)
    return provider.redirect(
        request,
        AuthProcess.REDIRECT,
        next_url=next_url,
        auth_params={**provider.get_auth_params(), "prompt": "login", "max_age": "0"},
    )


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or {}


def complete(request, sociallogin) -> None:
    """Called when the identity provider answers a re-authentication (the adapter's hook)."""
    pending = request.session.pop(PENDING_KEY, None)
    user = request.user
    if not pending or not user.is_authenticated or pending.get("user") != user.pk:
        return
    if sociallogin.user is None or sociallogin.user.pk != user.pk:
        messages.error(
            request,
            _(
                "You signed in at the identity provider as someone else: nothing was re-authenticated."
            ),
        )
        return
    auth_time = _claims(sociallogin).get("auth_time")
    if not isinstance(auth_time, int | float) or auth_time < pending["started"] - SKEW_SECONDS:
        messages.error(
            request,
            _(
                "The identity provider did not ask for your credentials again: nothing was "
                "re-authenticated. Sign with your password."
            ),
        )
        return
    request.session[SESSION_KEY] = {"user": user.pk, "at": int(auth_time)}
    messages.success(request, _("Signed in again at the identity provider: you can sign now."))


def reauthenticated_at(request, user) -> int | None:
    """When `user` last re-authenticated at the identity provider in this session, if at all."""
    data = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not data or data.get("user") != user.pk:
        return None
    return data.get("at")


def proof(request, data: dict) -> dict:
    """What an electronic signature is checked against: the password and one-time code its
    form asked for, and when the user last re-authenticated at the identity provider."""
    return {
        "password": data["password"],
        "otp_code": data["otp_code"],
        "sso_reauthenticated_at": reauthenticated_at(request, request.user),
    }


def is_fresh(at: float | None) -> bool:
    if at is None:
        return False
    return -SKEW_SECONDS <= time.time() - at <= settings.ACCORD_SSO_REAUTH_SECONDS
