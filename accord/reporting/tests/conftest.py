"""Generated portfolios for the dashboard's tests: alliances of every tier, type and stage with
decisions, issues, milestones, obligations and risks around "today", some of them on the
firewalled program A2 of the shared world (accord/conftest.py)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from accord.contracts.tests import factories as contracts
from accord.governance.models import Decision, Issue, Risk
from accord.portfolio.models import AllianceType, MemberRole, Stage, TherapeuticArea
from accord.portfolio.tests.factories import AllianceFactory, MemberFactory

DECISION_STATUSES = ["raised", "proposed", "deferred", "escalated", "decided"]
ISSUE_STATUSES = ["open", "escalated", "resolved", "closed"]


def generate(world, n: int, seed: int = 7) -> list:
    """`n` alliances beyond the world's two, with records of every kind the dashboard counts."""
    rng = random.Random(seed)
    today = timezone.localdate()
    # Created if missing: transactional tests (e2e) run after the reference data is flushed.
    names = ("Oncology", "Immunology", "Neuroscience", "Cardiovascular", "Rare diseases")
    areas = [TherapeuticArea.objects.get_or_create(name=name)[0] for name in names]
    managers = [world.manager_a, world.manager_b, world.contributor]
    alliances = []
    for index in range(n):
        alliance = AllianceFactory(
            name=f"Generated {index:03d}",
            tier=rng.choice([1, 2, 3]),
            alliance_type=rng.choice(AllianceType.values[:5]),
            stage=rng.choice(Stage.values[1:]),
        )
        alliance.therapeutic_areas.set(rng.sample(areas, rng.randint(0, 2)))
        if rng.random() < 0.7:
            MemberFactory(
                alliance=alliance,
                user=rng.choice(managers),
                role=rng.choice([MemberRole.ALLIANCE_MANAGER, MemberRole.DESIGNATED_PERSON]),
                allocation_pct=rng.choice([50, 100]),
            )
        alliances.append(alliance)
    for alliance in [world.alliance_a, world.alliance_b, *alliances]:
        records(world, alliance, rng, today)
    return alliances


def records(world, alliance, rng, today, program=None):
    suffix = f" / {program.name}" if program else ""
    day = lambda low, high: today + dt.timedelta(days=rng.randint(low, high))  # noqa: E731
    for _ in range(2):
        Decision.objects.create(
            alliance=alliance,
            program=program,
            title=f"Decision for {alliance.name}{suffix}",
            area="development",
            status=rng.choice(DECISION_STATUSES),
            raised_on=today - dt.timedelta(days=120),
            due_on=day(-20, 120) if rng.random() < 0.8 else None,
        )
        Issue.objects.create(
            alliance=alliance,
            program=program,
            title=f"Issue for {alliance.name}{suffix}",
            area="commercial",
            status=rng.choice(ISSUE_STATUSES),
            raised_on=today - dt.timedelta(days=30),
        )
    Risk.objects.create(
        alliance=alliance,
        program=program,
        title=f"Risk for {alliance.name}{suffix}",
        area="development",
        likelihood=rng.randint(1, 5),
        impact=rng.randint(1, 5),
        owner=world.manager_a,
        review_on=today,
    )
    agreement = contracts.agreement(
        alliance, actor=world.leader, title=f"{alliance.name} {rng.random():.6f}"
    )
    for _ in range(2):
        achieved = rng.random() < 0.3
        contracts.milestone(
            agreement,
            actor=world.leader,
            program=program,
            forecast_date=day(-30, 130),
            achieved_on=today - dt.timedelta(days=3) if achieved else None,
        )
        contracts.obligation(
            agreement,
            actor=world.leader,
            program=program,
            category=rng.choice(["notification", "reporting"]),
            due_on=day(-40, 130),
        )
    return agreement


@pytest.fixture
def portfolio(world):
    alliances = generate(world, 8)
    # What only the people cleared for A2 may count.
    records(
        world, world.alliance_a, random.Random(3), timezone.localdate(), program=world.program_a2
    )
    return alliances


@pytest.fixture
def files_root(settings, tmp_path):
    """Stored files (packs, imports) go to a temporary folder."""
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
