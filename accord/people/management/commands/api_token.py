"""Create or revoke a person's API token from the command line (for service accounts and
scripted set-ups); the same actions, checks and audit trail as the API tokens page."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accord.people import actions
from accord.people.models import ApiToken, User


class Command(BaseCommand):
    help = "Create (printing the key once) or revoke an API token of a person."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person the token acts as.")
        parser.add_argument("name", help="The token's name: what will use it.")
        parser.add_argument("--read-only", action="store_true", help="Refuse every change.")
        parser.add_argument(
            "--alliance",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="Limit the token to this alliance (repeat for several).",
        )
        parser.add_argument("--days", type=int, help="Expire in this many days (default 90).")
        parser.add_argument("--revoke", action="store_true", help="Revoke the named token.")

    def handle(self, *args, email, name, read_only, alliance, days, revoke, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the email {email}.")
        if revoke:
            token = ApiToken.objects.filter(user=user, name__iexact=name.strip()).first()
            if token is None:
                raise CommandError(f"{email} has no token named “{name}”.")
            actions.api_token_revoke(actor=user, token=token)
            self.stdout.write(f"Revoked {token}.")
            return
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            token, key = actions.api_token_create(
                actor=user,
                name=name,
                expires_at=expires_at,
                read_only=read_only,
                alliances=alliance,
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()
                )
            ) from None
        self.stdout.write(key)
