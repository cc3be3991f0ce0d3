"""The alliance's first screen: the red/amber/green rule (each threshold exactly), the manager's
override, scoping (firewalls, partner users), the recent business events, and query counts.

The rule itself is tested on `Signals` directly; the signals the domain apps report are tested
on real records made through their actions.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.conftest import login
from accord.contracts import actions as contract_actions
from accord.contracts.tests import factories as contract_factories
from accord.contracts.tests.conftest import register  # noqa: F401 (fixture)
from accord.core.models import AuditEvent
from accord.governance import actions as gov_actions
from accord.governance.models import CommitteeKind
from accord.governance.tests.conftest import body
from accord.portfolio import actions
from accord.portfolio.models import AllianceStatusOverride, MemberRole, Rag
from accord.portfolio.status import (
    AMBER_HEALTH_BELOW,
    AMBER_HEALTH_DROP,
    RED_ESCALATED_ISSUES,
    RED_HEALTH_BELOW,
    RED_OVERDUE_DAYS,
    RED_OVERDUE_OBLIGATIONS,
    RED_VALUE_AT_RISK_PCT,
    Signals,
    alliance_statuses,
    derive,
    recent_events,
)

from .factories import AllianceFactory, MemberFactory, ProgramFactory

TODAY = dt.date(2026, 6, 15)


def level(**signals):
    return derive(Signals(**signals), TODAY)[0]


# --- The rule, threshold by threshold ---------------------------------------------------------


def test_nothing_to_report_is_green():
    assert derive(Signals(), TODAY) == (Rag.GREEN, [])


def test_overdue_obligations_amber_then_red_at_the_count():
    recent = TODAY - dt.timedelta(days=3)
    assert level(overdue_obligations=1, oldest_overdue_on=recent) == Rag.AMBER
    assert level(overdue_obligations=RED_OVERDUE_OBLIGATIONS - 1, oldest_overdue_on=recent) == (
        Rag.AMBER
    )
    assert level(overdue_obligations=RED_OVERDUE_OBLIGATIONS, oldest_overdue_on=recent) == Rag.RED


def test_one_obligation_overdue_longer_than_the_days_is_red():
    at_limit = TODAY - dt.timedelta(days=RED_OVERDUE_DAYS)
    past_limit = TODAY - dt.timedelta(days=RED_OVERDUE_DAYS + 1)
    assert level(overdue_obligations=1, oldest_overdue_on=at_limit) == Rag.AMBER
    status, reasons = derive(Signals(overdue_obligations=1, oldest_overdue_on=past_limit), TODAY)
    assert status == Rag.RED
    assert [r.text for r in reasons] == ["1 contract obligation overdue (the oldest by 31 days)"]


def test_escalated_issues():
    assert level(escalated_issues=1) == Rag.AMBER
    assert level(escalated_issues=RED_ESCALATED_ISSUES) == Rag.RED
    assert derive(Signals(escalated_issues=2), TODAY)[1][0].text == "2 issues escalated"


def test_health_score_bands():
    assert level(health_score=RED_HEALTH_BELOW - 0.1) == Rag.RED
    assert level(health_score=RED_HEALTH_BELOW) == Rag.AMBER
    assert level(health_score=AMBER_HEALTH_BELOW - 0.1) == Rag.AMBER
    assert level(health_score=AMBER_HEALTH_BELOW) == Rag.GREEN


def test_health_drop_since_the_previous_assessment_is_amber():
    assert level(health_score=80, health_previous=80 + AMBER_HEALTH_DROP - 1) == Rag.GREEN
    status, reasons = derive(
        Signals(health_score=80, health_previous=80 + AMBER_HEALTH_DROP), TODAY
    )
    assert status == Rag.AMBER
    assert [r.text for r in reasons] == ["Health score fell 10 points since the last assessment"]


def test_value_at_risk_amber_then_red_at_the_share():
    total = Decimal("1000")
    below = total * (RED_VALUE_AT_RISK_PCT - 1) / 100
    at = total * RED_VALUE_AT_RISK_PCT / 100
    assert level(value_at_risk=below, forecast_total=total, currency="USD") == Rag.AMBER
    status, reasons = derive(Signals(value_at_risk=at, forecast_total=total, currency="USD"), TODAY)
    assert status == Rag.RED
    assert [r.text for r in reasons] == ["USD 250 of value at risk (25% of the forecast)"]
    assert level(value_at_risk=Decimal("0"), forecast_total=total) == Rag.GREEN


def test_milestone_past_its_forecast_is_amber():
    status, reasons = derive(Signals(overdue_milestones=2), TODAY)
    assert status == Rag.AMBER
    assert reasons[0].text == "2 milestones past the forecast date, not marked achieved"


def test_the_worst_signal_wins_and_reasons_come_worst_first():
    status, reasons = derive(Signals(escalated_issues=1, health_score=RED_HEALTH_BELOW - 10), TODAY)
    assert status == Rag.RED
    assert [r.level for r in reasons] == [Rag.RED, Rag.AMBER]


# --- Signals from the records, scoped to the person looking ----------------------------------


def test_overdue_obligation_of_a_firewalled_program_counts_only_for_the_cleared(world, register):  # noqa: F811
    """register.secret_obligation (program A2, cleared: manager_a) is 2 days overdue."""
    a = world.alliance_a
    cleared = alliance_statuses([a], world.manager_a)[a.pk]
    assert cleared.derived == Rag.AMBER
    assert [r.text for r in cleared.reasons] == [
        "1 contract obligation overdue (the oldest by 2 days)"
    ]
    for name in ("leader", "admin", "firewalled", "executive"):
        status = alliance_statuses([a], getattr(world, name))[a.pk]
        assert (status.derived, status.reasons) == (Rag.GREEN, []), name


def test_partner_users_get_no_status(world, register):  # noqa: F811
    assert alliance_statuses([world.alliance_a], world.partner_a) == {}
    page = login(world.partner_a).get(f"/alliances/{world.alliance_a.pk}/")
    assert page.status_code == 200
    assert b'id="alliance-status"' not in page.content
    assert b'id="figures"' not in page.content
    assert b"Secret program update" not in page.content


def test_escalated_issue_is_reported_by_governance(world):
    sponsors = body(world.leader, world.alliance_b, "Sponsors B", [], kind=CommitteeKind.EXECUTIVES)
    jsc = body(world.leader, world.alliance_b, "JSC B", [], escalates_to=sponsors)
    issue = gov_actions.issue_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"title": "Dispute over the CMC plan", "area": "development", "level": jsc},
    )
    gov_actions.issue_escalate(actor=world.manager_b, issue=issue, reason="No agreement in 30 days")
    status = alliance_statuses([world.alliance_b], world.manager_b)[world.alliance_b.pk]
    assert status.derived == Rag.AMBER
    assert status.signals.escalated_issues == 1
    events = recent_events(world.alliance_b, world.manager_b)
    assert [(e.kind, e.text, e.url) for e in events] == [
        (
            "issue escalated",
            "Issue escalated to Sponsors B: Dispute over the CMC plan",
            issue.get_absolute_url(),
        )
    ]


def test_statuses_of_many_alliances_at_once(world, register):  # noqa: F811
    statuses = alliance_statuses([world.alliance_a, world.alliance_b], world.manager_a)
    assert {pk: s.derived for pk, s in statuses.items()} == {
        world.alliance_a.pk: Rag.AMBER,
        world.alliance_b.pk: Rag.GREEN,
    }


# --- The override ---------------------------------------------------------------------------


def test_override_with_a_reason_is_stored_audited_and_shown_beside_the_derived(world, register):  # noqa: F811
    a = world.alliance_a
    client = login(world.manager_a)
    response = client.post(
        f"/alliances/{a.pk}/status/",
        {"override": "1", "status": "red", "reason": "Partner is walking away from the ADC plan."},
    )
    assert response.status_code == 302
    override = AllianceStatusOverride.objects.get(alliance=a)
    assert (override.status, override.set_by) == ("red", world.manager_a)
    audit = AuditEvent.objects.for_object(override).filter(action="create")
    assert {e.field: e.new_value for e in audit} == {
        "status": "Red",
        "reason": "Partner is walking away from the ADC plan.",
        "set_by": str(world.manager_a),
    }
    status = alliance_statuses([a], world.manager_a)[a.pk]
    assert (status.status, status.derived) == (Rag.RED, Rag.AMBER)
    page = client.get(f"/alliances/{a.pk}/").content.decode()
    assert (
        f"Overridden by {world.manager_a} on {timezone.localdate():%-d %b %Y}: "
        "Partner is walking away from the ADC plan." in page
    )
    assert "Derived from the records:" in page
    assert "1 contract obligation overdue" in page


def test_override_without_a_reason_changes_nothing(world):
    a = world.alliance_a
    before = AuditEvent.objects.count()
    response = login(world.manager_a).post(
        f"/alliances/{a.pk}/status/", {"override": "1", "status": "red", "reason": ""}, follow=True
    )
    assert "Reason: This field is required." in response.content.decode()
    with pytest.raises(ValidationError) as error:
        actions.alliance_override_status(actor=world.manager_a, alliance=a, status="red", reason="")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.alliance_override_status(
            actor=world.manager_a, alliance=a, status="purple", reason="Looks bad to me."
        )
    assert error.value.message_dict == {"status": ["Choose red, amber or green."]}
    assert not AllianceStatusOverride.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", ["manager_b", "executive", "firewalled", "partner_a"])
def test_override_refused_for_people_who_do_not_run_the_alliance(world, name):
    a = world.alliance_a
    response = login(getattr(world, name)).post(
        f"/alliances/{a.pk}/status/", {"override": "1", "status": "red", "reason": "Looks bad."}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.alliance_override_status(
            actor=getattr(world, name), alliance=a, status="red", reason="Looks bad."
        )
    assert not AllianceStatusOverride.objects.exists()


def test_clearing_the_override_needs_a_reason_and_is_audited(world):
    a = world.alliance_a
    actions.alliance_override_status(
        actor=world.leader, alliance=a, status="green", reason="Issues settled at the JSC."
    )
    with pytest.raises(ValidationError):
        actions.alliance_clear_status_override(actor=world.leader, alliance=a, reason="")
    assert AllianceStatusOverride.objects.filter(alliance=a).exists()
    actions.alliance_clear_status_override(
        actor=world.leader, alliance=a, reason="The records are up to date again."
    )
    assert not AllianceStatusOverride.objects.exists()
    assert AuditEvent.objects.filter(
        action="delete", reason="The records are up to date again."
    ).exists()


# --- Recent changes: business events ---------------------------------------------------------


def test_recent_changes_are_business_events_scoped_by_firewall(world, register):  # noqa: F811
    today = timezone.localdate()
    secret = contract_factories.milestone(
        register.agreement_a,
        title="A2 candidate nominated",
        program=world.program_a2,
        forecast_date=today + dt.timedelta(days=30),
    )
    contract_actions.milestone_mark_achieved(
        actor=world.manager_a,
        milestone=register.milestone_a,
        achieved_on=today,
        evidence="Site report of 3 May",
    )
    contract_actions.milestone_mark_slipped(
        actor=world.manager_a,
        milestone=secret,
        forecast_date=today + dt.timedelta(days=90),
        reason="Tox study repeated",
    )
    contract_actions.obligation_complete(
        actor=world.manager_a,
        obligation=register.obligation_a,
        completed_on=today,
        evidence="Report sent to Kestrel",
    )
    new_forecast = today + dt.timedelta(days=90)
    cleared = {(e.kind, e.text) for e in recent_events(world.alliance_a, world.manager_a)}
    assert cleared == {
        ("milestone met", "Milestone met: First patient dosed in Phase 2"),
        (
            "milestone slipped",
            f"Milestone slipped to {new_forecast:%d %b %Y}: A2 candidate nominated — "
            "Tox study repeated",
        ),
        ("obligation completed", "Obligation completed: Quarterly research report"),
    }
    not_cleared = {(e.kind, e.text) for e in recent_events(world.alliance_a, world.leader)}
    assert not_cleared == cleared - {
        (
            "milestone slipped",
            f"Milestone slipped to {new_forecast:%d %b %Y}: A2 candidate nominated — "
            "Tox study repeated",
        )
    }
    page = login(world.leader).get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    assert (
        f'<a href="{register.milestone_a.get_absolute_url()}">Milestone met: First patient '
        "dosed in Phase 2</a>" in page
    )
    assert "A2 candidate nominated" not in page
    # The register is internal: a partner user sees none of it.
    assert recent_events(world.alliance_a, world.partner_a) == []


# --- Query counts ----------------------------------------------------------------------------


def _page_queries(client, url):
    from accord.core import freshness

    client.get(url)
    freshness.moved()  # as after any change: built afresh, not served as kept
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_alliance_page_queries_stay_flat_with_many_programs(world, register, monkeypatch):  # noqa: F811
    # The contracts conflict panel's per-program queries are fixed separately (h2-perf); this
    # test holds the rest of the page (status, key dates, events, programs) flat.
    from accord.core import registry

    monkeypatch.setattr(
        registry,
        "ALLIANCE_PANELS",
        [p for p in registry.ALLIANCE_PANELS if p.template != "contracts/_conflict_panel.html"],
    )
    a = world.alliance_a
    client = login(world.manager_a)
    url = f"/alliances/{a.pk}/"

    def add(n):
        for _ in range(n):
            program = ProgramFactory(alliance=a)
            contract_factories.obligation(
                register.agreement_a,
                program=program,
                title="Overdue program report",
                due_on=timezone.localdate() - dt.timedelta(days=3),
            )
            contract_factories.milestone(
                register.agreement_a,
                program=program,
                forecast_date=timezone.localdate() + dt.timedelta(days=20),
            )

    add(1)
    small = _page_queries(client, url)
    add(20)
    large = _page_queries(client, url)
    assert small == large


def test_statuses_of_many_alliances_in_a_fixed_number_of_queries(world):
    def make(n):
        for _ in range(n):
            alliance = AllianceFactory(partners=[world.partner_co_a])
            MemberFactory(alliance=alliance, user=world.manager_a, role=MemberRole.ALLIANCE_MANAGER)

    from accord.portfolio.models import Alliance

    make(2)
    alliance_statuses(list(Alliance.objects.all()), world.leader)  # warm the caches
    with CaptureQueriesContext(connection) as few:
        alliance_statuses(list(Alliance.objects.all()), world.leader)
    make(30)
    alliance_statuses(list(Alliance.objects.all()), world.leader)  # stores the new summaries
    with CaptureQueriesContext(connection) as many:
        alliance_statuses(list(Alliance.objects.all()), world.leader)
    assert len(few) == len(many)


def test_health_score_and_trend_come_from_the_latest_joint_assessments(world):
    from accord.health.tests.factories import closed_wave

    b = world.alliance_b
    today = timezone.localdate()
    closed_wave(
        world.manager_b,
        b,
        own=[("Development", 100)] * 3,
        title="Spring check",
        opens_on=today - dt.timedelta(days=200),
    )
    closed_wave(
        world.manager_b,
        b,
        own=[("Development", 0)] * 3,
        title="Autumn check",
        opens_on=today - dt.timedelta(days=20),
    )
    status = alliance_statuses([b], world.manager_b)[b.pk]
    assert (status.signals.health_score, status.signals.health_previous) == (0, 100)
    assert status.signals.health_title == "Autumn check"
    assert status.derived == Rag.RED
    assert [r.text for r in status.reasons] == [
        "Health score 0 / 100",
        "Health score fell 100 points since the last assessment",
    ]


def test_an_alliance_without_a_forecast_says_so_rather_than_zero_of_zero(world):
    html = login(world.leader).get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    card = html.split("<dt>Value captured</dt>")[1].split("</dd>")[0]
    assert "No forecast in force." in card
    assert "0 of" not in card
