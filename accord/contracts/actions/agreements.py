"""Agreements, their defined terms and calendar feeds."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import (
    Entry,
    alliance_scope,
    create_entry,
    delete_entry,
    program_scope,
    update_entry,
)
from accord.core.versioning import lock

from ..models import (
    Agreement,
    CalendarFeed,
    Category,
    DefinedTerm,
    DueRule,
    Obligation,
    Party,
    State,
)
from .fields import (
    AGREEMENT_FIELDS,
    AGREEMENT_M2M,
    TERM_FIELDS,
)
from .obligations import _recompute, obligation_create, obligation_update

# --- Agreements -----------------------------------------------------------------------------


def _validate_agreement(agreement: Agreement, relations: dict) -> None:
    agreement.full_clean()
    if agreement.pk is not None:
        _check_entries_after_start(agreement)


AGREEMENT = Entry(
    Agreement,
    AGREEMENT_FIELDS,
    m2m=AGREEMENT_M2M,
    check=_validate_agreement,
    scope=alliance_scope,
    noun="an agreement",
)


@transaction.atomic
def agreement_create(*, actor, alliance, data: dict) -> Agreement:
    agreement = create_entry(AGREEMENT, Agreement(alliance=alliance), actor=actor, data=data)
    _sync_renewal_notice(actor=actor, agreement=agreement)
    return agreement


@transaction.atomic
def agreement_update(
    *, actor, agreement: Agreement, data: dict, expected_version=None, reason=""
) -> Agreement:
    agreement = update_entry(
        AGREEMENT,
        agreement,
        actor=actor,
        data=data,
        expected_version=expected_version,
        reason=reason,
    )
    _sync_renewal_notice(actor=actor, agreement=agreement)
    for obligation in agreement.obligations.filter(state=State.OPEN).exclude(
        source__startswith="renewal-notice:"
    ):
        _recompute(obligation, actor=actor, reason="agreement changed")
    return agreement


def _check_entries_after_start(agreement: Agreement) -> None:
    early = agreement.obligations.filter(rule=DueRule.FIXED, due_on__lt=agreement.effective_date)
    if early.exists():
        first = early.order_by("due_on").first()
        raise ValidationError(
            {
                "effective_date": _(
                    "Obligation “%(obligation)s” is due %(date)s, before this effective date."
                )
                % {"obligation": first, "date": f"{first.due_on:%Y-%m-%d}"}
            }
        )


def _check_deletable(agreement: Agreement) -> None:
    if agreement.amendments.exists():
        raise ValidationError(
            {"amends": _("Amendments or side letters refer to this agreement: delete them first.")}
        )


@transaction.atomic
def agreement_delete(*, actor, agreement: Agreement, reason: str) -> None:
    delete_entry(AGREEMENT, agreement, actor=actor, reason=reason, check=_check_deletable)


@transaction.atomic
def agreement_attach(*, actor, agreement: Agreement, upload):
    """Store an uploaded document (through the shared safe-file checks) and attach it."""
    from accord.core.files import store_upload

    stored = store_upload(actor=actor, upload=upload, alliance_id=agreement.alliance_id)
    agreement.documents.add(stored)
    audit.record(
        actor=actor,
        obj=agreement,
        action="attach",
        changes={"documents": ("", stored.original_name)},
        alliance_id=agreement.alliance_id,
    )
    return stored


def _sync_renewal_notice(*, actor, agreement: Agreement) -> None:
    """The notice period to stop a renewal is itself a notice deadline: keep its obligation."""
    source = f"renewal-notice:{agreement.pk}"
    existing = Obligation.objects.filter(source=source).first()
    wanted = (
        agreement.auto_renews
        and agreement.renewal_notice_days is not None
        and agreement.expiry_date
    )
    if not wanted:
        if existing and existing.state == State.OPEN:
            before = audit.snapshot(existing, ["state", "state_reason"])
            existing.state, existing.state_reason = (
                State.AMENDED,
                "The agreement no longer renews with notice.",
            )
            existing.save(update_fields=["state", "state_reason"])
            audit.record_update(actor=actor, obj=existing, before=before, **program_scope(existing))
        return
    data = {
        "agreement": agreement,
        "title": f"Notice to stop renewal of {agreement.title}"[:250],
        "description": (
            f"The agreement renews automatically for {agreement.renewal_term_months or 'a further'} "
            f"month(s) unless notice is given at least {agreement.renewal_notice_days} days before "
            f"it expires on {agreement.expiry_date:%Y-%m-%d}. Decide whether to renew."
        ),
        "section": agreement.term_section,
        "owed_by": Party.JOINT,
        "category": Category.NOTIFICATION,
        "rule": DueRule.NOTICE,
        "notice_reference_date": agreement.expiry_date,
        "notice_days": agreement.renewal_notice_days,
    }
    if existing is None:
        obligation_create(actor=actor, alliance=agreement.alliance, data=data, source=source)
    else:
        Obligation.objects.filter(pk=existing.pk, state=State.AMENDED).update(
            state=State.OPEN, state_reason=""
        )
        obligation_update(
            actor=actor, obligation=existing, data=data, reason="agreement term changed"
        )


# --- Defined terms --------------------------------------------------------------------------


DEFINED_TERM = Entry(DefinedTerm, TERM_FIELDS, scope=alliance_scope, versioned=False)


@transaction.atomic
def defined_term_create(*, actor, agreement: Agreement, data: dict) -> DefinedTerm:
    term = DefinedTerm(agreement=agreement, alliance_id=agreement.alliance_id)
    return create_entry(DEFINED_TERM, term, actor=actor, data=data)


@transaction.atomic
def defined_term_update(*, actor, term: DefinedTerm, data: dict) -> DefinedTerm:
    return update_entry(DEFINED_TERM, term, actor=actor, data=data)


@transaction.atomic
def defined_term_delete(*, actor, term: DefinedTerm, reason: str = "") -> None:
    term = lock(DefinedTerm, term.pk)
    audit.record_delete(
        actor=actor, obj=term, fields=TERM_FIELDS, reason=reason, alliance_id=term.alliance_id
    )
    term.delete()


# --- Calendar feeds -------------------------------------------------------------------------


@transaction.atomic
def feed_create(*, actor, name: str, alliance=None) -> tuple[CalendarFeed, str]:
    """A new secret feed address; the token is returned once and only its hash is kept."""
    name = (name or "").strip() or (
        f"{alliance} contract dates" if alliance else "My contract dates"
    )
    token, digest = CalendarFeed.new_token()
    feed = CalendarFeed.objects.create(
        user=actor, alliance=alliance, name=name[:100], token_hash=digest, prefix=token[:8]
    )
    audit.record_create(
        actor=actor,
        obj=feed,
        fields=["name", "prefix"],
        alliance_id=alliance.pk if alliance else None,
    )
    return feed, token


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> CalendarFeed:
    feed = lock(CalendarFeed, feed.pk)
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor, obj=feed, action="revoke", changes={}, alliance_id=feed.alliance_id
        )
    return feed
