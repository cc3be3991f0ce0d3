from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, StoredFile, Titled, VersionedModel
from accord.core.visibility import VisibleQuerySet, visible
from accord.portfolio.models import Alliance, Company, Program

from .common import RegisterQuerySet


class AgreementKind(models.TextChoices):
    MASTER = "master", _("Master agreement")
    AMENDMENT = "amendment", _("Amendment")
    SIDE_LETTER = "side_letter", _("Side letter")
    OTHER = "other", _("Other agreement (supply, quality, data sharing…)")


AMENDING_KINDS = (AgreementKind.AMENDMENT, AgreementKind.SIDE_LETTER)


class AgreementQuerySet(VisibleQuerySet):
    visibility = dict(internal_only=True)


class Agreement(VersionedModel, Linked, Titled):
    """A signed contract of an alliance: its master agreement, an amendment or a side letter."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(
        max_length=20, choices=AgreementKind.choices, default=AgreementKind.MASTER
    )
    title = models.CharField(max_length=250)
    amends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text=_("For an amendment or side letter: the agreement it changes."),
    )
    parties = models.ManyToManyField(Company, related_name="agreements", blank=True)
    signature_date = models.DateField(null=True, blank=True)
    effective_date = models.DateField()
    expiry_date = models.DateField(
        null=True, blank=True, help_text=_("End of the current term; empty if open-ended.")
    )
    auto_renews = models.BooleanField(default=False)
    renewal_term_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    renewal_notice_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        help_text=_("Notice needed to stop a renewal: becomes a notice deadline before expiry."),
    )
    governing_law = models.CharField(max_length=120, blank=True)
    term_section = models.CharField(
        _("section (term)"),
        max_length=60,
        blank=True,
        help_text=_("Where the term is set, e.g. § 14.1."),
    )
    summary = models.TextField(blank=True)
    documents = models.ManyToManyField(StoredFile, blank=True, related_name="+")

    objects = AgreementQuerySet.as_manager()

    detail_url = "contracts:agreement_detail"

    class Meta:
        ordering = ["alliance__name", "effective_date", "pk"]
        indexes = [models.Index(fields=["alliance", "kind"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in AMENDING_KINDS and not self.amends_id:
            errors["amends"] = {
                AgreementKind.AMENDMENT: _("A amendment must say which agreement it amends."),
                AgreementKind.SIDE_LETTER: _("A side letter must say which agreement it amends."),
            }[self.kind]
        if self.amends_id:
            if self.pk and self.amends_id == self.pk:
                errors["amends"] = _("An agreement cannot amend itself.")
            elif self.alliance_id and self.amends.alliance_id != self.alliance_id:
                errors["amends"] = _("The amended agreement belongs to another alliance.")
        if self.expiry_date and self.effective_date and self.expiry_date <= self.effective_date:
            errors["expiry_date"] = _("The expiry date must be after the effective date.")
        if self.renewal_notice_days is not None:
            if not self.expiry_date:
                errors["renewal_notice_days"] = _(
                    "A notice period to stop renewal needs an expiry date to count back from."
                )
            elif self.effective_date:
                term = (self.expiry_date - self.effective_date).days
                if self.renewal_notice_days >= term:
                    errors["renewal_notice_days"] = _(
                        "The notice period (%(notice)s days) is longer than the term (%(term)s days)."
                    ) % {"notice": self.renewal_notice_days, "term": term}
        if self.renewal_term_months and not self.auto_renews:
            errors["auto_renews"] = _("A renewal term is given: tick “renews automatically”.")
        if errors:
            raise ValidationError(errors)


class DefinedTermQuerySet(RegisterQuerySet):
    def visible_to(self, user):
        return visible(self, user, internal_only=True)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(term__icontains=text) | Q(definition__icontains=text))


class DefinedTerm(models.Model):
    """A capitalised term an agreement defines ("First Commercial Sale"), with its definition."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="defined_terms")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="defined_terms")
    term = models.CharField(max_length=150)
    definition = models.TextField()
    section = models.CharField(max_length=60)

    objects = DefinedTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                "agreement", Lower("term"), name="defined_term_unique_per_agreement"
            ),
        ]

    def __str__(self) -> str:
        return self.term

    def validate_constraints(self, exclude=None):
        if self.agreement_id and self.term:
            clash = DefinedTerm.objects.filter(
                agreement_id=self.agreement_id, term__iexact=self.term
            )
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"term": _("This agreement already defines “%(term)s”.") % {"term": self.term}}
                )
        super().validate_constraints(exclude=exclude)


class ContractEvent(models.Model):
    """Something that happened which contract clauses count from (e.g. First Commercial Sale)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="contract_events")
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="contract_events"
    )
    name = models.CharField(
        max_length=150, help_text=_("As the agreement names it, e.g. First Commercial Sale.")
    )
    occurred_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["alliance", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.occurred_on:%Y-%m-%d})"
