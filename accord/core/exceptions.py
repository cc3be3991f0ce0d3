from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """Someone else saved the record after this editor loaded it: saving would lose their change."""

    def __init__(self, obj, expected_version: int, current_version: int):
        self.obj = obj
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            f"{obj._meta.verbose_name.capitalize()} “{obj}” was changed by someone else "
            f"(version {current_version}, you edited version {expected_version}). "
            "Reload it, re-apply your change and save again."
        )


class DeleteBlocked(ValidationError):
    """A delete refused because other records still depend on the record: a form error on the
    page, a 409 Conflict in the API (the request is right; the data's state stops it)."""
