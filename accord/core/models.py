import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


def choice_labels(field) -> dict | None:
    """{value: lazy label} of a field with fixed choices, kept on the field (None when the
    choices are computed, or grouped)."""
    labels = getattr(field, "_accord_choice_labels", False)
    if labels is False:
        labels = None
        if isinstance(field.choices, list | tuple) and not any(
            isinstance(label, list | tuple) for _value, label in field.choices
        ):
            labels = dict(field.choices)
        field._accord_choice_labels = labels
    return labels


def translated_choice_labels(field) -> dict | None:
    """{value: label in the active language} of a field with fixed choices, translated once
    per language and process (the catalogs do not change while it runs): a 100,000-row export
    translated 300,000 labels one by one."""
    language = translation.get_language()
    cache = field.__dict__.setdefault("_accord_translated_labels", {})
    labels = cache.get(language, False)
    if labels is False:
        base = choice_labels(field)
        labels = None if base is None else {value: str(label) for value, label in base.items()}
        cache[language] = labels
    return labels


class Titled(models.Model):
    """A record that reads as its title (in lists, choices, the audit trail and the admin)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Named(models.Model):
    """A record that reads as its name (in lists, choices, the audit trail and the admin)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Linked(models.Model):
    """A record with its own page: `detail_url` names the URL that takes its primary key."""

    detail_url: str

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url, args=[self.pk])


class VersionedModel(models.Model):
    """Base for records people edit concurrently: `version` detects a lost update."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """The label of the field's value, as Django's, without translating every other label
        of the field first: Django hashes each (lazy) label to build its lookup on every call,
        so a list of 50 rows with a 20-choice category translated 1,000 labels."""
        labels = translated_choice_labels(field)
        value = getattr(self, field.attname)
        if labels is None or not isinstance(value, str | int | None):
            return super()._get_FIELD_display(field)
        if value in labels:
            return labels[value]
        return force_str(value, strings_only=True)


class SingletonModel(models.Model):
    class Meta:
        abstract = True

    @classmethod
    def load(cls):
        """The saved settings, or the defaults (unsaved) until someone changes them.

        Reading never writes: a get_or_create here would make every first reader insert the row,
        and a long transaction that read it first (a 2,000-row import) would hold up every other
        reader's insert of the same primary key until it commits.
        """
        from .visibility import read_once

        obj = read_once(("settings", cls._meta.label), cls.objects.filter(pk=1).first)
        return obj if obj is not None else cls(pk=1)

    @classmethod
    def load_for_update(cls):
        """The settings row, created if needed and locked: for the action that changes it."""
        obj, _ = cls.objects.select_for_update().get_or_create(pk=1)
        return obj


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )

    def for_alliance(self, alliance_id: int):
        return self.filter(alliance_id=alliance_id)

    def visible_to(self, user):
        """Hide events about firewalled programs the user is not listed on.

        An alliance's history would otherwise reveal a firewalled program's name and changes.
        """
        from .visibility import uncleared

        # Not visible(): the history is filtered by clearance alone, with no sign-in check.
        return self.exclude(program_id__in=uncleared(user))


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):
    def bulk_create(self, objs, *args, **kwargs):
        """Every way into the trail goes through the hash chain (accord.core.audit_chain), and
        moves the portfolio's version (pages kept in the cache are built afresh)."""
        from . import freshness
        from .audit_chain import append

        rows = append(list(objs), **kwargs)
        freshness.moved()
        return rows

    def create(self, **kwargs):
        return self.bulk_create([self.model(**kwargs)])[0]


class AuditEvent(models.Model):
    """One recorded change to one field of one business object: who, when, old → new, why.

    Append-only: each record carries its place in the chain (`sequence`), the hash of the
    record before it and a hash over its own content, so that `accord audit verify` detects
    a record changed, removed or slipped in. The database refuses UPDATE and DELETE.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")

    change_id = models.UUIDField(
        default=uuid.uuid4,
        db_index=True,
        help_text=_("Groups the field records written by one change."),
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text as well, so the trail still reads correctly if the account is renamed.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    field = models.CharField(max_length=100, blank=True)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    # Plain integers, not foreign keys: the trail must outlive the alliance or program it
    # describes, and must never block or cascade their deletion.
    alliance_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    program_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # One chain per alliance, one for records about no alliance, and the frozen "legacy" chain
    # of everything recorded before chains were split (accord.core.audit_chain).
    chain = models.CharField(max_length=40, editable=False)
    sequence = models.BigIntegerField(editable=False, help_text=_("Place in its chain."))
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["alliance_id", "-at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_event_chain_place"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Integrity plumbing, not business logic: a record joins the chain once and never
        # changes (the database triggers refuse it too).
        if self.pk is not None:
            raise AuditTrailIsAppendOnly("Audit records cannot be changed.")
        type(self).objects.bulk_create([self])

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit records cannot be deleted.")


class AuditTrailIsAppendOnly(Exception):
    pass


class AuditChainHead(models.Model):
    """The last link of one audit chain; its row lock serialises appends to that chain only."""

    chain = models.CharField(max_length=40, unique=True)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.chain} #{self.sequence} {self.hash[:12]}"


class AuditAnchor(models.Model):
    """A periodic seal over the audit chains: the heads that moved since the anchor before,
    hashed together with that anchor's hash. Append-only like the trail itself."""

    sequence = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False)
    # Canonical JSON, [[chain, sequence, hash], ...] sorted by chain: exactly what was hashed.
    heads = models.TextField(editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"anchor #{self.sequence} {self.hash[:12]}"


class ScheduledRun(models.Model):
    """One slot of a periodic job that has been handed to the task queue (at most once)."""

    class Status(models.TextChoices):
        ENQUEUED = "enqueued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        RETRYING = "retrying", _("Failed, will be retried")
        FAILED = "failed", _("Failed (administrators told)")

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text=_("The scheduled time this run stands for."))
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENQUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text=_("The last failure's exception, if any."))

    class Meta:
        ordering = ["-slot"]
        constraints = [
            # Two schedulers racing for the same slot: the database lets exactly one win.
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class StoredFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A file is visible with the alliance (and firewalled program) it belongs to."""
        from .visibility import visible

        scoped = visible(self, user, alliance="alliance_id", unallied=True, program="program_id")
        return scoped.exclude(models.Q(private=True) & ~models.Q(uploaded_by=user))


class StoredFile(models.Model):
    """An uploaded document (agreement, template, import), kept outside the web root."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(
        max_length=10, help_text=_("pdf, docx, xlsx or txt, detected from the content.")
    )
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    path = models.CharField(
        max_length=300, help_text=_("Relative to ACCORD_FILES_ROOT; never user-chosen.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    alliance_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    program_id = models.BigIntegerField(null=True, blank=True)
    # Made for one person (an executive pack built in their scope): only they may open it.
    private = models.BooleanField(default=False)

    objects = StoredFileQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class SignatureQuerySet(models.QuerySet):
    def for_object(self, obj, subject: str):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
            subject=subject,
        )

    def current(self):
        return self.filter(superseded_at__isnull=True)


class Signature(models.Model):
    """An electronic signature on a record (21 CFR 11.50/11.70): the signer's printed name,
    the UTC time, the meaning, and a hash binding it to exactly the content that was signed."""

    class Meaning(models.TextChoices):
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    subject = models.CharField(
        max_length=100, help_text=_("What part of the record is signed, e.g. firewall clearance.")
    )
    meaning = models.CharField(max_length=20, choices=Meaning.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    signer_name = models.CharField(max_length=200, help_text=_("The printed name at signing."))
    signed_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(help_text=_("What was signed, as the signer saw it."))
    content_hash = models.CharField(max_length=64)
    alliance_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    program_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # An amendment supersedes the signatures on the content it changes; they stay on record.
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_reason = models.TextField(blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "subject"])]

    def __str__(self) -> str:
        return f"{self.get_meaning_display()} by {self.signer_name} at {self.signed_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None
