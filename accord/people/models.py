import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.locales import validate_time_zone


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("Alliance leader")
    MANAGER = "manager", _("Alliance manager")
    CONTRIBUTOR = "contributor", _("Contributor")
    EXECUTIVE = "executive", _("Executive")
    PARTNER = "partner", _("Partner user")


INTERNAL_ROLES = frozenset(
    {Role.ADMIN, Role.LEADER, Role.MANAGER, Role.CONTRIBUTOR, Role.EXECUTIVE}
)
# Roles that may hold an alliance as its alliance manager or designated person.
ASSIGNABLE_ROLES = frozenset({Role.LEADER, Role.MANAGER, Role.CONTRIBUTOR})


class UserQuerySet(models.QuerySet):
    def internal(self):
        return self.exclude(role=Role.PARTNER)

    def partners(self):
        return self.filter(role=Role.PARTNER)

    def assignable(self):
        return self.filter(is_active=True, role__in=ASSIGNABLE_ROLES)

    def visible_to(self, user):
        """Internal staff see everyone; a partner user sees the people of their own alliances."""
        # Not visible(): people sit below the portfolio; colleagues come through people.hooks.
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self
        from .hooks import memberships

        shared = memberships().colleague_ids(user)
        return self.filter(models.Q(pk__in=shared) | models.Q(pk=user.pk))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        from .emails import sync_email_address

        sync_email_address(user)  # createsuperuser and scripts: verified like any account
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: one of our staff, or a member of a partner company's team."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    company = models.ForeignKey(
        "portfolio.Company",
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("Our company for staff; the partner company for partner users."),
    )
    title = models.CharField("job title", max_length=150, blank=True)
    function = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Business function, e.g. Clinical Development, Commercial, Legal."),
    )
    notify_by_email = models.BooleanField(
        _("email me notifications"),
        default=True,
        help_text=_("Off: notifications only appear in Accord's inbox."),
    )
    email_digest = models.BooleanField(
        _("one daily digest"),
        default=False,
        help_text=_("Collect the day's notifications into one morning email instead of one each."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Pages and emails are in this language; empty: the browser's, else English."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Times (meetings, reminders, the audit trail) are shown in this zone; "
            "empty: the deployment's."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.email.lower()
        if self.company_id:
            own = self.company.is_own
            if self.role == Role.PARTNER and own:
                raise ValidationError(
                    {"company": _("A partner user must belong to a partner company.")}
                )
            if self.role != Role.PARTNER and not own:
                raise ValidationError(
                    {
                        "role": _(
                            "People from a partner company can only have the partner user role."
                        )
                    }
                )

    @property
    def is_internal(self) -> bool:
        return self.role in INTERNAL_ROLES

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def can_manage_portfolio(self) -> bool:
        """Leaders and admins shape the whole portfolio: tiers, assignments, any alliance."""
        return self.is_active and self.role in {Role.ADMIN, Role.LEADER}

    @property
    def can_create_records(self) -> bool:
        return self.is_active and self.role in {Role.ADMIN, Role.LEADER, Role.MANAGER}


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A named, revocable key a person's scripts use to call the API as that person."""

    PREFIX = "acc"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The lookup part of the key is stored in clear; only a hash of the secret part is kept.
    key_id = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Scopes narrow what the token may do below what its person may do, never beyond it.
    read_only = models.BooleanField(
        default=False, help_text=_("Read only: every change through the API is refused (403).")
    )
    alliances = models.ManyToManyField(
        "portfolio.Alliance",
        blank=True,
        related_name="+",
        help_text=_("Limited to these alliances; none means every alliance its person sees."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_unique_name_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.PREFIX}_{self.key_id}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        # The secret is 256 bits of randomness, so a fast hash is enough: no dictionary to
        # defend against, unlike a password.
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> tuple[str, str, str]:
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        return key_id, secret, f"{cls.PREFIX}_{key_id}_{secret}"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class LoginThrottle(models.Model):
    """The lock row of one sign-in name: sign-in attempts for it are counted one at a time."""

    account = models.CharField(max_length=254, unique=True)

    def __str__(self) -> str:
        return self.account


class LoginAttempt(models.Model):
    """One password sign-in attempt for an account name (kept for throttling and review)."""

    account = models.CharField(max_length=254)
    at = models.DateTimeField(default=timezone.now)
    # None while the password is being checked: an attempt in flight counts against the limit,
    # so parallel guesses cannot all slip in before the first one is recorded as failed.
    succeeded = models.BooleanField(null=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["account", "at"])]

    def __str__(self) -> str:
        outcome = {True: "succeeded", False: "failed", None: "in progress"}[self.succeeded]
        return f"{self.account} {self.at:%Y-%m-%d %H:%M:%S} {outcome}"
