"""Who sees and does what: every persona against governance pages, details and the API.

Partner users see the shared governance of the alliances whose bodies they sit on; nobody sees
internal records but our staff, nor anything on a firewalled program they are not cleared for;
the risk register is internal.
"""

import datetime as dt

import pytest
from django.utils import timezone

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.governance import actions
from accord.governance.models import ActionItem, Decision, Issue, Meeting
from accord.people.tests.factories import PartnerUserFactory
from accord.portfolio.models import MemberRole
from accord.portfolio.tests.factories import MemberFactory

EVERYTHING = {
    "execs_a", "jsc_a", "team_a2", "jsc_b",
    "meeting_a", "meeting_a_internal", "meeting_a2", "meeting_b",
    "decision_a", "decision_a_internal", "decision_b",
    "action_a", "action_a_internal", "action_b",
    "issue_a", "issue_a2", "issue_b",
    "risk_a", "risk_b",
    "communication_a", "communication_b",
}  # fmt: skip
FIREWALLED_A2 = {"team_a2", "meeting_a2", "issue_a2"}
NOT_CLEARED = EVERYTHING - FIREWALLED_A2
SEEN = {
    "admin": NOT_CLEARED,
    "leader": NOT_CLEARED,
    "manager_a": EVERYTHING,
    "manager_b": NOT_CLEARED,
    "executive": NOT_CLEARED,
    "contributor": NOT_CLEARED,
    "firewalled": NOT_CLEARED,
    "partner_a": {
        "execs_a",
        "jsc_a",
        "team_a2",
        "meeting_a",
        "meeting_a2",
        "decision_a",
        "action_a",
        "issue_a",
        "issue_a2",
        "communication_a",
    },
    "partner_b": {"jsc_b", "meeting_b", "decision_b", "action_b", "issue_b", "communication_b"},
    "outsider": set(),
}
PERSONAS = list(SEEN)
KINDS = {
    "committee": ("execs_a", "jsc_a", "team_a2", "jsc_b"),
    "meeting": ("meeting_a", "meeting_a_internal", "meeting_a2", "meeting_b"),
    "decision": ("decision_a", "decision_a_internal", "decision_b"),
    "action": ("action_a", "action_a_internal", "action_b"),
    "issue": ("issue_a", "issue_a2", "issue_b"),
    "risk": ("risk_a", "risk_b"),
    "communication": ("communication_a", "communication_b"),
}
API = {
    "committee": "committees",
    "meeting": "meetings",
    "decision": "decisions",
    "action": "actions",
    "issue": "issues",
    "risk": "risks",
    "communication": "communications",
}
PAGES = {"meeting": "meetings", "decision": "decisions", "action": "actions", "issue": "issues"}


@pytest.fixture
def records(world, gov):
    ma, mb = world.manager_a, world.manager_b
    soon = timezone.now() + dt.timedelta(days=30)

    def meeting(actor, committee, internal=False):
        return actions.meeting_schedule(
            actor=actor,
            committee=committee,
            data={
                "starts_at": soon,
                "modality": "hybrid",
                "is_internal": internal,
            },
        )

    def decision(actor, alliance, committee, **extra):
        return actions.decision_create(
            actor=actor,
            alliance=alliance,
            data={"title": "D", "area": "development", "committee": committee, **extra},
        )

    def action(actor, alliance, owner, **extra):
        return actions.action_create(
            actor=actor,
            alliance=alliance,
            data={"title": "A", "owner": owner, "due_on": dt.date(2026, 7, 1), **extra},
        )

    def issue(actor, alliance, level):
        return actions.issue_create(
            actor=actor, alliance=alliance, data={"title": "I", "area": "legal", "level": level}
        )

    def risk(actor, alliance):
        return actions.risk_create(
            actor=actor,
            alliance=alliance,
            data={
                "title": "R",
                "area": "legal",
                "likelihood": 2,
                "impact": 3,
                "owner": actor,
                "review_on": dt.date(2026, 9, 1),
            },
        )

    def communication(actor, alliance, partner):
        return actions.communication_create(
            actor=actor,
            alliance=alliance,
            data={"title": "PR", "kind": "press_release", "proposed_by": partner},
        )

    built = {
        "execs_a": gov.execs_a,
        "jsc_a": gov.jsc_a,
        "team_a2": gov.team_a2,
        "jsc_b": gov.jsc_b,
        "meeting_a": meeting(ma, gov.jsc_a),
        "meeting_a_internal": meeting(ma, gov.jsc_a, internal=True),
        "meeting_a2": meeting(ma, gov.team_a2),
        "meeting_b": meeting(mb, gov.jsc_b),
        "decision_a": decision(ma, world.alliance_a, gov.jsc_a),
        "decision_a_internal": decision(ma, world.alliance_a, gov.jsc_a, is_internal=True),
        "decision_b": decision(mb, world.alliance_b, gov.jsc_b),
        "action_a": action(ma, world.alliance_a, world.partner_a, committee=gov.jsc_a),
        "action_a_internal": action(ma, world.alliance_a, ma, is_internal=True),
        "action_b": action(mb, world.alliance_b, world.partner_b),
        "issue_a": issue(ma, world.alliance_a, gov.jsc_a),
        "issue_a2": issue(ma, world.alliance_a, gov.team_a2),
        "issue_b": issue(mb, world.alliance_b, gov.jsc_b),
        "risk_a": risk(ma, world.alliance_a),
        "risk_b": risk(mb, world.alliance_b),
        "communication_a": communication(ma, world.alliance_a, world.partner_co_a),
        "communication_b": communication(mb, world.alliance_b, world.partner_co_b),
    }
    return built


def names(records, kind, ids):
    return {name for name in KINDS[kind] if records[name].pk in ids}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", list(API))
def test_api_lists_exactly_what_is_in_scope(world, records, persona, kind):
    response = api_client(world.persona(persona)).get(
        f"/api/v1/governance/{API[kind]}/", {"page_size": 100}
    )
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert names(records, kind, ids) == SEEN[persona] & set(KINDS[kind])
    assert len(ids) == len(SEEN[persona] & set(KINDS[kind]))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_list_pages_show_exactly_what_is_in_scope(world, records, persona, kind):
    response = login(world.persona(persona)).get(f"/governance/{PAGES[kind]}/", {"all": "1"})
    assert response.status_code == 200
    ids = {obj.pk for obj in response.context["page"].object_list}
    assert names(records, kind, ids) == SEEN[persona] & set(KINDS[kind])
    assert response.context["total"] == len(SEEN[persona] & set(KINDS[kind]))


DETAIL = {
    "committee": "/governance/bodies/{}/",
    "meeting": "/governance/meetings/{}/",
    "decision": "/governance/decisions/{}/",
    "action": "/governance/actions/{}/",
    "issue": "/governance/issues/{}/",
    "risk": "/governance/risks/{}/",
    "communication": "/governance/communications/{}/",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_details_are_404_out_of_scope(world, records, persona):
    client = login(world.persona(persona))
    api = api_client(world.persona(persona))
    for kind, record_names in KINDS.items():
        for name in record_names:
            expected = 200 if name in SEEN[persona] else 404
            assert client.get(DETAIL[kind].format(records[name].pk)).status_code == expected, name
            assert (
                api.get(f"/api/v1/governance/{API[kind]}/{records[name].pk}/").status_code
                == expected
            ), name


def test_anonymous_is_sent_to_sign_in_and_the_api_answers_401(world, records):
    assert login(None).get("/governance/actions/").status_code == 302
    assert api_client(None).get("/api/v1/governance/actions/").status_code == 401


def test_the_meeting_pack_follows_the_meeting(world, records):
    url = f"/governance/meetings/{records['meeting_a_internal'].pk}/pack.pdf"
    assert login(world.manager_a).get(url).status_code == 200
    assert login(world.partner_a).get(url).status_code == 404
    assert (
        login(world.firewalled)
        .get(f"/governance/meetings/{records['meeting_a2'].pk}/pack.docx")
        .status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["manager_a", "executive", "partner_a", "firewalled"])
def test_the_governance_tab_counts_only_what_the_person_sees(world, records, persona):
    response = login(world.persona(persona)).get(f"/alliances/{world.alliance_a.pk}/governance/")
    assert response.status_code == 200
    context = response.context
    seen = SEEN[persona]
    assert {b.name for b in context["bodies"]} == {
        records[n].name for n in ("execs_a", "jsc_a", "team_a2") if n in seen
    }
    assert context["open_action_count"] == len({"action_a", "action_a_internal"} & seen)
    assert context["pending_count"] == len({"decision_a", "decision_a_internal"} & seen)
    assert {i.pk for i in context["issues"]} == {
        records[n].pk for n in ("issue_a", "issue_a2") if n in seen
    }
    assert {m.pk for m in context["upcoming"]} == {
        records[n].pk for n in ("meeting_a", "meeting_a_internal", "meeting_a2") if n in seen
    }
    assert [r.pk for r in context["risks"]] == (
        [records["risk_a"].pk] if world.persona(persona).is_internal else []
    )


def test_a_partner_on_the_team_but_on_no_body_sees_no_governance(world, records):
    newcomer = PartnerUserFactory(company=world.partner_co_a)
    MemberFactory(alliance=world.alliance_a, user=newcomer, role=MemberRole.TEAM_MEMBER)
    response = login(newcomer).get(f"/alliances/{world.alliance_a.pk}/governance/")
    assert response.status_code == 200
    assert response.context["not_seated"] is True
    assert "You do not sit on any of this alliance's governance bodies" in response.content.decode()
    assert api_client(newcomer).get("/api/v1/governance/meetings/").json()["count"] == 0
    assert (
        login(newcomer).get(f"/governance/meetings/{records['meeting_a'].pk}/").status_code == 404
    )
    assert (
        login(world.partner_b).get(f"/alliances/{world.alliance_a.pk}/governance/").status_code
        == 404
    )


def test_partners_never_see_the_change_history(world, records):
    response = login(world.partner_a).get(f"/governance/issues/{records['issue_a'].pk}/")
    assert response.context["history"] == []
    response = login(world.manager_a).get(f"/governance/issues/{records['issue_a'].pk}/")
    assert {(event.action, event.change_id) for event in response.context["history"]} == {
        ("create", AuditEvent.objects.for_object(records["issue_a"]).get(field="title").change_id)
    }


# --- Doing ----------------------------------------------------------------------------------


def test_a_seated_partner_contributes_issues_and_actions(world, records):
    client = api_client(world.partner_a)
    response = client.post(
        "/api/v1/governance/issues/",
        {
            "alliance": world.alliance_a.pk,
            "title": "Slow sample shipments",
            "area": "development",
            "level": records["jsc_a"].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Issue.objects.get(pk=response.json()["id"]).raised_by == world.partner_a
    response = client.post(
        "/api/v1/governance/actions/",
        {
            "alliance": world.alliance_a.pk,
            "title": "Ship samples",
            "owner": world.partner_a.pk,
            "due_on": "2026-08-01",
        },
        format="json",
    )
    assert response.status_code == 201
    response = client.post(
        "/api/v1/governance/decisions/",
        {"alliance": world.alliance_a.pk, "title": "x", "area": "development", "is_internal": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"is_internal": ["Only our own staff mark records internal."]}


@pytest.mark.parametrize(
    ("persona", "alliance", "status"),
    [
        ("partner_b", "alliance_a", 400),
        ("executive", "alliance_a", 403),
        ("outsider", "alliance_a", 400),
    ],
)
def test_people_without_a_seat_or_the_alliance_cannot_raise_issues(
    world, records, persona, alliance, status
):
    before = Issue.objects.count()
    response = api_client(world.persona(persona)).post(
        "/api/v1/governance/issues/",
        {"alliance": getattr(world, alliance).pk, "title": "x", "area": "legal"},
        format="json",
    )
    assert response.status_code == status
    if status == 400:  # an alliance out of scope does not exist for them
        assert response.json() == {
            "alliance": [f'Invalid pk "{world.alliance_a.pk}" - object does not exist.']
        }
    assert Issue.objects.count() == before


def test_partner_cannot_run_governance_and_nothing_changes(world, records):
    governance_trail = AuditEvent.objects.filter(alliance_id__isnull=False)
    audit_before = governance_trail.count()
    client = login(world.partner_a)
    jsc = records["jsc_a"]
    assert (
        client.post(
            f"/governance/bodies/{jsc.pk}/edit/", {"name": "Hacked", "kind": "jsc"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/governance/bodies/{jsc.pk}/meetings/new/",
            {"starts_at": "2026-07-01T10:00", "modality": "virtual"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/governance/issues/{records['issue_a'].pk}/escalate/", {"escalate-reason": "Because"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/governance/meetings/{records['meeting_a'].pk}/agenda/build/").status_code
        == 403
    )
    api = api_client(world.partner_a)
    assert (
        api.patch(
            f"/api/v1/governance/decisions/{records['decision_a'].pk}/",
            {"title": "Hacked"},
            format="json",
        ).status_code
        == 403
    )
    assert (
        api.post(
            f"/api/v1/governance/meetings/{records['meeting_a'].pk}/held/",
            {"attended": []},
            format="json",
        ).status_code
        == 403
    )
    jsc.refresh_from_db()
    assert jsc.name == "JSC A"
    assert Meeting.objects.filter(committee=jsc).count() == 2
    assert Decision.objects.get(pk=records["decision_a"].pk).title == "D"
    assert governance_trail.count() == audit_before


def test_the_owner_updates_an_action_status_but_nothing_else(world, records):
    item = records["action_a"]
    api = api_client(world.partner_a)
    response = api.patch(
        f"/api/v1/governance/actions/{item.pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    response = api.patch(
        f"/api/v1/governance/actions/{item.pk}/", {"title": "Renamed"}, format="json"
    )
    assert response.status_code == 403
    assert ActionItem.objects.get(pk=item.pk).title == "A"
    other = api_client(world.firewalled).patch(
        f"/api/v1/governance/actions/{item.pk}/", {"status": "open"}, format="json"
    )
    assert other.status_code == 403
    assert ActionItem.objects.get(pk=item.pk).status == "done"


def test_an_agenda_item_linked_to_an_internal_record_is_hidden_from_partners(world, records, gov):
    meeting = records["meeting_a"]
    # A shared action carried over, then marked internal afterwards.
    actions.agenda_build(actor=world.manager_a, meeting=meeting)
    agenda = {
        item.title
        for item in login(world.partner_a).get(meeting.get_absolute_url()).context["agenda"]
    }
    assert agenda == {"Decision: D", "Issue: I", f"Action: A ({world.partner_a}, due 2026-07-01)"}
    actions.decision_update(
        actor=world.manager_a, decision=records["decision_a"], data={"is_internal": True}
    )
    agenda = {
        item.title
        for item in login(world.partner_a).get(meeting.get_absolute_url()).context["agenda"]
    }
    assert agenda == {"Issue: I", f"Action: A ({world.partner_a}, due 2026-07-01)"}


@pytest.mark.parametrize(
    ("persona", "alliance", "status"),
    [
        ("partner_b", "alliance_a", 404),
        ("partner_a", "alliance_b", 404),
        ("partner_a", "alliance_a", 403),
    ],
)
def test_the_risk_form_is_absent_out_of_scope_before_it_is_internal(
    world, persona, alliance, status
):
    # Regression: the internal-only check ran first, so an alliance out of scope answered 403.
    from accord.governance.models import Risk

    url = f"/alliances/{getattr(world, alliance).pk}/governance/risks/new/"
    client = login(world.persona(persona))
    events = AuditEvent.objects.count()
    assert client.get(url).status_code == status
    assert client.post(url, {"title": "Supply", "area": "legal"}).status_code == status
    assert Risk.objects.count() == 0
    assert AuditEvent.objects.count() == events
