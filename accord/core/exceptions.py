from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _


class ConflictError(Exception):
    """Someone else saved the record after this editor loaded it: saving would lose their change."""

    def __init__(self, obj, expected_version: int, current_version: int):
        self.obj = obj
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            _(
                "%(what)s “%(obj)s” was changed by someone else "
                "(version %(current)s, you edited version %(expected)s). "
                "Reload it, re-apply your change and save again."
            )
            % {
                "what": capfirst(obj._meta.verbose_name),
                "obj": obj,
                "current": current_version,
                "expected": expected_version,
            }
        )


class DeleteBlocked(ValidationError):
    """A delete refused because other records still depend on the record: a form error on the
    page, a 409 Conflict in the API (the request is right; the data's state stops it)."""
