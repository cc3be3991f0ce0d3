"""Helpers every portfolio action uses."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError


def require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": f"Give a reason for {what} (at least 5 characters)."})
    return reason


def split(data: dict, m2m_fields: set[str]) -> tuple[dict, dict]:
    scalars = {k: v for k, v in data.items() if k not in m2m_fields}
    relations = {k: list(v) for k, v in data.items() if k in m2m_fields}
    return scalars, relations


def assign(instance, scalars: dict, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name, value in scalars.items():
        if name not in allowed:
            raise ValidationError({name: "This field cannot be set here."})
        setattr(instance, name, value)
