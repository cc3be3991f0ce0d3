"""Partner communications: drafted, reviewed by the alliance's people, then sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.portfolio.models import Alliance, Company, Program

from .common import (
    Record,
    ScopedQuerySet,
    people_of,
    run_by,
    today,
)

# --- Partner communications -----------------------------------------------------------------


class CommunicationKind(models.TextChoices):
    PRESS_RELEASE = "press_release", _("Press release")
    PUBLIC_DISCLOSURE = "public_disclosure", _("Public disclosure")
    PUBLICATION = "publication", _("Scientific publication or abstract")
    INVESTOR = "investor", _("Investor communication")
    OTHER = "other", _("Other communication")


class CommunicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNDER_REVIEW = "under_review", _("Under review")
    CONCLUDED = "concluded", _("Review concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
    OBJECTED = "objected", _("Objected")


COMMUNICATION_TRANSITIONS = {
    CommunicationStatus.DRAFT: {CommunicationStatus.UNDER_REVIEW, CommunicationStatus.WITHDRAWN},
    CommunicationStatus.UNDER_REVIEW: {
        CommunicationStatus.CONCLUDED,
        CommunicationStatus.WITHDRAWN,
        CommunicationStatus.DRAFT,
    },
    CommunicationStatus.CONCLUDED: set(),
    CommunicationStatus.WITHDRAWN: set(),
}


class CommunicationQuerySet(ScopedQuerySet):
    def under_review(self):
        return self.filter(status=CommunicationStatus.UNDER_REVIEW)

    def awaiting_review_by(self, who):
        """The partner's disclosures under review that `who` (a person, or a queryset of people)
        must answer: as a named reviewer, or as the manager of the alliance."""
        return (
            self.under_review()
            .exclude(proposed_by__kind=Company.Kind.OWN)
            .filter(Q(reviewers__in=people_of(who)) | Q(alliance__in=run_by(who)))
            .distinct()
        )


class Communication(Record):
    """A public disclosure or press release one partner needs the other to review first."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="governance_communications"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=CommunicationKind.choices)
    proposed_by = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The party that wants to publish."),
    )
    summary = models.TextField(blank=True)
    planned_release_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CommunicationStatus.choices, default=CommunicationStatus.DRAFT
    )
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    submitted_on = models.DateField(null=True, blank=True)
    review_business_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The review period the agreement allows.")
    )
    review_due_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=ReviewOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    is_internal = models.BooleanField(_("internal only"), default=False)

    objects = CommunicationQuerySet.as_manager()

    detail_url = "governance:communication_detail"

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["alliance", "status"])]

    def review_overdue(self, on: dt.date | None = None) -> bool:
        return (
            self.status == CommunicationStatus.UNDER_REVIEW
            and self.review_due_on is not None
            and self.review_due_on < (on or today())
        )
