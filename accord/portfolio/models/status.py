"""A manager's override of an alliance's derived red/amber/green status (see accord.portfolio.status)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .alliances import Alliance


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


class AllianceStatusOverride(models.Model):
    """The status a manager sets by hand, with the reason; the derived status stays visible.

    One per alliance at most; clearing it deletes the row. Setting and clearing are audited
    (accord.portfolio.actions.status).
    """

    alliance = models.OneToOneField(
        Alliance, on_delete=models.CASCADE, related_name="status_override"
    )
    status = models.CharField(max_length=5, choices=Rag.choices)
    reason = models.TextField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.alliance}: {self.get_status_display()} (overridden)"
