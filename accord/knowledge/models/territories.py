"""Country know-how: what the alliance function knows about doing business in a territory.

Who sees a profile (`TerritoryProfileQuerySet.visible_to`): every internal user reads every
profile; a partner user reads the profiles of the territories of the alliances they are a member
of (a region's countries included), so both sides share the same picture of the local rules.
Leaders and alliance managers keep them (accord.knowledge.access.may_keep_profiles).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, VersionedModel
from accord.portfolio.models import Alliance, Territory

URL = re.compile(r"https?://\S+")


def territories_of(alliances):
    """The territories alliances are licensed for, and the countries of those regions."""
    named = Territory.objects.filter(alliances__in=alliances)
    return Territory.objects.filter(Q(pk__in=named.values("pk")) | Q(regions__in=named)).distinct()


class TerritoryProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Not visible(): a profile belongs to a territory, reached through alliances' licences.
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_internal:
            return self
        mine = Alliance.objects.visible_to(user)
        return self.filter(territory__in=territories_of(mine).values("pk"))

    def for_alliance(self, alliance):
        return self.filter(territory__in=territories_of([alliance]).values("pk"))

    def past_review(self, day: dt.date):
        return self.filter(review_on__lt=day)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(territory__name__icontains=text)
            | Q(territory__code__iexact=text)
            | Q(regulatory_pathway__icontains=text)
            | Q(reimbursement__icontains=text)
            | Q(tendering__icontains=text)
            | Q(partner_expectations__icontains=text)
        )


class TerritoryProfile(VersionedModel, Linked):
    """What we know about a country (or region): regulatory pathway and timelines,
    reimbursement and pricing, tendering, what local partners expect, with sources."""

    territory = models.OneToOneField(
        Territory, on_delete=models.CASCADE, related_name="profile", verbose_name=_("territory")
    )
    regulatory_pathway = models.TextField(_("regulatory pathway"), blank=True)
    typical_timelines = models.TextField(
        _("typical timelines"),
        blank=True,
        help_text=_("E.g. approval 12 months after filing; pricing 60–90 days after approval."),
    )
    reimbursement = models.TextField(_("reimbursement and pricing paradigm"), blank=True)
    tendering = models.TextField(_("tendering practice"), blank=True)
    partner_expectations = models.TextField(_("local partner expectations"), blank=True)
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("One citation or link per line.")
    )
    owner = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        related_name="territory_profiles",
        verbose_name=_("owner"),
    )
    review_on = models.DateField(_("review by"))
    # The review date its owner was last reminded about (the reminder fires once per date).
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = TerritoryProfileQuerySet.as_manager()

    # What the profile says, section by section (the form, the action and the seed in this order).
    SECTIONS = (
        "regulatory_pathway",
        "typical_timelines",
        "reimbursement",
        "tendering",
        "partner_expectations",
        "sources",
    )

    detail_url = "knowledge:territory_profile"

    class Meta:
        ordering = ["territory__name"]

    def __str__(self) -> str:
        return str(self.territory)

    @property
    def title(self) -> str:
        return str(self.territory)

    def source_list(self) -> list[tuple[str, str]]:
        """Each source line, with its link when it has one."""
        found = []
        for line in (self.sources or "").splitlines():
            line = line.strip()
            if line:
                link = URL.search(line)
                found.append((line, link.group(0) if link else ""))
        return found
