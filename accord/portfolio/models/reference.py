from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.models import Named, SingletonModel, VersionedModel  # noqa: F401  (re-exported)

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


# --- Reference data -------------------------------------------------------------------------


class Territory(Named):
    """A country (ISO 3166-1 alpha-2) or a named region of countries used in deal terms."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    countries = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="regions",
        limit_choices_to={"kind": "country"},
        help_text=_("For a region: the countries it covers."),
    )

    class Meta:
        ordering = ["-kind", "name"]  # regions first: they are what deals usually name


class TherapeuticArea(Named):
    """A disease area the company organises its R&D and commercial work by."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]


class StrategicPriority(Named):
    """One of our company's strategic priorities, to which alliances' objectives are linked."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(
        default=3,
        validators=ONE_TO_FIVE,
        help_text=_("1 (nice to have) to 5 (critical to the company's strategy)."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-weight", "name"]
        verbose_name_plural = _("strategic priorities")


class AMTeam(Named):
    """A group of alliance managers who hold a slice of the portfolio (e.g. the Japan team)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("AM team")
