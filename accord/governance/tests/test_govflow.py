"""Doing the common things in one step: issue owners and target dates, minutes drafted from the
agenda, agenda items shown taken, carry-over from the bodies under a body."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.governance import actions
from accord.governance.forms import IssueForm
from accord.governance.models import AgendaKind, CommitteeKind, Issue, MinutesStatus

from .conftest import CO_CHAIR, at, body

pytestmark = pytest.mark.django_db


def today():
    """Read per test, not at import: a suite that runs past midnight must not see yesterday."""
    return timezone.localdate()


def issue(world, committee, title, **data):
    return actions.issue_create(
        actor=world.manager_a,
        alliance=committee.alliance,
        data={"title": title, "area": "development", "level": committee, **data},
    )


# --- Issues: owner and target date ----------------------------------------------------------


def test_an_issue_has_an_owner_and_a_target_date_and_is_overdue_once_past_it(world, gov):
    late = issue(
        world,
        gov.jsc_a,
        "Late CMC data",
        owner=world.manager_a,
        target_on=today() - dt.timedelta(days=1),
    )
    due = issue(world, gov.jsc_a, "Label review", owner=world.leader, target_on=today())
    issue(world, gov.jsc_a, "Nobody's", target_on=today() - dt.timedelta(days=3))
    assert (late.owner, late.target_on, late.overdue, due.overdue) == (
        world.manager_a,
        today() - dt.timedelta(days=1),
        True,
        False,
    )
    assert list(Issue.objects.owned_by(world.manager_a)) == [late]
    assert list(Issue.objects.owned_by(world.leader)) == [due]
    assert sorted(Issue.objects.overdue().values_list("title", flat=True)) == [
        "Late CMC data",
        "Nobody's",
    ]
    actions.issue_resolve(actor=world.manager_a, issue=late, resolution="Data arrived.")
    assert list(Issue.objects.overdue().values_list("title", flat=True)) == ["Nobody's"]
    create = AuditEvent.objects.filter(object_id=str(late.pk), field="owner").get()
    assert create.new_value == str(world.manager_a)


def test_the_owner_is_one_of_our_people_cleared_for_the_program(world, gov):
    with pytest.raises(ValidationError) as error:
        issue(world, gov.jsc_a, "Partner-owned", owner=world.partner_a)
    assert error.value.message_dict == {
        "owner": [
            f"{world.partner_a} works for Kestrel Bio: an internal-only record needs one of our people."
        ]
    }
    with pytest.raises(ValidationError) as error:
        issue(world, gov.team_a2, "Secret", owner=world.firewalled)
    assert error.value.message_dict == {
        "owner": [f"{world.firewalled} is not cleared for the firewalled program “KST-SECRET”."]
    }
    assert not Issue.objects.filter(title__in=["Partner-owned", "Secret"]).exists()
    kept = issue(world, gov.jsc_a, "Kept", owner=world.manager_a)
    with pytest.raises(ValidationError):
        actions.issue_update(actor=world.manager_a, issue=kept, data={"owner": world.partner_a})
    kept.refresh_from_db()
    assert (kept.owner, kept.version) == (world.manager_a, 1)


def test_the_owner_choices_are_our_people_and_for_a_firewalled_issue_the_cleared(world, gov):
    form = IssueForm(alliance=world.alliance_a, user=world.manager_a)
    people = set(form.fields["owner"].queryset)
    assert world.partner_a not in people
    assert {world.manager_a, world.firewalled, world.leader} <= people
    secret = issue(world, gov.team_a2, "Secret", owner=world.manager_a)
    form = IssueForm(instance=secret, alliance=world.alliance_a, user=world.manager_a)
    assert list(form.fields["owner"].queryset) == [world.manager_a]


def test_the_issue_list_filters_mine_and_overdue_and_shows_owner_and_target(world, gov):
    issue(
        world,
        gov.jsc_a,
        "Mine and late",
        owner=world.manager_a,
        target_on=today() - dt.timedelta(days=2),
    )
    issue(
        world,
        gov.jsc_a,
        "Mine on time",
        owner=world.manager_a,
        target_on=today() + dt.timedelta(days=2),
    )
    issue(
        world,
        gov.jsc_a,
        "Someone else's",
        owner=world.leader,
        target_on=today() - dt.timedelta(days=2),
    )
    client = login(world.manager_a)
    mine = client.get("/governance/issues/?mine=true").context["page"].object_list
    assert sorted(i.title for i in mine) == ["Mine and late", "Mine on time"]
    late = client.get("/governance/issues/?overdue=true").context["page"].object_list
    assert sorted(i.title for i in late) == ["Mine and late", "Someone else's"]
    both = client.get("/governance/issues/?mine=true&overdue=true").context["page"].object_list
    assert [i.title for i in both] == ["Mine and late"]
    page = client.get("/governance/issues/?mine=true&overdue=true").content.decode()
    assert str(world.manager_a) in page and "overdue</span>" in page


def test_the_issue_api_reads_and_writes_owner_and_target(world, gov):
    client = api_client(world.manager_b)
    response = client.post(
        "/api/v1/governance/issues/",
        {
            "alliance": world.alliance_b.pk,
            "title": "Supply",
            "area": "development",
            "level": gov.jsc_b.pk,
            "owner": world.manager_b.pk,
            "target_on": "2020-01-31",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["owner"], data["target_on"], data["overdue"]) == (
        world.manager_b.pk,
        "2020-01-31",
        True,
    )
    response = client.post(
        "/api/v1/governance/issues/",
        {
            "alliance": world.alliance_b.pk,
            "title": "Bad",
            "area": "development",
            "owner": world.partner_b.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Issue.objects.filter(title="Bad").exists()


# --- Minutes from the agenda ----------------------------------------------------------------


def _meeting_with_agenda(world, gov):
    meeting = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"starts_at": at("2026-03-10 10:00"), "modality": "virtual"},
    )
    budget = actions.agenda_item_add(
        actor=world.manager_a, meeting=meeting, data={"title": "Budget 2027", "notes": "Draft v2"}
    )
    actions.agenda_item_add(actor=world.manager_a, meeting=meeting, data={"title": "AOB"})
    return meeting, budget


def test_starting_the_minutes_drafts_each_agenda_item_with_its_decisions_and_actions(world, gov):
    meeting, budget = _meeting_with_agenda(world, gov)
    actions.decision_record(
        actor=world.manager_a,
        meeting=meeting,
        data={"title": "Approve the budget", "area": "development"},
        outcome="Approved at 4.2 M.",
        agenda_item=budget,
    )
    actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Send the budget", "owner": world.manager_a, "due_on": dt.date(2026, 4, 1)},
        meeting=meeting,
        agenda_item=budget,
    )
    actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Book the venue", "owner": world.manager_a, "due_on": dt.date(2026, 5, 1)},
        meeting=meeting,
    )
    minutes = actions.minutes_start(actor=world.manager_a, minutes=meeting.minutes)
    assert minutes.text == (
        f"Minutes of {meeting}\n"
        "\n"
        "1. Budget 2027\n"
        "   Draft v2\n"
        "   Discussion:\n"
        "   Decision: Approve the budget: Approved at 4.2 M.\n"
        f"   Action: Send the budget ({world.manager_a}, due 2026-04-01)\n"
        "\n"
        "2. AOB\n"
        "   Discussion:\n"
        "\n"
        "3. Other business\n"
        "   Discussion:\n"
        f"   Action: Book the venue ({world.manager_a}, due 2026-05-01)\n"
    )
    assert (minutes.status, minutes.version) == (MinutesStatus.DRAFT, 2)
    with pytest.raises(ValidationError) as error:
        actions.minutes_start(actor=world.manager_a, minutes=minutes)
    assert error.value.message_dict == {
        "text": ["The minutes are already started: edit them instead of starting again."]
    }
    minutes.refresh_from_db()
    assert minutes.version == 2


def test_an_agenda_item_shows_taken_linked_to_its_decision(world, gov):
    decision = actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Go to phase 2",
            "area": "development",
            "committee": gov.jsc_a,
            "raised_on": dt.date(2026, 1, 5),
        },
    )
    meeting = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"starts_at": at("2026-03-10 10:00"), "modality": "virtual"},
    )
    actions.agenda_build(actor=world.manager_a, meeting=meeting)
    item = meeting.agenda_items.get(decision=decision)
    client = login(world.manager_a)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'class="badge done taken"' not in page
    for status in ("proposed", "decided"):
        decision = actions.decision_transition(
            actor=world.manager_a,
            decision=decision,
            status=status,
            outcome="Go.",
            meeting=meeting,
        )
    assert decision.agenda_item == item
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert (
        f'<a class="badge done taken" href="{decision.get_absolute_url()}" '
        'title="Decided: Go.">taken</a>' in page
    )


def test_starting_the_minutes_from_the_page_and_recording_under_an_item(world, gov):
    meeting, budget = _meeting_with_agenda(world, gov)
    client = login(world.manager_a)
    response = client.post(
        f"/governance/meetings/{meeting.pk}/decisions/",
        {"agenda_item": budget.pk, "title": "Budget", "area": "development", "outcome": "Yes."},
    )
    assert response.status_code == 302
    assert meeting.decisions.get().agenda_item == budget
    response = client.post(f"/governance/meetings/{meeting.pk}/minutes/start/")
    assert response.status_code == 302
    meeting.minutes.refresh_from_db()
    assert "1. Budget 2027\n   Draft v2\n   Discussion:\n   Decision: Budget: Yes.\n" in (
        meeting.minutes.text
    )
    response = client.post(f"/governance/meetings/{meeting.pk}/minutes/start/")
    assert response.status_code == 400
    assert "The minutes are already started" in response.content.decode()


def test_an_item_of_another_meeting_is_refused(world, gov):
    _meeting, budget = _meeting_with_agenda(world, gov)
    other = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"starts_at": at("2026-06-10 10:00"), "modality": "virtual"},
    )
    with pytest.raises(ValidationError) as error:
        actions.decision_record(
            actor=world.manager_a,
            meeting=other,
            data={"title": "X", "area": "development"},
            outcome="Y",
            agenda_item=budget,
        )
    assert error.value.message_dict == {"agenda_item": ["That agenda item is not on this meeting."]}
    assert not other.decisions.exists()


# --- Carry-over from the bodies under a body ------------------------------------------------


def test_carry_over_brings_open_actions_and_escalated_issues_of_the_sub_bodies(world, gov):
    sub = body(
        world.leader,
        world.alliance_a,
        "CMC subcommittee",
        [(world.manager_a, CO_CHAIR), (world.partner_a, CO_CHAIR)],
        kind=CommitteeKind.JMC,
        parent=gov.jsc_a,
        escalation_days=10,
    )
    team = body(
        world.leader,
        world.alliance_a,
        "Analytics team",
        [(world.manager_a, CO_CHAIR), (world.partner_a, CO_CHAIR)],
        kind=CommitteeKind.SUB_TEAM,
        parent=sub,
        escalates_to=sub,
    )
    stuck = issue(world, team, "Assay transfer stuck")
    stuck = actions.issue_escalate(actor=world.manager_a, issue=stuck, reason="No progress")
    assert stuck.level == sub
    issue(world, sub, "Not escalated")
    action = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Ship samples",
            "owner": world.manager_a,
            "due_on": dt.date(2026, 4, 1),
            "committee": team,
        },
    )
    meeting = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"starts_at": at("2026-03-10 10:00"), "modality": "virtual"},
    )
    actions.agenda_build(actor=world.manager_a, meeting=meeting)
    rows = list(meeting.agenda_items.order_by("position").values_list("kind", "title"))
    assert rows == [
        (AgendaKind.ISSUE, "Escalated issue at CMC subcommittee: Assay transfer stuck"),
        (
            AgendaKind.ACTION,
            f"Action of Analytics team: Ship samples ({world.manager_a}, due 2026-04-01)",
        ),
    ]
    assert meeting.agenda_items.get(kind=AgendaKind.ACTION).action == action
    assert actions.agenda_build(actor=world.manager_a, meeting=meeting) == []
