"""A charter's meeting cadence lives in the register; meeting packs list the register's dates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.conftest import login
from accord.contracts import actions
from accord.contracts.models import Category, DueRule, Obligation, Period, State
from accord.contracts.tests.factories import agreement, obligation
from accord.governance import actions as governance
from accord.governance.hooks import key_dates


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
        Period.YEAR,
    )
    assert obligation.section == "Collaboration Agreement § 3.2"
    assert obligation.title == "Joint Steering Committee meets at least twice a year"
    # No meeting recorded: its first year (2025) is the one still to fulfil.
    assert obligation.due_date == dt.date(2025, 12, 31)


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
        Period.YEAR,
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


@pytest.mark.parametrize("per_year", [1, 2, 3, 4, 6, 12])
def test_every_cadence_is_judged_per_calendar_year_as_the_governance_pages_judge_it(
    world, per_year
):
    assert cadence_obligation(jsc(world, meetings_per_year=per_year)).recur_period == Period.YEAR


def test_changing_or_dropping_the_cadence_follows_in_the_register(world):
    committee = jsc(world)
    governance.committee_update(
        actor=world.manager_a, committee=committee, data={"meetings_per_year": 4}
    )
    assert (
        cadence_obligation(committee).title == "Joint Steering Committee meets at least quarterly"
    )
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
        "start": dt.date(2025, 12, 1),
        "end": dt.date(2026, 1, 31),
    }
    internal = key_dates(user=world.manager_a, shared=False, **window)
    assert [(k.date, k.source) for k in internal if k.source == "contracts"] == [
        (dt.date(2025, 12, 31), "contracts")
    ]
    assert [
        k for k in key_dates(user=world.manager_a, shared=True, **window) if k.source == "contracts"
    ] == []
    assert [
        k
        for k in key_dates(user=world.partner_a, shared=False, **window)
        if k.source == "contracts"
    ] == []


# --- One source of truth: the meetings held fulfil the cadence --------------------------------


def held(world, committee, day: dt.date):
    meeting = governance.meeting_schedule(
        actor=world.manager_a,
        committee=committee,
        data={
            "starts_at": timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
            "modality": "virtual",
        },
    )
    return governance.meeting_mark_held(actor=world.manager_a, meeting=meeting, attended=[])


def overdue_ids(user) -> list[int]:
    """The obligations list's "overdue" filter, as the page shows it."""
    response = login(user).get("/contracts/obligations/?status=overdue")
    return sorted(o.pk for o in response.context["page"].object_list)


def test_the_cadence_is_fulfilled_by_the_meetings_held_and_the_pages_agree(world):
    today = timezone.localdate()
    last_year = today.year - 1
    committee = jsc(world, established_on=dt.date(last_year, 1, 1))
    obligation = cadence_obligation(committee)
    held(world, committee, dt.date(last_year, 3, 10))
    obligation.refresh_from_db()
    # Last year needed two meetings and had one: overdue since its end, in every place.
    assert (obligation.due_date, obligation.status_at()) == (
        dt.date(last_year, 12, 31),
        "overdue",
    )
    assert overdue_ids(world.manager_a) == [obligation.pk]
    page = login(world.manager_a).get(f"/alliances/{world.alliance_a.pk}/governance/")
    assert f"missed {last_year}: 1 of 2" in page.content.decode()
    # The second meeting is recorded: last year is met by it, this year is the one due.
    second = held(world, committee, dt.date(last_year, 10, 1))
    obligation.refresh_from_db()
    assert (obligation.due_date, obligation.completed_on) == (
        dt.date(today.year, 12, 31),
        dt.date(last_year, 10, 1),
    )
    assert obligation.status_at() != "overdue"
    assert [(c.period_end, c.completed_on, c.evidence) for c in obligation.completions.all()] == [
        (
            dt.date(last_year, 12, 31),
            dt.date(last_year, 10, 1),
            f"2 of 2 meeting(s) held in {last_year}.",
        )
    ]
    assert overdue_ids(world.manager_a) == []
    page = login(world.manager_a).get(f"/alliances/{world.alliance_a.pk}/governance/")
    assert "missed" not in page.content.decode()
    assert second.status == "held"


def test_a_cadence_obligation_is_not_completed_by_hand(world):
    obligation = cadence_obligation(jsc(world))
    before = (obligation.due_date, obligation.completions.count(), obligation.version)
    with pytest.raises(ValidationError) as error:
        actions.obligation_complete(
            actor=world.manager_a,
            obligation=obligation,
            completed_on=timezone.localdate(),
            evidence="We met",
        )
    assert list(error.value.message_dict) == ["completed_on"]
    page = login(world.manager_a).get(obligation.get_absolute_url()).content.decode()
    assert "Fulfilled by meetings" in page and "Record as done" not in page
    obligation.refresh_from_db()
    assert (obligation.due_date, obligation.completions.count(), obligation.version) == before


def test_a_cadence_clause_typed_in_first_is_taken_over_not_doubled(world):
    contract = agreement(world.alliance_a, actor=world.manager_a)
    typed = obligation(
        contract,
        actor=world.manager_a,
        title="JSC meets at least twice a year",
        section="§ 3.2(c)",
        category=Category.GOVERNANCE,
        rule="recurring",
        recur_period="half_year",
        recur_offset_days=0,
        recur_start=contract.effective_date,
        due_on=None,
    )
    committee = jsc(world)
    assert Obligation.objects.filter(category=Category.GOVERNANCE).count() == 1
    adopted = cadence_obligation(committee)
    assert (adopted.pk, adopted.recur_period) == (typed.pk, Period.YEAR)


def test_a_second_obligation_for_a_body_with_a_cadence_is_refused(world):
    contract = agreement(world.alliance_a, actor=world.manager_a)
    committee = jsc(world)
    count = Obligation.objects.count()
    for title in ("JSC meets at least twice a year", "Joint Steering Committee meets twice"):
        with pytest.raises(ValidationError) as error:
            obligation(
                contract,
                actor=world.manager_a,
                title=title,
                category=Category.GOVERNANCE,
            )
        assert error.value.message_dict == {
            "title": [
                f"“{cadence_obligation(committee).title}” is already in the register, kept by "
                "the meetings recorded for that body: change its cadence in the body's charter."
            ]
        }
    assert Obligation.objects.count() == count
    # Other governance duties of the alliance are not about that body: they are kept.
    obligation(
        contract,
        actor=world.manager_a,
        title="Annual alliance review",
        category=Category.GOVERNANCE,
    )
    assert Obligation.objects.count() == count + 1
