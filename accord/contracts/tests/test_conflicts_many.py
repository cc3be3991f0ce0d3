"""The alliance overview's conflict panel checks every program at once: the same answers as the
one-program check, and the same number of queries for one program or ten."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.contracts import conflicts, panels, services
from accord.portfolio.models import Program, Territory, TherapeuticArea
from accord.portfolio.tests.factories import AllianceFactory, ProgramFactory

from . import factories

TARGETS = ["KRAS G12D", "KRAS", "HER3", "", "CDH6", "KRAS G12C (intracellular)", "HER2"]
MODALITIES = ["small_molecule", "antibody", "adc", "rna"]


@pytest.fixture
def restricted(world):
    """Several agreements of other alliances restricting targets, fields, mechanisms, places."""
    eu, de, jp, ww = (Territory.objects.get(code=c) for c in ("EU", "DE", "JP", "WW"))
    world.alliance_a.territories.set([de, jp])
    b = factories.agreement(world.alliance_b, title="Polaris licence")
    other = factories.agreement(AllianceFactory(name="Heron"), title="Heron option")
    factories.restriction(b, title="KRAS G12D in oncology, EU", territories=[eu])
    factories.restriction(b, title="KRAS family anywhere", targets="KRAS", fields="")
    factories.restriction(
        b, title="HER3 antibodies", targets="HER3", fields="", mechanisms="Antibody"
    )
    factories.restriction(other, title="Any target, Japan", targets="", territories=[jp])
    factories.restriction(other, title="CDH6 in immunology", targets="CDH6", fields="Immunology")
    factories.restriction(
        other, title="Ended", targets="HER2", fields="", ends_on=dt.date(2025, 1, 1)
    )
    factories.restriction(other, title="Partner only", targets="HER2", fields="", bound="partner")
    factories.restriction(other, title="US only", targets="HER2", fields="", territories=[ww])
    return world


def add_programs(alliance, count):
    oncology = TherapeuticArea.objects.get(name="Oncology")
    for n in range(count):
        ProgramFactory(
            alliance=alliance,
            target=TARGETS[n % len(TARGETS)],
            modality=MODALITIES[n % len(MODALITIES)],
            indication="" if n % 3 == 0 else "Non-small cell lung cancer",
            therapeutic_area=oncology if n % 2 else None,
        )


def test_all_programs_at_once_equal_one_by_one(restricted):
    add_programs(restricted.alliance_a, 14)
    programs = list(
        Program.objects.filter(alliance=restricted.alliance_a).select_related(
            "alliance", "therapeutic_area"
        )
    )
    batch = conflicts.programs_overlaps(programs, on=timezone.localdate())
    one_by_one = {p.pk: services.program_conflicts(p) for p in programs}
    as_rows = lambda found: {  # noqa: E731
        pk: [(o.restriction.pk, o.reasons) for o in overlaps] for pk, overlaps in found.items()
    }
    assert as_rows(batch) == as_rows(one_by_one)
    assert sum(1 for overlaps in batch.values() if overlaps) >= 5  # most rules are exercised
    assert any(not overlaps for overlaps in batch.values())


def panel_queries(alliance, user):
    with CaptureQueriesContext(connection) as queries:
        context = panels.alliance_conflicts(alliance, user)
    return len(queries), context


def test_the_panel_costs_the_same_for_one_program_or_ten(restricted):
    one = AllianceFactory(name="One program")
    ten = AllianceFactory(name="Ten programs")
    for alliance in (one, ten):
        alliance.territories.set([Territory.objects.get(code="DE")])
    add_programs(one, 1)
    add_programs(ten, 10)
    one_count, one_context = panel_queries(one, restricted.leader)
    ten_count, ten_context = panel_queries(ten, restricted.leader)
    assert len(one_context["program_conflicts"]) == 1  # KRAS G12D in DE meets the EU restriction
    assert len(ten_context["program_conflicts"]) > 1
    assert one_count == ten_count
