"""Helpers that turn environment variables into settings (accord.config.settings).

Pure functions, kept apart from the settings module so that tests can call them with their
own values.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def oidc_providers(environ=os.environ) -> dict:
    """The allauth provider settings for the OIDC identity provider named in the environment."""
    server_url = environ.get("ACCORD_OIDC_SERVER_URL", "").strip()
    client_id = environ.get("ACCORD_OIDC_CLIENT_ID", "").strip()
    secret = environ.get("ACCORD_OIDC_CLIENT_SECRET", "").strip()
    if not (server_url and client_id and secret):
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": environ.get("ACCORD_OIDC_PROVIDER_ID", "sso"),
                    "name": environ.get("ACCORD_OIDC_NAME", "Single sign-on"),
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {"server_url": server_url},
                }
            ],
        }
    }


# An API rate limit (ACCORD_API_RATE_*): "" or "off" turns it off.
_RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def api_rate(name: str, value: str) -> str | None:
    value = value.strip()
    if value.lower() in ("", "off"):
        return None
    if not _RATE.match(value):
        raise ImproperlyConfigured(
            f"{name} must look like 1000/hour (per second, minute, hour or day)."
        )
    return value


def cache_settings(url: str, *, allow_memory: bool) -> dict:
    """Django's CACHES for an ACCORD_CACHE_URL."""
    scheme, _, rest = url.strip().partition("://")
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/") or "accord_cache",
            # Django's default (300 entries, then a third culled) is too few once each person's
            # home page, dashboard and overviews are kept (accord.core.freshness).
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem" and allow_memory:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "locmem":
        raise ImproperlyConfigured(
            "ACCORD_CACHE_URL=locmem:// is per process: use db:// or redis://host:6379/0."
        )
    raise ImproperlyConfigured(f"ACCORD_CACHE_URL must start with db:// or redis:// (got {url!r}).")
