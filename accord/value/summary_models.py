"""Stored value summaries (see accord/value/summaries.py for how they are kept up to date)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.portfolio.models import Alliance, Program


def _money(verbose_name: str):
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=2, default=0)


class PerProgram(models.Model):
    """A stored row of an alliance's figures for one program (None: what is not tied to one),
    so that a firewalled program's amounts count only for the people cleared for it."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


class ValueSummary(PerProgram):
    """An alliance's value figures in the reporting currency, as of `as_of`, for one program
    (or, with no program, for everything not tied to a program): stored per program so that a
    firewalled program's amounts count only for the people cleared for it. Refreshed by the
    actions that change its inputs (a job), when a rate is recorded and by a daily job."""

    as_of = models.DateField()
    modelled = models.BooleanField(
        default=False, help_text=_("The alliance has an approved forecast.")
    )
    receipts_planned_to_date = _money("receipts planned to date")
    receipts_planned_total = _money("receipts planned, whole life")
    payments_planned_to_date = _money("payments planned to date")
    payments_planned_total = _money("payments planned, whole life")
    received_to_date = _money("received to date")
    paid_to_date = _money("paid to date")
    npv_signing = models.DecimalField(
        _("deal NPV at signing"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    npv_current = models.DecimalField(
        _("deal NPV, forecast in force"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    inflow_risk = _money("slipped inflows and their cost of delay")
    inflow_cost_of_delay = _money("cost of delay of slipped inflows")
    asset_cost_of_delay = _money("cost of delay of the asset (longest slip)")
    months_exclusivity_lost = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True
    )
    slipped = models.PositiveIntegerField(default=0)
    unconverted = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alliance", "program"], name="value_summary_once"),
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(program__isnull=True),
                name="value_summary_once_unscoped",
            ),
        ]

    def __str__(self) -> str:
        return f"Value summary of {self.alliance_id}/{self.program_id or '-'} on {self.as_of}"


def _exact_money(verbose_name: str):
    # Unrounded: an amount (cents) times a rate (8 places); rounded once a user's sum is made.
    return models.DecimalField(verbose_name, max_digits=30, decimal_places=10, default=0)


class ValueYear(PerProgram):
    """An alliance's value by calendar year for one program (or, with no program, for what is
    not tied to a program), in the reporting currency: the value tab's year table and chart.
    Kept with the ValueSummary rows (the same jobs, the same program scoping)."""

    year = models.PositiveSmallIntegerField()
    baseline_in = _exact_money("baseline inflows")
    baseline_out = _exact_money("baseline outflows")
    forecast_in = _exact_money("forecast inflows")
    forecast_out = _exact_money("forecast outflows")
    received = _exact_money("received")
    paid = _exact_money("paid")

    class Meta:
        indexes = [models.Index(fields=["alliance", "year"])]

    def __str__(self) -> str:
        return f"Value of {self.alliance_id}/{self.program_id or '-'} in {self.year}"
