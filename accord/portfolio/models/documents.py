from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Titled
from accord.core.visibility import VisibleQuerySet

from .alliances import Alliance, Program


class AllianceDocumentQuerySet(VisibleQuerySet):
    # With the alliance; a program's document only for those who may see the program.
    visibility = dict(alliance="alliance", program="program")


class AllianceDocument(Titled):
    """A document kept with an alliance (agreement, side letter, minutes, plan), optionally
    about one of its programs; the file itself is a checked StoredFile outside the web root."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="documents")
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text=_("A firewalled program's documents are seen only by the people cleared for it."),
    )
    file = models.OneToOneField("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = AllianceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
