"""The templates library: the basic documents every alliance uses, versioned."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named, StoredFile, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance


class TemplateKind(models.TextChoices):
    CHARTER = "charter", _("Governance charter")
    AGENDA = "agenda", _("Meeting agenda")
    MINUTES = "minutes", _("Meeting minutes")
    ESCALATION = "escalation", _("Issue escalation form")
    HEALTH_CHECK = "health_check", _("Health check invitation")
    LAUNCH_CHECKLIST = "launch_checklist", _("Launch checklist")
    COMMUNICATION_PLAN = "communication_plan", _("Communication plan")
    CONTACTS = "contacts", _("Contacts and escalation list")
    TERMINATION_CHECKLIST = "termination_checklist", _("Termination checklist")
    OTHER = "other", _("Other")


class TemplateQuerySet(VisibleQuerySet):
    # The library is internal practice: internal users read it all, partners nothing.
    visibility = dict(internal_only=True)

    def with_current(self):
        latest = TemplateVersion.objects.order_by("template_id", "-number")
        return self.prefetch_related(
            models.Prefetch("versions", queryset=latest.select_related("file"))
        )


class DocumentTemplate(VersionedModel, Linked, Named):
    """One of the basic documents every alliance uses (charter, agenda, minutes...)."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=TemplateKind.choices)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = TemplateQuerySet.as_manager()

    detail_url = "knowledge:template_detail"

    class Meta:
        ordering = ["name"]

    @property
    def current_version(self):
        versions = list(self.versions.all())  # ordered newest first
        return versions[0] if versions else None


class TemplateVersionQuerySet(VisibleQuerySet):
    # A version is seen by whoever sees its document (the library is internal).
    visibility = dict(follows="template")


class TemplateVersion(models.Model):
    """One issued version of a library document, stored as a checked file."""

    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("what changed"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="template_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class TemplateUseQuerySet(VisibleQuerySet):
    visibility = dict(internal_only=True, alliance="alliance")


class TemplateUse(models.Model):
    """Which version of a library document an alliance uses."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="template_uses")
    template = models.ForeignKey(DocumentTemplate, on_delete=models.CASCADE, related_name="uses")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="uses")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(default=timezone.now)

    objects = TemplateUseQuerySet.as_manager()

    class Meta:
        ordering = ["template__name", "alliance__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "template"], name="template_used_once_per_alliance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.alliance} uses {self.version}"

    @property
    def is_current(self) -> bool:
        current = self.template.current_version
        return current is None or current.pk == self.version_id
