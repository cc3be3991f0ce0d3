import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.registry import scope
from accord.core.versioning import lock

from .emails import sync_email_address
from .models import ApiToken, User

TOKEN_FIELDS = ["name", "key_id", "expires_at", "read_only", "alliances", "revoked_at"]
MAX_TOKEN_DAYS = 366


@transaction.atomic
def api_token_create(
    *, actor, name: str, expires_at=None, read_only: bool = False, alliances=()
) -> tuple[ApiToken, str]:
    """Create a token for `actor`; the full key is returned once and never stored.

    `read_only` refuses every change made with it; `alliances` limits it to those alliances
    (each one its person must see); none means every alliance its person sees."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the token after what will use it.")})
    if ApiToken.objects.filter(user=actor, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("You already have a token named “%(name)s”.") % {"name": name}}
        )
    now = timezone.now()
    if expires_at is not None:
        if expires_at <= now:
            raise ValidationError({"expires_at": _("The expiry must be in the future.")})
        if (expires_at - now).days > MAX_TOKEN_DAYS:
            raise ValidationError(
                {
                    "expires_at": _("Tokens last at most %(MAX_TOKEN_DAYS)s days.")
                    % {"MAX_TOKEN_DAYS": MAX_TOKEN_DAYS}
                }
            )
    else:
        expires_at = now + dt.timedelta(days=90)
    alliance_ids = {getattr(item, "pk", item) for item in alliances}
    visible = set(scope().alliances(actor).filter(pk__in=alliance_ids).values_list("pk", flat=True))
    if alliance_ids - visible:
        raise ValidationError({"alliances": _("A token can only be limited to alliances you see.")})
    key_id, secret, full_key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        key_id=key_id,
        secret_hash=ApiToken.hash_secret(secret),
        expires_at=expires_at,
        read_only=bool(read_only),
    )
    if visible:
        token.alliances.set(visible)
    audit.record_create(actor=actor, obj=token, fields=TOKEN_FIELDS)
    return token, full_key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    before = audit.snapshot(token, TOKEN_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record_update(actor=actor, obj=token, before=before)
    return token


USER_FIELDS = [
    "email",
    "first_name",
    "last_name",
    "role",
    "company",
    "title",
    "function",
    "is_active",
]


@transaction.atomic
def user_create(*, actor, data: dict, password: str | None = None) -> User:
    """Create an account; without a password the person must use a reset link or SSO."""
    user = User(**data)
    user.email = (user.email or "").strip().lower()
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    sync_email_address(user)
    audit.record_create(actor=actor, obj=user, fields=USER_FIELDS)
    return user


PREFERENCE_FIELDS = ["notify_by_email", "email_digest", "language", "time_zone"]


@transaction.atomic
def user_update_preferences(*, actor, user: User, **changes) -> User:
    """Set some of a person's own preferences (PREFERENCE_FIELDS): how they are notified and
    the time zone they read times in. Only what is given changes."""
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"not preferences: {', '.join(sorted(unknown))}")
    user = lock(User, user.pk)  # the caller's copy may already carry the new values (ModelForm)
    before = audit.snapshot(user, PREFERENCE_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in changes])
    user.save(update_fields=list(changes))
    audit.record_update(actor=actor, obj=user, before=before)
    return user
