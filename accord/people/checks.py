"""`accord check --deploy`: what a production deployment of sign-in still lacks."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def field_encryption_key(app_configs, **kwargs):
    if settings.ACCORD_FIELD_ENCRYPTION_KEY_DERIVED or not settings.ACCORD_FIELD_ENCRYPTION_KEYS:
        return [
            Warning(
                "ACCORD_FIELD_ENCRYPTION_KEY is not set: TOTP secrets cannot be stored "
                "(enrolment fails) and those already stored cannot be read, or, when debugging, "
                "are encrypted with a key derived from the secret key.",
                hint="Set ACCORD_FIELD_ENCRYPTION_KEY to a Fernet key kept apart from the "
                "database and its backups (docs/deployment.md).",
                id="people.W001",
            )
        ]
    from .encryption import fernet

    try:
        fernet()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="people.E001")]
    return []
