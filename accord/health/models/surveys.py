import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Titled, VersionedModel
from accord.core.visibility import visible
from accord.portfolio.models import Alliance, AllianceMember, Company

from .instruments import Instrument, Item


class Side(models.TextChoices):
    OWN = "own", _("Our company's side")
    PARTNER = "partner", _("The partner's side")


class WaveKind(models.TextChoices):
    JOINT = "joint", _("Joint assessment (both companies)")
    PULSE = "pulse", _("Internal pulse check (our company only)")


class WaveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def normalise_function(text: str) -> str:
    text = " ".join((text or "").split())
    return text[:100] if text else "Function not stated"


class WaveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every wave of the alliances they see; a partner user the joint waves of theirs."""
        joint_and_launched = Q(kind=WaveKind.JOINT, launched_at__isnull=False)
        return visible(self, user, alliance="alliance", partner=joint_and_launched)

    def closed(self):
        return self.filter(closed_at__isnull=False)

    def last_joint(self, alliance):
        """The alliance's latest closed joint wave (the latest opened), or None."""
        return (
            self.closed()
            .filter(alliance=alliance, kind=WaveKind.JOINT)
            .order_by("-opens_on", "-pk")
            .first()
        )

    def latest_closed(self):
        """The closed waves with no later closed wave of the same kind for their alliance (the
        latest opened; the later created of two opened the same day)."""
        later = Wave.objects.closed().filter(
            Q(opens_on__gt=OuterRef("opens_on"))
            | Q(opens_on=OuterRef("opens_on"), pk__gt=OuterRef("pk")),
            alliance_id=OuterRef("alliance_id"),
            kind=OuterRef("kind"),
        )
        return self.closed().exclude(Exists(later))

    def running(self, today=None):
        today = today or timezone.localdate()
        return self.filter(launched_at__isnull=False, closed_at__isnull=True, opens_on__lte=today)


class Wave(VersionedModel, Linked):
    """One round of a health survey of one alliance: who is asked, with which instrument version."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="health_waves")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    kind = models.CharField(max_length=10, choices=WaveKind.choices, default=WaveKind.JOINT)
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WaveQuerySet.as_manager()

    detail_url = "health:wave_detail"

    class Meta:
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["alliance", "-opens_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="wave_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.alliance}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The wave must close on or after the day it opens.")}
            )

    @property
    def status(self) -> str:
        if self.closed_at:
            return WaveStatus.CLOSED
        if not self.launched_at:
            return WaveStatus.DRAFT
        if self.opens_on > timezone.localdate():
            return WaveStatus.SCHEDULED
        return WaveStatus.OPEN

    def get_status_display(self) -> str:
        return WaveStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == WaveStatus.OPEN

    @property
    def is_joint(self) -> bool:
        return self.kind == WaveKind.JOINT


class RespondentQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(submitted_at__isnull=True)

    def for_user(self, user):
        return self.filter(user=user)

    def to_answer(self, who, today=None):
        """Invitations `who` (a person, or a queryset of people) has not answered yet, of waves
        open now: the "surveys to answer" of My week and the partner's workspace."""
        from accord.core.registry import people_ids

        running = Wave.objects.running(today).values("pk")
        return self.pending().filter(user__in=people_ids(who), wave__in=running)


class Respondent(models.Model):
    """A person asked to answer one wave: staff answer in Accord, partners through a personal link.

    Whether someone has answered is kept here; *what* they answered is kept in a Submission that
    does not point back to them (see Submission).
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="respondents")
    side = models.CharField(max_length=10, choices=Side.choices)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="health_invitations",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    function = models.CharField(max_length=100, blank=True)
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of their invitation, reminders and survey pages, chosen by whoever "
            "invites them (an account's own language by default); empty: English."
        ),
    )
    # Only a hash of the personal link's secret is stored; the link itself is emailed once.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    draft = models.JSONField(
        default=dict, blank=True, help_text=_("Answers saved before submitting; emptied on submit.")
    )

    objects = RespondentQuerySet.as_manager()

    class Meta:
        ordering = ["side", "name"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "email"], name="respondent_once_per_wave"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})"

    @property
    def answers_by_link(self) -> bool:
        return self.side == Side.PARTNER

    @property
    def function_label(self) -> str:
        return normalise_function(self.function)

    @staticmethod
    def hash_token(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class Submission(models.Model):
    """One respondent's submitted answers, deliberately unlinked from who gave them.

    It keeps only the groups results are broken down by (side, company, function). Its id is
    random and it has no timestamp, so neither its order nor its time ties it to a Respondent.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="submissions")
    side = models.CharField(max_length=10, choices=Side.choices)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    function = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["wave", "side"])]

    def __str__(self) -> str:
        return f"Submission to {self.wave_id}"


class Answer(models.Model):
    """The answer to one item in one submission: a number for scored items, text for comments."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "item"], name="answer_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"Answer to item {self.item_id}"


# --- Action plan ----------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class HealthActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Partner users see the joint action plan, not actions arising from internal pulse checks.
        joint = Q(wave__isnull=True) | Q(wave__kind=WaveKind.JOINT)
        return visible(self, user, alliance="alliance", partner=joint)

    def open(self):
        return self.filter(status=ActionStatus.OPEN)


class HealthAction(VersionedModel, Titled):
    """An improvement action from a health assessment, owned by someone of either company."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="health_actions")
    wave = models.ForeignKey(
        Wave, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    theme_key = models.SlugField(max_length=60, blank=True)
    theme_name = models.CharField("theme", max_length=120, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="health_actions"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HealthActionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def clean(self):
        if self.owner_id and self.alliance_id:
            owner = self.owner
            if not owner.is_active:
                raise ValidationError(
                    {"owner": _("%(owner)s has no active account.") % {"owner": owner}}
                )
            if (
                owner.is_partner
                and not AllianceMember.objects.filter(
                    alliance_id=self.alliance_id, user=owner
                ).exists()
            ):
                raise ValidationError(
                    {
                        "owner": _(
                            "%(owner)s is not on this alliance's team and cannot own its actions."
                        )
                        % {"owner": owner}
                    }
                )

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < timezone.localdate()
