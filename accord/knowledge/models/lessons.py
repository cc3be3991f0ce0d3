"""Lessons learned: what an alliance taught us, kept so it survives the people who learned it.

Who sees a lesson (the rule every list, search, count, panel, dossier and API goes through,
`LessonQuerySet.visible_to`):

- Lessons are internal institutional knowledge. Every internal user (leader, manager,
  contributor, executive, admin) reads every lesson...
- ...except a lesson about a firewalled program, which exists only for the people cleared for
  that program (whatever their role).
- A partner user sees a lesson only when it was explicitly shared with the partner
  (`shared_with_partner`) and it is about an alliance the partner user is a member of (and, if
  it names a program, one they are cleared for). A lesson about no alliance is never shared.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named, Titled, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import (
    Alliance,
    AllianceType,
    Program,
    Stage,
    TherapeuticArea,
)


class Topic(Named):
    """A subject a lesson or deliverable is about (governance, IP, regulatory, relationship...)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]


class SourceType(models.TextChoices):
    """What taught a lesson. Apps that own these records register a resolver (see hooks.py)."""

    ALLIANCE = "alliance", _("Alliance wind-down or termination")
    ISSUE = "issue", _("Issue")
    RELAUNCH = "relaunch", _("Relaunch")
    TERMINATION = "termination", _("Termination")
    MEETING = "meeting", _("Governance meeting")
    HEALTH_CHECK = "health_check", _("Health check")
    OTHER = "other", _("Other experience")


class LessonQuerySet(VisibleQuerySet):
    visibility = dict(
        alliance="alliance", unallied=True, program="program", partner=Q(shared_with_partner=True)
    )

    def for_alliance(self, alliance):
        return self.filter(alliance=alliance)

    def promoted(self):
        return self.filter(Exists(PracticeChange.objects.filter(lesson=OuterRef("pk"))))

    def with_list_data(self):
        return self.select_related("alliance", "program", "author").prefetch_related(
            "topics", "therapeutic_areas", "practice_changes"
        )

    def search(self, text: str):
        """Full-text search (SQLite FTS5 or PostgreSQL), best matches first."""
        from accord.knowledge import search

        return search.matching(self, text)


class Lesson(VersionedModel, Linked, Titled):
    """Something an alliance taught us, with the recommendation that follows from it."""

    title = models.CharField(max_length=200)
    context = models.TextField(help_text=_("The situation: the alliance, the deal, the moment."))
    what_happened = models.TextField()
    lesson = models.TextField(_("the lesson"))
    recommendation = models.TextField(help_text=_("What we should do next time."))
    phase = models.CharField(
        "lifecycle phase",
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text=_("The lifecycle phase the lesson belongs to."),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="lessons")
    alliance_type = models.CharField(
        max_length=20,
        choices=AllianceType.choices,
        blank=True,
        help_text=_("Defaults to the alliance's type."),
    )
    therapeutic_areas = models.ManyToManyField(TherapeuticArea, blank=True, related_name="lessons")
    territory = models.ForeignKey(
        "portfolio.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        help_text=_(
            "The country or region it is about: it then shows on that territory's profile."
        ),
    )
    alliance = models.ForeignKey(
        Alliance,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        help_text=_("The alliance that taught it (empty for a general lesson)."),
    )
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        help_text=_("A firewalled program keeps the lesson to the people cleared for it."),
    )
    source_type = models.CharField(
        max_length=20, choices=SourceType.choices, default=SourceType.OTHER
    )
    source_id = models.BigIntegerField(null=True, blank=True)
    source_label = models.CharField(
        max_length=250, blank=True, help_text=_("What taught it, as it read when recorded.")
    )
    shared_with_partner = models.BooleanField(
        _("shared with the partner"),
        default=False,
        help_text=_("Partner users of this alliance may read it. Off: internal only."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_on = models.DateField(default=timezone.localdate)
    # Kept in step by the actions: topic and area names, searchable with the text.
    tags_text = models.CharField(max_length=1000, blank=True, editable=False)
    # PostgreSQL only (a GIN index is created by migration 0003 there); empty on SQLite, where
    # the FTS5 table knowledge_lesson_fts plays this part.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = LessonQuerySet.as_manager()

    detail_url = "knowledge:lesson_detail"

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "-recorded_on"]),
            models.Index(fields=["alliance_type"]),
            models.Index(fields=["phase"]),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.program_id and self.program.alliance_id != self.alliance_id:
            errors["program"] = "The program must belong to the lesson's alliance."
        if self.shared_with_partner and not self.alliance_id:
            errors["shared_with_partner"] = (
                "Only a lesson about an alliance can be shared with that alliance's partner."
            )
        if self.source_id is not None and self.source_type == SourceType.OTHER:
            errors["source_id"] = "Choose what kind of record taught this lesson."
        if errors:
            raise ValidationError(errors)

    @property
    def is_promoted(self) -> bool:
        return bool(self.practice_changes.all())


class PracticeChange(models.Model):
    """A lesson promoted into a playbook: the change of practice, who decided it and when."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="practice_changes")
    playbook = models.ForeignKey(
        "knowledge.Playbook", on_delete=models.PROTECT, related_name="practice_changes"
    )
    change = models.TextField(help_text=_("What we now do differently."))
    deliverable = models.ForeignKey(
        "knowledge.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The deliverable added to the playbook, if the change added one."),
    )
    playbook_revision = models.PositiveIntegerField(
        help_text=_("The playbook's revision that carries the change.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "playbook"], name="practice_change_once_per_playbook"
            )
        ]

    def __str__(self) -> str:
        return f"{self.playbook}: {self.change[:60]}"
