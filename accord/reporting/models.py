"""The weekly note to executives: drafted by a job, annotated and approved by the leader, sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named
from accord.core.visibility import VisibleQuerySet, visible


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Approved and sent")


class Section(models.TextChoices):
    HAPPENED = "happened", _("This week")
    AHEAD = "ahead", _("Coming up")
    RISKS = "risks", _("Top risks")


class WeeklyNoteQuerySet(VisibleQuerySet):
    # Internal reading: every member of staff; partner users never.
    visibility = dict(internal_only=True)

    def archived(self):
        return self.filter(status=NoteStatus.SENT)


class WeeklyNote(Linked):
    """The weekly personal note to executives on what happened across the partnerships."""

    week_start = models.DateField(unique=True, help_text=_("The Monday the week began."))
    week_end = models.DateField()
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    # The note as generated: [{"alliance_id", "name", "tier", "happened": [...], "ahead": [...],
    # "risks": [...]}], most important first. Kept as written so an archived note never changes.
    content = models.JSONField(default=list, blank=True)
    generated_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    recipients = models.TextField(blank=True, help_text=_("Who it was emailed to, one a line."))

    objects = WeeklyNoteQuerySet.as_manager()

    detail_url = "reporting:note_detail"

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(week_end__gte=models.F("week_start")), name="weekly_note_week_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Weekly note {self.week_start:%-d %b %Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == NoteStatus.DRAFT


class NoteAnnotation(models.Model):
    """The leader's own words added to one section of a note, for one alliance or the whole."""

    note = models.ForeignKey(WeeklyNote, on_delete=models.CASCADE, related_name="annotations")
    alliance = models.ForeignKey(
        "portfolio.Alliance", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    section = models.CharField(max_length=10, choices=Section.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "alliance", "section"], name="note_annotation_unique"
            ),
            models.UniqueConstraint(
                fields=["note", "section"],
                condition=Q(alliance__isnull=True),
                name="note_annotation_unique_general",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} note on {self.note}"


class NoteLine(models.Model):
    """One line of a weekly note, as generated, then edited or removed by the leader before
    approval (frozen once the note is approved): section, text and the record it is about."""

    note = models.ForeignKey(WeeklyNote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    alliance = models.ForeignKey(
        "portfolio.Alliance", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    section = models.CharField(max_length=10, choices=Section.choices)
    text = models.TextField()
    generated_text = models.TextField(help_text=_("The line as the note generated it."))
    url = models.CharField(
        _("link"), max_length=300, blank=True, help_text=_("The record it is about.")
    )
    removed = models.BooleanField(default=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["note_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_edited(self) -> bool:
        return self.text != self.generated_text


class NoteSubscription(models.Model):
    """An executive (or any member of staff) who receives the weekly note by email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_note_subscription"
    )
    since = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} receives the weekly note"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: check the columns")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing was changed")


class TrackerImport(Linked):
    """An alliance tracker spreadsheet being brought into the portfolio, all rows or none."""

    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    headers = models.JSONField(default=list)
    # Accord field -> the tracker's column header ("" = not imported).
    mapping = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    detail_url = "reporting:import_detail"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.file.original_name}"

    @property
    def progress_pct(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)


# --- The executive pack ---------------------------------------------------------------------


class PackTemplate(Named):
    """The company's own PowerPoint template for the executive pack (the latest active one is
    used; without one, Accord's own). Checked on upload: it opens and has the layouts needed."""

    name = models.CharField(max_length=200)
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]


class PackFormat(models.TextChoices):
    PPTX = "pptx", _("PowerPoint")
    PDF = "pdf", _("PDF")


class PackStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PackExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A pack is built for its requester's eyes (their scope): only they download it."""
        return visible(self, user, internal_only=True).filter(requested_by=user)


class PackExport(Linked):
    """An executive pack built in the background for the person who asked, kept to download."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    as_of = models.DateField(help_text=_("The day the figures are taken on."))
    format = models.CharField(max_length=4, choices=PackFormat.choices)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    step = models.PositiveIntegerField(default=0)
    steps = models.PositiveIntegerField(default=0)
    file = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PackExportQuerySet.as_manager()

    detail_url = "reporting:pack_detail"

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Executive pack {self.as_of:%-d %b %Y} ({self.get_format_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (PackStatus.QUEUED, PackStatus.RUNNING)

    @property
    def progress_pct(self) -> int:
        return round(100 * self.step / self.steps) if self.steps else 0

    @property
    def filename(self) -> str:
        return f"executive-pack-{self.as_of:%Y-%m-%d}.{self.format}"
