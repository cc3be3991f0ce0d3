"""Who must use multi-factor authentication, and whether they have enrolled."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MFA_API_MESSAGE = _(
    "Your role requires two-factor authentication: sign in to Accord and set up an "
    "authenticator app before using the API."
)


def mfa_required(user) -> bool:
    return bool(user.is_authenticated and user.role in set(settings.ACCORD_MFA_REQUIRED_ROLES))


def mfa_enrolled(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_enrol(user) -> bool:
    return mfa_required(user) and not mfa_enrolled(user)
