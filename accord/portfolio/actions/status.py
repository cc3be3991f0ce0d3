"""A manager's override of the derived red/amber/green status, and clearing it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import require_reason

from ..access import can_override_status
from ..models import Alliance, AllianceStatusOverride, Rag

OVERRIDE_FIELDS = ["status", "reason", "set_by"]


@transaction.atomic
def alliance_override_status(
    *, actor, alliance: Alliance, status: str, reason: str
) -> AllianceStatusOverride:
    """Set the alliance's status by hand (red, amber or green), with the reason for it."""
    if not can_override_status(actor, alliance):
        raise PermissionDenied(_("Only the people who run this alliance override its status."))
    if status not in Rag.values:
        raise ValidationError({"status": _("Choose red, amber or green.")})
    reason = require_reason(reason, "overriding the status")
    existing = AllianceStatusOverride.objects.select_for_update().filter(alliance=alliance).first()
    if existing is None:
        override = AllianceStatusOverride.objects.create(
            alliance=alliance, status=status, reason=reason, set_by=actor
        )
        audit.record_create(
            actor=actor,
            obj=override,
            fields=OVERRIDE_FIELDS,
            reason=reason,
            alliance_id=alliance.pk,
        )
        return override
    before = audit.snapshot(existing, OVERRIDE_FIELDS)
    existing.status, existing.reason, existing.set_by = status, reason, actor
    existing.set_at = timezone.now()
    existing.save()
    audit.record_update(
        actor=actor, obj=existing, before=before, reason=reason, alliance_id=alliance.pk
    )
    return existing


@transaction.atomic
def alliance_clear_status_override(*, actor, alliance: Alliance, reason: str) -> None:
    """Let the derived status apply again."""
    if not can_override_status(actor, alliance):
        raise PermissionDenied(_("Only the people who run this alliance override its status."))
    reason = require_reason(reason, "returning to the derived status")
    existing = AllianceStatusOverride.objects.select_for_update().filter(alliance=alliance).first()
    if existing is None:
        raise ValidationError({"status": _("This alliance's status is not overridden.")})
    audit.record_delete(
        actor=actor, obj=existing, fields=OVERRIDE_FIELDS, reason=reason, alliance_id=alliance.pk
    )
    existing.delete()
