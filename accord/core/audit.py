"""Writing the audit trail.

Actions call these helpers inside their transaction, so a change and its audit records are
committed together or not at all. Values are stored as the text a reviewer would read
("Oncology, Immunology", "Tier 1"), not as database ids.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from .models import AuditEvent

SYSTEM_LABEL = "system"


ACTOR_LABEL_LENGTH = 200  # AuditEvent.actor_label


def actor_label(actor) -> str:
    """Who, as the trail shows them: "Name <email>", the name shortened so the whole label fits
    (a long name must never stop a change from being recorded)."""
    if actor is None:
        return SYSTEM_LABEL
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    if not name:
        return actor.email[:ACTOR_LABEL_LENGTH]
    room = ACTOR_LABEL_LENGTH - len(actor.email) - 3
    if room < 2:
        return actor.email[:ACTOR_LABEL_LENGTH]
    if len(name) > room:
        name = name[: room - 1] + "…"
    return f"{name} <{actor.email}>"


def display_value(obj: models.Model, field_name: str) -> str:
    field = obj._meta.get_field(field_name)
    if field.many_to_many:
        if obj.pk is None:
            return ""
        return ", ".join(sorted(str(item) for item in getattr(obj, field_name).all()))
    value = getattr(obj, field_name)
    if value is None or value == "":
        return ""
    if field.choices:
        # The trail is one record for everyone: a choice is kept in the site's language, not in
        # the language of whoever made the change.
        with translation.override(settings.LANGUAGE_CODE):
            return str(getattr(obj, f"get_{field_name}_display")())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def site_text(value):
    """Marked-for-translation text (a choice's label, say) in the site's language: the trail is
    one record for everyone, whatever the language of whoever made the change."""
    if isinstance(value, Promise):
        with translation.override(settings.LANGUAGE_CODE):
            return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, str]:
    return {name: display_value(obj, name) for name in fields}


def build(
    *,
    actor,
    obj: models.Model,
    action: str,
    changes: dict[str, tuple[str, str]],
    reason: str = "",
    alliance_id: int | None = None,
    program_id: int | None = None,
) -> list[AuditEvent]:
    """Unsaved audit rows for one change: one per changed field, or one bare row."""
    change_id = uuid.uuid4()
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    common = {
        "change_id": change_id,
        "actor": actor if actor is not None and actor.pk else None,
        "actor_label": actor_label(actor),
        "action": action,
        "content_type": content_type,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:300],
        "reason": site_text(reason),
        "alliance_id": alliance_id,
        "program_id": program_id,
    }
    return [
        AuditEvent(field=field, old_value=site_text(old), new_value=site_text(new), **common)
        for field, (old, new) in changes.items()
    ] or [AuditEvent(**common)]


def save(rows: list[AuditEvent]) -> list[AuditEvent]:
    return AuditEvent.objects.bulk_create(rows)  # joins the hash chain (audit_chain.py)


def record(**kwargs) -> list[AuditEvent]:
    """Write the audit rows of one change (see `build` for the arguments)."""
    return save(build(**kwargs))


def record_create(*, actor, obj, fields: Iterable[str], reason: str = "", **scope):
    after = snapshot(obj, fields)
    changes = {name: ("", value) for name, value in after.items() if value}
    return record(
        actor=actor,
        obj=obj,
        action=AuditEvent.Action.CREATE,
        changes=changes,
        reason=reason,
        **scope,
    )


def record_update(*, actor, obj, before: dict[str, str], reason: str = "", **scope):
    """Record the fields whose displayed value differs from `before`; nothing if none did."""
    after = snapshot(obj, before.keys())
    changes = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    if not changes:
        return []
    return record(
        actor=actor,
        obj=obj,
        action=AuditEvent.Action.UPDATE,
        changes=changes,
        reason=reason,
        **scope,
    )


def record_delete(*, actor, obj, fields: Iterable[str], reason: str = "", **scope):
    before = snapshot(obj, fields)
    changes = {name: (value, "") for name, value in before.items() if value}
    return record(
        actor=actor,
        obj=obj,
        action=AuditEvent.Action.DELETE,
        changes=changes,
        reason=reason,
        **scope,
    )
