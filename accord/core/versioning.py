"""Optimistic concurrency for VersionedModel records, used by every update action."""

from django.utils import timezone

from .exceptions import ConflictError


def lock(model, pk):
    """Re-read a record inside the current transaction, locked against concurrent writers."""
    return model.objects.select_for_update().get(pk=pk)


def check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != obj.version:
        raise ConflictError(obj, int(expected_version), obj.version)


def bump(obj) -> None:
    obj.version += 1
    obj.updated_at = timezone.now()
