import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accord.contracts.models import Agreement, Milestone, Obligation, Restriction, Right
from accord.portfolio.models import Territory, TherapeuticArea

from . import factories


@dataclass
class Register:
    agreement_a: Agreement
    agreement_b: Agreement
    obligation_a: Obligation
    secret_obligation: Obligation
    obligation_b: Obligation
    milestone_a: Milestone
    right_a: Right
    restriction_b: Restriction


@pytest.fixture
def register(world) -> Register:
    """A register on both alliances: B's agreement restricts KRAS G12D in oncology, which A's
    firewalled program A2 works on."""
    today = timezone.localdate()
    oncology = TherapeuticArea.objects.get(name="Oncology")
    world.program_a2.therapeutic_area = oncology
    world.program_a2.save()
    world.alliance_a.territories.set([Territory.objects.get(code="WW")])
    a = factories.agreement(world.alliance_a, title="Kestrel collaboration agreement")
    b = factories.agreement(world.alliance_b, title="Polaris licence agreement")
    return Register(
        agreement_a=a,
        agreement_b=b,
        obligation_a=factories.obligation(
            a,
            title="Quarterly research report",
            owner=world.manager_a,
            due_on=today + dt.timedelta(days=5),
        ),
        secret_obligation=factories.obligation(
            a,
            title="Secret program update",
            program=world.program_a2,
            due_on=today - dt.timedelta(days=2),
        ),
        obligation_b=factories.obligation(
            b, title="Detail minimums report", due_on=today + dt.timedelta(days=40)
        ),
        milestone_a=factories.milestone(a, forecast_date=today + dt.timedelta(days=12)),
        right_a=factories.right(
            a, title="Option on CDH6 ADC", window_closes=today + dt.timedelta(days=20)
        ),
        restriction_b=factories.restriction(
            b, title="KRAS G12D exclusivity", territories=[Territory.objects.get(code="EU")]
        ),
    )
