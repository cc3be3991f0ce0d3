"""Milestones, rights and restrictions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import audit
from accord.core.versioning import bump, check_version, lock

from .. import conflicts, hooks
from ..models import (
    Milestone,
    Restriction,
    Right,
    RightState,
    State,
)
from .fields import (
    MILESTONE_FIELDS,
    MILESTONE_M2M,
    RESTRICTION_FIELDS,
    RESTRICTION_M2M,
    RIGHT_FIELDS,
    RIGHT_M2M,
    _assign,
    _check_agreement,
    _check_program,
    _require_reason,
    _scope,
    _split,
)
from .obligations import _recompute

# --- Milestones -----------------------------------------------------------------------------


def _validate_milestone(milestone: Milestone, relations: dict) -> None:
    _check_agreement(milestone.agreement, milestone.alliance)
    _check_program(milestone.program, milestone.alliance)
    for term in relations.get("defined_terms", []):
        if term.alliance_id != milestone.alliance_id:
            raise ValidationError(
                {"defined_terms": f"“{term}” is defined in another alliance's agreement."}
            )
    milestone.currency = (milestone.currency or "").upper()
    milestone.paid_currency = (milestone.paid_currency or "").upper()
    milestone.threshold_currency = (milestone.threshold_currency or "").upper()
    milestone.full_clean(exclude=["alliance"])
    start = milestone.agreement.effective_date
    for field in ("achieved_on", "invoiced_on", "paid_on"):
        value = getattr(milestone, field)
        if value and value < start:
            raise ValidationError(
                {field: f"This date is before the agreement took effect ({start:%Y-%m-%d})."}
            )


@transaction.atomic
def milestone_create(*, actor, alliance, data: dict) -> Milestone:
    scalars, relations = _split(data, MILESTONE_M2M)
    milestone = Milestone(alliance=alliance)
    _assign(milestone, scalars, MILESTONE_FIELDS)
    _validate_milestone(milestone, relations)
    milestone.save()
    for name, values in relations.items():
        getattr(milestone, name).set(values)
    audit.record_create(actor=actor, obj=milestone, fields=MILESTONE_FIELDS, **_scope(milestone))
    hooks.milestone_changed(milestone.alliance_id)
    return milestone


@transaction.atomic
def milestone_update(
    *, actor, milestone: Milestone, data: dict, expected_version=None, reason=""
) -> Milestone:
    milestone = lock(Milestone, milestone.pk)
    check_version(milestone, expected_version)
    before = audit.snapshot(milestone, MILESTONE_FIELDS)
    scalars, relations = _split(data, MILESTONE_M2M)
    _assign(milestone, scalars, MILESTONE_FIELDS)
    _validate_milestone(milestone, relations)
    bump(milestone)
    milestone.save()
    for name, values in relations.items():
        getattr(milestone, name).set(values)
    audit.record_update(
        actor=actor, obj=milestone, before=before, reason=reason, **_scope(milestone)
    )
    hooks.milestone_changed(milestone.alliance_id)
    return milestone


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone, reason: str) -> None:
    reason = _require_reason(reason, "deleting a milestone")
    milestone = lock(Milestone, milestone.pk)
    audit.record_delete(
        actor=actor, obj=milestone, fields=MILESTONE_FIELDS, reason=reason, **_scope(milestone)
    )
    alliance_id = milestone.alliance_id
    milestone.delete()
    hooks.milestone_changed(alliance_id)


MILESTONE_ACHIEVED_AUDIT = ["achieved_on", "achieved_evidence", "achieved_evidence_url"]
MILESTONE_SLIPPED_AUDIT = ["forecast_date", "slipped_on", "slip_reason"]


def _check_writer(actor, milestone: Milestone) -> None:
    from ..access import can_edit_register

    if not can_edit_register(actor, milestone.alliance):
        raise PermissionDenied("You can view this alliance's contracts but not change them.")


@transaction.atomic
def milestone_mark_achieved(
    *,
    actor,
    milestone: Milestone,
    achieved_on: dt.date | None,
    evidence: str = "",
    evidence_url: str = "",
    evidence_upload=None,
) -> Milestone:
    """Record that a milestone was met: the date, and evidence (a note, a link and/or a file)."""
    milestone = lock(Milestone, milestone.pk)
    _check_writer(actor, milestone)
    evidence, evidence_url = (evidence or "").strip(), (evidence_url or "").strip()
    if milestone.achieved_on is not None:
        raise ValidationError(
            {
                "achieved_on": f"This milestone was already marked achieved on {milestone.achieved_on:%d %b %Y}."
            }
        )
    if achieved_on is None:
        raise ValidationError({"achieved_on": "Give the date the milestone was achieved."})
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": "The achieved date cannot be later than today."})
    if achieved_on < milestone.agreement.effective_date:
        raise ValidationError(
            {
                "achieved_on": "This date is before the agreement took effect "
                f"({milestone.agreement.effective_date:%Y-%m-%d})."
            }
        )
    if not (evidence or evidence_url or evidence_upload is not None):
        raise ValidationError(
            {
                "evidence": "Give the evidence: a note (e.g. “first patient dosed 3 May, site report”), a link or a file."
            }
        )
    if evidence_url:
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            raise ValidationError(
                {"evidence_url": "Give a full web address starting with https://."}
            ) from None
    stored = None
    if evidence_upload is not None:
        from accord.core.files import store_upload

        stored = store_upload(
            actor=actor,
            upload=evidence_upload,
            alliance_id=milestone.alliance_id,
            program_id=milestone.program_id,
        )
    before = audit.snapshot(milestone, MILESTONE_ACHIEVED_AUDIT)
    milestone.achieved_on = achieved_on
    milestone.achieved_evidence = evidence or (f"See {stored.original_name}" if stored else "")
    milestone.achieved_evidence_url = evidence_url
    milestone.achieved_evidence_file = stored
    bump(milestone)
    milestone.save()
    audit.record_update(
        actor=actor,
        obj=milestone,
        before=before,
        reason=f"Marked achieved: {milestone.achieved_evidence or evidence_url}",
        **_scope(milestone),
    )
    return milestone


@transaction.atomic
def milestone_mark_slipped(
    *, actor, milestone: Milestone, forecast_date: dt.date | None, reason: str
) -> Milestone:
    """Move a milestone's forecast to a later date, saying why."""
    milestone = lock(Milestone, milestone.pk)
    _check_writer(actor, milestone)
    reason = (reason or "").strip()
    if milestone.achieved_on is not None:
        raise ValidationError(
            {"forecast_date": "This milestone is already achieved: it cannot slip."}
        )
    if forecast_date is None:
        raise ValidationError({"forecast_date": "Give the new forecast date."})
    today = timezone.localdate()
    if forecast_date <= today:
        raise ValidationError({"forecast_date": "The new forecast date must be after today."})
    if milestone.forecast_date and forecast_date <= milestone.forecast_date:
        raise ValidationError(
            {
                "forecast_date": "A slip moves the forecast later than the current one "
                f"({milestone.forecast_date:%d %b %Y}); to bring it forward, edit the milestone."
            }
        )
    if len(reason) < 5:
        raise ValidationError({"reason": "Say why the milestone slipped (at least 5 characters)."})
    before = audit.snapshot(milestone, MILESTONE_SLIPPED_AUDIT)
    milestone.forecast_date = forecast_date
    milestone.slipped_on = today
    milestone.slip_reason = reason
    bump(milestone)
    milestone.save()
    audit.record_update(
        actor=actor, obj=milestone, before=before, reason=reason, **_scope(milestone)
    )
    return milestone


# --- Rights ---------------------------------------------------------------------------------


def _validate_dated_entry(entry, start_field: str) -> None:
    start = entry.agreement.effective_date
    value = getattr(entry, start_field)
    if value and value < start:
        raise ValidationError(
            {
                start_field: f"This date ({value:%Y-%m-%d}) is before the agreement took effect ({start:%Y-%m-%d})."
            }
        )


def _validate_right(right: Right) -> None:
    _check_agreement(right.agreement, right.alliance)
    _check_program(right.program, right.alliance)
    right.full_clean(exclude=["alliance"])
    _validate_dated_entry(right, "window_opens")
    _validate_dated_entry(right, "window_closes")


def _refresh_notices(right: Right, *, actor) -> None:
    for obligation in right.notice_obligations.filter(state=State.OPEN).select_related("agreement"):
        _recompute(obligation, actor=actor, reason=f"window of {right} changed")


@transaction.atomic
def right_create(*, actor, alliance, data: dict) -> Right:
    scalars, relations = _split(data, RIGHT_M2M)
    right = Right(alliance=alliance)
    _assign(right, scalars, RIGHT_FIELDS)
    _validate_right(right)
    right.save()
    for name, values in relations.items():
        getattr(right, name).set(values)
    audit.record_create(actor=actor, obj=right, fields=RIGHT_FIELDS, **_scope(right))
    return right


@transaction.atomic
def right_update(*, actor, right: Right, data: dict, expected_version=None, reason="") -> Right:
    right = lock(Right, right.pk)
    check_version(right, expected_version)
    before = audit.snapshot(right, RIGHT_FIELDS)
    scalars, relations = _split(data, RIGHT_M2M)
    _assign(right, scalars, RIGHT_FIELDS)
    _validate_right(right)
    bump(right)
    right.save()
    for name, values in relations.items():
        getattr(right, name).set(values)
    audit.record_update(actor=actor, obj=right, before=before, reason=reason, **_scope(right))
    _refresh_notices(right, actor=actor)
    return right


@transaction.atomic
def right_exercise(*, actor, right: Right, exercised_on: dt.date, note: str = "") -> Right:
    right = lock(Right, right.pk)
    if right.state != RightState.AVAILABLE:
        raise ValidationError(
            {"state": f"This right is {right.get_state_display().lower()}: it cannot be exercised."}
        )
    if right.window_closes and exercised_on > right.window_closes:
        raise ValidationError(
            {"exercised_on": f"The window closed on {right.window_closes:%Y-%m-%d}."}
        )
    return right_update(
        actor=actor,
        right=right,
        data={"state": RightState.EXERCISED, "exercised_on": exercised_on},
        reason=note or "exercised",
    )


@transaction.atomic
def right_delete(*, actor, right: Right, reason: str) -> None:
    reason = _require_reason(reason, "deleting a right")
    right = lock(Right, right.pk)
    audit.record_delete(actor=actor, obj=right, fields=RIGHT_FIELDS, reason=reason, **_scope(right))
    right.delete()


# --- Restrictions ---------------------------------------------------------------------------


def _validate_restriction(restriction: Restriction) -> None:
    _check_agreement(restriction.agreement, restriction.alliance)
    restriction.full_clean(exclude=["alliance"])
    _validate_dated_entry(restriction, "starts_on")
    if not (restriction.target_list() or restriction.mechanism_list() or restriction.field_list()):
        raise ValidationError(
            {
                "targets": "Say what the restriction covers: at least a target, a mechanism or a field."
            }
        )


@transaction.atomic
def restriction_create(*, actor, alliance, data: dict) -> Restriction:
    scalars, relations = _split(data, RESTRICTION_M2M)
    restriction = Restriction(alliance=alliance)
    _assign(restriction, scalars, RESTRICTION_FIELDS)
    _validate_restriction(restriction)
    restriction.save()
    for name, values in relations.items():
        getattr(restriction, name).set(values)
    conflicts.rebuild_scope(restriction)
    audit.record_create(
        actor=actor, obj=restriction, fields=RESTRICTION_FIELDS, alliance_id=alliance.pk
    )
    return restriction


@transaction.atomic
def restriction_update(
    *, actor, restriction: Restriction, data: dict, expected_version=None, reason=""
) -> Restriction:
    restriction = lock(Restriction, restriction.pk)
    check_version(restriction, expected_version)
    before = audit.snapshot(restriction, RESTRICTION_FIELDS)
    scalars, relations = _split(data, RESTRICTION_M2M)
    _assign(restriction, scalars, RESTRICTION_FIELDS)
    _validate_restriction(restriction)
    bump(restriction)
    restriction.save()
    for name, values in relations.items():
        getattr(restriction, name).set(values)
    conflicts.rebuild_scope(restriction)
    audit.record_update(
        actor=actor,
        obj=restriction,
        before=before,
        reason=reason,
        alliance_id=restriction.alliance_id,
    )
    return restriction


@transaction.atomic
def restriction_delete(*, actor, restriction: Restriction, reason: str) -> None:
    reason = _require_reason(reason, "deleting a restriction")
    restriction = lock(Restriction, restriction.pk)
    audit.record_delete(
        actor=actor,
        obj=restriction,
        fields=RESTRICTION_FIELDS,
        reason=reason,
        alliance_id=restriction.alliance_id,
    )
    restriction.delete()
