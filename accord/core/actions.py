"""The steps every write action shares: create, edit and delete a record with its audit rows.

Actions stay `<entity>_<verb>(*, actor, ...)` in each app's `actions.py` under
`transaction.atomic`; what they have in common is written once here:

- an `Entry` says how one kind of record is written: the fields its audit rows show, the ones
  a payload may set, its many-to-many fields, its own checks and the audit scope (alliance,
  program) of a record;
- `create_entry`, `update_entry` and `delete_entry` are the plain create / edit / delete;
- `open_update` and `save_update` bracket any other change of a versioned record (a state
  transition, an override): re-read it locked, check the version the writer saw, note the
  audited values; then bump the version, save, and record what changed.

The helpers do not open a transaction of their own: the calling action's `transaction.atomic`
makes the change and its audit rows one commit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from . import audit
from .versioning import bump, check_version, lock

REASON_MIN_LENGTH = 5


def require_reason(reason: str, what: str) -> str:
    """The reason a change needs (deleting, overriding…), stripped; at least five characters."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {"reason": _("Give a reason for %(what)s (at least 5 characters).") % {"what": what}}
        )
    return reason


def split(data: dict, m2m_fields: Collection[str]) -> tuple[dict, dict]:
    """A payload split into plain values and many-to-many lists (set after the record is saved)."""
    scalars = {k: v for k, v in data.items() if k not in m2m_fields}
    relations = {k: list(v) for k, v in data.items() if k in m2m_fields}
    return scalars, relations


def assign(instance, data: dict, allowed: Iterable[str], *, strip: bool = False) -> None:
    """Set the payload's values on the record; a name outside `allowed` is refused by name.
    With `strip`, text values lose their surrounding white space."""
    allowed = set(allowed)
    for name, value in data.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be set here.")})
        setattr(instance, name, value.strip() if strip and isinstance(value, str) else value)


def set_relations(obj, relations: dict | None) -> None:
    for name, values in (relations or {}).items():
        getattr(obj, name).set(values)


def no_scope(obj) -> dict:
    """Records outside any alliance (companies, the library)."""
    return {}


def alliance_scope(obj) -> dict:
    return {"alliance_id": obj.alliance_id}


def program_scope(obj) -> dict:
    """A record of an alliance, about one of its programs or none."""
    return {"alliance_id": obj.alliance_id, "program_id": getattr(obj, "program_id", None)}


def full_clean(obj, relations: dict) -> None:
    obj.full_clean()


@dataclass(frozen=True)
class Entry:
    """How one kind of record is written.

    `fields` are the audited fields (their values before → after make the audit rows);
    `editable` the names a payload may set (default: `fields`); `m2m` the many-to-many ones
    among them; `check(obj, relations)` validates a record about to be saved (default:
    `full_clean()`); `scope(obj)` gives the audit rows' alliance_id/program_id; `noun` names
    the record in messages ("a milestone"); `versioned` records carry a version to bump;
    `strip` takes the white space off a payload's text values.
    """

    model: type[models.Model]
    fields: Sequence[str]
    editable: Sequence[str] | None = None
    m2m: Collection[str] = field(default_factory=frozenset)
    check: Callable[[models.Model, dict], None] = full_clean
    scope: Callable[[models.Model], dict] = no_scope
    noun: str = ""
    versioned: bool = True
    strip: bool = False

    @property
    def settable(self) -> Sequence[str]:
        return self.fields if self.editable is None else self.editable


def open_update(entry: Entry, obj, expected_version=None, *, fields: Sequence[str] | None = None):
    """Re-read `obj` locked, check the version the writer saw; returns it and its audited values."""
    obj = lock(entry.model, obj.pk)
    if entry.versioned:
        check_version(obj, expected_version)
    return obj, audit.snapshot(obj, entry.fields if fields is None else fields)


def save_update(entry: Entry, obj, before: dict, *, actor, reason: str = "", relations=None):
    """Bump the version, save, set the many-to-many values and record what changed."""
    if entry.versioned:
        bump(obj)
    obj.save()
    set_relations(obj, relations)
    audit.record_update(actor=actor, obj=obj, before=before, reason=reason, **entry.scope(obj))
    return obj


def save_create(entry: Entry, obj, *, actor, relations=None, reason: str = ""):
    """Save a checked new record, set its many-to-many values and record its creation."""
    obj.save()
    set_relations(obj, relations)
    audit.record_create(
        actor=actor, obj=obj, fields=entry.fields, reason=reason, **entry.scope(obj)
    )
    return obj


def create_entry(entry: Entry, obj, *, actor, data: dict, editable: Sequence[str] | None = None):
    """Fill the unsaved `obj` from `data`, check it, save it and record its creation."""
    scalars, relations = split(data, entry.m2m)
    assign(obj, scalars, entry.settable if editable is None else editable, strip=entry.strip)
    entry.check(obj, relations)
    return save_create(entry, obj, actor=actor, relations=relations)


def update_entry(entry: Entry, obj, *, actor, data: dict, expected_version=None, reason=""):
    """Edit a record from `data` (locked, version checked), check it and record what changed."""
    obj, before = open_update(entry, obj, expected_version)
    scalars, relations = split(data, entry.m2m)
    assign(obj, scalars, entry.settable, strip=entry.strip)
    entry.check(obj, relations)
    return save_update(entry, obj, before, actor=actor, reason=reason, relations=relations)


def delete_entry(entry: Entry, obj, *, actor, reason: str, check: Callable | None = None):
    """Delete a record, with the reason the trail keeps; `check(obj)` may refuse it first.

    Returns the deleted record (its pk gone, its other values kept for any follow-up)."""
    reason = require_reason(reason, f"deleting {entry.noun}")
    obj = lock(entry.model, obj.pk)
    if check is not None:
        check(obj)
    audit.record_delete(
        actor=actor, obj=obj, fields=entry.fields, reason=reason, **entry.scope(obj)
    )
    obj.delete()
    return obj
