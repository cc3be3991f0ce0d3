from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named, Titled, VersionedModel
from accord.core.visibility import VisibleQuerySet

ZERO_TO_100 = [MinValueValidator(0), MaxValueValidator(100)]


class InternalOnlyQuerySet(VisibleQuerySet):
    # The capability self-assessment is about our own function: staff only.
    visibility = dict(internal_only=True)


class MaturityAssessment(VersionedModel, Linked, Titled):
    """A self-assessment of our alliance management function's capability and digital maturity."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(max_length=200)
    assessed_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True, help_text=_("Question key → 1-5."))
    facts = models.JSONField(
        default=dict, blank=True, help_text=_("Measured from the portfolio when completed.")
    )
    scores = models.JSONField(default=dict, blank=True, help_text=_("Dimension key → 0-100."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = InternalOnlyQuerySet.as_manager()

    detail_url = "health:maturity_detail"

    class Meta:
        ordering = ["-assessed_on", "-pk"]


class BenchmarkSet(Named):
    """An imported file of other organisations' anonymised maturity results."""

    name = models.CharField(max_length=200)
    source_name = models.CharField(max_length=255, help_text=_("The file it came from."))
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InternalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]


class BenchmarkEntry(models.Model):
    """One other organisation's anonymised result, by dimension (0-100)."""

    benchmark = models.ForeignKey(BenchmarkSet, on_delete=models.CASCADE, related_name="entries")
    organisation = models.CharField(max_length=64, help_text=_("A pseudonym, never a real name."))
    assessed_on = models.DateField(null=True, blank=True)
    capacity = models.DecimalField(max_digits=5, decimal_places=1, validators=ZERO_TO_100)
    digital = models.DecimalField(max_digits=5, decimal_places=1, validators=ZERO_TO_100)
    outcomes = models.DecimalField(max_digits=5, decimal_places=1, validators=ZERO_TO_100)
    index = models.DecimalField(max_digits=5, decimal_places=1, validators=ZERO_TO_100)

    class Meta:
        ordering = ["benchmark", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "organisation"], name="benchmark_entry_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.organisation
