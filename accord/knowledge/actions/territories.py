"""Territory profiles (country know-how): kept by leaders and alliance managers, audited; the
review reminder tells the owner once per review date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import Entry, create_entry, require_reason, update_entry
from accord.core.versioning import lock

from ..models import TerritoryProfile

PROFILE_FIELDS = ["territory", *TerritoryProfile.SECTIONS, "owner", "review_on"]


def _require_keeper(actor) -> None:
    from ..access import may_keep_profiles

    if not may_keep_profiles(actor):
        raise PermissionDenied(_("Territory profiles are kept by leaders and alliance managers."))


def _validate(profile: TerritoryProfile, relations: dict | None = None) -> None:
    if profile.owner_id and not (profile.owner.is_active and profile.owner.is_internal):
        raise ValidationError({"owner": _("The owner is one of our active people.")})
    clash = TerritoryProfile.objects.filter(territory_id=profile.territory_id).exclude(
        pk=profile.pk
    )
    if profile.territory_id and clash.exists():
        raise ValidationError(
            {
                "territory": _("%(territory)s already has a profile.")
                % {"territory": profile.territory}
            }
        )
    profile.full_clean(validate_unique=False)


PROFILE = Entry(TerritoryProfile, PROFILE_FIELDS, check=_validate)


@transaction.atomic
def territory_profile_create(*, actor, data: dict) -> TerritoryProfile:
    _require_keeper(actor)
    return create_entry(PROFILE, TerritoryProfile(), actor=actor, data=data)


@transaction.atomic
def territory_profile_update(
    *, actor, profile: TerritoryProfile, data: dict, expected_version=None, reason=""
) -> TerritoryProfile:
    _require_keeper(actor)
    return update_entry(
        PROFILE, profile, actor=actor, data=data, expected_version=expected_version, reason=reason
    )


@transaction.atomic
def territory_profile_delete(*, actor, profile: TerritoryProfile, reason: str) -> None:
    _require_keeper(actor)
    reason = require_reason(reason, _("deleting a territory profile"))
    profile = lock(TerritoryProfile, profile.pk)
    audit.record_delete(actor=actor, obj=profile, fields=PROFILE_FIELDS, reason=reason)
    profile.delete()


def territory_profiles_remind(*, today: dt.date) -> int:
    """Remind each owner of a profile past its review date, once per review date (a profile
    reviewed and given a new date reminds again when that one passes). Returns how many."""
    from accord.notifications.actions import notify

    sent = 0
    due = (
        TerritoryProfile.objects.past_review(today)
        .select_related("territory", "owner")
        .order_by("review_on", "pk")
    )
    for profile in due:
        if profile.reminded_for == profile.review_on:
            continue
        with transaction.atomic():
            notify(
                recipients=[profile.owner],
                kind="knowledge.territory_review",
                title=lambda profile=profile: (
                    _("Review the %(territory)s profile: its review date (%(on)s) has passed")
                    % {"territory": profile.territory, "on": profile.review_on.isoformat()}
                ),
                dedupe_key=f"territory-review:{profile.pk}:{profile.review_on.isoformat()}",
                url=reverse("knowledge:territory_profile", args=[profile.pk]),
            )
            TerritoryProfile.objects.filter(pk=profile.pk).update(reminded_for=profile.review_on)
            sent += 1
    return sent
