"""Writes to partner communications: drafted, reviewed by the other side, concluded."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.actions import Entry, assign, open_update, require_reason, save_create, save_update

from .. import reminders
from ..models import (
    COMMUNICATION_TRANSITIONS,
    Communication,
    CommunicationStatus,
    GovernanceSettings,
    ReviewOutcome,
    add_business_days,
)
from ..models.common import today
from .common import check_person, check_program, open_move, scope

# --- Partner communications -----------------------------------------------------------------

COMMUNICATION_FIELDS = [
    "program",
    "title",
    "kind",
    "proposed_by",
    "summary",
    "planned_release_on",
    "status",
    "reviewers",
    "submitted_on",
    "review_business_days",
    "review_due_on",
    "outcome",
    "outcome_notes",
    "concluded_on",
    "is_internal",
]
COMMUNICATION_EDITABLE = [
    "program",
    "title",
    "kind",
    "proposed_by",
    "summary",
    "planned_release_on",
    "is_internal",
]


def _check_communication(communication: Communication, reviewers) -> None:
    from .common import party_ids

    alliance = communication.alliance
    communication.program = check_program(alliance, communication.program)
    if communication.proposed_by_id and communication.proposed_by_id not in party_ids(alliance):
        raise ValidationError(
            {"proposed_by": _("The proposing party must be a party to this alliance.")}
        )
    for person in reviewers:
        check_person(
            alliance,
            person,
            field="reviewers",
            internal_only=communication.is_internal,
            program=communication.program,
        )
        if person.company_id == communication.proposed_by_id:
            raise ValidationError(
                {
                    "reviewers": _(
                        "%(person)s works for the proposing party: reviewers come from the other party."
                    )
                    % {"person": person}
                }
            )


COMMUNICATION = Entry(Communication, COMMUNICATION_FIELDS, scope=scope)


@transaction.atomic
def communication_create(*, actor, alliance, data: dict) -> Communication:
    data = dict(data)
    reviewers = list(data.pop("reviewers", []) or [])
    communication = Communication(alliance=alliance)
    assign(communication, data, COMMUNICATION_EDITABLE)
    communication.title = (communication.title or "").strip()
    if communication.proposed_by_id is None:
        raise ValidationError({"proposed_by": _("Say which party wants to publish.")})
    _check_communication(communication, reviewers)
    communication.full_clean()
    relations = {"reviewers": reviewers}
    return save_create(COMMUNICATION, communication, actor=actor, relations=relations)


@transaction.atomic
def communication_update(
    *, actor, communication: Communication, data: dict, expected_version=None, reason=""
) -> Communication:
    communication, before = open_update(COMMUNICATION, communication, expected_version)
    if communication.status not in (CommunicationStatus.DRAFT, CommunicationStatus.UNDER_REVIEW):
        raise ValidationError(
            {
                "status": _("A communication whose review is %(status)s cannot be edited.")
                % {"status": communication.get_status_display().lower()}
            }
        )
    data = dict(data)
    reviewers = data.pop("reviewers", None)
    assign(communication, data, COMMUNICATION_EDITABLE)
    reviewers = list(communication.reviewers.all()) if reviewers is None else list(reviewers)
    _check_communication(communication, reviewers)
    communication.full_clean()
    relations = {"reviewers": reviewers}
    return save_update(
        COMMUNICATION, communication, before, actor=actor, reason=reason, relations=relations
    )


@transaction.atomic
def communication_submit(
    *, actor, communication: Communication, on: dt.date | None = None
) -> Communication:
    """Send for review: the agreement's review period runs from today in business days."""
    communication, before = open_move(
        COMMUNICATION, communication, CommunicationStatus.UNDER_REVIEW, COMMUNICATION_TRANSITIONS
    )
    reviewers = list(communication.reviewers.all())
    if not reviewers:
        raise ValidationError({"reviewers": _("Name at least one reviewer from the other party.")})
    _check_communication(communication, reviewers)
    terms = GovernanceSettings.for_alliance(communication.alliance)
    on = on or today()
    communication.status = CommunicationStatus.UNDER_REVIEW
    communication.submitted_on = on
    communication.review_business_days = terms.disclosure_review_business_days
    communication.review_due_on = add_business_days(
        on, terms.disclosure_review_business_days, terms.business_calendar
    )
    save_update(COMMUNICATION, communication, before, actor=actor)
    reminders.review_requested(communication)
    return communication


@transaction.atomic
def communication_conclude(
    *, actor, communication: Communication, outcome: str, notes: str = "", on: dt.date | None = None
) -> Communication:
    communication, before = open_move(
        COMMUNICATION, communication, CommunicationStatus.CONCLUDED, COMMUNICATION_TRANSITIONS
    )
    if outcome not in ReviewOutcome.values:
        raise ValidationError(
            {
                "outcome": _("Choose an outcome: %(items)s.")
                % {"items": ", ".join(ReviewOutcome.values)}
            }
        )
    notes = (notes or "").strip()
    if outcome != ReviewOutcome.APPROVED and len(notes) < 5:
        raise ValidationError(
            {"notes": _("Say what the reviewers asked for (at least 5 characters).")}
        )
    communication.status = CommunicationStatus.CONCLUDED
    communication.outcome = outcome
    communication.outcome_notes = notes
    communication.concluded_on = on or today()
    return save_update(COMMUNICATION, communication, before, actor=actor)


@transaction.atomic
def communication_withdraw(*, actor, communication: Communication, reason: str) -> Communication:
    reason = require_reason(reason, "withdrawing the communication")
    communication, before = open_move(
        COMMUNICATION, communication, CommunicationStatus.WITHDRAWN, COMMUNICATION_TRANSITIONS
    )
    communication.status = CommunicationStatus.WITHDRAWN
    return save_update(COMMUNICATION, communication, before, actor=actor, reason=reason)
