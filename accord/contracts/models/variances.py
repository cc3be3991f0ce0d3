"""Agreed workarounds: a variance of an obligation or clause that both partners approved."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Titled, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance, Program

from .agreements import Agreement

# A variance "about to expire" ends (or must be revisited) within this many days.
EXPIRING_DAYS = 30


class VarianceState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (awaiting both sides' approval)")
    APPROVED = "approved", _("Approved by both sides")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FORMALISED = "formalised", _("Formalised as an amendment")


class NextStep(models.TextChoices):
    REVISIT = "revisit", _("Revisit with the partner")
    AMEND = "amend", _("Formalise as an amendment")


class VarianceQuerySet(VisibleQuerySet):
    # Internal staff and the partner users of the alliance (both sides agree a variance), minus
    # those about a firewalled program the user is not cleared for.
    visibility = dict(alliance="alliance", program="program")

    def active_on(self, day: dt.date):
        """Approved by both sides and in force on `day`."""
        return self.filter(state=VarianceState.APPROVED, starts_on__lte=day, ends_on__gte=day)

    def expiring(self, day: dt.date, days: int = EXPIRING_DAYS):
        """In force and ending, or due to be revisited, within `days` of `day`."""
        until = day + dt.timedelta(days=days)
        return self.active_on(day).filter(Q(ends_on__lte=until) | Q(revisit_on__lte=until))

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text)
            | Q(instead__icontains=text)
            | Q(reason__icontains=text)
            | Q(section__icontains=text)
        )

    def open(self):
        return self.filter(state__in=[VarianceState.PROPOSED, VarianceState.APPROVED])


class Variance(VersionedModel, Linked, Titled):
    """A workaround both partners agreed when business cannot be done exactly as contracted:
    what is done instead of an obligation or clause, for which period, why, and its effect."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="variances")
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="variances"
    )
    obligation = models.ForeignKey(
        "contracts.Obligation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="variances",
        help_text=_(
            "The obligation varied; while the variance is in force it is measured "
            "against the variance."
        ),
    )
    right = models.ForeignKey(
        "contracts.Right", null=True, blank=True, on_delete=models.CASCADE, related_name="variances"
    )
    restriction = models.ForeignKey(
        "contracts.Restriction",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="variances",
    )
    # Copied from the obligation or right varied, so firewalls apply (never edited directly).
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="variances",
        editable=False,
    )
    title = models.CharField(_("title"), max_length=250)
    section = models.CharField(
        _("clause"), max_length=60, blank=True, help_text=_("The clause varied, e.g. § 5.3.")
    )
    instead = models.TextField(_("what is done instead"))
    reason = models.TextField(_("why"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    alternative_due_on = models.DateField(
        _("alternative due date"),
        null=True,
        blank=True,
        help_text=_(
            "For an obligation: the date it is measured against while the variance is "
            "in force (empty: not due before the variance ends)."
        ),
    )
    economic_effect = models.TextField(_("economic effect"), blank=True)
    economic_amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Its estimated value (negative: a cost to us)."),
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    revisit_on = models.DateField(
        _("revisit or formalise by"), help_text=_("When the partners must look at it again.")
    )
    next_step = models.CharField(
        _("next step"), max_length=10, choices=NextStep.choices, default=NextStep.REVISIT
    )
    state = models.CharField(
        max_length=12, choices=VarianceState.choices, default=VarianceState.PROPOSED
    )
    state_reason = models.TextField(blank=True)
    # The end of the date the obligation is measured against, in its time zone (derived).
    due_at = models.DateTimeField(null=True, blank=True, editable=False)
    amendment = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="formalised_variances",
        help_text=_("The amendment that formalised it."),
    )

    objects = VarianceQuerySet.as_manager()

    detail_url = "contracts:variance_detail"

    class Meta:
        ordering = ["ends_on", "pk"]
        indexes = [
            models.Index(fields=["obligation", "state", "starts_on", "ends_on"]),
            models.Index(fields=["alliance", "state", "ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="variance_period_order"
            ),
        ]

    def is_active(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.state == VarianceState.APPROVED and self.starts_on <= day <= self.ends_on

    def is_expiring(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        until = day + dt.timedelta(days=EXPIRING_DAYS)
        return self.is_active(day) and (self.ends_on <= until or self.revisit_on <= until)

    def measured_due_on(self) -> dt.date | None:
        if not self.obligation_id:
            return None
        return self.alternative_due_on or self.ends_on

    def clean(self):
        super().clean()
        errors = {}
        if not (self.obligation_id or self.right_id or self.restriction_id or self.section.strip()):
            errors["section"] = _(
                "Say what is varied: an obligation, a right, a restriction or a clause."
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The variance must end on or after the day it starts.")
        if self.alternative_due_on:
            if not self.obligation_id:
                errors["alternative_due_on"] = _(
                    "An alternative due date needs the obligation it replaces the date of."
                )
            elif (
                self.starts_on
                and self.ends_on
                and not (self.starts_on <= self.alternative_due_on <= self.ends_on)
            ):
                errors["alternative_due_on"] = _(
                    "The alternative due date must fall within the variance's period."
                )
        if self.economic_amount is not None and not self.currency:
            errors["currency"] = _("Give the currency of the amount (e.g. USD).")
        if self.currency and (len(self.currency) != 3 or not self.currency.isalpha()):
            errors["currency"] = _("A currency is a three-letter code, e.g. USD.")
        if errors:
            raise ValidationError(errors)
