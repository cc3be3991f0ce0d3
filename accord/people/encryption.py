"""Secrets stored in the database, encrypted at rest (TOTP secrets, recovery-code seeds).

Fernet (AES-128-CBC + HMAC-SHA256) under ACCORD_FIELD_ENCRYPTION_KEY, a key kept out of the
database, so a copy of the database or of a backup does not carry the secrets in clear.
Several keys rotate: the first encrypts, any of them decrypts.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Marks a stored value as ours, so that a secret stored before encryption is told apart.
PREFIX = "fernet:"

MISSING_KEY = (
    'Set ACCORD_FIELD_ENCRYPTION_KEY (a Fernet key: python -c "from cryptography.fernet '
    'import Fernet; print(Fernet.generate_key().decode())"): TOTP secrets are encrypted with it.'
)


def fernet(keys: list[str] | None = None) -> MultiFernet:
    keys = settings.ACCORD_FIELD_ENCRYPTION_KEYS if keys is None else keys
    if not keys:
        raise ImproperlyConfigured(MISSING_KEY)
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"ACCORD_FIELD_ENCRYPTION_KEY: not a Fernet key (32 url-safe base64 bytes): {error}"
        ) from None


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str, *, keys: list[str] | None = None) -> str:
    return PREFIX + fernet(keys).encrypt(text.encode()).decode()


def decrypt(value: str, *, keys: list[str] | None = None) -> str:
    if not is_encrypted(value):
        # Refused rather than used: a clear secret in the table was not put there by Accord.
        raise ValueError("The stored secret is not encrypted: run `accord migrate`.")
    try:
        return fernet(keys).decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored secret does not decrypt with ACCORD_FIELD_ENCRYPTION_KEY: the key was "
            "changed without keeping the old one (list both, new first)."
        ) from None
