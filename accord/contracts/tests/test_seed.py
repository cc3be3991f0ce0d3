"""The demo register has something to discover; the benchmark register has the asked-for scale."""

import pytest

from accord.contracts import services
from accord.contracts.models import Obligation, Restriction, RestrictionScope, Right
from accord.core.seeding import SeedContext, run
from accord.people.models import User
from accord.portfolio.models import Program


def conflicts_seen_by(email):
    user = User.objects.get(email=email)
    found = set()
    for program in Program.objects.visible_to(user):
        for overlap in services.program_conflicts(program):
            found.add((program.name, overlap.restriction.title))
    return found


def test_the_demo_has_a_real_conflict_the_firewall_still_applies_to(demo):
    her3 = ("PET tracer for HER3", "Exclusivity on Collaboration Targets")
    quill = ("QLL-KRAS-G12D-Ab", "KRAS G12D exclusivity in oncology")
    aurelia = ("AUR-KRAS editing", "KRAS G12D exclusivity in oncology")
    assert conflicts_seen_by("daniel.reyes@meridian.example") == {her3, quill, aurelia}
    assert conflicts_seen_by("helen.park@meridian.example") == {her3, aurelia}
    assert conflicts_seen_by("richard.hale@meridian.example") == {her3}


def test_the_demo_has_unused_rights_nearing_expiry_and_clause_texts_cite_cuad(demo):
    helen = User.objects.get(email="helen.park@meridian.example")
    unused = {r.title for r in services.unused_rights(helen)}
    assert {
        "Target reservation: ANGPTL3",
        "Target reservation: APOC3",
        "Option on a fourth Collaboration Target (CDH3)",
    } <= unused
    for right in Right.objects.exclude(clause_text=""):
        assert "CUAD v1, The Atticus Project (CC BY 4.0)" in right.clause_text
    statuses = set(Obligation.objects.with_status().values_list("status", flat=True))
    assert {"overdue", "due", "upcoming", "pending", "in_dispute"} <= statuses


@pytest.mark.slow  # benchmark scale
def test_the_benchmark_register_is_built_to_the_asked_size(db):
    ctx = run(
        SeedContext(size="bigpharma", options={"obligations": 3000, "restriction_scopes": 2000}),
        log=lambda *_: None,
    )
    assert Obligation.objects.count() == 3000
    assert 2000 <= RestrictionScope.objects.count() < 2010
    assert Restriction.objects.filter(any_target=True).count() == 0
    assert any("3,000 obligations" in note for note in ctx.notes)


# Who the demo's personas are (accord/portfolio/data/demo.json): the alliance manager, the head of
# alliance management, an executive, a firewalled scientist, and partner users.
DEMO_PERSONAS = {
    "daniel.reyes@meridian.example": 3,  # alliance manager
    "helen.park@meridian.example": 3,  # leader
    "richard.hale@meridian.example": 3,  # executive
    "ravi.menon@meridian.example": 3,  # contributor behind a firewall
}


def test_the_demo_has_a_handful_of_overdue_obligations_each_late_for_a_stated_reason(demo):
    from accord.contracts.seed.demo import LATE
    from accord.reporting import dashboard

    overdue = Obligation.objects.with_status_in(["overdue"])
    # Exactly the documented late ones, each saying why; the charter cadences are all met.
    assert {o.title: o.description for o in overdue} == LATE
    assert not overdue.filter(source__startswith="governance.").exists()
    assert Obligation.objects.filter(source__startswith="governance.").count() == 9
    for email, expected in DEMO_PERSONAS.items():
        user = User.objects.get(email=email)
        mine = Obligation.objects.visible_to(user).with_status_in(["overdue"])
        assert mine.count() == expected, email
        board = dashboard.build(user, with_value=False, with_health=False)
        assert board.figure("obligations_overdue").value == expected, email
    # The register is internal: partner users have none to see.
    partners = [user for user in User.objects.filter(is_active=True) if user.is_partner]
    assert partners
    for partner in partners:
        assert Obligation.objects.visible_to(partner).count() == 0, partner.email


def test_the_demo_has_a_glossary_a_variance_in_force_and_territory_profiles(demo):
    from django.utils import timezone

    from accord.contracts.models import GlossaryTerm, Status, Variance, WordStatus
    from accord.knowledge.models import Lesson, TerritoryProfile

    detail = GlossaryTerm.objects.get(alliance__name="Polaris US Co-promotion", term="Detail")
    assert detail.agreed_at is not None and detail.endorsed_by_body == "JSC"
    assert sorted(w.word for w in detail.team_words.filter(status=WordStatus.AGREED)) == [
        "call",
        "interaction",
    ]
    assert detail.translations["ja"] == "ディテール（MR訪問）"
    variance = Variance.objects.get()
    assert variance.is_active() and variance.is_expiring()
    obligation = Obligation.objects.with_status().get(pk=variance.obligation_id)
    assert obligation.status == Status.UPCOMING  # due in 20 days under the variance
    profiles = TerritoryProfile.objects.order_by("territory__code")
    assert [(p.territory.code, p.review_on < timezone.localdate()) for p in profiles] == [
        ("CN", True),
        ("JP", False),
    ]
    assert Lesson.objects.filter(territory__code__in=["JP", "CN"]).count() == 2
    yuki = User.objects.get(email="yuki.sato@hoshino.example")
    assert list(Variance.objects.visible_to(yuki)) == [variance]
