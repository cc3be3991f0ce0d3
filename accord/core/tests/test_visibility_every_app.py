"""Property: every app's `visible_to` keeps the alliance and firewall rule (DEVELOPERS.md).

The authorization matrix's world (the personas, and one of every app's records, built through
the real actions) is made once; each example then draws who is who on top of it: each member of
staff's role, who is inactive, who is on which alliance's team and in which role, which programs
are firewalled and who is cleared for each. For every model with `visible_to` (found by walking
the apps' models), `Model.objects.visible_to(person)` must equal a plain-Python oracle of the
rule, applied to each row's own alliance and programs: nothing here asks the database who may
see what.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.visibility import built_once_per_request
from accord.people.models import Role, User
from accord.portfolio.models import (
    RESPONSIBLE_ROLES,
    Alliance,
    AllianceMember,
    AlliancePartner,
    Company,
    MemberRole,
    Program,
    Territory,
)

from .authz import targets

STAFF_ROLES = [Role.ADMIN, Role.LEADER, Role.MANAGER, Role.EXECUTIVE, Role.CONTRIBUTOR]


@dataclass
class Viewer:
    """One person as the oracle knows them, from the drawn world only."""

    pk: int
    company_id: int | None
    internal: bool
    active: bool
    role: str
    alliances: set = field(default_factory=set)  # on the team of
    runs: set = field(default_factory=set)  # alliance manager or designated person of
    governance: set = field(default_factory=set)  # on the team and seated on a body of


@dataclass
class Facts:
    """The drawn world: memberships, firewalls, clearances."""

    firewalled: set
    cleared: dict  # program pk -> {user pk}
    members: dict  # alliance pk -> {user pk}
    partners: dict  # alliance pk -> {company pk}
    seats: dict  # user pk -> {alliance pk} (current committee seats, fixed by the world)
    named_territories: dict  # alliance pk -> {territory pk}
    regions: dict  # territory pk -> {region pk}

    def clear(self, viewer: Viewer, program_id) -> bool:
        if program_id is None or program_id not in self.firewalled:
            return True
        return viewer.pk in self.cleared.get(program_id, set())


def get(obj, path: str):
    """`obj.a.b.c` for "a__b__c", None as soon as a link is empty."""
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


@dataclass(frozen=True)
class Rule:
    """What the oracle checks for one model (paths are Python attribute paths)."""

    internal_only: bool = False
    alliance: str | None = None  # the row's alliance id
    unallied: bool = False  # rows without an alliance exist (staff see them)
    programs: tuple[str, ...] = ()  # the row's program ids
    partner: Callable | None = None  # (row, viewer, facts) -> shown to a partner user
    extra: Callable | None = None  # (row, viewer) -> bool, for everyone
    parents: tuple[str, ...] = ()  # required links whose records must be visible
    optional_parents: tuple[str, ...] = ()  # links that may be empty, else must be visible
    own: Callable | None = None  # (row, viewer, facts) -> bool: the model's own rule, whole


def governance(*, programs=("program_id",), internal_flag=True, partners=True) -> Rule:
    def partner(row, viewer, facts):
        if not partners or (internal_flag and row.is_internal):
            return False
        return row.alliance_id in viewer.governance

    return Rule(programs=programs, partner=partner)


INTERNAL = Rule(internal_only=True)
INTERNAL_OF_ALLIANCE = Rule(internal_only=True, alliance="alliance_id")
INTERNAL_OF_PROGRAM = Rule(internal_only=True, programs=("program_id",))
OF_ALLIANCE = Rule(alliance="alliance_id")


def sees_alliance(row, viewer, facts):
    return viewer.active and (viewer.internal or row.pk in viewer.alliances)


def sees_company(row, viewer, facts):
    if not viewer.active:
        return False
    if viewer.internal or row.kind == Company.Kind.OWN or row.pk == viewer.company_id:
        return True
    return any(row.pk in facts.partners.get(a, set()) for a in viewer.alliances)


def sees_person(row, viewer, facts):
    if not viewer.active:
        return False
    if viewer.internal or row.pk == viewer.pk:
        return True
    return any(row.pk in facts.members.get(a, set()) for a in viewer.alliances)


def sees_channel(row, viewer, facts):
    if not (viewer.active and viewer.internal):
        return False
    return viewer.role in (Role.ADMIN, Role.LEADER) or row.alliance_id in viewer.runs


def sees_territory_profile(row, viewer, facts):
    if not viewer.active:
        return False
    if viewer.internal:
        return True
    named = set().union(*(facts.named_territories.get(a, set()) for a in viewer.alliances))
    return row.territory_id in named or bool(facts.regions.get(row.territory_id, set()) & named)


def sees_history(row, viewer, facts):
    # An alliance's history hides firewalled programs by clearance alone.
    return facts.clear(viewer, row.program_id)


def joint_wave(row, viewer, facts):
    from accord.health.models import WaveKind

    return row.kind == WaveKind.JOINT and row.launched_at is not None


def joint_action(row, viewer, facts):
    from accord.health.models import WaveKind

    return row.wave is None or row.wave.kind == WaveKind.JOINT


RULES: dict[str, Rule] = {
    # core
    "core.auditevent": Rule(own=sees_history),
    "core.storedfile": Rule(
        alliance="alliance_id",
        unallied=True,
        programs=("program_id",),
        extra=lambda row, viewer: not row.private or row.uploaded_by_id == viewer.pk,
    ),
    # people and portfolio
    "people.user": Rule(own=sees_person),
    "portfolio.company": Rule(own=sees_company),
    "portfolio.alliance": Rule(own=sees_alliance),
    "portfolio.program": Rule(alliance="alliance_id", programs=("pk",)),
    "portfolio.alliancedocument": Rule(alliance="alliance_id", programs=("program_id",)),
    # notifications
    "notifications.chatchannel": Rule(own=sees_channel),
    "notifications.chatdelivery": Rule(parents=("channel",)),
    # knowledge
    "knowledge.lesson": Rule(
        alliance="alliance_id",
        unallied=True,
        programs=("program_id",),
        partner=lambda row, viewer, facts: row.shared_with_partner,
    ),
    "knowledge.documenttemplate": INTERNAL,
    "knowledge.templateversion": Rule(parents=("template",)),
    "knowledge.templateuse": INTERNAL_OF_ALLIANCE,
    "knowledge.playbook": INTERNAL,
    "knowledge.playbookapplication": INTERNAL_OF_ALLIANCE,
    "knowledge.playbooktask": INTERNAL_OF_ALLIANCE,
    "knowledge.racientry": INTERNAL_OF_ALLIANCE,
    "knowledge.roleholder": INTERNAL_OF_ALLIANCE,
    "knowledge.territoryprofile": Rule(own=sees_territory_profile),
    # health
    "health.instrument": INTERNAL,
    "health.maturityassessment": INTERNAL,
    "health.benchmarkset": INTERNAL,
    "health.wave": Rule(alliance="alliance_id", partner=joint_wave),
    "health.healthaction": Rule(alliance="alliance_id", partner=joint_action),
    "health.jointgoal": OF_ALLIANCE,
    "health.metric": Rule(alliance="goal__alliance_id"),
    "health.relaunch": OF_ALLIANCE,
    # governance: partner users see the shared records of alliances whose bodies they sit on
    "governance.committee": governance(internal_flag=False),
    "governance.committeemember": Rule(parents=("committee",)),
    "governance.communication": governance(),
    "governance.issue": governance(),
    "governance.risk": governance(partners=False),
    "governance.meeting": governance(programs=("committee__program_id",)),
    "governance.agendaitem": Rule(
        parents=("meeting",), optional_parents=("action", "decision", "issue")
    ),
    "governance.minutes": Rule(parents=("meeting",)),
    "governance.decision": governance(),
    "governance.actionitem": governance(),
    # contracts: the register is internal; both sides read the glossary and the variances
    "contracts.agreement": INTERNAL,
    "contracts.definedterm": INTERNAL,
    "contracts.contractevent": INTERNAL_OF_PROGRAM,
    "contracts.milestone": INTERNAL_OF_PROGRAM,
    "contracts.right": INTERNAL_OF_PROGRAM,
    "contracts.restriction": INTERNAL,
    "contracts.glossaryterm": OF_ALLIANCE,
    "contracts.agreementimport": INTERNAL,
    "contracts.importfinding": INTERNAL,
    "contracts.variance": Rule(alliance="alliance_id", programs=("program_id",)),
    "contracts.obligation": INTERNAL_OF_PROGRAM,
    "contracts.presigningreview": INTERNAL_OF_PROGRAM,
    "contracts.presigningfinding": Rule(parents=("review",)),
    # value: internal
    "value.forecast": INTERNAL_OF_ALLIANCE,
    "value.cashflow": INTERNAL_OF_PROGRAM,
    "value.payment": INTERNAL_OF_PROGRAM,
    "value.royaltyreport": INTERNAL_OF_PROGRAM,
    "value.exclusivityloss": INTERNAL_OF_PROGRAM,
    "value.detailrule": INTERNAL_OF_ALLIANCE,
    "value.detailminimum": INTERNAL_OF_ALLIANCE,
    "value.detailactual": INTERNAL_OF_ALLIANCE,
    "value.outcomemeasure": INTERNAL_OF_ALLIANCE,
    # correspondence: our staff's, minus firewalled programs
    "correspondence.mailbox": Rule(
        internal_only=True, programs=("meeting__committee__program_id", "issue__program_id")
    ),
    "correspondence.emailmessage": Rule(
        internal_only=True,
        programs=("program_id",),
        extra=lambda row, viewer: row.status == "filed",
    ),
    # reporting
    "reporting.weeklynote": INTERNAL,
    "reporting.packexport": Rule(
        internal_only=True, extra=lambda row, viewer: row.requested_by_id == viewer.pk
    ),
}


def scoped_models():
    return [
        model
        for model in apps.get_models()
        if hasattr(model._default_manager.all(), "visible_to")
        and model._meta.app_label in {c.label for c in apps.get_app_configs()}
        and model.__module__.startswith("accord.")
    ]


def test_every_model_with_visible_to_has_an_oracle_rule():
    labels = {model._meta.label_lower for model in scoped_models()}
    assert labels == set(RULES), (
        f"without a rule: {sorted(labels - set(RULES))}; stale: {sorted(set(RULES) - labels)}"
    )


def oracle(label: str, row, viewer: Viewer, facts: Facts) -> bool:
    rule = RULES[label]
    if rule.own is not None:
        return rule.own(row, viewer, facts)
    if not viewer.active or (rule.internal_only and not viewer.internal):
        return False
    for name in rule.parents:
        if not oracle(related_label(row, name), get(row, name), viewer, facts):
            return False
    for name in rule.optional_parents:
        parent = get(row, name)
        if parent is not None and not oracle(related_label(row, name), parent, viewer, facts):
            return False
    if rule.alliance:
        alliance_id = get(row, rule.alliance)
        if alliance_id is None:
            if not (rule.unallied and viewer.internal):
                return False
        elif not (viewer.internal or alliance_id in viewer.alliances):
            return False
    if not all(facts.clear(viewer, get(row, path)) for path in rule.programs):
        return False
    if rule.partner is not None and not viewer.internal and not rule.partner(row, viewer, facts):
        return False
    return rule.extra is None or rule.extra(row, viewer)


def related_label(row, name: str) -> str:
    return type(row)._meta.get_field(name).related_model._meta.label_lower


@pytest.fixture
def content(world):
    """One of every app's records (the authorization matrix's targets), made once."""
    made = targets(world)
    for label in list(made.pending):
        made.ensure(label)
    rows = {}
    for model in scoped_models():
        rows[model._meta.label_lower] = list(model._default_manager.all())
    return world, rows


@st.composite
def draws(draw, people: list[tuple[int, bool]], alliances: list[int], programs: list[int]):
    """Who is who: people is [(user pk, internal)], the rest pks."""
    n = len(people)
    return {
        "roles": [
            draw(st.sampled_from(STAFF_ROLES)) if internal else None for _, internal in people
        ],
        "inactive": draw(st.sets(st.integers(0, n - 1), max_size=2)),
        "members": {
            a: draw(
                st.dictionaries(
                    st.integers(0, n - 1), st.sampled_from(list(MemberRole.values)), max_size=n
                )
            )
            for a in alliances
        },
        "firewalled": draw(st.sets(st.sampled_from(programs))) if programs else set(),
        "cleared": {p: draw(st.sets(st.integers(0, n - 1), max_size=n)) for p in programs},
    }


EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", 20))


@pytest.mark.slow  # every app's visible_to over generated content: a minute and more
@pytest.mark.django_db
def test_every_visible_to_follows_the_rule(content):
    world, rows = content
    people = [world.persona(name) for name in world.PERSONAS]
    alliances = list(Alliance.objects.values_list("pk", flat=True))
    programs = list(Program.objects.values_list("pk", flat=True))
    partners: dict = {}
    for alliance_id, company_id in AlliancePartner.objects.values_list("alliance_id", "company_id"):
        partners.setdefault(alliance_id, set()).add(company_id)
    seats: dict = {}
    from accord.governance.models import CommitteeMember

    for user_id, alliance_id in CommitteeMember.objects.current().values_list(
        "user_id", "committee__alliance_id"
    ):
        seats.setdefault(user_id, set()).add(alliance_id)
    named: dict = {}
    for alliance_id, territory_id in Alliance.territories.through.objects.values_list(
        "alliance_id", "territory_id"
    ):
        named.setdefault(alliance_id, set()).add(territory_id)
    regions: dict = {}
    # Territory.countries: a region (from) holds countries (to); a country's regions.
    for territory_id, region_id in Territory.countries.through.objects.values_list(
        "to_territory_id", "from_territory_id"
    ):
        regions.setdefault(territory_id, set()).add(region_id)
    empty = sorted(label for label, found in rows.items() if not found)
    # The matrix's world holds records of nearly every model; a rule without rows tests nothing.
    assert len(empty) <= len(rows) // 4, f"no rows to check for {empty}"
    shape = [(p.pk, p.is_internal) for p in people]

    @settings(
        max_examples=EXAMPLES,
        derandomize=os.environ.get("ACCORD_FUZZ_RANDOM") != "1",
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(drawn=draws(shape, alliances, programs))
    def check(drawn):
        with transaction.atomic():
            viewers = apply(drawn, people, partners, seats)
            facts = Facts(
                firewalled=set(drawn["firewalled"]),
                cleared={p: {people[i].pk for i in who} for p, who in drawn["cleared"].items()},
                members={a: {v.pk for v in viewers if a in v.alliances} for a in alliances},
                partners=partners,
                seats=seats,
                named_territories=named,
                regions=regions,
            )
            for person, viewer in zip(people, viewers, strict=True):
                user = User.objects.get(pk=person.pk)
                for model in scoped_models():
                    label = model._meta.label_lower
                    got = set(model._default_manager.visible_to(user).values_list("pk", flat=True))
                    expected = {row.pk for row in rows[label] if oracle(label, row, viewer, facts)}
                    assert got == expected, (label, user.email, drawn)
                # As a page sees it: within a request, the rule's subqueries compiled once and
                # reused by every statement (accord.core.visibility.built_once).
                with built_once_per_request(reads_only=True):
                    for model in scoped_models():
                        label = model._meta.label_lower
                        first = model._default_manager.visible_to(user)
                        again = model._default_manager.visible_to(user)
                        expected = {
                            row.pk for row in rows[label] if oracle(label, row, viewer, facts)
                        }
                        assert set(first.values_list("pk", flat=True)) == expected, (label, drawn)
                        assert set(again.values_list("pk", flat=True)) == expected, (label, drawn)
            transaction.set_rollback(True)

    check()


def apply(drawn, people, partners, seats) -> list[Viewer]:
    """Write the drawn world over the matrix's, and say who each person now is."""
    viewers = []
    for index, person in enumerate(people):
        internal = drawn["roles"][index] is not None
        role = drawn["roles"][index] if internal else person.role
        active = index not in drawn["inactive"]
        User.objects.filter(pk=person.pk).update(role=role, is_active=active)
        viewers.append(
            Viewer(
                pk=person.pk,
                company_id=person.company_id,
                internal=internal,
                active=active,
                role=role,
            )
        )
    AllianceMember.objects.all().delete()
    members = []
    for alliance_id, chosen in drawn["members"].items():
        for index, member_role in chosen.items():
            viewer = viewers[index]
            # A partner user can only be on the team of an alliance their company is part of.
            if not viewer.internal and viewer.company_id not in partners.get(alliance_id, set()):
                continue
            members.append(
                AllianceMember(alliance_id=alliance_id, user_id=viewer.pk, role=member_role)
            )
            viewer.alliances.add(alliance_id)
            if member_role in RESPONSIBLE_ROLES:
                viewer.runs.add(alliance_id)
    AllianceMember.objects.bulk_create(members)
    for viewer in viewers:
        viewer.governance = viewer.alliances & seats.get(viewer.pk, set())
    for program in Program.objects.all():
        firewalled = program.pk in drawn["firewalled"]
        Program.objects.filter(pk=program.pk).update(is_firewalled=firewalled)
        cleared = [people[i].pk for i in drawn["cleared"].get(program.pk, set())]
        program.firewall_members.set(cleared)
    return viewers
