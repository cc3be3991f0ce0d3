"""Electronic signatures (21 CFR Part 11, subpart C) for any record that needs them.

`sign()` re-authenticates the signer (password, plus a TOTP code when they have enrolled an
authenticator), then records the signer's printed name, the UTC time, the meaning (reviewed /
approved) and a SHA-256 of the exact content signed, and audits the signing. While a record's
content carries a current signature it is locked: `require_unsigned()` refuses changes, and the
only way to change it is `amend()`, which needs a reason, supersedes the signatures (they stay
on record) and is audited. A record's `content` is what its app chooses to sign: e.g. a
firewalled program's clearance (accord.portfolio.actions.program_sign_clearance).

It lives with people because signing is re-authenticating a person (their password or a fresh
sign-in at the identity provider, their TOTP code, the login throttle); the `Signature` record
itself is core's, beside the audit trail.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.models import Signature

# How the signer proved who they are, as a record that keeps it says (e.g. minutes approval).
PASSWORD_METHOD = "password re-authentication"


def method_label(method: str) -> str:
    """How a signer re-authenticated, in the reader's language (records keep the English)."""
    from . import reauth

    labels = {
        PASSWORD_METHOD: _("password re-authentication"),
        reauth.METHOD: _("single sign-on re-authentication"),
    }
    return str(labels.get(method, method))


def content_hash(content: dict) -> str:
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def reauthenticate(
    user, *, password: str, otp_code: str = "", sso_reauthenticated_at: float | None = None
) -> str:
    """Both components again at signing (11.200(a)(1)): throttled like sign-in.

    Instead of the password, a fresh sign-in at the identity provider
    (`accord.people.reauth.reauthenticated_at(request, user)`) proves who signs: people who
    sign in only through single sign-on have no password. Failed attempts count against the
    account's sign-in throttle (accord.people.throttling), kept in the database and so shared
    by every web server process: call this outside any transaction, which a refusal would roll
    back.

    Returns how the signer re-authenticated (PASSWORD_METHOD or reauth.METHOD). A refusal is a
    ValidationError whose code says why, for a caller that words it for its own page:
    "throttled", "wrong_password", "sso_required", "otp_required" or "otp_wrong".
    """

    from . import reauth, throttling

    if not password and reauth.is_fresh(sso_reauthenticated_at):
        _check_otp(user, otp_code)
        return reauth.METHOD
    try:
        attempt = throttling.claim_attempt(user.email)
    except throttling.TooManyAttempts:
        raise _refusal(
            "password",
            _("Too many failed attempts for this account: try again in 15 minutes."),
            "throttled",
        ) from None
    ok = bool(password) and user.check_password(password)
    throttling.settle_attempt(attempt, succeeded=ok)
    if not ok:
        if not password and not user.has_usable_password():
            raise _refusal(
                "password",
                _(
                    "You sign in through single sign-on: sign in again at the identity provider "
                    "to sign."
                ),
                "sso_required",
            )
        raise _refusal("password", _("The password is not correct."), "wrong_password")
    _check_otp(user, otp_code)
    return PASSWORD_METHOD


def _refusal(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def refusal_code(error: ValidationError) -> str | None:
    """The code of a `reauthenticate` refusal (None for any other error)."""
    for errors in getattr(error, "error_dict", {}).values():
        for item in errors:
            return item.code
    return None


def _check_otp(user, otp_code: str) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        code = (otp_code or "").strip()
        if not code:
            raise _refusal(
                "otp_code", _("Enter the code from your authenticator app to sign."), "otp_required"
            )
        if not TOTP(authenticator).validate_code(code):
            raise _refusal("otp_code", _("The authenticator code is not correct."), "otp_wrong")


def current(obj, subject: str):
    return Signature.objects.for_object(obj, subject).current().select_related("signer")


def history(obj, subject: str):
    return Signature.objects.for_object(obj, subject).select_related("signer", "superseded_by")


def is_signed(obj, subject: str) -> bool:
    return current(obj, subject).exists()


def require_unsigned(obj, subject: str, *, field: str) -> None:
    if is_signed(obj, subject):
        raise ValidationError(
            {
                field: _(
                    "The %(subject)s of “%(obj)s” is signed: change it through an amendment with a reason."
                )
                % {"subject": subject, "obj": obj}
            }
        )


def sign(
    *,
    actor,
    obj,
    subject: str,
    content: dict,
    meaning: str,
    password: str,
    otp_code: str = "",
    sso_reauthenticated_at: float | None = None,
    alliance_id: int | None = None,
    program_id: int | None = None,
) -> Signature:
    """Re-authenticate `actor` and sign `content`.

    Call it outside any transaction: a failed re-authentication must stay counted by the
    login throttle, which a rollback would undo.
    """
    if meaning not in Signature.Meaning.values:
        raise ValidationError(
            {
                "meaning": _("Choose one of: %(items)s.")
                % {"items": ", ".join(Signature.Meaning.values)}
            }
        )
    reauthenticate(
        actor, password=password, otp_code=otp_code, sso_reauthenticated_at=sso_reauthenticated_at
    )
    with transaction.atomic():
        return record_signature(
            actor=actor,
            obj=obj,
            subject=subject,
            content=content,
            meaning=meaning,
            alliance_id=alliance_id,
            program_id=program_id,
        )


def record_signature(
    *, actor, obj, subject, content, meaning, alliance_id, program_id
) -> Signature:
    digest = content_hash(content)
    if current(obj, subject).filter(signer=actor, meaning=meaning, content_hash=digest).exists():
        raise ValidationError(
            {
                "meaning": _("You have already signed this %(subject)s as %(meaning)s.")
                % {"subject": subject, "meaning": meaning}
            }
        )
    from django.contrib.contenttypes.models import ContentType

    signature = Signature.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        subject=subject,
        meaning=meaning,
        signer=actor,
        signer_name=actor.get_full_name() or actor.email,
        signed_at=timezone.now(),
        content=content,
        content_hash=digest,
        alliance_id=alliance_id,
        program_id=program_id,
    )
    audit.record(
        actor=actor,
        obj=obj,
        action="sign",
        changes={subject: ("", f"{signature.get_meaning_display()} · sha256 {digest}")},
        alliance_id=alliance_id,
        program_id=program_id,
    )
    return signature


@transaction.atomic
def amend(*, actor, obj, subject: str, reason: str, alliance_id=None, program_id=None) -> int:
    """Supersede the current signatures before an amendment; the caller then makes the change
    (in the same transaction) and audits it with the same reason."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError(
            {"reason": _("Give the reason for amending a signed record (at least 5 characters).")}
        )
    signatures = list(current(obj, subject).select_for_update())
    now = timezone.now()
    for signature in signatures:
        signature.superseded_at = now
        signature.superseded_by = actor
        signature.superseded_reason = reason
        signature.save(update_fields=["superseded_at", "superseded_by", "superseded_reason"])
    if signatures:
        audit.record(
            actor=actor,
            obj=obj,
            action="amend",
            changes={
                subject: (
                    "; ".join(str(s) for s in signatures),
                    "signatures superseded by an amendment",
                )
            },
            reason=reason,
            alliance_id=alliance_id,
            program_id=program_id,
        )
    return len(signatures)


def verify_signature(signature: Signature, content: dict) -> bool:
    """Does the record still say exactly what was signed?"""
    return signature.content_hash == content_hash(content)
