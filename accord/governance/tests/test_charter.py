"""Bodies against their charter: seats, deviations, cadence, quorum, escalation path, and the
integration hooks other apps will plug into."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.core.models import AuditEvent
from accord.governance import actions, charter, hooks
from accord.governance.models import Committee, CommitteeMember, FinalSay, Meeting, MeetingStatus
from accord.people.tests.factories import PartnerUserFactory, UserFactory
from accord.portfolio import actions as portfolio_actions
from accord.portfolio.models import AllianceMember

from .conftest import SEATED_FROM, at, held_meeting


def warnings_of(committee, on=dt.date(2026, 3, 1)):
    seats = (
        CommitteeMember.objects.current(on)
        .filter(committee=committee)
        .select_related("user__company")
    )
    return charter.charter_warnings(
        committee,
        seats,
        charter.parties(committee.alliance),
        charter.alliance_team_ids(committee.alliance),
    )


def test_a_body_as_the_charter_defines_it_has_no_warnings(world, gov):
    assert warnings_of(gov.jsc_a) == []


def test_deviations_from_the_charter_are_named(world, gov):
    actions.committee_update(
        actor=world.leader,
        committee=gov.jsc_a,
        data={"min_members_per_party": 2, "max_members_per_party": 2},
    )
    for extra in (UserFactory(), UserFactory()):
        actions.committee_member_add(
            actor=world.leader,
            committee=gov.jsc_a,
            user=extra,
            role="member",
            start_date=SEATED_FROM,
        )
    seat = gov.jsc_a.memberships.get(user=world.manager_a)
    actions.committee_member_change_role(
        actor=world.leader, seat=seat, role="member", on=dt.date(2026, 2, 1)
    )
    gov.jsc_a.refresh_from_db()
    assert warnings_of(gov.jsc_a) == [
        "Meridian Therapeutics has 4 voting members; the charter allows at most 2.",
        "Meridian Therapeutics has no co-chair.",
        "Kestrel Bio has 1 voting member; the charter requires at least 2.",
    ]


def test_people_who_left_the_company_or_the_alliance_are_flagged(world, gov):
    world.firewalled.is_active = False
    world.firewalled.save()
    AllianceMember.objects.filter(alliance=world.alliance_a, user=world.partner_a).delete()
    assert sorted(warnings_of(gov.jsc_a)) == sorted(
        [
            f"{world.firewalled} has left Meridian Therapeutics: the account is no longer active.",
            f"{world.partner_a} (Kestrel Bio) is no longer on the alliance team.",
        ]
    )


def test_membership_is_effective_dated_and_keeps_its_history(world, gov):
    seat = gov.jsc_a.memberships.get(user=world.firewalled)
    new = actions.committee_member_change_role(
        actor=world.leader,
        seat=seat,
        role="secretary",
        on=dt.date(2026, 2, 1),
        reason="Now takes the minutes",
    )
    seat.refresh_from_db()
    assert (seat.role, seat.start_date, seat.end_date, seat.end_reason) == (
        "member",
        SEATED_FROM,
        dt.date(2026, 2, 1),
        "Now takes the minutes",
    )
    assert (new.role, new.start_date, new.end_date) == ("secretary", dt.date(2026, 2, 1), None)
    on_jan = CommitteeMember.objects.current(dt.date(2026, 1, 31)).filter(
        committee=gov.jsc_a, user=world.firewalled
    )
    on_feb = CommitteeMember.objects.current(dt.date(2026, 2, 1)).filter(
        committee=gov.jsc_a, user=world.firewalled
    )
    assert [s.role for s in on_jan] == ["member"]
    assert [s.role for s in on_feb] == ["secretary"]
    trail = AuditEvent.objects.filter(
        content_type__model="committeemember", alliance_id=world.alliance_a.pk
    )
    assert trail.filter(field="end_date", new_value="2026-02-01").exists()


@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        (
            "partner_b",
            "member",
            "{user} works for Polaris Biologics, which is not a party to this alliance.",
        ),
        (
            "new_partner",
            "member",
            "{user} is not on this alliance's team: add them to the team first.",
        ),
        ("firewalled", "member", "{user} already sits on JSC A."),
        (
            "leader",
            "co_chair",
            "Meridian Therapeutics already has a co-chair (Daniel Reyes): end that seat first.",
        ),
    ],
)
def test_seat_rules(world, gov, who, role, message):
    user = (
        PartnerUserFactory(company=world.partner_co_a)
        if who == "new_partner"
        else getattr(world, who)
    )
    before = CommitteeMember.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.committee_member_add(
            actor=world.leader,
            committee=gov.jsc_a,
            user=user,
            role=role,
            start_date=dt.date(2026, 1, 1),
        )
    assert next(iter(error.value.message_dict.values())) == [message.format(user=user)]
    assert CommitteeMember.objects.count() == before


def test_escalation_and_reporting_lines_cannot_loop(world, gov):
    with pytest.raises(ValidationError) as error:
        actions.committee_update(
            actor=world.leader, committee=gov.execs_a, data={"escalates_to": gov.team_a2}
        )
    assert error.value.message_dict == {
        "escalates_to": [
            "Executive sponsors → A2 team → JSC A → Executive sponsors: a body cannot escalate to itself."
        ]
    }
    with pytest.raises(ValidationError) as error:
        actions.committee_update(
            actor=world.leader, committee=gov.jsc_a, data={"parent": gov.team_a2}
        )
    assert error.value.message_dict == {
        "parent": ["JSC A → A2 team → JSC A: a body cannot report to itself."]
    }
    with pytest.raises(ValidationError) as error:
        actions.committee_update(
            actor=world.leader, committee=gov.jsc_a, data={"escalates_to": gov.jsc_b}
        )
    assert error.value.message_dict == {"escalates_to": ["JSC B belongs to another alliance."]}


def test_a_sub_body_escalates_to_its_parent_by_default(world, gov):
    assert gov.team_a2.escalates_to == gov.jsc_a
    assert gov.team_a2.program == world.program_a2


def test_final_say_on_deadlock_goes_to_a_party(world, gov):
    committee = actions.committee_update(
        actor=world.leader,
        committee=gov.jsc_a,
        data={},
        final_say={"development": world.own, "commercial": world.partner_co_a, "legal": None},
    )
    assert sorted((rule.area, rule.company.name) for rule in committee.final_say.all()) == [
        ("commercial", "Kestrel Bio"),
        ("development", "Meridian Therapeutics"),
    ]
    change = AuditEvent.objects.for_object(committee).get(field="final_say")
    assert change.new_value == "Commercial: Kestrel Bio; Development: Meridian Therapeutics"
    with pytest.raises(ValidationError) as error:
        actions.committee_update(
            actor=world.leader,
            committee=gov.jsc_a,
            data={},
            final_say={"legal": world.partner_co_b},
        )
    assert error.value.message_dict == {
        "final_say": ["The final say on legal must go to a party to this alliance."]
    }
    assert FinalSay.objects.filter(committee=gov.jsc_a).count() == 2


# --- Cadence, quorum, face to face ----------------------------------------------------------


def meeting_on(committee, day, status=MeetingStatus.HELD, modality="in_person"):
    return Meeting(
        committee=committee,
        alliance=committee.alliance,
        starts_at=at(f"{day} 10:00"),
        status=status,
        modality=modality,
    )


def test_cadence_compliance_per_year_with_a_pro_rated_first_year(world, gov):
    jsc = gov.jsc_a  # at least twice a year
    jsc.established_on = dt.date(2024, 10, 1)
    meetings = [
        meeting_on(jsc, "2024-11-05"),
        meeting_on(jsc, "2025-03-01"),
        meeting_on(jsc, "2025-09-01", MeetingStatus.CANCELLED),
        meeting_on(jsc, "2026-02-01"),
        meeting_on(jsc, "2026-10-01", MeetingStatus.SCHEDULED),
    ]
    rows = charter.cadence_compliance(jsc, meetings, on=dt.date(2026, 6, 1))
    assert [(r.year, r.required, r.held, r.scheduled, r.status) for r in rows] == [
        (2026, 2, 1, 1, "on track"),
        (2025, 2, 1, 0, "missed"),
        (2024, 1, 1, 0, "met"),
    ]
    rows = charter.cadence_compliance(jsc, meetings[:4], on=dt.date(2026, 6, 1))
    assert rows[0].status == "at risk"
    jsc.meetings_per_year = None
    assert charter.cadence_compliance(jsc, meetings, on=dt.date(2026, 6, 1)) == []


def test_quorum_needs_voting_members_of_each_party(world, gov):
    meeting = held_meeting(
        world.manager_a, gov.jsc_a, attended=[world.manager_a.pk, world.firewalled.pk]
    )
    rows = list(meeting.attendance.all())
    assert charter.quorum(gov.jsc_a, rows, charter.parties(world.alliance_a)) == [
        "Kestrel Bio: 0 of 1 required"
    ]
    actions.attendance_record(
        actor=world.manager_a, meeting=meeting, attended=[world.manager_a.pk, world.partner_a.pk]
    )
    rows = list(meeting.attendance.all())
    assert charter.quorum(gov.jsc_a, rows, charter.parties(world.alliance_a)) == []


def test_in_person_meetings_per_quarter(world, gov):
    meetings = [
        meeting_on(gov.jsc_a, "2026-05-01", modality="in_person"),
        meeting_on(gov.jsc_a, "2026-04-02", modality="virtual"),
        meeting_on(gov.jsc_a, "2026-02-10", modality="hybrid"),
        meeting_on(gov.jsc_a, "2026-02-11", MeetingStatus.CANCELLED, modality="in_person"),
        meeting_on(gov.jsc_a, "2025-08-01", modality="in_person"),
    ]
    periods = charter.modality_by_quarter(meetings, on=dt.date(2026, 5, 20))
    assert [(p.label, p.in_person, p.hybrid, p.virtual, p.total) for p in periods] == [
        ("2026 Q2", 1, 0, 1, 2),
        ("2026 Q1", 0, 1, 0, 1),
        ("2025 Q4", 0, 0, 0, 0),
        ("2025 Q3", 1, 0, 0, 1),
    ]


def test_decision_latency_by_group(world, gov):
    rows = [
        {
            "body": 1,
            "status": "decided",
            "raised_on": dt.date(2026, 1, 1),
            "decided_on": dt.date(2026, 1, 11),
        },
        {
            "body": 1,
            "status": "decided",
            "raised_on": dt.date(2026, 1, 1),
            "decided_on": dt.date(2026, 3, 12),
        },
        {
            "body": 1,
            "status": "decided",
            "raised_on": dt.date(2026, 1, 1),
            "decided_on": dt.date(2026, 1, 31),
        },
        {"body": 2, "status": "proposed", "raised_on": dt.date(2026, 1, 1), "decided_on": None},
    ]
    result = charter.latency_by(rows, "body", {1: "JSC", 2: "JDC"}, on=dt.date(2026, 4, 1))
    assert [
        (
            r.label,
            r.decided,
            r.median_days,
            r.mean_days,
            r.max_days,
            r.slow,
            r.pending,
            r.oldest_pending_days,
        )
        for r in result
    ] == [
        ("JSC", 3, 30, 36.7, 70, 1, 0, None),
        ("JDC", 0, None, None, None, 1, 1, 90),
    ]


# --- Integration hooks ----------------------------------------------------------------------


def test_cadence_becomes_an_obligation_through_the_registered_handler(world, gov, monkeypatch):
    received = []
    monkeypatch.setattr(hooks, "CADENCE_HANDLERS", [])
    hooks.register_cadence_handler(lambda *, actor, spec: received.append((actor, spec)))
    committee = actions.committee_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "name": "JDC A",
            "kind": "jdc",
            "meetings_per_year": 4,
            "charter_reference": "§4.3",
            "established_on": dt.date(2026, 1, 1),
        },
    )
    actions.committee_update(
        actor=world.manager_a, committee=committee, data={"purpose": "Not about cadence"}
    )
    actions.committee_update(
        actor=world.manager_a, committee=committee, data={"dissolved_on": dt.date(2026, 6, 30)}
    )
    assert [(actor, spec["active"], spec["title"]) for actor, spec in received] == [
        (world.manager_a, True, "JDC A meets at least quarterly"),
        (world.manager_a, False, "JDC A meets at least quarterly"),
    ]
    spec = dict(received[0][1])
    standing = spec.pop("standing")
    # No meeting held yet: 2026 is the year to fulfil, nothing is met.
    assert (standing.due_on, standing.met) == (dt.date(2026, 12, 31), [])
    assert spec == {
        "names": ["JDC A", "Joint Development Committee", "JDC"],
        "source": {"app": "governance", "model": "committee", "id": committee.pk},
        "alliance_id": world.alliance_a.pk,
        "program_id": None,
        "active": True,
        "kind": "meeting_cadence",
        "title": "JDC A meets at least quarterly",
        "meetings_per_year": 4,
        "clause": "§4.3",
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": None,
        "url": f"/governance/bodies/{committee.pk}/",
    }


def test_key_dates_come_from_every_registered_provider(world, gov, monkeypatch):
    monkeypatch.setattr(hooks, "PROVIDERS", [hooks.governance_key_dates])
    hooks.register_key_dates_provider(
        lambda *, alliance, user, start, end, shared: [
            hooks.KeyDate(
                dt.date(2026, 4, 15), "Option exercise notice", "notice deadline", "contracts"
            )
        ]
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
            "due_on": dt.date(2026, 4, 20),
            "is_internal": True,
        },
    )
    found = hooks.key_dates(
        alliance=world.alliance_a,
        user=world.manager_a,
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 5, 31),
        shared=True,
    )
    assert [(k.date, k.title, k.kind, k.source) for k in found] == [
        (dt.date(2026, 4, 15), "Option exercise notice", "notice deadline", "contracts"),
        (dt.date(2026, 4, 30), "Select ADC3 payload", "decision needed", "governance"),
    ]
    internal = hooks.key_dates(
        alliance=world.alliance_a,
        user=world.manager_a,
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 5, 31),
        shared=False,
    )
    assert [k.title for k in internal] == [
        "Option exercise notice",
        "Our walk-away price",
        "Select ADC3 payload",
    ]


def test_removing_a_partner_from_the_team_takes_them_out_of_governance(world, gov):
    member = AllianceMember.objects.get(alliance=world.alliance_b, user=world.partner_b)
    assert Committee.objects.visible_to(world.partner_b).count() == 1
    portfolio_actions.member_remove(actor=world.leader, member=member)
    assert Committee.objects.visible_to(world.partner_b).count() == 0
