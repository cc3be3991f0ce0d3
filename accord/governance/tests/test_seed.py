"""The demo tells a year of governance: both sides at the table, approvals, slow decisions, an
escalated issue past its limit, overdue actions and a press release under review."""

from collections import Counter

from django.utils import timezone

from accord.governance.models import (
    ActionItem,
    Committee,
    Communication,
    Decision,
    Issue,
    Meeting,
    MinutesSignature,
)
from accord.governance.views.overview import committees_with_state
from accord.notifications.models import Notification
from accord.people.models import User
from accord.portfolio.models import Alliance


def test_the_demo_governance_story(demo):
    with_bodies = set(Committee.objects.values_list("alliance__name", flat=True))
    assert with_bodies == {
        "Polaris IL-23 Co-development",
        "Kestrel ADC Research Collaboration",
        "Polaris US Co-promotion",
        "Hoshino Japan Commercial Licence",
        "Aurelia Gene Editing Platform",
    }
    held = Meeting.objects.held()
    assert set(held.values_list("modality", flat=True)) == {"in_person", "virtual", "hybrid"}
    assert held.filter(minutes__status="approved").count() == held.count() - 1
    waiting = Meeting.objects.get(minutes__status="submitted")
    assert (waiting.title, [s.signer.email for s in waiting.minutes.signatures.all()]) == (
        "JSC Q4 (Cambridge)",
        ["richard.hale@meridian.example"],
    )
    both_sides = Counter(MinutesSignature.objects.values_list("minutes_id", flat=True))
    assert sum(1 for n in both_sides.values() if n == 2) == 27
    assert held.count() == 30

    assert set(Decision.objects.slow().values_list("title", flat=True)) == {
        "Co-funding split for the Crohn's dose-ranging extension",
        "Crohn's disease Phase 3: go / no-go",
        "Redefine what counts as a detail (remote and digital)",
    }
    assert set(Decision.objects.filter(outside_charter=True).values_list("title", flat=True)) == {
        "Launch price corridor assumption for the EU forecast",
        "Endorse five joint alliance goals for next year",
    }
    assert set(ActionItem.objects.overdue().values_list("title", "owner__email")) == {
        (
            "Confirm the Polaris Phase 3 budget after their restructuring",
            "claire.dubois@polarisbio.example",
        ),
        ("Options paper on the Crohn's comparator", "tom.okafor@meridian.example"),
        ("Send the PsA enrolment forecast by country", "claire.dubois@polarisbio.example"),
        ("Share Q3 detail data by channel", "claire.dubois@polarisbio.example"),
        ("Share conjugation stability data (batch 6)", "nina.kowalski@kestrelbio.example"),
        ("Update the joint risk log for the audit committee", "marcus.webb@meridian.example"),
    }

    escalated = Issue.objects.filter(status="escalated").select_related("level")
    assert {(i.title, i.level.name, i.is_past_limit()) for i in escalated} == {
        ("Crohn's Phase 3 comparator: placebo or ustekinumab", "Joint Steering Committee", True),
        # Escalated last week: the draft weekly note reports it.
        (
            "PsA Phase 3: second CRO cannot staff the Polish sites",
            "Joint Steering Committee",
            False,
        ),
    }
    alerted = Notification.objects.filter(kind="governance.issue.limit_passed").values_list(
        "recipient__email", flat=True
    )
    assert set(alerted) == {
        "marcus.webb@meridian.example",
        "richard.hale@meridian.example",
        "claire.dubois@polarisbio.example",
    }
    press = Communication.objects.get(status="under_review")
    assert (press.title, press.proposed_by.name) == (
        "Press release: PLX-23 NDA submitted",
        "Polaris Biologics",
    )


def test_the_demo_shows_both_sides_and_the_firewall(demo):
    helen = User.objects.get(email="helen.park@meridian.example")
    claire = User.objects.get(email="claire.dubois@polarisbio.example")
    ravi = User.objects.get(email="ravi.menon@meridian.example")
    polaris = Alliance.objects.get(name="Polaris IL-23 Co-development")
    bodies, _ = committees_with_state(helen, polaris, on=timezone.localdate())
    jsc = next(body for body in bodies if body.name == "Joint Steering Committee")
    assert jsc.warnings == [
        "Polaris Biologics has 1 voting member; the charter requires at least 2."
    ]
    assert {seat.user.company.name for seat in jsc.current_seats} == {
        "Meridian Therapeutics",
        "Polaris Biologics",
    }
    assert set(Committee.objects.visible_to(claire).values_list("alliance__name", flat=True)) == {
        "Polaris IL-23 Co-development",
        "Polaris US Co-promotion",
    }
    assert not Committee.objects.visible_to(ravi).filter(name="KRAS editing target team").exists()
    assert Committee.objects.visible_to(helen).filter(name="KRAS editing target team").exists()
    assert not Decision.objects.visible_to(claire).filter(is_internal=True).exists()
