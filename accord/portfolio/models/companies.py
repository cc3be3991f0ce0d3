from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named

from .reference import Territory, VersionedModel

# --- Companies ------------------------------------------------------------------------------


class CompanyQuerySet(models.QuerySet):
    def own(self):
        return self.get(kind=Company.Kind.OWN)

    def partners(self):
        return self.filter(kind=Company.Kind.PARTNER)

    def visible_to(self, user):
        """Staff see every company; a partner user sees the companies at their alliances' table."""
        # Not visible(): a company has no alliance of its own; it is reached through partners.
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self
        from .alliances import AllianceMember, AlliancePartner

        mine = AllianceMember.objects.filter(user=user).values("alliance_id")
        at_my_table = AlliancePartner.objects.filter(alliance_id__in=mine).values("company_id")
        return self.filter(Q(kind=Company.Kind.OWN) | Q(pk=user.company_id) | Q(pk__in=at_my_table))


class Company(VersionedModel, Linked, Named):
    """Our own company (exactly one per deployment) or a partner we have alliances with."""

    class Kind(models.TextChoices):
        OWN = "own", _("Our company")
        PARTNER = "partner", _("Partner")

    class Type(models.TextChoices):
        BIG_PHARMA = "big_pharma", _("Large pharma")
        SPECIALTY_PHARMA = "specialty_pharma", _("Mid-size / specialty pharma")
        BIOTECH = "biotech", _("Biotech")
        ACADEMIC = "academic", _("Academic institution")
        AGENCY = "agency", _("Government / agency")
        CDMO = "cdmo", _("CRO / CDMO")
        TECHNOLOGY = "technology", _("Technology / digital")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARTNER)
    company_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    headquarters = models.ForeignKey(
        Territory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.COUNTRY},
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = CompanyQuerySet.as_manager()

    detail_url = "portfolio:company_detail"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="company_unique_name"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="own"),
                name="company_single_own",
            ),
        ]

    @property
    def is_own(self) -> bool:
        return self.kind == self.Kind.OWN

    def validate_constraints(self, exclude=None):
        # Give the case-insensitive uniqueness a message that names the field.
        clash = Company.objects.filter(name__iexact=self.name).exclude(pk=self.pk)
        if self.name and clash.exists():
            raise ValidationError({"name": f"A company named “{self.name}” already exists."})
        super().validate_constraints(exclude=exclude)
