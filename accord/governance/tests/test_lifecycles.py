"""Decision, action, issue and communication lifecycles: allowed transitions, clear refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.governance import actions
from accord.governance.models import (
    ActionStatus,
    CommunicationStatus,
    Decision,
    DecisionStatus,
    IssueEscalation,
    IssueStatus,
)

from .conftest import at, held_meeting


def raise_decision(world, gov, **data):
    return actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Nominate ADC2",
            "area": "development",
            "committee": gov.jsc_a,
            "raised_on": dt.date(2026, 1, 5),
            **data,
        },
    )


def move(world, decision, status, **kwargs):
    return actions.decision_transition(
        actor=world.manager_a, decision=decision, status=status, **kwargs
    )


# --- Decisions ------------------------------------------------------------------------------


def test_decision_goes_raised_proposed_decided_with_body_date_and_rationale(world, gov):
    decision = raise_decision(world, gov)
    assert (decision.status, decision.raised_by) == (DecisionStatus.RAISED, world.manager_a)
    decision = move(world, decision, "proposed", on=dt.date(2026, 1, 20))
    decision = move(
        world,
        decision,
        "decided",
        outcome="Nominated.",
        rationale="Met the criteria.",
        on=dt.date(2026, 2, 4),
    )
    assert (decision.status, decision.decided_on, decision.decided_by) == (
        "decided",
        dt.date(2026, 2, 4),
        gov.jsc_a,
    )
    assert (decision.outcome, decision.rationale) == ("Nominated.", "Met the criteria.")
    assert decision.latency_days == 30
    assert decision.outside_charter is False
    assert decision.slow is False
    statuses = AuditEvent.objects.for_object(decision).filter(field="status").order_by("at", "id")
    assert [(e.old_value, e.new_value) for e in statuses] == [
        ("", "Raised"),
        ("Raised", "Proposed"),
        ("Proposed", "Decided"),
    ]


@pytest.mark.parametrize(
    ("path", "target", "message"),
    [
        (
            [],
            "decided",
            "A raised decision cannot become decided; it can become: deferred, escalated, proposed.",
        ),
        (
            [("proposed", {}), ("decided", {"outcome": "Yes"})],
            "deferred",
            "A decided decision cannot become deferred; it is final.",
        ),
        (
            [("deferred", {"reason": "Need data"})],
            "decided",
            "A deferred decision cannot become decided; it can become: escalated, proposed.",
        ),
        (
            [],
            "raised",
            "A raised decision cannot become raised; it can become: deferred, escalated, proposed.",
        ),
    ],
)
def test_invalid_decision_transitions_are_refused_with_what_is_allowed(
    world, gov, path, target, message
):
    decision = raise_decision(world, gov)
    for status, extra in path:
        decision = move(world, decision, status, on=dt.date(2026, 1, 10), **extra)
    before = Decision.objects.get(pk=decision.pk)
    with pytest.raises(ValidationError) as error:
        move(world, decision, target, outcome="x", reason="A reason")
    assert error.value.message_dict == {"status": [message]}
    after = Decision.objects.get(pk=decision.pk)
    assert (after.status, after.version) == (before.status, before.version)


def test_deciding_needs_an_outcome_and_deferring_a_reason(world, gov):
    decision = move(world, raise_decision(world, gov), "proposed")
    with pytest.raises(ValidationError) as error:
        move(world, decision, "decided", outcome="  ")
    assert error.value.message_dict == {"outcome": ["Say what was decided."]}
    with pytest.raises(ValidationError) as error:
        move(world, decision, "deferred")
    assert error.value.message_dict == {
        "reason": ["Give a reason for deferring the decision (at least 5 characters)."]
    }


def test_a_body_deciding_a_matter_its_charter_does_not_give_it_is_flagged(world, gov):
    decision = raise_decision(world, gov, area="commercial")
    decision = move(
        world, move(world, decision, "proposed"), "decided", outcome="Price corridor agreed."
    )
    assert decision.outside_charter is True
    response = login(world.manager_a).get(decision.get_absolute_url())
    assert "whose charter does not give it commercial matters" in response.content.decode()


def test_escalating_a_decision_hands_it_to_the_next_body(world, gov):
    decision = raise_decision(world, gov)
    decision = move(world, decision, "escalated", reason="Deadlock on the candidate")
    assert (decision.status, decision.committee) == ("escalated", gov.execs_a)
    decision = move(
        world, decision, "decided", outcome="Sponsors nominate ADC2.", on=dt.date(2026, 3, 1)
    )
    assert decision.decided_by == gov.execs_a
    with pytest.raises(ValidationError) as error:
        move(
            world,
            raise_decision(world, gov, committee=gov.execs_a),
            "escalated",
            reason="Nowhere to go",
        )
    assert error.value.message_dict == {
        "status": ["Executive sponsors has no escalation path in its charter."]
    }


def test_a_decision_taking_longer_than_sixty_days_is_slow(world, gov):
    decision = move(world, raise_decision(world, gov), "proposed", on=dt.date(2026, 1, 6))
    decision = move(world, decision, "decided", outcome="Done", on=dt.date(2026, 3, 7))  # 61 days
    assert decision.slow is True
    assert list(Decision.objects.slow(dt.date(2026, 3, 7))) == [decision]
    pending = raise_decision(world, gov, title="Open for long", raised_on=dt.date(2026, 1, 1))
    assert set(Decision.objects.slow(dt.date(2026, 3, 3))) == {decision, pending}  # open 61 days
    assert set(Decision.objects.slow(dt.date(2026, 3, 2))) == {decision}  # open exactly 60 days


def test_a_decision_cannot_be_decided_before_it_was_raised(world, gov):
    decision = move(world, raise_decision(world, gov), "proposed", on=dt.date(2026, 1, 6))
    with pytest.raises(ValidationError) as error:
        move(world, decision, "decided", outcome="Done", on=dt.date(2026, 1, 1))
    assert error.value.message_dict == {"decided_on": ["The decision was raised on 2026-01-05."]}


def test_recording_a_decision_in_a_meeting(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    decision = actions.decision_record(
        actor=world.manager_a,
        meeting=meeting,
        data={"title": "Approve the research plan", "area": "development"},
        outcome="Approved",
        rationale="On budget",
    )
    assert (decision.meeting, decision.committee, decision.decided_by) == (
        meeting,
        gov.jsc_a,
        gov.jsc_a,
    )
    assert (decision.raised_on, decision.decided_on, decision.latency_days) == (
        dt.date(2026, 3, 10),
    ) * 2 + (0,)


# --- Action items ---------------------------------------------------------------------------


def test_action_lifecycle(world, gov):
    action = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Send data",
            "owner": world.partner_a,
            "due_on": dt.date(2026, 4, 1),
            "committee": gov.jsc_a,
        },
    )
    action = actions.action_set_status(actor=world.partner_a, action=action, status="in_progress")
    action = actions.action_set_status(
        actor=world.partner_a, action=action, status="done", on=dt.date(2026, 3, 30)
    )
    assert (action.status, action.completed_on) == (ActionStatus.DONE, dt.date(2026, 3, 30))
    with pytest.raises(ValidationError) as error:
        actions.action_set_status(actor=world.partner_a, action=action, status="cancelled")
    assert error.value.message_dict == {
        "status": ["A done action item cannot become cancelled; it can become: open."]
    }
    action = actions.action_set_status(actor=world.manager_a, action=action, status="open")
    assert (action.status, action.completed_on) == ("open", None)


def test_an_action_owner_must_be_able_to_see_it(world, gov):
    data = {"title": "x", "due_on": dt.date(2026, 4, 1)}
    with pytest.raises(ValidationError) as error:
        actions.action_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={**data, "owner": world.partner_b},
        )
    assert error.value.message_dict == {
        "owner": [
            f"{world.partner_b} works for Polaris Biologics, which is not a party to this alliance."
        ]
    }
    with pytest.raises(ValidationError) as error:
        actions.action_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={**data, "owner": world.partner_a, "is_internal": True},
        )
    assert error.value.message_dict == {
        "owner": [
            f"{world.partner_a} works for Kestrel Bio: an internal-only record needs one of our people."
        ]
    }


# --- Issues ---------------------------------------------------------------------------------


def test_issue_lifecycle_escalates_resolves_and_closes(world, gov):
    issue = actions.issue_create(
        actor=world.partner_a,
        alliance=world.alliance_a,
        data={
            "title": "Comparator dispute",
            "area": "development",
            "severity": "high",
            "level": gov.jsc_a,
        },
        now=at("2026-01-01 09:00"),
    )
    assert (issue.status, issue.level, issue.raised_by) == (
        IssueStatus.OPEN,
        gov.jsc_a,
        world.partner_a,
    )
    issue = actions.issue_escalate(
        actor=world.manager_a,
        issue=issue,
        reason="30 days without agreement",
        now=at("2026-02-05 09:00"),
    )
    assert (issue.status, issue.level, issue.level_since) == (
        "escalated",
        gov.execs_a,
        at("2026-02-05 09:00"),
    )
    step = IssueEscalation.objects.filter(issue=issue).latest("at")
    assert (step.from_level, step.to_level, step.days_at_previous_level, step.by) == (
        gov.jsc_a,
        gov.execs_a,
        35,
        world.manager_a,
    )
    with pytest.raises(ValidationError) as error:
        actions.issue_escalate(
            actor=world.manager_a, issue=issue, reason="Still stuck", now=at("2026-03-10 09:00")
        )
    assert error.value.message_dict == {
        "level": [
            "Executive sponsors is the last level of the escalation path: there is nowhere higher to go."
        ]
    }
    with pytest.raises(ValidationError) as error:
        actions.issue_close(actor=world.manager_a, issue=issue)
    assert error.value.message_dict == {
        "status": ["A escalated issue cannot become closed; it can become: escalated, resolved."]
    }
    issue = actions.issue_resolve(
        actor=world.manager_a,
        issue=issue,
        resolution="Active comparator, shared cost.",
        on=dt.date(2026, 3, 1),
    )
    issue = actions.issue_close(actor=world.manager_a, issue=issue, on=dt.date(2026, 3, 2))
    assert (issue.status, issue.resolved_on, issue.closed_on) == (
        "closed",
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 2),
    )
    with pytest.raises(ValidationError) as error:
        actions.issue_reopen(actor=world.manager_a, issue=issue, reason="It came back")
    assert error.value.message_dict == {
        "status": ["A closed issue cannot become open; it is final."]
    }


def test_a_resolved_issue_reopens_with_a_fresh_clock(world, gov):
    issue = actions.issue_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "x", "area": "legal", "level": gov.jsc_a},
        now=at("2026-01-01 09:00"),
    )
    issue = actions.issue_resolve(actor=world.manager_a, issue=issue, resolution="Agreed in JSC")
    issue = actions.issue_reopen(
        actor=world.manager_a,
        issue=issue,
        reason="Polaris withdrew agreement",
        now=at("2026-02-01 09:00"),
    )
    assert (issue.status, issue.level_since, issue.resolved_on) == (
        "open",
        at("2026-02-01 09:00"),
        None,
    )


def test_an_issue_on_a_firewalled_body_carries_the_program(world, gov):
    issue = actions.issue_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "x", "area": "development", "level": gov.team_a2},
    )
    assert issue.program == world.program_a2
    created = AuditEvent.objects.for_object(issue).first()
    assert created.program_id == world.program_a2.pk


# --- Communications -------------------------------------------------------------------------


def test_review_period_counts_business_days_and_skips_public_holidays(world, gov):
    actions.governance_settings_update(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"disclosure_review_business_days": 5, "business_calendar": "us"},
    )
    item = actions.communication_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "NDA filing PR",
            "kind": "press_release",
            "proposed_by": world.partner_co_a,
            "reviewers": [world.manager_a],
        },
    )
    # Wednesday 1 July 2026; Friday 3 July is the observed Independence Day holiday.
    item = actions.communication_submit(
        actor=world.manager_a, communication=item, on=dt.date(2026, 7, 1)
    )
    assert (item.status, item.review_business_days, item.review_due_on) == (
        CommunicationStatus.UNDER_REVIEW,
        5,
        dt.date(2026, 7, 9),
    )
    with pytest.raises(ValidationError) as error:
        actions.communication_conclude(
            actor=world.manager_a, communication=item, outcome="objected", notes=""
        )
    assert error.value.message_dict == {
        "notes": ["Say what the reviewers asked for (at least 5 characters)."]
    }
    item = actions.communication_conclude(
        actor=world.manager_a,
        communication=item,
        outcome="objected",
        notes="We announce on acceptance, not on filing.",
    )
    assert (item.status, item.outcome) == ("concluded", "objected")
    with pytest.raises(ValidationError) as error:
        actions.communication_withdraw(
            actor=world.manager_a, communication=item, reason="Too late now"
        )
    assert error.value.message_dict == {
        "status": ["A review concluded communication cannot become withdrawn; it is final."]
    }


def test_reviewers_come_from_the_other_party(world, gov):
    with pytest.raises(ValidationError) as error:
        actions.communication_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={
                "title": "PR",
                "kind": "press_release",
                "proposed_by": world.own,
                "reviewers": [world.manager_a],
            },
        )
    assert error.value.message_dict == {
        "reviewers": [
            "Daniel Reyes works for the proposing party: reviewers come from the other party."
        ]
    }
    item = actions.communication_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "PR", "kind": "press_release", "proposed_by": world.own},
    )
    with pytest.raises(ValidationError) as error:
        actions.communication_submit(actor=world.manager_a, communication=item)
    assert error.value.message_dict == {
        "reviewers": ["Name at least one reviewer from the other party."]
    }
