from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import encryption, throttling


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class AccordAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts for this account. Try again in 15 minutes, or "
            "ask an administrator to reset your password."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        # Accounts are created by administrators: a confidential partnership system has no
        # self-service sign-up.
        return False

    def authenticate(self, request, **credentials):
        """Check a password, counting the attempt in the database (accord.people.throttling).

        Replaces allauth's cache-based limit, which each web server process keeps for itself.
        """
        account = credentials.get("email") or credentials.get("username") or ""
        try:
            attempt = throttling.claim_attempt(account, client_ip(request))
        except throttling.TooManyAttempts:
            raise self.validation_error("too_many_login_attempts") from None
        user = None
        try:
            user = super().authenticate(request, **credentials)
        finally:
            throttling.settle_attempt(attempt, succeeded=user is not None)
        return user

    def login(self, request, user):
        """Sign in; from then on the person reads their own language (the welcome included),
        not the browser's (accord.people.middleware.ReaderLocaleMiddleware, next requests)."""
        super().login(request, user)
        if getattr(user, "language", ""):
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()

    def pre_authenticate(self, request, **credentials):
        # The attempt was claimed in authenticate(); allauth's own cache limit is not used.
        return None


class AccordMFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user) -> str:
        return user.email

    # TOTP secrets and recovery-code seeds are stored encrypted (accord.people.encryption).
    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)


class AccordSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Single sign-on signs in existing accounts (matched by email); it never creates one.
        return False

    def pre_social_login(self, request, sociallogin):
        from allauth.socialaccount.providers.base import AuthProcess

        from . import reauth

        # The "redirect" process signs nobody in: Accord uses it only to re-authenticate.
        if sociallogin.state.get("process") == AuthProcess.REDIRECT:
            reauth.complete(request, sociallogin)

    def list_apps(self, request, provider=None, client_id=None):
        if not settings.SOCIALACCOUNT_PROVIDERS:
            return []
        return super().list_apps(request, provider=provider, client_id=client_id)
