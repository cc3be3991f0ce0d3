"""Roles: who is responsible, accountable, consulted and informed for what, per alliance."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accord.core.models import VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance

from .playbooks import ORDER_RANGE, RoleGroup


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


# The RACI columns, in order: a field per party (RoleGroup value = field name).
RACI_FIELDS = [group.value for group in RoleGroup]


class RaciQuerySet(VisibleQuerySet):
    # A RACI is the internal division of work: internal users of visible alliances.
    visibility = dict(internal_only=True, alliance="alliance")


def _raci_field(label):
    return models.CharField(label, max_length=1, choices=Raci.choices, blank=True)


class RaciEntry(VersionedModel):
    """One activity of an alliance and each party's part in it (R, A, C or I)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="raci")
    order = models.PositiveSmallIntegerField(default=100, validators=ORDER_RANGE)
    activity = models.CharField(max_length=200)
    alliance_management = _raci_field(_("alliance management"))
    business_development = _raci_field(_("business development"))
    project_management = _raci_field(_("project / program management"))
    functional_leads = _raci_field(_("functional leads"))
    partner = _raci_field(_("the partner"))
    in_am_scope = models.BooleanField(
        _("in the alliance manager's scope"),
        default=True,
        help_text=_("Off: stakeholders should not expect the alliance manager to do this."),
    )
    note = models.CharField(max_length=300, blank=True)

    objects = RaciQuerySet.as_manager()

    class Meta:
        ordering = ["alliance", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                "alliance", Lower("activity"), name="raci_activity_unique_per_alliance"
            )
        ]
        verbose_name = _("RACI entry")
        verbose_name_plural = _("RACI entries")

    def __str__(self) -> str:
        return self.activity

    def clean(self):
        super().clean()
        accountable = [f for f in RACI_FIELDS if getattr(self, f) == Raci.ACCOUNTABLE]
        if len(accountable) != 1:
            raise ValidationError(
                {
                    "alliance_management": (
                        _("“%(activity)s”: exactly one party is accountable (A); %(n)s are.")
                        % {"activity": self.activity, "n": len(accountable)}
                    )
                }
            )
        if self.in_am_scope and not self.alliance_management:
            raise ValidationError(
                {
                    "in_am_scope": (
                        _(
                            "“%(activity)s” is in the alliance manager's scope but alliance management has no part in it: give it R, A, C or I, or mark it out of scope."
                        )
                        % {"activity": self.activity}
                    )
                }
            )

    def validate_constraints(self, exclude=None):
        clash = RaciEntry.objects.filter(
            alliance_id=self.alliance_id, activity__iexact=self.activity
        ).exclude(pk=self.pk)
        if self.activity and clash.exists():
            raise ValidationError(
                {
                    "activity": _("This alliance's RACI already has “%(activity)s”.")
                    % {"activity": self.activity}
                }
            )
        super().validate_constraints(exclude=exclude)

    def cells(self) -> list[tuple[str, str]]:
        return [(group.label, getattr(self, group.value)) for group in RoleGroup]


class RoleHolder(VersionedModel):
    """The person who fills one party's role on an alliance (e.g. its BD lead, its CMC lead)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="role_holders")
    group = models.CharField(max_length=30, choices=RoleGroup.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alliance_roles",
    )
    title = models.CharField(
        max_length=150, blank=True, help_text=_("E.g. CMC lead, regulatory lead, partner AM.")
    )

    objects = RaciQuerySet.as_manager()

    class Meta:
        ordering = ["alliance", "group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "group", "user"], name="role_holder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_group_display()} of {self.alliance}"
