"""Playbooks: the standard service packages per tier and the lifecycle templates.

A playbook lists deliverables, each due relative to one of the alliance's dates. Applying a
playbook to an alliance copies the deliverables as they are (a snapshot, with the playbook's
revision) and creates the alliance's tasks from that copy. Editing the playbook later bumps its
revision and changes nothing already applied; a person re-applies explicitly (audited).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named, Titled, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance, ServicePackage

from .lessons import Topic

# Explicit ranges: the same on every database (and so in the OpenAPI document).
ORDER_RANGE = [MinValueValidator(0), MaxValueValidator(1000)]


class RoleGroup(models.TextChoices):
    """The parties of an alliance's RACI, and who a deliverable falls to."""

    ALLIANCE_MANAGEMENT = "alliance_management", _("Alliance management")
    BUSINESS_DEVELOPMENT = "business_development", _("Business development")
    PROJECT_MANAGEMENT = "project_management", _("Project / program management")
    FUNCTIONAL_LEADS = "functional_leads", _("Functional leads")
    PARTNER = "partner", _("The partner")


class Anchor(models.TextChoices):
    SIGNING = "signing", _("Signing (effective date)")
    START = "start", _("Start of the plan (launch, relaunch or wind-down date)")
    EACH_JSC = "each_jsc", _("Each JSC meeting")


class Cadence(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Every six months")
    ANNUAL = "annual", _("Yearly")


CADENCE_MONTHS = {
    Cadence.MONTHLY: 1,
    Cadence.QUARTERLY: 3,
    Cadence.SEMIANNUAL: 6,
    Cadence.ANNUAL: 12,
}


class PlaybookKind(models.TextChoices):
    SERVICE_PACKAGE = "service_package", _("Standard service package")
    LIFECYCLE = "lifecycle", _("Lifecycle template")


class Lifecycle(models.TextChoices):
    LAUNCH = "launch", _("Launch")
    RELAUNCH = "relaunch", _("Relaunch")
    WIND_DOWN = "wind_down", _("Wind-down")
    TERMINATION = "termination", _("Termination")


class PlaybookQuerySet(VisibleQuerySet):
    # Playbooks are internal practice: every internal user reads them, partners none.
    visibility = dict(internal_only=True)

    def active(self):
        return self.filter(is_active=True)

    def with_counts(self):
        return self.annotate(
            deliverable_count=Count("deliverables", filter=Q(deliverables__is_active=True)),
            alliance_count=Count("applications", distinct=True),
        )


class Playbook(VersionedModel, Linked, Named):
    """A standard service package for a tier, or a template for one phase of the lifecycle."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=PlaybookKind.choices)
    package = models.CharField(
        "service package",
        max_length=10,
        choices=ServicePackage.choices,
        blank=True,
        help_text=_(
            "For a standard service package: complex (Tier 1), typical (Tier 2), simple (Tier 3)."
        ),
    )
    lifecycle = models.CharField(
        "lifecycle phase", max_length=20, choices=Lifecycle.choices, blank=True
    )
    description = models.TextField(blank=True)
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Goes up with every change to its deliverables.")
    )
    is_active = models.BooleanField(default=True)

    objects = PlaybookQuerySet.as_manager()

    detail_url = "knowledge:playbook_detail"

    class Meta:
        ordering = ["kind", "package", "lifecycle", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="service_package") & ~Q(package="") & Q(lifecycle=""))
                | (Q(kind="lifecycle") & ~Q(lifecycle="") & Q(package="")),
                name="playbook_package_or_lifecycle",
            ),
        ]

    def clean(self):
        super().clean()
        if self.kind == PlaybookKind.SERVICE_PACKAGE:
            if not self.package:
                raise ValidationError({"package": _("Choose the tier's service package.")})
            self.lifecycle = ""
        elif self.kind == PlaybookKind.LIFECYCLE:
            if not self.lifecycle:
                raise ValidationError({"lifecycle": _("Choose the lifecycle phase.")})
            self.package = ""

    @property
    def scope_label(self) -> str:
        if self.kind == PlaybookKind.SERVICE_PACKAGE:
            return _("%(package)s service package") % {"package": self.get_package_display()}
        return _("%(lifecycle)s template") % {"lifecycle": self.get_lifecycle_display()}


class Deliverable(VersionedModel, Titled):
    """One thing alliance management provides, with when it is due."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="deliverables")
    order = models.PositiveSmallIntegerField(default=100, validators=ORDER_RANGE)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliverables"
    )
    owner_role = models.CharField(
        "falls to",
        max_length=30,
        choices=RoleGroup.choices,
        default=RoleGroup.ALLIANCE_MANAGEMENT,
    )
    anchor = models.CharField(_("due relative to"), max_length=20, choices=Anchor.choices)
    offset_days = models.IntegerField(
        _("days after"),
        default=0,
        validators=[MinValueValidator(-3650), MaxValueValidator(3650)],
        help_text=_(
            "Days after the anchor date (negative: before, e.g. -7 for a week before each JSC)."
        ),
    )
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.ONCE)
    template = models.ForeignKey(
        "knowledge.DocumentTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliverables",
        help_text=_("The library document this deliverable uses."),
    )
    is_active = models.BooleanField(
        default=True, help_text=_("Off once removed from the playbook.")
    )
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["playbook", "order", "pk"]

    def clean(self):
        super().clean()
        errors = {}
        if self.anchor == Anchor.EACH_JSC and self.cadence != Cadence.ONCE:
            errors["cadence"] = _(
                "A deliverable due at each JSC repeats with the meetings already."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def timing_label(self) -> str:
        from accord.knowledge.timing import timing_label

        return timing_label(self.anchor, self.offset_days, self.cadence)

    def as_snapshot(self) -> dict:
        """What an application keeps of this deliverable: enough to create its tasks later."""
        return {
            "id": self.pk,
            "revision": self.revision,
            "order": self.order,
            "title": self.title,
            "description": self.description,
            "topic_id": self.topic_id,
            "owner_role": self.owner_role,
            "anchor": self.anchor,
            "offset_days": self.offset_days,
            "cadence": self.cadence,
            "template_id": self.template_id,
        }


class ApplicationQuerySet(VisibleQuerySet):
    visibility = dict(internal_only=True, alliance="alliance")

    def with_progress(self, today=None):
        return self.annotate(**progress_annotations("tasks__", today))

    def outdated(self):
        """Applied from an older revision than the playbook's current one."""
        from django.db.models import F

        return self.filter(revision__lt=F("playbook__revision"))


class PlaybookApplication(VersionedModel):
    """A playbook applied to one alliance: the deliverables as they were, and its start date."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="playbooks")
    playbook = models.ForeignKey(Playbook, on_delete=models.PROTECT, related_name="applications")
    revision = models.PositiveIntegerField(help_text=_("The playbook's revision that was applied."))
    start_date = models.DateField(
        help_text=_("The launch, relaunch or wind-down date the plan counts from.")
    )
    snapshot = models.JSONField(default=list, editable=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["alliance__name", "playbook__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "playbook"], name="playbook_applied_once_per_alliance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.playbook} for {self.alliance}"

    @property
    def is_outdated(self) -> bool:
        return self.revision < self.playbook.revision


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    WITHDRAWN = "withdrawn", _("Withdrawn (removed from the playbook)")


CLOSED_STATUSES = (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE)


def progress_annotations(prefix: str, today=None) -> dict:
    """Counts of a set of tasks (reached through `prefix`), for many rows in one query.

    - total: every task not withdrawn;
    - done: done or not applicable;
    - due: tasks due today or earlier (not withdrawn);
    - late: open tasks whose due date has passed. An alliance with a late task is *behind*.
    """
    today = today or timezone.localdate()
    live = ~Q(**{f"{prefix}status": TaskStatus.WITHDRAWN}) & Q(**{f"{prefix}pk__isnull": False})
    return {
        "tasks_total": Count(f"{prefix}pk", filter=live, distinct=True),
        "tasks_done": Count(
            f"{prefix}pk", filter=Q(**{f"{prefix}status__in": CLOSED_STATUSES}), distinct=True
        ),
        "tasks_due": Count(
            f"{prefix}pk", filter=live & Q(**{f"{prefix}due_date__lte": today}), distinct=True
        ),
        "tasks_late": Count(
            f"{prefix}pk",
            filter=Q(**{f"{prefix}status": TaskStatus.OPEN, f"{prefix}due_date__lt": today}),
            distinct=True,
        ),
    }


class TaskQuerySet(VisibleQuerySet):
    # Package tasks are alliance management's own work: internal users only.
    visibility = dict(internal_only=True, alliance="alliance")

    def live(self):
        return self.exclude(status=TaskStatus.WITHDRAWN)

    def mine(self, who):
        """Tasks that need `who` (a person, or a queryset of people): those they own, and those
        without an owner whose role they hold on the alliance; with nobody named for that role,
        the people who run the alliance (as `actions.owners_for` assigns them). My week uses it."""
        from accord.core.registry import people_ids

        from .roles import RoleHolder

        ids = people_ids(who)
        holders = RoleHolder.objects.filter(
            alliance=OuterRef("alliance"), group=OuterRef("owner_role"), user__is_active=True
        )
        runs = Q(alliance__in=Alliance.objects.managed_by(who).values("pk"))
        unowned_mine = Exists(holders.filter(user__in=ids)) | (~Exists(holders) & runs)
        return self.filter(Q(owner__in=ids) | (Q(owner__isnull=True) & unowned_mine))

    def open(self):
        return self.filter(status=TaskStatus.OPEN)

    def late(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_within(self, days: int, today=None):
        import datetime as dt

        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days))


class PlaybookTask(VersionedModel, Titled):
    """One deliverable due on one alliance, with its owner, due date and whether it is done."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="playbook_tasks")
    application = models.ForeignKey(
        PlaybookApplication, on_delete=models.CASCADE, related_name="tasks"
    )
    deliverable = models.ForeignKey(
        Deliverable, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    # The deliverable's id and revision as applied: the task keeps its identity (and a re-apply
    # can match it) even after the deliverable is edited or deleted.
    deliverable_key = models.BigIntegerField()
    deliverable_revision = models.PositiveIntegerField(default=1)
    occurrence = models.CharField(
        max_length=40,
        default="once",
        help_text=_('"once", the ISO date of a recurring occurrence, or "jsc:<meeting id>".'),
    )
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL)
    owner_role = models.CharField(max_length=30, choices=RoleGroup.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="playbook_tasks",
    )
    due_date = models.DateField(
        null=True, blank=True, help_text=_("Empty while the anchor date is unknown.")
    )
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    template = models.ForeignKey(
        "knowledge.DocumentTemplate", null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "application_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deliverable_key", "occurrence"],
                name="playbook_task_once_per_occurrence",
            )
        ]
        indexes = [
            models.Index(fields=["alliance", "status", "due_date"]),
            models.Index(fields=["owner", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]

    @property
    def is_late(self) -> bool:
        return (
            self.status == TaskStatus.OPEN
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


def alliance_progress_queryset(alliances, today=None):
    """Alliances annotated with the progress of every package applied to them."""
    applied = PlaybookApplication.objects.filter(alliance=OuterRef("pk"))
    return alliances.filter(Exists(applied)).annotate(
        **progress_annotations("playbook_tasks__", today)
    )
