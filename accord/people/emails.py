"""Each account's sign-in address as allauth knows it: one primary, verified EmailAddress.

Administrators create accounts with the person's work address, so the address is verified by
construction. Without that row, the first single sign-on matched by email would make allauth
wipe the local password (its defence against an unverified sign-up), and with it the means to
sign records.
"""

from allauth.account.models import EmailAddress


def sync_email_address(user) -> EmailAddress:
    """Make `user.email` the account's only address, verified and primary."""
    EmailAddress.objects.filter(user=user).exclude(email=user.email).delete()
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return address
