"""Pre-signing reviews: a draft agreement read against its work plan before signature."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, StoredFile, Titled
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance, Program

from .common import RegisterQuerySet


class ReviewStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Reading")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class FindingKind(models.TextChoices):
    UNDEFINED = "undefined", _("Terms the agreement never defines")
    PARAPHRASE = "paraphrase", _("Defined terms written another way")
    OTHER_MEANING = "other_meaning", _("Defined terms given another meaning")
    MILESTONE = "milestone", _("Milestones that cannot be checked")
    CONTRADICTION = "contradiction", _("Definitions that contradict")


class PresigningReview(Linked, Titled):
    """A draft agreement and its work plan(s), read before signature for mismatched language."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="presigning_reviews"
    )
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="presigning_reviews",
        help_text=_(
            "For a firewalled program's plan: only the people cleared for it see the review."
        ),
    )
    title = models.CharField(max_length=250)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.QUEUED
    )
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RegisterQuerySet.as_manager()

    detail_url = "contracts:presigning_detail"

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def is_active(self) -> bool:
        return self.status in (ReviewStatus.QUEUED, ReviewStatus.RUNNING)


class DocumentRole(models.TextChoices):
    AGREEMENT = "agreement", _("Draft agreement")
    PLAN = "plan", _("Plan")


class PresigningDocument(models.Model):
    """One file of a review: the draft agreement (position 0) or a plan (1, 2…)."""

    review = models.ForeignKey(PresigningReview, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=10, choices=DocumentRole.choices)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(
        blank=True, help_text=_("The text read from the file, for the passages.")
    )
    defined_terms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["review", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "position"], name="presigning_document_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.file.original_name


class PresigningFindingQuerySet(VisibleQuerySet):
    visibility = dict(follows="review")

    def open(self):
        return self.filter(dismissed_at__isnull=True)


class PresigningFinding(models.Model):
    """One place where the plan does not speak the agreement's language, with both passages."""

    review = models.ForeignKey(PresigningReview, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    term = models.CharField(max_length=300)
    detail = models.TextField()
    nearest = models.CharField(
        max_length=200, blank=True, help_text=_("The defined term it is closest to.")
    )
    plan_document = models.ForeignKey(
        PresigningDocument, on_delete=models.CASCADE, related_name="+"
    )
    plan_start = models.PositiveIntegerField()
    plan_end = models.PositiveIntegerField()
    plan_passage = models.TextField()
    other_document = models.ForeignKey(
        PresigningDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_start = models.PositiveIntegerField(null=True, blank=True)
    other_end = models.PositiveIntegerField(null=True, blank=True)
    other_passage = models.TextField(blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dismiss_reason = models.TextField(blank=True)

    objects = PresigningFindingQuerySet.as_manager()

    class Meta:
        ordering = ["review", "pk"]
        indexes = [models.Index(fields=["review", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.term}"
