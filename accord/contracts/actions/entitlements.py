"""Milestones, rights and restrictions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.core.actions import (
    Entry,
    alliance_scope,
    create_entry,
    delete_entry,
    open_update,
    program_scope,
    save_update,
    update_entry,
)
from accord.core.versioning import lock

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
    _check_agreement,
    _check_program,
)
from .obligations import _recompute

# --- Milestones -----------------------------------------------------------------------------


def _validate_milestone(milestone: Milestone, relations: dict) -> None:
    _check_agreement(milestone.agreement, milestone.alliance)
    _check_program(milestone.program, milestone.alliance)
    for term in relations.get("defined_terms", []):
        if term.alliance_id != milestone.alliance_id:
            raise ValidationError(
                {
                    "defined_terms": _("“%(term)s” is defined in another alliance's agreement.")
                    % {"term": term}
                }
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
                {
                    field: _("This date is before the agreement took effect (%(start)s).")
                    % {"start": f"{start:%Y-%m-%d}"}
                }
            )


MILESTONE = Entry(
    Milestone,
    MILESTONE_FIELDS,
    m2m=MILESTONE_M2M,
    check=_validate_milestone,
    scope=program_scope,
    noun="a milestone",
)


@transaction.atomic
def milestone_create(*, actor, alliance, data: dict) -> Milestone:
    milestone = create_entry(MILESTONE, Milestone(alliance=alliance), actor=actor, data=data)
    hooks.milestone_changed(milestone.alliance_id)
    return milestone


@transaction.atomic
def milestone_update(
    *, actor, milestone: Milestone, data: dict, expected_version=None, reason=""
) -> Milestone:
    milestone = update_entry(
        MILESTONE,
        milestone,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )
    hooks.milestone_changed(milestone.alliance_id)
    return milestone


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone, reason: str) -> None:
    milestone = delete_entry(MILESTONE, milestone, actor=actor, reason=reason)
    hooks.milestone_changed(milestone.alliance_id)


MILESTONE_ACHIEVED_AUDIT = ["achieved_on", "achieved_evidence", "achieved_evidence_url"]
MILESTONE_SLIPPED_AUDIT = ["forecast_date", "slipped_on", "slip_reason"]


def _check_writer(actor, milestone: Milestone) -> None:
    from ..access import can_edit_register

    if not can_edit_register(actor, milestone.alliance):
        raise PermissionDenied(_("You can view this alliance's contracts but not change them."))


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
    milestone, before = open_update(MILESTONE, milestone, fields=MILESTONE_ACHIEVED_AUDIT)
    _check_writer(actor, milestone)
    evidence, evidence_url = (evidence or "").strip(), (evidence_url or "").strip()
    if milestone.achieved_on is not None:
        raise ValidationError(
            {
                "achieved_on": _("This milestone was already marked achieved on %(date)s.")
                % {
                    "date": dateformat.format(
                        milestone.achieved_on, pgettext("date format", "d M Y")
                    )
                }
            }
        )
    if achieved_on is None:
        raise ValidationError({"achieved_on": _("Give the date the milestone was achieved.")})
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("The achieved date cannot be later than today.")})
    if achieved_on < milestone.agreement.effective_date:
        raise ValidationError(
            {
                "achieved_on": _("This date is before the agreement took effect (%(start)s).")
                % {"start": f"{milestone.agreement.effective_date:%Y-%m-%d}"}
            }
        )
    if not (evidence or evidence_url or evidence_upload is not None):
        raise ValidationError(
            {
                "evidence": _(
                    "Give the evidence: a note (e.g. “first patient dosed 3 May, site report”), a link or a file."
                )
            }
        )
    if evidence_url:
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            raise ValidationError(
                {"evidence_url": _("Give a full web address starting with https://.")}
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
    milestone.achieved_on = achieved_on
    milestone.achieved_evidence = evidence or (f"See {stored.original_name}" if stored else "")
    milestone.achieved_evidence_url = evidence_url
    milestone.achieved_evidence_file = stored
    reason = f"Marked achieved: {milestone.achieved_evidence or evidence_url}"
    return save_update(MILESTONE, milestone, before, actor=actor, reason=reason)


@transaction.atomic
def milestone_mark_slipped(
    *, actor, milestone: Milestone, forecast_date: dt.date | None, reason: str
) -> Milestone:
    """Move a milestone's forecast to a later date, saying why."""
    milestone, before = open_update(MILESTONE, milestone, fields=MILESTONE_SLIPPED_AUDIT)
    _check_writer(actor, milestone)
    reason = (reason or "").strip()
    if milestone.achieved_on is not None:
        raise ValidationError(
            {"forecast_date": _("This milestone is already achieved: it cannot slip.")}
        )
    if forecast_date is None:
        raise ValidationError({"forecast_date": _("Give the new forecast date.")})
    today = timezone.localdate()
    if forecast_date <= today:
        raise ValidationError({"forecast_date": _("The new forecast date must be after today.")})
    if milestone.forecast_date and forecast_date <= milestone.forecast_date:
        raise ValidationError(
            {
                "forecast_date": _(
                    "A slip moves the forecast later than the current one (%(date)s); "
                    "to bring it forward, edit the milestone."
                )
                % {
                    "date": dateformat.format(
                        milestone.forecast_date, pgettext("date format", "d M Y")
                    )
                }
            }
        )
    if len(reason) < 5:
        raise ValidationError(
            {"reason": _("Say why the milestone slipped (at least 5 characters).")}
        )
    milestone.forecast_date = forecast_date
    milestone.slipped_on = today
    milestone.slip_reason = reason
    return save_update(MILESTONE, milestone, before, actor=actor, reason=reason)


# --- Rights ---------------------------------------------------------------------------------


def _validate_dated_entry(entry, start_field: str) -> None:
    start = entry.agreement.effective_date
    value = getattr(entry, start_field)
    if value and value < start:
        raise ValidationError(
            {
                start_field: _(
                    "This date (%(date)s) is before the agreement took effect (%(start)s)."
                )
                % {"date": f"{value:%Y-%m-%d}", "start": f"{start:%Y-%m-%d}"}
            }
        )


def _validate_right(right: Right, relations: dict) -> None:
    _check_agreement(right.agreement, right.alliance)
    _check_program(right.program, right.alliance)
    right.full_clean(exclude=["alliance"])
    _validate_dated_entry(right, "window_opens")
    _validate_dated_entry(right, "window_closes")


RIGHT = Entry(
    Right, RIGHT_FIELDS, m2m=RIGHT_M2M, check=_validate_right, scope=program_scope, noun="a right"
)


def _refresh_notices(right: Right, *, actor) -> None:
    for obligation in right.notice_obligations.filter(state=State.OPEN).select_related("agreement"):
        _recompute(obligation, actor=actor, reason=f"window of {right} changed")


@transaction.atomic
def right_create(*, actor, alliance, data: dict) -> Right:
    return create_entry(RIGHT, Right(alliance=alliance), actor=actor, data=data)


@transaction.atomic
def right_update(*, actor, right: Right, data: dict, expected_version=None, reason="") -> Right:
    right = update_entry(
        RIGHT, right, actor=actor, data=data, expected_version=expected_version, reason=reason
    )
    _refresh_notices(right, actor=actor)
    return right


def _right_not_available(right: Right) -> str:
    """Why a right cannot be exercised, as a whole sentence per state."""
    messages = {
        RightState.EXERCISED: _("This right is exercised / in use: it cannot be exercised."),
        RightState.LAPSED: _("This right is lapsed unused: it cannot be exercised."),
        RightState.WAIVED: _("This right is waived: it cannot be exercised."),
        RightState.RETURNED: _("This right is returned: it cannot be exercised."),
        RightState.TERMINATED: _("This right is terminated: it cannot be exercised."),
    }
    return messages.get(right.state) or _("This right cannot be exercised.")


@transaction.atomic
def right_exercise(*, actor, right: Right, exercised_on: dt.date, note: str = "") -> Right:
    right = lock(Right, right.pk)
    if right.state != RightState.AVAILABLE:
        raise ValidationError({"state": _right_not_available(right)})
    if right.window_closes and exercised_on > right.window_closes:
        raise ValidationError(
            {
                "exercised_on": _("The window closed on %(date)s.")
                % {"date": f"{right.window_closes:%Y-%m-%d}"}
            }
        )
    return right_update(
        actor=actor,
        right=right,
        data={"state": RightState.EXERCISED, "exercised_on": exercised_on},
        reason=note or "exercised",
    )


@transaction.atomic
def right_delete(*, actor, right: Right, reason: str) -> None:
    delete_entry(RIGHT, right, actor=actor, reason=reason)


# --- Restrictions ---------------------------------------------------------------------------


def _validate_restriction(restriction: Restriction, relations: dict) -> None:
    _check_agreement(restriction.agreement, restriction.alliance)
    restriction.full_clean(exclude=["alliance"])
    _validate_dated_entry(restriction, "starts_on")
    if not (restriction.target_list() or restriction.mechanism_list() or restriction.field_list()):
        raise ValidationError(
            {
                "targets": _(
                    "Say what the restriction covers: at least a target, a mechanism or a field."
                )
            }
        )


RESTRICTION = Entry(
    Restriction,
    RESTRICTION_FIELDS,
    m2m=RESTRICTION_M2M,
    check=_validate_restriction,
    scope=alliance_scope,
    noun="a restriction",
)


@transaction.atomic
def restriction_create(*, actor, alliance, data: dict) -> Restriction:
    restriction = create_entry(RESTRICTION, Restriction(alliance=alliance), actor=actor, data=data)
    conflicts.rebuild_scope(restriction)
    return restriction


@transaction.atomic
def restriction_update(
    *, actor, restriction: Restriction, data: dict, expected_version=None, reason=""
) -> Restriction:
    restriction = update_entry(
        RESTRICTION,
        restriction,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )
    conflicts.rebuild_scope(restriction)
    return restriction


@transaction.atomic
def restriction_delete(*, actor, restriction: Restriction, reason: str) -> None:
    delete_entry(RESTRICTION, restriction, actor=actor, reason=reason)
