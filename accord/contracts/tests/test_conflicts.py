"""Conflict checks across contracts, with the reason, and the firewall respected."""

import datetime as dt

from accord.contracts import conflicts, services
from accord.contracts.conflicts import Scope
from accord.portfolio.models import Territory, TherapeuticArea

from . import factories


def kestrel_exclusivity(world, **kwargs):
    """Alliance B's agreement binds us: no KRAS G12D work in oncology outside it, in the EU."""
    agreement = factories.agreement(world.alliance_b, title="Polaris licence")
    values = dict(
        territories=[Territory.objects.get(code="EU")], targets="KRAS G12D", fields="Oncology"
    )
    values.update(kwargs)
    return factories.restriction(
        agreement, title="Exclusivity on KRAS G12D", section="§ 2.6", **values
    )


def oncology(program):
    program.therapeutic_area = TherapeuticArea.objects.get(name="Oncology")
    program.save()


def test_a_program_in_another_alliance_runs_into_the_restriction_with_reasons(world):
    restriction = kestrel_exclusivity(world)
    world.alliance_a.territories.set([Territory.objects.get(code="DE")])
    oncology(world.program_a2)
    found = services.program_conflicts(world.program_a2)
    assert [o.restriction for o in found] == [restriction]
    assert found[0].reasons == [
        "target: KRAS G12D",
        "mechanism: the restriction covers any mechanism",
        "field / indication: Oncology",
        "territory: European Union overlaps Germany",
        "period: in force 2024-01-15 to open-ended",
    ]
    assert services.program_conflicts(world.program_a1) == []  # HER3


def test_no_conflict_outside_the_territory_the_field_or_the_period(world):
    kestrel_exclusivity(world, ends_on=dt.date(2025, 1, 1))
    oncology(world.program_a2)
    world.alliance_a.territories.set([Territory.objects.get(code="DE")])
    assert services.program_conflicts(world.program_a2) == []  # the restriction has ended
    kestrel_exclusivity(world, fields="Immunology")
    assert services.program_conflicts(world.program_a2) == []
    kestrel_exclusivity(world, territories=[Territory.objects.get(code="JP")])
    assert services.program_conflicts(world.program_a2) == []
    hit = kestrel_exclusivity(world, territories=[Territory.objects.get(code="WW")])
    assert [o.restriction for o in services.program_conflicts(world.program_a2)] == [hit]


def test_restrictions_of_the_programs_own_alliance_and_partner_only_ones_do_not_count(world):
    agreement = factories.agreement(world.alliance_a)
    factories.restriction(agreement, targets="KRAS G12D", fields="")
    factories.restriction(
        factories.agreement(world.alliance_b), targets="KRAS G12D", fields="", bound="partner"
    )
    assert services.program_conflicts(world.program_a2) == []


def test_a_target_family_covers_its_members_and_question_marks_match_anything(world):
    restriction = kestrel_exclusivity(world, targets="KRAS", fields="", territories=[])
    scope = Scope(
        targets=["KRAS G12D (intracellular)"], starts=dt.date(2026, 1, 1), ends=dt.date(2026, 1, 1)
    )
    [overlap] = conflicts.find_overlaps(scope)
    assert overlap.restriction == restriction
    assert overlap.reasons[0] == "target: KRAS covers KRAS G12D (intracellular)"
    assert overlap.reasons[3] == "territory: the restriction applies everywhere"
    assert conflicts.find_overlaps(Scope(targets=["HER3"])) == []


def test_a_new_restriction_shows_our_programs_elsewhere_but_hides_firewalled_ones(world):
    oncology(world.program_a2)
    restriction = kestrel_exclusivity(world)
    cleared = services.restriction_conflicts(restriction, world.manager_a)
    assert (cleared.programs, cleared.hidden_programs) == ([world.program_a2], 0)
    uncleared = services.restriction_conflicts(restriction, world.leader)
    assert (uncleared.programs, uncleared.hidden_programs) == ([], 1)


def test_may_we_answers_across_the_portfolio(world):
    restriction = kestrel_exclusivity(world)
    us = Territory.objects.get(code="FR")
    jp = Territory.objects.get(code="JP")
    on = dt.date(2026, 6, 1)
    answer = services.may_we(
        Scope(
            targets=["KRAS G12D"], fields=["Oncology"], territory_ids=[us.pk], starts=on, ends=on
        ),
        world.leader,
    )
    assert (answer.allowed, [o.restriction for o in answer.restrictions]) == (False, [restriction])
    answer = services.may_we(
        Scope(
            targets=["KRAS G12D"], fields=["Oncology"], territory_ids=[jp.pk], starts=on, ends=on
        ),
        world.leader,
    )
    assert answer.allowed
    before = services.may_we(
        Scope(
            targets=["KRAS G12D"],
            territory_ids=[us.pk],
            starts=dt.date(2023, 1, 1),
            ends=dt.date(2023, 1, 1),
        ),
        world.leader,
    )
    assert before.allowed


def test_a_right_granted_into_a_restricted_scope_conflicts(world):
    restriction = kestrel_exclusivity(world)
    agreement = factories.agreement(world.alliance_a)
    licence = factories.right(
        agreement,
        kind="licence",
        targets="KRAS G12D",
        fields="Pancreatic cancer; Oncology",
        territories=[Territory.objects.get(code="JP"), Territory.objects.get(code="DE")],
    )
    [overlap] = services.right_conflicts(licence)
    assert overlap.restriction == restriction
    assert overlap.reasons[3] == "territory: European Union overlaps Germany"
    assert [subject for subject, _ in services.agreement_conflicts(agreement, world.leader)] == [
        licence
    ]


def test_an_answer_cut_for_the_page_is_the_head_of_the_whole_answer_with_the_same_counts(world):
    """The page asks for the first `shown` only (reading the rest would be waste): what it gets
    is exactly the start of the whole answer, in the same order, and the same totals."""
    first = kestrel_exclusivity(world)
    second = kestrel_exclusivity(world, mechanisms="Small molecule")
    for program in (world.program_a1, world.program_b1):
        program.target = "KRAS G12D"
        program.save()
    scope = Scope(targets=["KRAS G12D"], starts=dt.date(2026, 6, 1), ends=dt.date(2026, 6, 1))
    whole = services.may_we(scope, world.leader)
    cut = services.may_we(scope, world.leader, shown=1)
    assert {o.restriction for o in whole.restrictions} == {first, second}
    assert len(whole.programs) >= 2
    assert (
        [o.restriction for o in cut.restrictions],
        [o.reasons for o in cut.restrictions],
        cut.programs,
        cut.restriction_count,
        cut.program_count,
        cut.allowed,
    ) == (
        [whole.restrictions[0].restriction],
        [whole.restrictions[0].reasons],
        whole.programs[:1],
        len(whole.restrictions),
        len(whole.programs),
        False,
    )
