"""The governance pages: forms that work, bad input that is explained (400, nothing written), the
agenda builder, inline records, the lesson prompt and the meeting pack."""

import datetime as dt
import io

import docx
import pypdf
import pytest
from django.utils import timezone

from accord.conftest import login
from accord.governance import actions
from accord.governance.models import (
    ActionItem,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    FinalSay,
    Meeting,
)

from .conftest import at, held_meeting


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_creating_a_body_with_its_charter(world, gov):
    client = login(world.manager_a)
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/governance/bodies/new/",
        {
            "name": "Joint Development Committee",
            "kind": "jdc",
            "parent": gov.jsc_a.pk,
            "min_members_per_party": "2",
            "max_members_per_party": "4",
            "quorum_per_party": "1",
            "meetings_per_year": "4",
            "decides": ["development", "regulatory"],
            "escalation_days": "21",
            "final_say_development": str(world.own.pk),
            "final_say_regulatory": "",
        },
    )
    body = Committee.objects.get(name="Joint Development Committee")
    assert response.status_code == 302
    assert response["Location"] == f"/governance/bodies/{body.pk}/"
    assert (body.parent, body.escalates_to, body.decides, body.meetings_per_year) == (
        gov.jsc_a,
        gov.jsc_a,
        ["development", "regulatory"],
        4,
    )
    assert [(r.area, r.company) for r in FinalSay.objects.filter(committee=body)] == [
        ("development", world.own)
    ]
    page = client.get(body.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Development: Meridian Therapeutics" in text
    assert "after 21 days" in text
    assert "Meridian Therapeutics has no co-chair." in text


def test_a_bad_charter_is_explained_and_nothing_is_written(world, gov):
    count = Committee.objects.count()
    response = login(world.manager_a).post(
        f"/alliances/{world.alliance_a.pk}/governance/bodies/new/",
        {
            "name": "JSC A",
            "kind": "jsc",
            "quorum_per_party": "1",
            "min_members_per_party": "5",
            "max_members_per_party": "2",
            "decides": ["nonsense"],
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["decides"] == [
        "Select a valid choice. nonsense is not one of the available choices."
    ]
    assert Committee.objects.count() == count
    response = login(world.manager_a).post(
        f"/alliances/{world.alliance_a.pk}/governance/bodies/new/",
        {
            "name": "jsc a",
            "kind": "jsc",
            "quorum_per_party": "1",
            "min_members_per_party": "5",
            "max_members_per_party": "2",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "max_members_per_party": ["The maximum is below the minimum."],
        "name": ["This alliance already has a body named “jsc a”."],
    }
    assert Committee.objects.count() == count


def test_giving_and_ending_a_seat_on_the_page(world, gov):
    client = login(world.manager_a)
    url = f"/governance/bodies/{gov.jsc_a.pk}/seats/"
    response = client.post(url, {"user": world.partner_b.pk, "role": "member"})
    assert response.status_code == 400
    assert response.context["seat_form"].errors == {
        "user": ["Select a valid choice. That choice is not one of the available choices."]
    }
    response = client.post(
        url, {"user": world.leader.pk, "role": "member", "start_date": "2026-01-01"}
    )
    assert response.status_code == 302
    seat = CommitteeMember.objects.get(committee=gov.jsc_a, user=world.leader)
    response = client.post(
        f"/governance/seats/{seat.pk}/end/", {"end_date": "2026-02-01", "reason": "no"}
    )
    assert response.status_code == 400
    assert response.context["end_form"].errors == {
        "reason": ["Ensure this value has at least 5 characters (it has 2)."]
    }
    response = client.post(
        f"/governance/seats/{seat.pk}/end/",
        {"end_date": "2026-02-01", "reason": "Moved to the JDC"},
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end_date == dt.date(2026, 2, 1)
    assert (
        login(world.partner_a)
        .post(f"/governance/seats/{seat.pk}/role/", {"role": "co_chair"})
        .status_code
        == 403
    )


def test_scheduling_building_and_reordering_the_agenda(world, gov):
    client = login(world.manager_a)
    decision = actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Nominate ADC2", "area": "development", "committee": gov.jsc_a},
    )
    actions.issue_create(
        actor=world.partner_a,
        alliance=world.alliance_a,
        data={"title": "Data sharing", "area": "legal", "level": gov.jsc_a},
    )
    actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Send plan",
            "owner": world.partner_a,
            "due_on": dt.date(2026, 12, 1),
            "committee": gov.jsc_a,
        },
    )
    actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Our fallback",
            "area": "development",
            "committee": gov.jsc_a,
            "is_internal": True,
        },
    )
    actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "A2 assay",
            "owner": world.manager_a,
            "due_on": dt.date(2026, 12, 1),
            "program": world.program_a2,
        },
    )
    response = client.post(
        f"/governance/bodies/{gov.jsc_a.pk}/meetings/new/",
        {"starts_at": "next tuesday", "modality": "virtual"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"starts_at": ["Enter a valid date/time."]}
    assert Meeting.objects.count() == 0
    when = (timezone.localtime() + dt.timedelta(days=14)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        f"/governance/bodies/{gov.jsc_a.pk}/meetings/new/",
        {"starts_at": when, "modality": "hybrid", "location": "Boston"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.title == "JSC A meeting"
    assert {row.user for row in meeting.attendance.all()} == {
        world.manager_a,
        world.firewalled,
        world.partner_a,
    }

    assert client.post(f"/governance/meetings/{meeting.pk}/agenda/build/").status_code == 302
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    # Shared meeting: the internal decision and the firewalled program's action stay off.
    assert titles == [
        "Decision: Nominate ADC2",
        "Issue: Data sharing",
        f"Action: Send plan ({world.partner_a}, due 2026-12-01)",
    ]
    client.post(f"/governance/meetings/{meeting.pk}/agenda/build/")  # again: nothing doubles
    assert meeting.agenda_items.count() == 3
    # The partner adds a topic; the AM moves it to the top.
    response = login(world.partner_a).post(
        f"/governance/meetings/{meeting.pk}/agenda/",
        {"title": "Kestrel's new site", "duration_minutes": "10"},
    )
    assert response.status_code == 302
    topic = AgendaItem.objects.get(title="Kestrel's new site")
    for _ in range(3):
        client.post(f"/governance/meetings/{meeting.pk}/agenda/{topic.pk}/up/")
    assert meeting.agenda_items.order_by("position").first().title == "Kestrel's new site"
    assert (
        client.post(f"/governance/meetings/{meeting.pk}/agenda/{topic.pk}/sideways/").status_code
        == 404
    )
    decision_item = meeting.agenda_items.get(decision=decision)
    assert (
        client.post(
            f"/governance/meetings/{meeting.pk}/agenda/{decision_item.pk}/remove/"
        ).status_code
        == 302
    )
    assert meeting.agenda_items.count() == 3
    assert (
        login(world.firewalled)
        .post(f"/governance/meetings/{meeting.pk}/agenda/{topic.pk}/down/")
        .status_code
        == 403
    )


def test_recording_decisions_and_actions_in_the_minutes(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    client = login(world.manager_a)
    response = client.post(
        f"/governance/meetings/{meeting.pk}/decisions/",
        {
            "title": "EU price corridor",
            "area": "commercial",
            "outcome": "Mid corridor",
            "rationale": "Forecast needs it",
        },
    )
    assert response.status_code == 302
    assert messages_of(client.get(meeting.get_absolute_url())) == [
        "Decision recorded. Warning: the charter does not give this body that matter."
    ]
    decision = Decision.objects.get(title="EU price corridor")
    assert (decision.status, decision.meeting, decision.outside_charter) == (
        "decided",
        meeting,
        True,
    )
    response = client.post(
        f"/governance/meetings/{meeting.pk}/actions/",
        {"title": "Circulate", "owner": world.partner_a.pk, "due_on": ""},
    )
    assert response.status_code == 400
    assert response.context["action_form"].errors == {"due_on": ["This field is required."]}
    response = client.post(
        f"/governance/meetings/{meeting.pk}/actions/",
        {"title": "Circulate", "owner": world.partner_a.pk, "due_on": "2026-04-01"},
    )
    assert response.status_code == 302
    assert ActionItem.objects.get(title="Circulate").meeting == meeting
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "EU price corridor" in page and "outside charter" in page and "Circulate" in page


def test_closing_an_issue_prompts_for_a_lesson(world, gov):
    issue = actions.issue_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Detail counting", "area": "commercial", "level": gov.jsc_a},
    )
    actions.issue_resolve(actor=world.manager_a, issue=issue, resolution="New definition agreed")
    client = login(world.manager_a)
    response = client.post(f"/governance/issues/{issue.pk}/close/", follow=True)
    text = response.content.decode()
    assert "Issue closed. What should the next team learn from it?" in text
    assert f'href="/knowledge/lessons/new/?source_type=issue&amp;source_id={issue.pk}"' in text


def test_escalating_on_the_page_needs_a_reason(world, gov):
    issue = actions.issue_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "x", "area": "legal", "level": gov.jsc_a},
    )
    client = login(world.manager_a)
    response = client.post(f"/governance/issues/{issue.pk}/escalate/", {"escalate-reason": ""})
    assert response.status_code == 400
    assert response.context["escalate_form"].errors == {"reason": ["This field is required."]}
    issue.refresh_from_db()
    assert issue.level == gov.jsc_a
    response = client.post(
        f"/governance/issues/{issue.pk}/escalate/", {"escalate-reason": "Deadlock for 30 days"}
    )
    issue.refresh_from_db()
    assert (response.status_code, issue.level, issue.status) == (302, gov.execs_a, "escalated")


def test_a_concurrent_charter_edit_is_caught(world, gov):
    client = login(world.manager_a)
    data = {"name": "JSC A", "kind": "jsc", "quorum_per_party": "2", "version": "1"}
    actions.committee_update(
        actor=world.leader, committee=gov.jsc_a, data={"purpose": "Changed meanwhile"}
    )
    response = client.post(f"/governance/bodies/{gov.jsc_a.pk}/edit/", data)
    assert response.status_code == 409
    gov.jsc_a.refresh_from_db()
    assert gov.jsc_a.quorum_per_party == 1


@pytest.mark.parametrize(
    "url", ["/governance/actions/?due_before=soon", "/governance/issues/?severity=apocalyptic"]
)
def test_a_bad_filter_is_explained(world, gov, url):
    response = login(world.leader).get(url)
    assert response.status_code == 400
    assert "The filter could not be applied" in response.content.decode()


def test_the_api_rejects_unknown_filters(world, gov):
    from accord.conftest import api_client

    response = api_client(world.leader).get("/api/v1/governance/actions/", {"overdeu": "true"})
    assert response.status_code == 400
    assert list(response.json()) == ["overdeu"]


def test_the_meeting_pack_has_the_agenda_open_actions_decisions_due_and_key_dates(world, gov):
    previous = held_meeting(
        world.manager_a, gov.jsc_a, when="2026-01-10 10:00", now="2026-01-10 12:00"
    )
    actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Share stability data",
            "owner": world.partner_a,
            "due_on": dt.date(2026, 2, 1),
        },
        meeting=previous,
    )
    actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Internal costing",
            "owner": world.manager_a,
            "due_on": dt.date(2026, 2, 1),
            "is_internal": True,
        },
        meeting=previous,
    )
    actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Select ADC3 payload",
            "area": "development",
            "committee": gov.jsc_a,
            "due_on": dt.date(2026, 4, 30),
        },
    )
    actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Our walk-away price",
            "area": "financial",
            "committee": gov.jsc_a,
            "is_internal": True,
        },
    )
    meeting = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"starts_at": at("2026-03-20 10:00"), "modality": "in_person", "location": "Boston"},
    )
    actions.agenda_build(actor=world.manager_a, meeting=meeting)
    response = login(world.partner_a).get(f"/governance/meetings/{meeting.pk}/pack.docx")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="meeting-pack-JSC-A-2026-03-20.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert paragraphs[0] == "JSC A: meeting pack"
    for heading in (
        "Attendees",
        "Agenda",
        "Open actions from the previous minutes",
        "Decisions due",
        "Issues at this body",
        "Key dates",
    ):
        assert heading in paragraphs
    assert {
        "Share stability data",
        "Select ADC3 payload",
        "2026-04-30",
        "decision needed",
        f"Approve the minutes of {previous}",
    } <= cells
    assert not {"Internal costing", "Our walk-away price"} & cells
    internal_view = login(world.manager_a).get(f"/governance/meetings/{meeting.pk}/pack.pdf")
    assert internal_view["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(internal_view.content)).pages
    )
    assert "Decisions due" in text and "Select ADC3 payload" in text
    assert (
        "Our walk-away price" not in text
    )  # a joint meeting's pack: shared items only, whoever exports
    assert (
        login(world.manager_a).get(f"/governance/meetings/{meeting.pk}/pack.xlsx").status_code
        == 400
    )


def test_submitting_a_communication_on_the_page_gives_the_deadline(world, gov):
    item = actions.communication_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "NDA PR",
            "kind": "press_release",
            "proposed_by": world.partner_co_a,
            "reviewers": [world.manager_a],
        },
    )
    client = login(world.manager_a)
    response = client.post(f"/governance/communications/{item.pk}/submit/", follow=True)
    item.refresh_from_db()
    assert (
        f"Sent for review: 5 business days, until {item.review_due_on:%a %d %b %Y}."
        in messages_of(response)
    )
    response = login(world.partner_a).post(
        f"/governance/communications/{item.pk}/conclude/", {"outcome": "approved"}
    )
    assert response.status_code == 403
    response = client.post(
        f"/governance/communications/{item.pk}/conclude/", {"outcome": "objected", "notes": ""}
    )
    assert response.status_code == 400
    assert response.context["conclude_form"].errors == {
        "notes": ["Say what the reviewers asked for (at least 5 characters)."]
    }
    item.refresh_from_db()
    assert item.status == "under_review"


def test_governance_tab_shows_warnings_cadence_and_face_to_face(world, gov):
    held_meeting(
        world.manager_a,
        gov.jsc_a,
        when=f"{timezone.localdate():%Y-%m-%d} 00:00",
        now=f"{timezone.localdate():%Y-%m-%d} 23:59",
    )
    response = login(world.manager_a).get(f"/alliances/{world.alliance_a.pk}/governance/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Polaris" not in text
    this_quarter = response.context["modality"][0]
    assert (this_quarter.in_person, this_quarter.hybrid, this_quarter.virtual) == (1, 0, 0)
    jsc = next(body for body in response.context["bodies"] if body.pk == gov.jsc_a.pk)
    assert jsc.cadence[0].held == 1
    team = next(body for body in response.context["bodies"] if body.pk == gov.team_a2.pk)
    assert team.depth == 1


def test_list_drop_downs_offer_only_what_can_match(world, gov):
    from accord.portfolio.tests.factories import AllianceFactory

    AllianceFactory(name="No governance yet")
    client = login(world.leader)
    form = client.get("/governance/actions/").context["filter"].form
    assert [a.name for a in form.fields["alliance"].queryset] == [
        "Kestrel ADC Collaboration",
        "Polaris IL-23 Co-development",
    ]
    assert list(form.fields["committee"].queryset) == []
    form = (
        client.get("/governance/actions/", {"alliance": world.alliance_b.pk}).context["filter"].form
    )
    assert [str(label) for _, label in form.fields["committee"].choices][1:] == [
        "Polaris IL-23 Co-development · JSC B"
    ]
    # The API still accepts any body in scope, whichever alliance.
    from accord.conftest import api_client

    response = api_client(world.leader).get(
        "/api/v1/governance/actions/", {"committee": gov.jsc_a.pk}
    )
    assert response.status_code == 200


def test_the_alliance_overview_has_a_governance_panel_for_those_who_take_part(world, gov):
    actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Late one", "owner": world.partner_a, "due_on": dt.date(2020, 1, 1)},
    )
    page = login(world.partner_a).get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    assert "1 open action (1 overdue) · 0 decisions pending · 0 escalated issues" in page
    from accord.people.tests.factories import PartnerUserFactory
    from accord.portfolio.tests.factories import MemberFactory

    newcomer = PartnerUserFactory(company=world.partner_co_a)
    MemberFactory(alliance=world.alliance_a, user=newcomer, role="team_member")
    assert (
        'id="governance-panel"'
        not in login(newcomer).get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    )
