import hmac

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accord.core.throttles import count_failed_authentication

from .mfa import MFA_API_MESSAGE, must_enrol
from .models import ApiToken


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer acc_<id>_<secret>`: a personal API token, stored hashed."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            if parts and parts[0] == self.keyword:
                raise exceptions.AuthenticationFailed(
                    "Malformed Authorization header: use 'Bearer <token>'."
                )
            return None
        try:
            return self.authenticate_key(parts[1])
        except exceptions.AuthenticationFailed:
            count_failed_authentication(request)
            raise

    def authenticate_key(self, key: str):
        try:
            prefix, key_id, secret = key.split("_", 2)
        except ValueError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        if prefix != ApiToken.PREFIX:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = (
            ApiToken.objects.select_related("user")
            .prefetch_related("alliances")
            .filter(key_id=key_id)
            .first()
        )
        if token is None or not hmac.compare_digest(
            token.secret_hash, ApiToken.hash_secret(secret)
        ):
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.is_active:
            raise exceptions.AuthenticationFailed("This token has expired or been revoked.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("This account is deactivated.")
        if must_enrol(token.user):
            raise exceptions.PermissionDenied(MFA_API_MESSAGE)
        now = timezone.now()
        # Record use at most once a minute: a busy script must not turn every read into a write.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accord.people.api_auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (acc_…)."}
