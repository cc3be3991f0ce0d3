"""An agreement read in the background (`AgreementImport`) and the clauses found in it
(`ImportFinding`), each of which a person may confirm into one register entry."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, StoredFile
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance

from .agreements import Agreement


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    READING = "reading", _("Reading")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AgreementImportQuerySet(VisibleQuerySet):
    # Like the agreements: our staff's record; partner users never see an import.
    visibility = dict(internal_only=True)


class AgreementImport(Linked):
    """One uploaded agreement, its text once read, and how far the reading has come."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="imports")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent read."))
    error = models.TextField(blank=True)
    text = models.TextField(blank=True, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The agreement confirmed from this import; new entries are filed under it."),
    )
    created_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AgreementImportQuerySet.as_manager()

    detail_url = "contracts:import_detail"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["alliance", "created_at"])]

    def __str__(self) -> str:
        return f"Import of {self.file.original_name}"

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.READING)


class FindingQuerySet(VisibleQuerySet):
    visibility = dict(internal_only=True)

    def confirmed_as(self, entry):
        """The finding an entry was confirmed from (at most one)."""
        return self.filter(
            confirmed_type=ContentType.objects.get_for_model(entry), confirmed_id=entry.pk
        )


class ImportFinding(models.Model):
    """A clause found in an imported agreement: where it is, what it reads as, how sure, and
    (once a person confirmed it) the register entry it became."""

    agreement_import = models.ForeignKey(
        AgreementImport, on_delete=models.CASCADE, related_name="findings"
    )
    category = models.CharField(max_length=60)
    target = models.CharField(
        max_length=20, help_text=_("The register entry it can become (agreement, right, …).")
    )
    field = models.CharField(max_length=60, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    value = models.CharField(max_length=500, blank=True)
    how = models.CharField(max_length=500, blank=True)
    score = models.FloatField(null=True, blank=True, help_text=_("Calibrated confidence, 0–1."))
    prefill = models.JSONField(default=dict, blank=True)
    confirmed_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    confirmed_id = models.PositiveBigIntegerField(null=True, blank=True)
    confirmed_as = GenericForeignKey("confirmed_type", "confirmed_id")
    confirmed_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["agreement_import", "category"]),
            models.Index(fields=["confirmed_type", "confirmed_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.agreement_import.get_absolute_url()}#clause-{self.pk}"
