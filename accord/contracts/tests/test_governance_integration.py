"""A charter's meeting cadence lives in the register; meeting packs list the register's dates."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.contracts.models import Category, DueRule, Obligation, Period, State
from accord.governance import actions as governance
from accord.governance.keydates import key_dates


def jsc(world, **data):
    values = {
        "name": "Joint Steering Committee",
        "kind": "jsc",
        "meetings_per_year": 2,
        "charter_reference": "Collaboration Agreement § 3.2",
        "established_on": dt.date(2025, 1, 1),
    }
    values.update(data)
    return governance.committee_create(
        actor=world.manager_a, alliance=world.alliance_a, data=values
    )


def cadence_obligation(committee):
    return Obligation.objects.get(source=f"governance.committee:{committee.pk}")


def test_a_charter_cadence_becomes_a_recurring_register_obligation(world):
    committee = jsc(world)
    obligation = cadence_obligation(committee)
    assert (obligation.alliance, obligation.category, obligation.rule, obligation.recur_period) == (
        world.alliance_a,
        Category.GOVERNANCE,
        DueRule.RECURRING,
        Period.HALF_YEAR,
    )
    assert obligation.section == "Collaboration Agreement § 3.2"
    assert obligation.title == "Joint Steering Committee meets at least twice a year"
    assert obligation.due_date == dt.date(2025, 6, 30)


def test_without_an_establishment_date_the_periods_count_from_the_alliance(world):
    committee = jsc(world, established_on=None)
    obligation = cadence_obligation(committee)
    assert obligation.recur_start == world.alliance_a.effective_date
    governance.committee_update(
        actor=world.manager_a, committee=committee, data={"meetings_per_year": 4}
    )
    obligation.refresh_from_db()
    assert (obligation.recur_start, obligation.recur_period) == (
        world.alliance_a.effective_date,
        Period.QUARTER,
    )


def test_an_alliance_without_an_effective_date_counts_from_the_day_it_was_recorded(world):
    world.alliance_b.effective_date = None
    world.alliance_b.stage = "pre_deal"
    world.alliance_b.save(update_fields=["effective_date", "stage"])
    committee = governance.committee_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"name": "JSC", "kind": "jsc", "meetings_per_year": 2},
    )
    assert cadence_obligation(committee).recur_start == timezone.localdate()


@pytest.mark.parametrize(
    ("per_year", "period"),
    [
        (1, Period.YEAR),
        (4, Period.QUARTER),
        (12, Period.MONTH),
        (3, Period.YEAR),
        (6, Period.YEAR),
    ],
)
def test_each_cadence_maps_to_a_period(world, per_year, period):
    assert cadence_obligation(jsc(world, meetings_per_year=per_year)).recur_period == period


def test_changing_or_dropping_the_cadence_follows_in_the_register(world):
    committee = jsc(world)
    governance.committee_update(
        actor=world.manager_a, committee=committee, data={"meetings_per_year": 4}
    )
    assert cadence_obligation(committee).recur_period == Period.QUARTER
    governance.committee_update(
        actor=world.manager_a, committee=committee, data={"meetings_per_year": None}
    )
    obligation = cadence_obligation(committee)
    assert (
        obligation.state,
        Obligation.objects.filter(source__startswith="governance.").count(),
    ) == (State.TERMINATED, 1)
    governance.committee_update(
        actor=world.manager_a, committee=committee, data={"meetings_per_year": 1}
    )
    assert (cadence_obligation(committee).state, cadence_obligation(committee).recur_period) == (
        State.OPEN,
        Period.YEAR,
    )


def test_internal_meeting_packs_list_register_dates_and_joint_packs_do_not(world):
    jsc(world)
    window = {
        "alliance": world.alliance_a,
        "start": dt.date(2025, 6, 1),
        "end": dt.date(2025, 7, 31),
    }
    internal = key_dates(user=world.manager_a, shared=False, **window)
    assert [(k.date, k.source) for k in internal if k.source == "contracts"] == [
        (dt.date(2025, 6, 30), "contracts")
    ]
    assert [
        k for k in key_dates(user=world.manager_a, shared=True, **window) if k.source == "contracts"
    ] == []
    assert [
        k
        for k in key_dates(user=world.partner_a, shared=False, **window)
        if k.source == "contracts"
    ] == []
