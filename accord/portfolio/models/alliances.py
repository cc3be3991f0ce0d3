from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Named
from accord.core.visibility import VisibleQuerySet

from .companies import Company
from .reference import (
    ONE_TO_FIVE,
    AMTeam,
    StrategicPriority,
    Territory,
    TherapeuticArea,
    VersionedModel,
)

# --- Alliances ------------------------------------------------------------------------------


class AllianceType(models.TextChoices):
    RESEARCH = "research", _("Research collaboration")
    CO_DEVELOPMENT = "co_development", _("Co-development")
    CO_PROMOTION = "co_promotion", _("Co-promotion / co-commercialization")
    IN_LICENSE = "in_license", _("In-licence")
    OUT_LICENSE = "out_license", _("Out-licence")
    PLATFORM = "platform", _("Platform")
    SUPPLY = "supply", _("Supply / manufacturing")
    REGIONAL = "regional", _("Regional commercialization")
    ACADEMIC = "academic", _("Academic / agency partnership")


class Stage(models.TextChoices):
    PRE_DEAL = "pre_deal", _("Pre-deal")
    LAUNCH = "launch", _("Launch")
    EXECUTION = "execution", _("Execution")
    RELAUNCH = "relaunch", _("Relaunch")
    WIND_DOWN = "wind_down", _("Wind-down")
    TERMINATED = "terminated", _("Terminated")


STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}


class Tier(models.IntegerChoices):
    TIER_1 = 1, _("Tier 1")
    TIER_2 = 2, _("Tier 2")
    TIER_3 = 3, _("Tier 3")


class ServicePackage(models.TextChoices):
    """The standard service package alliance management delivers for each tier."""

    COMPLEX = "complex", _("Complex")
    TYPICAL = "typical", _("Typical")
    SIMPLE = "simple", _("Simple")


SERVICE_PACKAGE_FOR_TIER = {
    Tier.TIER_1: ServicePackage.COMPLEX,
    Tier.TIER_2: ServicePackage.TYPICAL,
    Tier.TIER_3: ServicePackage.SIMPLE,
}


class MemberRole(models.TextChoices):
    ALLIANCE_MANAGER = "alliance_manager", _("Alliance manager")
    DESIGNATED_PERSON = "designated_person", _("Designated person")
    EXECUTIVE_SPONSOR = "executive_sponsor", _("Executive sponsor")
    TEAM_MEMBER = "team_member", _("Team member")


# The roles that make someone answerable for running the alliance day to day.
RESPONSIBLE_ROLES = (MemberRole.ALLIANCE_MANAGER, MemberRole.DESIGNATED_PERSON)


class AllianceQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Not visible(): this is the alliance rule itself, which visible() asks for via scope().
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self
        return self.filter(
            Exists(AllianceMember.objects.filter(alliance=OuterRef("pk"), user=user))
        )

    def active(self):
        return self.exclude(stage=Stage.TERMINATED)

    def without_responsible_person(self):
        """Live alliances nobody runs: no alliance manager and no designated person."""
        responsible = AllianceMember.objects.filter(
            alliance=OuterRef("pk"),
            role__in=RESPONSIBLE_ROLES,
            user__is_active=True,
        )
        return self.active().exclude(Exists(responsible))

    def managed_by(self, user):
        """Alliances `user` runs (as alliance manager or designated person); `user` may also be
        a queryset or list of people (any of them runs it)."""
        from accord.core.registry import people_ids

        return self.filter(
            Exists(
                AllianceMember.objects.filter(
                    alliance=OuterRef("pk"),
                    user__in=people_ids(user),
                    role__in=RESPONSIBLE_ROLES,
                )
            )
        )

    def search(self, text: str, user):
        """Match the alliance's name, a partner's name, or a program the user may see."""
        text = text.strip()
        if not text:
            return self
        partner_hit = AlliancePartner.objects.filter(
            alliance=OuterRef("pk"),
            company__name__icontains=text,
        )
        program_hit = (
            Program.objects.visible_to(user)
            .filter(alliance=OuterRef("pk"))
            .filter(
                Q(name__icontains=text)
                | Q(compound__icontains=text)
                | Q(target__icontains=text)
                | Q(indication__icontains=text)
            )
        )
        return self.filter(Q(name__icontains=text) | Exists(partner_hit) | Exists(program_hit))

    def with_visible_program_count(self, user):
        counts = (
            Program.objects.visible_to(user)
            .filter(alliance=OuterRef("pk"))
            .order_by()
            .values("alliance")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(visible_program_count=Coalesce(Subquery(counts), 0))

    def with_list_data(self, user):
        """Everything a portfolio row shows, in a fixed number of queries whatever the page size."""
        responsible = (
            AllianceMember.objects.filter(role__in=RESPONSIBLE_ROLES)
            .select_related("user")
            .order_by("role", "user__last_name")
        )
        return (
            self.with_visible_program_count(user)
            .select_related("am_team")
            .prefetch_related(
                "partners",
                "therapeutic_areas",
                "territories",
                models.Prefetch("members", queryset=responsible, to_attr="responsible_members"),
            )
        )

    def with_tiering_inputs(self):
        """Annotate what the tiering model needs, set-based, for many alliances at once."""
        programs = (
            Program.objects.filter(alliance=OuterRef("pk"))
            .order_by()
            .values("alliance")
            .annotate(n=Count("pk"))
            .values("n")
        )
        partners = (
            AlliancePartner.objects.filter(alliance=OuterRef("pk"))
            .order_by()
            .values("alliance")
            .annotate(n=Count("pk"))
            .values("n")
        )
        top_priority = (
            AllianceObjective.objects.filter(alliance=OuterRef("pk"), priority__is_active=True)
            .order_by("-priority__weight")
            .values("priority__name", "priority__weight")
        )
        return self.annotate(
            program_count=Coalesce(Subquery(programs), 0),
            partner_count=Coalesce(Subquery(partners), 0),
            top_priority_name=Subquery(top_priority.values("priority__name")[:1]),
            top_priority_weight=Subquery(top_priority.values("priority__weight")[:1]),
        )


class Alliance(VersionedModel, Linked, Named):
    """A contractual relationship with one or more partner companies that we manage."""

    name = models.CharField(max_length=200)
    partners = models.ManyToManyField(Company, through="AlliancePartner", related_name="alliances")
    alliance_type = models.CharField(_("type"), max_length=20, choices=AllianceType.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PRE_DEAL)
    therapeutic_areas = models.ManyToManyField(
        TherapeuticArea, blank=True, related_name="alliances"
    )
    territories = models.ManyToManyField(Territory, blank=True, related_name="alliances")
    effective_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the agreement took effect; empty before signing."),
    )
    value_proposition = models.TextField(
        blank=True,
        help_text=_("Why this alliance matters to both partners."),
    )
    am_team = models.ForeignKey(
        AMTeam,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alliances",
        verbose_name=_("AM team"),
    )
    strategic_importance = models.PositiveSmallIntegerField(
        default=3,
        validators=ONE_TO_FIVE,
        help_text=_("1 (peripheral) to 5 (critical to our strategy)."),
    )
    risk_level = models.PositiveSmallIntegerField(
        _("risk"),
        default=3,
        validators=ONE_TO_FIVE,
        help_text=_("1 (low) to 5 (very high): scientific, commercial and relationship risk."),
    )
    deal_value_musd = models.DecimalField(
        _("deal value (USD m)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Total announced value: upfront plus potential milestones, in USD millions."),
    )
    # The tier in force (override if any, else computed) is stored so lists filter and sort
    # on an indexed column; `tier_factors` keeps the explanation of the computed tier.
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.TIER_3)
    tier_computed = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.TIER_3)
    tier_score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    tier_factors = models.JSONField(default=list, blank=True)
    tier_override = models.PositiveSmallIntegerField(choices=Tier.choices, null=True, blank=True)
    tier_override_reason = models.TextField(blank=True)
    tier_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tier_overridden_at = models.DateTimeField(null=True, blank=True)

    objects = AllianceQuerySet.as_manager()

    # The facts both partners share: what a partner user is shown of the alliance (none of our
    # internal ratings), and the first facts a form or the API asks for.
    SHARED_FACTS = (
        "name",
        "partners",
        "alliance_type",
        "stage",
        "therapeutic_areas",
        "territories",
        "effective_date",
    )

    detail_url = "portfolio:alliance_detail"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="alliance_unique_name"),
            models.CheckConstraint(
                condition=Q(strategic_importance__gte=1, strategic_importance__lte=5),
                name="alliance_importance_1_5",
            ),
            models.CheckConstraint(
                condition=Q(risk_level__gte=1, risk_level__lte=5),
                name="alliance_risk_1_5",
            ),
            models.CheckConstraint(
                condition=Q(deal_value_musd__isnull=True) | Q(deal_value_musd__gte=0),
                name="alliance_deal_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(tier_override__isnull=True) | ~Q(tier_override_reason=""),
                name="alliance_tier_override_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["tier", "name"]),
            models.Index(fields=["stage"]),
            models.Index(fields=["alliance_type"]),
            models.Index(fields=["effective_date"]),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.stage not in (Stage.PRE_DEAL, Stage.TERMINATED) and self.effective_date is None:
            errors["effective_date"] = (
                f"An alliance in the {self.get_stage_display().lower()} stage has a signed "
                "agreement: give its effective date."
            )
        if self.effective_date and self.effective_date.year < 1950:
            errors["effective_date"] = "The effective date must be after 1950."
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        clash = Alliance.objects.filter(name__iexact=self.name).exclude(pk=self.pk)
        if self.name and clash.exists():
            raise ValidationError({"name": f"An alliance named “{self.name}” already exists."})
        super().validate_constraints(exclude=exclude)

    @property
    def service_package(self) -> str:
        return SERVICE_PACKAGE_FOR_TIER[Tier(self.tier)].label

    @property
    def is_tier_overridden(self) -> bool:
        return self.tier_override is not None

    @property
    def stage_order(self) -> int:
        return STAGE_ORDER[self.stage]


class AlliancePartner(models.Model):
    """A partner company's seat in an alliance (an alliance may have several partners)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="partner_links")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="alliance_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alliance", "company"], name="alliance_partner_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.company} in {self.alliance}"


class AllianceMemberQuerySet(models.QuerySet):
    def responsible(self):
        return self.filter(role__in=RESPONSIBLE_ROLES)


class AllianceMember(models.Model):
    """A person's role on an alliance team, from our company or the partner's."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    allocation_pct = models.PositiveSmallIntegerField(
        _("allocation (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of this alliance's management load this person carries."),
    )
    since = models.DateField(default=timezone.localdate)

    objects = AllianceMemberQuerySet.as_manager()

    class Meta:
        ordering = ["role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "user", "role"], name="alliance_member_unique"
            ),
            models.CheckConstraint(
                condition=Q(allocation_pct__gte=1, allocation_pct__lte=100),
                name="alliance_member_allocation_1_100",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.alliance}"


class AllianceObjective(models.Model):
    """A strategic objective of one alliance, tied to one of our company's priorities."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="objectives")
    priority = models.ForeignKey(
        StrategicPriority,
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    text = models.CharField(_("objective"), max_length=300)

    class Meta:
        ordering = ["-priority__weight", "pk"]

    def __str__(self) -> str:
        return self.text


# --- Programs -------------------------------------------------------------------------------


class Modality(models.TextChoices):
    SMALL_MOLECULE = "small_molecule", _("Small molecule")
    ANTIBODY = "antibody", _("Antibody")
    ADC = "adc", _("Antibody-drug conjugate")
    PROTEIN = "protein", _("Protein / peptide")
    CELL_THERAPY = "cell_therapy", _("Cell therapy")
    GENE_THERAPY = "gene_therapy", _("Gene therapy")
    RNA = "rna", _("RNA (siRNA, ASO, mRNA)")
    VACCINE = "vaccine", _("Vaccine")
    RADIOLIGAND = "radioligand", _("Radioligand")
    DIGITAL = "digital", _("Digital / diagnostic")
    OTHER = "other", _("Other")


class Phase(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery")
    PRECLINICAL = "preclinical", _("Preclinical")
    PHASE_1 = "phase_1", _("Phase 1")
    PHASE_2 = "phase_2", _("Phase 2")
    PHASE_3 = "phase_3", _("Phase 3")
    FILED = "filed", _("Filed")
    MARKETED = "marketed", _("Marketed")
    DISCONTINUED = "discontinued", _("Discontinued")


class ProgramQuerySet(VisibleQuerySet):
    def firewalled(self):
        return self.filter(is_firewalled=True)

    # Programs of alliances the user sees, minus firewalled ones they are not listed on.
    visibility = dict(alliance="alliance", program="pk")


class Program(VersionedModel, Linked, Named):
    """One compound, target or indication worked on under an alliance."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(max_length=200)
    compound = models.CharField(
        max_length=100, blank=True, help_text=_("Compound code, e.g. MRD-4412.")
    )
    target = models.CharField(
        max_length=100, blank=True, help_text=_("Biological target, e.g. KRAS G12C.")
    )
    indication = models.CharField(max_length=200, blank=True)
    modality = models.CharField(
        max_length=20, choices=Modality.choices, default=Modality.SMALL_MOLECULE
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.DISCOVERY)
    therapeutic_area = models.ForeignKey(
        TherapeuticArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
    )
    is_firewalled = models.BooleanField(
        _("firewalled"),
        default=False,
        help_text=_("Segregated to protect IP: only the people listed may see it."),
    )
    firewall_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="firewalled_programs",
        verbose_name=_("people cleared for this program"),
    )

    objects = ProgramQuerySet.as_manager()

    detail_url = "portfolio:program_detail"

    class Meta:
        ordering = ["alliance__name", "name"]
        constraints = [
            # Unique among the alliance's open programs only: a firewalled program's name is
            # itself a secret, so a clash with one must not be refused for everyone (that
            # would tell the uncleared it exists). The actions also refuse a clash with any
            # program the actor can see (programs.unique_name_among_visible).
            models.UniqueConstraint(
                "alliance",
                Lower("name"),
                condition=Q(is_firewalled=False),
                name="program_unique_name_per_alliance",
            ),
        ]
        indexes = [
            models.Index(fields=["alliance", "is_firewalled"]),
            # The few firewalled programs, found without reading all the programs: every
            # scoped query asks which of them the viewer is not cleared for.
            models.Index(fields=["id"], condition=Q(is_firewalled=True), name="program_firewalled"),
        ]

    def validate_constraints(self, exclude=None):
        if self.alliance_id and self.name and not self.is_firewalled:
            clash = Program.objects.filter(
                alliance_id=self.alliance_id, name__iexact=self.name, is_firewalled=False
            )
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"name": f"This alliance already has a program named “{self.name}”."}
                )
        super().validate_constraints(exclude=exclude)
