import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, StoredFile, Titled, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance, Company, Program, Territory

from .agreements import Agreement, DefinedTerm
from .common import Party, RegisterQuerySet, split_values

# --- Milestones -----------------------------------------------------------------------------


class MilestoneKind(models.TextChoices):
    DEVELOPMENT = "development", _("Development")
    REGULATORY = "regulatory", _("Regulatory")
    COMMERCIAL = "commercial", _("Commercial (sales threshold)")


class AmountStatus(models.TextChoices):
    KNOWN = "known", _("Known")
    REDACTED = "redacted", _("Redacted")
    UNKNOWN = "unknown", _("Unknown")


class PaymentStatus(models.TextChoices):
    FORECAST = "forecast", _("Forecast")
    ACHIEVED = "achieved", _("Achieved")
    INVOICED = "invoiced", _("Invoiced")
    PAID = "paid", _("Paid")
    DISPUTED = "disputed", _("Disputed")


def validate_currency(value: str) -> None:
    if value and not re.fullmatch(r"[A-Z]{3}", value):
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code (e.g. USD, EUR, JPY).")
            % {"value": value}
        )


class MilestoneQuerySet(RegisterQuerySet):
    def with_payment_status(self):
        return self.annotate(
            payment_status=Case(
                When(disputed=True, then=Value(PaymentStatus.DISPUTED)),
                When(paid_on__isnull=False, then=Value(PaymentStatus.PAID)),
                When(invoiced_on__isnull=False, then=Value(PaymentStatus.INVOICED)),
                When(achieved_on__isnull=False, then=Value(PaymentStatus.ACHIEVED)),
                default=Value(PaymentStatus.FORECAST),
                output_field=models.CharField(),
            )
        )

    def paid(self):
        """Realised payments: paid milestones with their amount, currency and date."""
        return self.filter(paid_on__isnull=False, paid_amount__isnull=False)

    def paid_between(self, start: dt.date | None = None, end: dt.date | None = None):
        qs = self.paid()
        if start:
            qs = qs.filter(paid_on__gte=start)
        if end:
            qs = qs.filter(paid_on__lte=end)
        return qs

    def with_list_data(self):
        return self.select_related("alliance", "agreement", "program", "payer", "payee")

    def mine(self, who):
        """Milestones of the alliances `who` runs (a person, or a queryset of people): the
        milestone list's "Mine" filter and My week both use this."""
        return self.filter(alliance__in=Alliance.objects.managed_by(who).values("pk"))

    def expected(self):
        """Not achieved yet: still to watch for."""
        return self.filter(achieved_on__isnull=True, paid_on__isnull=True)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(definition__icontains=text))


class Milestone(VersionedModel, Linked, Titled):
    """A development, regulatory or sales event that triggers a payment between the partners."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="milestones")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(max_length=12, choices=MilestoneKind.choices)
    title = models.CharField(max_length=250)
    definition = models.TextField(help_text=_("The milestone event as the agreement words it."))
    defined_terms = models.ManyToManyField(DefinedTerm, blank=True, related_name="milestones")
    section = models.CharField(max_length=60)
    trigger_event = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("Recording this event marks the milestone achieved."),
    )
    sales_threshold = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    threshold_currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    amount_status = models.CharField(
        max_length=10, choices=AmountStatus.choices, default=AmountStatus.KNOWN
    )
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    payer = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    payee = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    forecast_date = models.DateField(null=True, blank=True)
    achieved_on = models.DateField(null=True, blank=True)
    invoiced_on = models.DateField(null=True, blank=True)
    invoiced_amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    paid_currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    disputed = models.BooleanField(default=False)
    dispute_reason = models.TextField(blank=True)
    # Set by the one-step actions (actions.milestone_mark_achieved / milestone_mark_slipped).
    achieved_evidence = models.TextField(blank=True, editable=False)
    achieved_evidence_url = models.URLField(max_length=500, blank=True, editable=False)
    achieved_evidence_file = models.ForeignKey(
        StoredFile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    slipped_on = models.DateField(null=True, blank=True, editable=False)
    slip_reason = models.TextField(blank=True, editable=False)

    objects = MilestoneQuerySet.as_manager()

    detail_url = "contracts:milestone_detail"

    class Meta:
        ordering = ["forecast_date", "pk"]
        indexes = [
            models.Index(fields=["alliance", "paid_on"]),
            models.Index(fields=["paid_on"]),
            models.Index(fields=["forecast_date"]),
            models.Index(fields=["alliance", "trigger_event"]),
            # Milestones still expected (My week, the dashboard): a few among many.
            models.Index(
                fields=["forecast_date"],
                condition=Q(achieved_on__isnull=True, paid_on__isnull=True),
                name="milestone_expected",
            ),
        ]

    @property
    def payment_state(self) -> str:
        if self.disputed:
            return PaymentStatus.DISPUTED
        if self.paid_on:
            return PaymentStatus.PAID
        if self.invoiced_on:
            return PaymentStatus.INVOICED
        if self.achieved_on:
            return PaymentStatus.ACHIEVED
        return PaymentStatus.FORECAST

    def get_payment_state_display(self) -> str:
        return str(PaymentStatus(self.payment_state).label)

    def clean(self):
        super().clean()
        errors = {}
        if self.amount_status == AmountStatus.KNOWN:
            if self.amount is None:
                errors["amount"] = _("Give the amount, or mark it redacted or unknown.")
            if not self.currency:
                errors["currency"] = _("Give the currency of the amount (e.g. USD).")
        elif self.amount is not None:
            errors["amount"] = {
                AmountStatus.REDACTED: _("The amount is marked redacted: leave it empty."),
                AmountStatus.UNKNOWN: _("The amount is marked unknown: leave it empty."),
            }.get(self.amount_status, _("Leave the amount empty."))
        for field in ("amount", "invoiced_amount", "paid_amount", "sales_threshold"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("Must not be negative.")
        if self.sales_threshold is not None and not self.threshold_currency:
            errors["threshold_currency"] = _("Give the currency of the sales threshold.")
        if self.payer_id and self.payer_id == self.payee_id:
            errors["payee"] = _("The payee must differ from the payer.")
        if self.invoiced_on and not self.achieved_on:
            errors["invoiced_on"] = _(
                "A milestone is invoiced only once achieved: give the achieved date."
            )
        if self.paid_on and not self.achieved_on:
            errors["paid_on"] = _("A milestone is paid only once achieved: give the achieved date.")
        if self.paid_on and self.achieved_on and self.paid_on < self.achieved_on:
            errors["paid_on"] = _("The payment date is before the milestone was achieved.")
        if self.paid_amount is not None and not self.paid_on:
            errors["paid_on"] = _("Give the date the amount was paid.")
        if self.paid_on and self.paid_amount is None:
            errors["paid_amount"] = _("Give the amount paid.")
        if self.paid_amount is not None and not (self.paid_currency or self.currency):
            errors["paid_currency"] = _("Give the currency of the payment.")
        if self.disputed and not self.dispute_reason.strip():
            errors["dispute_reason"] = _("Say what is disputed.")
        if errors:
            raise ValidationError(errors)


# --- Rights ---------------------------------------------------------------------------------


class RightKind(models.TextChoices):
    LICENCE = "licence", _("Licence grant")
    OPTION = "option", _("Option")
    OPT_IN = "opt_in", _("Opt-in")
    OPT_OUT = "opt_out", _("Opt-out")
    ROFN = "rofn", _("Right of first negotiation")
    ROFR = "rofr", _("Right of first refusal")
    TARGET_RESERVATION = "target_reservation", _("Target reservation")


class Exclusivity(models.TextChoices):
    EXCLUSIVE = "exclusive", _("Exclusive")
    CO_EXCLUSIVE = "co_exclusive", _("Co-exclusive")
    NON_EXCLUSIVE = "non_exclusive", _("Non-exclusive")
    NOT_APPLICABLE = "n/a", _("Not applicable")


class RightState(models.TextChoices):
    AVAILABLE = "available", _("Available (not exercised)")
    EXERCISED = "exercised", _("Exercised / in use")
    LAPSED = "lapsed", _("Lapsed unused")
    WAIVED = "waived", _("Waived")
    RETURNED = "returned", _("Returned")
    TERMINATED = "terminated", _("Terminated")


# Rights that are held rather than used: an option not exercised is "unused".
EXERCISABLE = (
    RightKind.OPTION,
    RightKind.OPT_IN,
    RightKind.OPT_OUT,
    RightKind.ROFN,
    RightKind.ROFR,
    RightKind.TARGET_RESERVATION,
)


class RightQuerySet(RegisterQuerySet):
    def unused(self, today: dt.date, *, lapsed_within_days: int = 365):
        """Rights nobody has used: open ones, and those that lapsed unused within the last year."""
        return self.filter(state=RightState.AVAILABLE, kind__in=EXERCISABLE).filter(
            Q(window_closes__isnull=True)
            | Q(window_closes__gte=today - dt.timedelta(days=lapsed_within_days))
        )

    def with_list_data(self):
        return self.select_related("alliance", "agreement", "program").prefetch_related(
            "territories"
        )

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(targets__icontains=text) | Q(fields__icontains=text)
        )


class ScopeMixin(models.Model):
    """What a right or restriction covers: targets, mechanisms, fields, territories and dates."""

    targets = models.TextField(
        blank=True, help_text=_("One per line or separated by ;. Empty: any.")
    )
    mechanisms = models.TextField(
        blank=True, help_text=_("e.g. small molecule; antibody. Empty: any.")
    )
    fields = models.TextField(
        _("fields / indications"),
        blank=True,
        help_text=_("e.g. Oncology; Pancreatic cancer. Empty: any."),
    )

    class Meta:
        abstract = True

    def target_list(self) -> list[str]:
        return split_values(self.targets)

    def mechanism_list(self) -> list[str]:
        return split_values(self.mechanisms)

    def field_list(self) -> list[str]:
        return split_values(self.fields)


class Right(ScopeMixin, VersionedModel, Linked, Titled):  # noqa: DJ008 (Titled gives __str__)
    """A right one party holds: a licence, an option, opt-in/out, ROFN/ROFR, a target reservation."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="contract_rights")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="rights")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="contract_rights"
    )
    kind = models.CharField(max_length=20, choices=RightKind.choices)
    holder = models.CharField(max_length=10, choices=Party.choices, default=Party.US)
    title = models.CharField(max_length=250)
    section = models.CharField(max_length=60)
    clause_text = models.TextField(blank=True)
    exclusivity = models.CharField(
        max_length=15, choices=Exclusivity.choices, default=Exclusivity.NOT_APPLICABLE
    )
    territories = models.ManyToManyField(Territory, blank=True, related_name="+")
    window_opens = models.DateField(_("window opens"), null=True, blank=True)
    window_closes = models.DateField(
        _("window closes / expires"),
        null=True,
        blank=True,
        help_text=_("When the option or reservation lapses."),
    )
    state = models.CharField(
        max_length=12, choices=RightState.choices, default=RightState.AVAILABLE
    )
    exercised_on = models.DateField(null=True, blank=True)
    state_reason = models.TextField(blank=True)

    objects = RightQuerySet.as_manager()

    detail_url = "contracts:right_detail"

    class Meta:
        ordering = ["window_closes", "pk"]
        indexes = [models.Index(fields=["state", "window_closes"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.window_opens and self.window_closes and self.window_closes < self.window_opens:
            errors["window_closes"] = _("The window closes before it opens.")
        if (
            self.state == RightState.EXERCISED
            and not self.exercised_on
            and self.kind in EXERCISABLE
        ):
            errors["exercised_on"] = _("Give the date the right was exercised.")
        if self.exercised_on and self.window_opens and self.exercised_on < self.window_opens:
            errors["exercised_on"] = _("Exercised before its window opened.")
        if self.state in (RightState.WAIVED, RightState.RETURNED, RightState.TERMINATED) and not (
            self.state_reason.strip()
        ):
            errors["state_reason"] = {
                RightState.WAIVED: _("Give a reason the right was waived."),
                RightState.RETURNED: _("Give a reason the right was returned."),
                RightState.TERMINATED: _("Give a reason the right was terminated."),
            }[self.state]
        if errors:
            raise ValidationError(errors)


# --- Restrictions ---------------------------------------------------------------------------


class RestrictionKind(models.TextChoices):
    EXCLUSIVITY = "exclusivity", _("Exclusivity")
    NON_COMPETE = "non_compete", _("Non-compete")


class RestrictionState(models.TextChoices):
    ACTIVE = "active", _("In force")
    WAIVED = "waived", _("Waived")
    TERMINATED = "terminated", _("Terminated")


class RestrictionQuerySet(VisibleQuerySet):
    # A restriction binds a company, not a program: it is scoped by its alliance only.
    visibility = dict(internal_only=True)

    def in_force(self):
        return self.filter(state=RestrictionState.ACTIVE)

    def with_list_data(self):
        return self.select_related("alliance", "agreement").prefetch_related("territories")


class Restriction(ScopeMixin, VersionedModel, Linked, Titled):  # noqa: DJ008 (Titled gives __str__)
    """An exclusivity or non-compete: what a party may not do outside this alliance, where, until when."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="restrictions")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="restrictions")
    kind = models.CharField(max_length=15, choices=RestrictionKind.choices)
    bound = models.CharField(
        _("who is bound"),
        max_length=10,
        choices=Party.choices,
        default=Party.US,
        help_text=_("Us: our other work must stay clear of it. Joint: both parties."),
    )
    title = models.CharField(max_length=250)
    section = models.CharField(max_length=60)
    clause_text = models.TextField(blank=True)
    territories = models.ManyToManyField(Territory, blank=True, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=12, choices=RestrictionState.choices, default=RestrictionState.ACTIVE
    )
    state_reason = models.TextField(blank=True)
    # Denormalised by the actions from the scope rows, so "any target" needs no join.
    any_target = models.BooleanField(default=True, editable=False)
    any_mechanism = models.BooleanField(default=True, editable=False)
    any_field = models.BooleanField(default=True, editable=False)
    any_territory = models.BooleanField(default=True, editable=False)

    objects = RestrictionQuerySet.as_manager()

    detail_url = "contracts:restriction_detail"

    class Meta:
        ordering = ["starts_on", "pk"]
        # The conflict check reaches restrictions through their scope rows (by primary key);
        # the few that cover any value of a dimension are found through these.
        indexes = [
            models.Index(fields=["any_target", "state"]),
            models.Index(fields=["any_field", "state"]),
            models.Index(fields=["any_mechanism", "state"]),
            models.Index(fields=["any_territory", "state"]),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The restriction ends before it starts.")
        if self.state != RestrictionState.ACTIVE and not self.state_reason.strip():
            errors["state_reason"] = {
                RestrictionState.WAIVED: _("Give a reason the restriction was waived."),
                RestrictionState.TERMINATED: _("Give a reason the restriction was terminated."),
            }.get(self.state, _("Give a reason for this state."))
        if errors:
            raise ValidationError(errors)


class Dimension(models.TextChoices):
    TARGET = "target", _("Target")
    MECHANISM = "mechanism", _("Mechanism")
    FIELD = "field", _("Field / indication")
    TERRITORY = "territory", _("Territory")


class RestrictionScope(models.Model):
    """One normalised value of a restriction's scope, indexed for the conflict check."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.CASCADE, related_name="scope_rows"
    )
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.CharField(max_length=150, blank=True)
    root = models.CharField(max_length=60, blank=True)
    territory = models.ForeignKey(
        Territory, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(max_length=150)

    class Meta:
        indexes = [
            models.Index(fields=["dimension", "key", "restriction"]),
            models.Index(fields=["dimension", "root", "restriction"]),
            models.Index(fields=["dimension", "territory", "restriction"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.label}"
