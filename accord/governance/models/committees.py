"""Governance bodies and their charters, as the alliance agreement defines them."""

from __future__ import annotations

import datetime as dt

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance, Company, Program

from .common import Area, ScopedQuerySet, today


class CommitteeKind(models.TextChoices):
    JSC = "jsc", _("Joint Steering Committee")
    JDC = "jdc", _("Joint Development Committee")
    JCC = "jcc", _("Joint Commercialization Committee")
    JMC = "jmc", _("Joint Manufacturing Committee")
    JPC = "jpc", _("Joint Patent Committee")
    WORKING_TEAM = "working_team", _("Working team")
    SUB_TEAM = "sub_team", _("Sub-team")
    EXECUTIVES = "executives", _("Executive sponsors")
    OTHER = "other", _("Other body")


class Cadence(models.IntegerChoices):
    """How often the charter says a body meets, as a minimum number of meetings a year."""

    ANNUAL = 1, _("At least once a year")
    TWICE = 2, _("At least twice a year")
    THRICE = 3, _("At least three times a year")
    QUARTERLY = 4, _("At least quarterly")
    BIMONTHLY = 6, _("At least every two months")
    MONTHLY = 12, _("At least monthly")


class CommitteeQuerySet(ScopedQuerySet):
    internal_path = None

    def active(self, on: dt.date | None = None):
        on = on or today()
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))


class Committee(VersionedModel, Linked, Named):
    """A joint governance body of an alliance (JSC, sub-committee, team) and its charter."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="committees")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The body this one reports to (empty for the JSC)."),
    )
    kind = models.CharField(max_length=20, choices=CommitteeKind.choices)
    name = models.CharField(max_length=150)
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
        help_text=_("Only for a body that works on one program; a firewalled program hides it."),
    )
    purpose = models.TextField(blank=True)
    established_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)
    # The charter as the agreement defines it.
    charter_reference = models.CharField(
        max_length=200, blank=True, help_text=_("Where the agreement defines it, e.g. clause 4.2.")
    )
    min_members_per_party = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_members_per_party = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    quorum_per_party = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("Members of each party who must attend for the body to decide."),
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meeting cadence"),
        choices=Cadence.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    decides = models.JSONField(
        _("matters it decides"),
        default=list,
        blank=True,
        help_text=_("The matters the charter gives this body."),
    )
    escalates_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_from",
        help_text=_("Where an issue goes when this body cannot resolve it in time."),
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("time limit (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How long an issue may stay unresolved here before it is escalated."),
    )

    objects = CommitteeQuerySet.as_manager()

    detail_url = "governance:committee_detail"

    class Meta:
        ordering = ["alliance_id", "parent_id", "name"]
        constraints = [
            models.UniqueConstraint(
                "alliance", Lower("name"), name="committee_unique_name_per_alliance"
            ),
            models.CheckConstraint(
                condition=Q(min_members_per_party__isnull=True)
                | Q(max_members_per_party__isnull=True)
                | Q(min_members_per_party__lte=models.F("max_members_per_party")),
                name="committee_min_not_above_max",
            ),
        ]

    @property
    def decides_labels(self) -> list[str]:
        labels = dict(Area.choices)
        return [labels.get(code, code) for code in self.decides]

    def clean(self):
        super().clean()
        errors = {}
        if not isinstance(self.decides, list) or any(
            code not in Area.values for code in self.decides
        ):
            errors["decides"] = _("Choose matters among: %(areas)s.") % {
                "areas": ", ".join(Area.values)
            }
        for name in ("parent", "escalates_to"):
            other = getattr(self, name)
            if other is None:
                continue
            if self.pk and other.pk == self.pk:
                errors[name] = _("A body cannot point to itself.")
            elif other.alliance_id != self.alliance_id:
                errors[name] = _("%(body)s belongs to another alliance.") % {"body": other}
        if self.program_id and self.program.alliance_id != self.alliance_id:
            errors["program"] = _("%(program)s is a program of another alliance.") % {
                "program": self.program
            }
        if (
            self.min_members_per_party
            and self.max_members_per_party
            and self.min_members_per_party > self.max_members_per_party
        ):
            errors["max_members_per_party"] = _("The maximum is below the minimum.")
        if self.established_on and self.dissolved_on and self.dissolved_on < self.established_on:
            errors["dissolved_on"] = _("A body cannot be dissolved before it was established.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        if self.alliance_id and self.name:
            clash = Committee.objects.filter(
                alliance_id=self.alliance_id, name__iexact=self.name
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {
                        "name": _("This alliance already has a body named “%(name)s”.")
                        % {"name": self.name}
                    }
                )
        super().validate_constraints(exclude=exclude)

    def ancestors(self) -> list[Committee]:
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def descendants(self) -> list[Committee]:
        """The sub-committees and teams under this body, at any depth (one query per level)."""
        found, seen, level = [], {self.pk}, [self.pk]
        while level:
            children = [
                c for c in Committee.objects.filter(parent_id__in=level) if c.pk not in seen
            ]
            found.extend(children)
            seen.update(c.pk for c in children)
            level = [c.pk for c in children]
        return found


class FinalSay(models.Model):
    """Which party has the final say on a matter when the parties deadlock in a body."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="final_say")
    area = models.CharField(_("matter"), max_length=30, choices=Area.choices)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "area"], name="final_say_once_per_matter")
        ]

    def __str__(self) -> str:
        return f"{self.company} on {self.get_area_display().lower()}"


class CommitteeRole(models.TextChoices):
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary / alliance manager")
    OBSERVER = "observer", _("Observer (non-voting)")


# The roles that count towards a party's seats under the charter.
VOTING_ROLES = (CommitteeRole.CO_CHAIR, CommitteeRole.MEMBER)


class CommitteeMemberQuerySet(VisibleQuerySet):
    def current(self, on: dt.date | None = None):
        on = on or today()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))

    def co_chairs(self):
        return self.filter(role=CommitteeRole.CO_CHAIR)

    visibility = dict(follows="committee")


class CommitteeMember(models.Model):
    """A seat on a body held by one person, from our company or the partner's, for a period."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_memberships"
    )
    role = models.CharField(max_length=20, choices=CommitteeRole.choices)
    start_date = models.DateField(default=today)
    end_date = models.DateField(
        null=True, blank=True, help_text=_("The first day this person no longer holds the seat.")
    )
    end_reason = models.CharField(max_length=300, blank=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        ordering = ["committee_id", "role", "user__last_name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="committee_member_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["user", "end_date"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.committee}"

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or today()
        return self.start_date <= on and (self.end_date is None or self.end_date > on)


class GovernanceSettings(models.Model):
    """An alliance's governance terms that are not tied to one body (from the agreement)."""

    alliance = models.OneToOneField(
        Alliance, on_delete=models.CASCADE, related_name="governance_settings"
    )
    disclosure_review_business_days = models.PositiveSmallIntegerField(
        _("review period for public disclosures (business days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    business_calendar = models.CharField(
        _("business-day calendar"),
        max_length=2,
        default="US",
        help_text=_("ISO country code whose public holidays are not business days."),
    )

    class Meta:
        verbose_name_plural = _("governance settings")

    def __str__(self) -> str:
        return f"Governance settings of {self.alliance}"

    def clean(self):
        super().clean()
        self.business_calendar = (self.business_calendar or "").upper()
        if self.business_calendar not in holidays.list_supported_countries():
            raise ValidationError(
                {
                    "business_calendar": _("No public-holiday calendar for “%(code)s”.")
                    % {"code": self.business_calendar}
                }
            )

    @classmethod
    def for_alliance(cls, alliance) -> GovernanceSettings:
        found = cls.objects.filter(alliance=alliance).first()
        return found or cls(alliance=alliance)


def add_business_days(start: dt.date, days: int, calendar: str) -> dt.date:
    """The date `days` business days after `start` (weekends and public holidays skipped)."""
    years = range(start.year, start.year + 2 + days // 200)
    closed = holidays.country_holidays(calendar, years=years)
    current, left = start, days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            left -= 1
    return current
