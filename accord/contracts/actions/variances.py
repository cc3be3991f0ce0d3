"""Agreed workarounds (variances): proposed by the people who keep the register, approved by a
signature from each side (re-authenticated, like minutes), withdrawn or formalised later.

While a variance is approved and in force, the obligation it varies is measured against it
(accord.contracts.models.obligations.status_filter): its due instant is stored here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import (
    Entry,
    assign,
    create_entry,
    open_update,
    program_scope,
    require_reason,
    save_update,
)
from accord.core.models import Signature
from accord.core.versioning import lock
from accord.people import signatures
from accord.portfolio.models import Alliance

from .. import rules
from ..models import Variance, VarianceState
from .fields import (
    _check_agreement,
)

VARIANCE_FIELDS = [
    "agreement",
    "obligation",
    "right",
    "restriction",
    "title",
    "section",
    "instead",
    "reason",
    "starts_on",
    "ends_on",
    "alternative_due_on",
    "economic_effect",
    "economic_amount",
    "currency",
    "revisit_on",
    "next_step",
]
VARIANCE_AUDIT = [*VARIANCE_FIELDS, "state", "state_reason", "amendment"]
# What each side signs: the variance's terms (not its state).
SIGNED = "variance"
US, PARTNER = "us", "partner"


def _belongs(obj, alliance, field: str) -> None:
    if obj is not None and obj.alliance_id != alliance.pk:
        raise ValidationError({field: _("This belongs to another alliance.")})


def _check_changeable(variance: Variance) -> None:
    """Once signed by either side a variance's terms are fixed."""
    if variance.state != VarianceState.PROPOSED:
        raise ValidationError(
            {
                "state": _("Only a proposed variance can be changed; this one is %(state)s.")
                % {"state": variance.get_state_display().lower()}
            }
        )
    signatures.require_unsigned(variance, SIGNED, field="title")


def _validate(variance: Variance, relations: dict | None = None) -> None:
    alliance = variance.alliance
    _check_agreement(variance.agreement, alliance)
    for field in ("obligation", "right", "restriction"):
        _belongs(getattr(variance, field), alliance, field)
    varied = [f for f in ("obligation", "right", "restriction") if getattr(variance, f"{f}_id")]
    if len(varied) > 1:
        raise ValidationError(
            {varied[1]: _("A variance varies one obligation, right or restriction.")}
        )
    source = variance.obligation or variance.right or variance.restriction
    if source is not None:
        # The clause and agreement follow what is varied, and so does the firewall.
        if source.agreement_id and not variance.agreement_id:
            variance.agreement = source.agreement
        elif source.agreement_id and variance.agreement_id != source.agreement_id:
            raise ValidationError({"agreement": _("This is not the agreement of what is varied.")})
        if not variance.section.strip():
            variance.section = source.section
    variance.program_id = getattr(source, "program_id", None)
    variance.currency = (variance.currency or "").strip().upper()
    variance.full_clean(exclude=["alliance"])
    due_on = variance.measured_due_on()
    variance.due_at = (
        rules.due_instant(due_on, variance.obligation.time_zone) if due_on is not None else None
    )


VARIANCE = Entry(
    Variance, VARIANCE_AUDIT, editable=VARIANCE_FIELDS, check=_validate, scope=program_scope
)


@transaction.atomic
def variance_create(*, actor, alliance: Alliance, data: dict) -> Variance:
    """Propose a variance; it binds once a person of each side has signed it."""
    return create_entry(VARIANCE, Variance(alliance=alliance), actor=actor, data=data)


@transaction.atomic
def variance_update(
    *, actor, variance: Variance, data: dict, expected_version=None, reason=""
) -> Variance:
    """Change a proposed variance. Once signed by either side its terms are fixed: withdraw it
    and propose another (the signatures stay on record)."""
    variance, before = open_update(VARIANCE, variance, expected_version)
    _check_changeable(variance)
    assign(variance, data, VARIANCE_FIELDS)
    _validate(variance)
    return save_update(VARIANCE, variance, before, actor=actor, reason=reason)


def signed_content(variance: Variance) -> dict:
    """What each side signs: the terms, as text."""
    snap = audit.snapshot(variance, VARIANCE_FIELDS)
    return {"variance": variance.pk, "alliance": variance.alliance_id, **snap}


def side_of(user) -> str:
    return US if user.is_internal else PARTNER


def may_sign(user, variance: Variance) -> bool:
    """Our side: those who keep the alliance's register. The partner's side: a partner user of
    one of the alliance's partner companies who sees the alliance (and the program)."""
    from .. import access

    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_internal:
        return access.can_edit_register(user, variance.alliance)
    return (
        user.is_partner
        and user.company_id is not None
        and variance.alliance.partners.filter(pk=user.company_id).exists()
        and Variance.objects.visible_to(user).filter(pk=variance.pk).exists()
    )


def signed_sides(variance: Variance) -> dict[str, Signature]:
    found = {}
    for signature in signatures.current(variance, SIGNED).order_by("signed_at", "pk"):
        found.setdefault(side_of(signature.signer), signature)
    return found


def variance_sign(
    *, actor, variance: Variance, password: str, otp_code: str = "", sso_reauthenticated_at=None
) -> Signature:
    """A person of one side approves the variance with an electronic signature (re-entering
    their password); the second side's signature puts it in force."""
    if not may_sign(actor, variance):
        raise ValidationError(
            {
                "password": _(
                    "Only the people who keep this alliance's register, or the partner's "
                    "team, sign its variances."
                )
            }
        )
    # Re-authenticate outside the transaction: a refusal stays counted by the throttle.
    signatures.reauthenticate(
        actor, password=password, otp_code=otp_code, sso_reauthenticated_at=sso_reauthenticated_at
    )
    return record_sign(actor=actor, variance=variance)


@transaction.atomic
def record_sign(*, actor, variance: Variance) -> Signature:
    """Record a re-authenticated signer's approval for their side. Callers must have
    re-authenticated the actor (variance_sign does); the demo seed calls it directly to write
    approvals given in the past."""
    variance = lock(Variance, variance.pk)
    if variance.state != VarianceState.PROPOSED:
        raise ValidationError(
            {
                "password": _("This variance is %(state)s: there is nothing to sign.")
                % {"state": variance.get_state_display().lower()}
            }
        )
    side = side_of(actor)
    if side in signed_sides(variance):
        raise ValidationError({"password": _("Your side has already signed this variance.")})
    signature = signatures.record_signature(
        actor=actor,
        obj=variance,
        subject=SIGNED,
        content=signed_content(variance),
        meaning=Signature.Meaning.APPROVED,
        **program_scope(variance),
    )
    if {US, PARTNER} <= set(signed_sides(variance)):
        before = audit.snapshot(variance, ["state"])
        variance.state = VarianceState.APPROVED
        save_update(VARIANCE, variance, before, actor=actor, reason=_("Signed by both sides"))
    return signature


@transaction.atomic
def variance_withdraw(*, actor, variance: Variance, reason: str) -> Variance:
    """End a variance (proposed or in force): the obligation is measured against its clause again."""
    reason = require_reason(reason, _("withdrawing a variance"))
    variance, before = open_update(VARIANCE, variance, fields=["state", "state_reason"])
    if variance.state not in (VarianceState.PROPOSED, VarianceState.APPROVED):
        raise ValidationError(
            {
                "state": _("This variance is already %(state)s.")
                % {"state": variance.get_state_display().lower()}
            }
        )
    variance.state, variance.state_reason = VarianceState.WITHDRAWN, reason
    return save_update(VARIANCE, variance, before, actor=actor, reason=reason)


@transaction.atomic
def variance_formalise(*, actor, variance: Variance, amendment, reason: str = "") -> Variance:
    """Record that an amendment (or side letter) of the agreement now says what the variance did."""
    from ..models import AMENDING_KINDS

    variance, before = open_update(VARIANCE, variance, fields=["state", "amendment"])
    if variance.state != VarianceState.APPROVED:
        raise ValidationError(
            {"amendment": _("Only an approved variance is formalised by an amendment.")}
        )
    if amendment is None:
        raise ValidationError({"amendment": _("Choose the amendment that formalised it.")})
    if amendment.alliance_id != variance.alliance_id or amendment.kind not in AMENDING_KINDS:
        raise ValidationError(
            {"amendment": _("Choose an amendment or side letter of this alliance.")}
        )
    variance.state, variance.amendment = VarianceState.FORMALISED, amendment
    return save_update(VARIANCE, variance, before, actor=actor, reason=reason)
