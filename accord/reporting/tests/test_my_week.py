"""My week, the front door: exactly what needs each persona, the same as the lists' "Mine"
filter, scoped (firewalls, partners), with inline steps that only the allowed can take."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.conftest import login
from accord.contracts.models import Obligation, ObligationSnooze, State
from accord.contracts.tests import factories as contracts
from accord.core import freshness
from accord.core.models import AuditEvent
from accord.governance import actions as gov_actions
from accord.governance.models import ActionItem, ActionSnooze, ActionStatus, MinutesStatus
from accord.governance.tests.conftest import PASSWORD, gov, held_meeting  # noqa: F401
from accord.health.models import Respondent
from accord.people.models import User
from accord.reporting import myweek

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@dataclass
class Week:
    review_bucket: str  # business days from today: depends on the weekday
    today: dt.date
    end: dt.date
    o_managers_a: Obligation  # owned by "the alliance managers" of A
    o_firewalled: Obligation  # owned by the firewalled employee
    o_secret: Obligation  # on the firewalled program A2, overdue
    notice_b: Obligation
    action_partner_a: ActionItem  # the partner owes it on A
    action_b: ActionItem


def days(today, n):
    return today + dt.timedelta(days=n)


@pytest.fixture
def week(world, gov):  # noqa: F811
    today = timezone.localdate()
    ag_a = contracts.agreement(world.alliance_a, actor=world.leader)
    ag_b = contracts.agreement(world.alliance_b, actor=world.leader)
    o1 = contracts.obligation(
        ag_a, actor=world.leader, title="A quarterly report", due_on=days(today, 2)
    )
    o2 = contracts.obligation(
        ag_a,
        actor=world.leader,
        title="A CMC update",
        due_on=days(today, 9),
        owner=world.firewalled,
    )
    o3 = contracts.obligation(
        ag_a,
        actor=world.manager_a,
        title="A2 data package",
        due_on=days(today, -3),
        program=world.program_a2,
    )
    n1 = contracts.obligation(
        ag_b,
        actor=world.leader,
        title="B renewal notice",
        category="notification",
        due_on=days(today, 10),
    )
    # Beyond the window, and one finished: never in My week.
    contracts.obligation(ag_a, actor=world.leader, title="A later report", due_on=days(today, 40))
    contracts.milestone(
        ag_a, actor=world.leader, title="A Phase 2 start", forecast_date=days(today, 5)
    )
    contracts.milestone(ag_b, actor=world.leader, title="B filing", forecast_date=days(today, 60))
    a1 = gov_actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Send the assay protocol",
            "owner": world.partner_a,
            "due_on": days(today, 1),
            "committee": gov.jsc_a,
        },
    )
    a2 = gov_actions.action_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"title": "Book the JSC venue", "owner": world.manager_b, "due_on": today},
    )
    gov_actions.decision_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Go to Phase 2",
            "area": "development",
            "committee": gov.jsc_a,
            "due_on": days(today, 3),
        },
    )
    gov_actions.issue_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"title": "Supply shortfall", "area": "commercial", "level": gov.jsc_b},
        now=timezone.now() - dt.timedelta(days=40),
    )
    press = gov_actions.communication_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Kestrel press release",
            "kind": "press_release",
            "proposed_by": world.partner_co_a,
            "reviewers": [world.firewalled],
        },
    )
    gov_actions.communication_submit(actor=world.manager_a, communication=press)
    from accord.health import actions as health_actions
    from accord.health.models import Side
    from accord.health.tests.factories import add_people, draft_wave

    wave = draft_wave(
        world.manager_b, world.alliance_b, title="B health check", closes_on=days(today, 10)
    )
    # Invited after two others: the invitation's id is not the wave's (the answer page is keyed
    # by the wave).
    add_people(world.manager_b, wave, Side.OWN, ["Finance", "Legal"])
    health_actions.respondent_add(actor=world.manager_b, wave=wave, user=world.contributor)
    health_actions.wave_launch(actor=world.manager_b, wave=wave)
    meeting = held_meeting(world.leader, gov.jsc_b)
    gov_actions.minutes_save(actor=world.manager_b, minutes=meeting.minutes, text="We met.")
    gov_actions.minutes_submit(actor=world.manager_b, minutes=meeting.minutes)
    press.refresh_from_db()
    return Week(
        review_bucket=myweek.bucket_of(press.review_due_on, today),
        today=today,
        end=days(today, 14),
        o_managers_a=o1,
        o_firewalled=o2,
        o_secret=o3,
        notice_b=n1,
        action_partner_a=a1,
        action_b=a2,
    )


def rows_of(viewer, people=None, **kwargs):
    built = myweek.build(viewer, people or viewer, today=timezone.localdate(), **kwargs)
    return sorted(
        (bucket.key, row.kind, row.title)
        for bucket in built.buckets
        for _source, row in bucket.rows
    )


MINUTES_B = "Approve the minutes of JSC B"


def test_each_persona_gets_exactly_what_needs_them(world, week):
    # JSC A's charter made a "governance cadence" obligation, owned by A's managers.
    assert rows_of(world.manager_a) == sorted(
        [
            ("overdue", "obligation", "A2 data package"),
            ("overdue", "obligation", "JSC A meets at least twice a year"),
            (week.review_bucket, "review", "Kestrel press release"),
            ("week", "action", "Send the assay protocol"),
            ("week", "decision", "Go to Phase 2"),
            ("week", "milestone", "A Phase 2 start"),
            ("week", "obligation", "A quarterly report"),
        ]
    )
    # The reviewer named on the partner's press release; a decision of the JSC they sit on.
    assert rows_of(world.firewalled) == sorted(
        [
            ("next", "obligation", "A CMC update"),
            (week.review_bucket, "review", "Kestrel press release"),
            ("week", "decision", "Go to Phase 2"),
        ]
    )
    minutes_title = next(r for r in rows_of(world.manager_b) if r[1] == "minutes")[2]
    assert minutes_title.startswith(MINUTES_B)
    assert rows_of(world.manager_b) == [
        ("next", "notice", "B renewal notice"),
        ("overdue", "issue", "Supply shortfall"),
        ("today", "action", "Book the JSC venue"),
        ("today", "minutes", minutes_title),
    ]
    # The designated person of B: the notice owned by B's managers, and B's issue.
    assert rows_of(world.contributor) == [
        ("next", "notice", "B renewal notice"),
        ("next", "survey", "B health check"),
        ("overdue", "issue", "Supply shortfall"),
    ]
    assert rows_of(world.executive) == []


def test_an_obligation_owned_by_the_alliance_managers_appears_for_the_manager(world, week):
    assert week.o_managers_a.owner_id is None
    kinds = {(row[1], row[2]) for row in rows_of(world.manager_a)}
    assert ("obligation", "A quarterly report") in kinds
    assert ("obligation", "A quarterly report") not in {
        (r[1], r[2]) for r in rows_of(world.manager_b)
    }


def test_the_leader_sees_the_whole_team_but_never_a_firewall_they_are_not_cleared_for(world, week):
    team = User.objects.assignable()
    titles = {row[2] for row in rows_of(world.leader, team)}
    assert "A2 data package" not in titles
    assert {
        "A quarterly report",
        "A CMC update",
        "B renewal notice",
        "Send the assay protocol",
        "Book the JSC venue",
        "Go to Phase 2",
        "Supply shortfall",
        "A Phase 2 start",
    } <= titles
    # The person filter narrows to one manager's items, still through the leader's eyes.
    assert {row[2] for row in rows_of(world.leader, world.manager_a)} == {
        "Send the assay protocol",
        "Go to Phase 2",
        "A Phase 2 start",
        "A quarterly report",
        "JSC A meets at least twice a year",
        "Kestrel press release",
    }
    page = login(world.leader).get("/", {"person": world.manager_a.pk})
    assert page.status_code == 200
    assert "A2 data package" not in page.content.decode()


def test_the_pages_render_for_each_persona(world, week):
    page = login(world.manager_a).get("/")
    body = page.content.decode()
    assert page.status_code == 200 and "My week" in body
    assert 'data-bucket="overdue"' in body and "A2 data package" in body
    assert "Mark done" in body
    team = login(world.leader).get("/").content.decode()
    assert "My team's week" in team and 'id="over-capacity"' in team
    assert 'id="nobody-designated"' in team
    executive = login(world.executive).get("/").content.decode()
    assert 'id="latest-note"' in executive and "No weekly note has been approved yet." in executive
    partner = login(world.partner_a).get("/").content.decode()
    assert "Send the assay protocol" in partner and world.alliance_b.name not in partner
    partner_b = login(world.partner_b).get("/").content.decode()
    assert world.alliance_a.name not in partner_b and "Send the assay protocol" not in partner_b
    assert "Book the JSC venue" in partner_b  # our side's open action on their alliance
    outsider = login(world.outsider).get("/").content.decode()
    assert "You are not on any alliance" in outsider


def test_every_row_opens_for_the_person_it_is_shown_to(world, week):
    """Each row links to a page its viewer can open: a survey to the viewer's own answer page
    (keyed by the wave), someone else's survey in the team view to the wave."""
    team = User.objects.assignable()
    cases = [(p, p) for p in (world.manager_a, world.manager_b, world.firewalled)]
    cases += [(world.contributor, world.contributor), (world.leader, team)]
    opened = 0
    for viewer, people in cases:
        built = myweek.build(viewer, people, today=timezone.localdate())
        client = login(viewer)
        for bucket in built.buckets:
            for _source, row in bucket.rows:
                if row.url:
                    status = client.get(row.url).status_code
                    assert status == 200, (viewer.email, row.kind, row.url, status)
                    opened += 1
    assert opened >= 20
    survey = next(
        row
        for bucket in myweek.build(
            world.contributor, world.contributor, today=timezone.localdate()
        ).buckets
        for _source, row in bucket.rows
        if row.kind == "survey"
    )
    invitation = Respondent.objects.get(user=world.contributor)
    assert invitation.pk != invitation.wave_id
    assert survey.url == f"/surveys/{invitation.wave_id}/"


def test_it_says_plainly_when_nothing_is_due(world):
    page = login(world.manager_a).get("/")
    assert "Nothing needs you in the next two weeks." in page.content.decode()


def test_filters_are_scoped_and_narrow_the_rows(world, week):
    client = login(world.manager_a)
    page = client.get("/my-week/", {"alliance": world.alliance_b.pk})
    assert page.status_code == 200 and "Nothing needs you" in page.content.decode()
    page = client.get("/my-week/", {"kind": "decision"})
    assert [r.kind for b in page.context["week"].buckets for _s, r in b.rows] == ["decision"]
    bad = client.get("/my-week/", {"kind": "nonsense"})
    assert bad.status_code == 400 and "kind" in bad.content.decode()
    # The person filter is the leader's: not offered (nor applied) to a manager.
    assert "person" not in page.context["form"].fields


def test_each_kind_counts_as_its_list_with_the_mine_filter(world, week):
    end = week.end.isoformat()
    for user in (world.manager_a, world.manager_b, world.contributor, world.firewalled):
        client = login(user)
        counts = myweek.build(user, user, today=week.today).counts
        lists = {
            (
                "obligation",
                "notice",
            ): f"/contracts/obligations/?mine=true&status=open&due_before={end}",
            ("milestone",): f"/contracts/milestones/?mine=true&expected=true&forecast_before={end}",
            ("action",): f"/governance/actions/?mine=true&open=true&due_before={end}",
            ("decision",): f"/governance/decisions/?mine=true&pending=true&due_before={end}",
            ("issue",): "/governance/issues/?mine=true&past_limit=true",
        }
        for kinds, url in lists.items():
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.context["total"] == sum(counts[k] for k in kinds), (user, url)


def test_mark_done_inline_and_refused_for_someone_not_allowed(world, week):
    action = week.action_partner_a
    refused = login(world.manager_b).post(f"/my-week/action/{action.pk}/done/", **HX)
    assert refused.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    done = login(world.manager_a).post(f"/my-week/action/{action.pk}/done/", **HX)
    assert done.status_code == 200 and "Done." in done.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert ("action", action.pk) not in {
        (r.kind, r.pk)
        for b in myweek.build(world.manager_a, world.manager_a, today=week.today).buckets
        for _s, r in b.rows
    }


def test_an_obligation_is_done_with_its_evidence_and_the_error_names_the_field(world, week):
    obligation = week.o_managers_a
    client = login(world.manager_a)
    missing = client.post(f"/my-week/obligation/{obligation.pk}/done/", **HX)
    assert missing.status_code == 400
    assert 'data-field="evidence"' in missing.content.decode()
    obligation.refresh_from_db()
    assert obligation.state == State.OPEN and not obligation.completions.exists()
    assert (
        login(world.firewalled)
        .post(f"/my-week/obligation/{obligation.pk}/done/", {"evidence": "sent"}, **HX)
        .status_code
        == 403
    )
    ok = client.post(
        f"/my-week/obligation/{obligation.pk}/done/", {"evidence": "Sent on time"}, **HX
    )
    assert ok.status_code == 200
    obligation.refresh_from_db()
    assert obligation.state == State.COMPLETED
    assert obligation.completions.get().completed_by == world.manager_a


def test_snooze_needs_a_reason_and_is_audited(world, week):
    obligation = week.o_managers_a
    client = login(world.manager_a)
    until = days(week.today, 7).isoformat()
    bad = client.post(f"/my-week/obligation/{obligation.pk}/snooze/", {"until": until}, **HX)
    assert bad.status_code == 400
    assert 'data-field="reason"' in bad.content.decode()
    assert not ObligationSnooze.objects.exists()
    no_date = client.post(
        f"/my-week/obligation/{obligation.pk}/snooze/", {"reason": "Waiting for Kestrel"}, **HX
    )
    assert no_date.status_code == 400 and 'data-field="until"' in no_date.content.decode()
    ok = client.post(
        f"/my-week/obligation/{obligation.pk}/snooze/",
        {"until": until, "reason": "Waiting for Kestrel's data"},
        **HX,
    )
    assert ok.status_code == 200
    snooze = ObligationSnooze.objects.get()
    assert (snooze.by, snooze.reason) == (world.manager_a, "Waiting for Kestrel's data")
    assert AuditEvent.objects.filter(
        object_id=str(obligation.pk), field="snoozed until", reason="Waiting for Kestrel's data"
    ).exists()
    assert "A quarterly report" not in {r[2] for r in rows_of(world.manager_a)}
    # An action too; someone who may not change it is refused and nothing is written.
    action = week.action_b
    refused = login(world.manager_a).post(
        f"/my-week/action/{action.pk}/snooze/", {"until": until, "reason": "Not mine at all"}, **HX
    )
    assert refused.status_code == 403 and not ActionSnooze.objects.exists()


def test_the_minutes_leave_my_week_once_my_company_signs(world, week):
    from accord.governance.models import Minutes

    minutes = Minutes.objects.get(status=MinutesStatus.SUBMITTED)
    gov_actions.minutes_approve(actor=world.manager_b, minutes=minutes, password=PASSWORD)
    assert "minutes" not in {r[1] for r in rows_of(world.manager_b)}


def _queries(user):
    client = login(user)
    client.get("/")  # warm caches (sessions, content types)
    freshness.moved()  # as after any change: the week is built afresh, not served as kept
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


PAGE_ROW = re.compile(r'<li class="week-row" id="row-(\w+)-(\d+)"')


def _page_rows(client) -> list:
    response = client.get("/")
    assert response.status_code == 200
    return PAGE_ROW.findall(response.content.decode())


def test_the_week_is_kept_until_anything_changes(world, week, django_capture_on_commit_callbacks):
    client = login(world.manager_a)
    first = _page_rows(client)
    action = week.action_partner_a
    assert ("action", str(action.pk)) in first
    with CaptureQueriesContext(connection) as captured:
        assert _page_rows(client) == first
    # Kept: none of the sources is read again.
    read = " ".join(query["sql"] for query in captured)
    for model in (Obligation, ActionItem, Respondent):
        assert model._meta.db_table not in read
    # Anyone's change, once committed, shows at the next look: the partner closes the action.
    with django_capture_on_commit_callbacks(execute=True):
        gov_actions.action_set_status(
            actor=world.partner_a, action=action, status=ActionStatus.DONE
        )
    assert _page_rows(client) == [row for row in first if row != ("action", str(action.pk))]


def test_the_kept_week_is_the_persons_own(world, week):
    # The same question by two people on the same alliance: each gets their own week.
    manager, firewalled = login(world.manager_a), login(world.firewalled)
    mine = _page_rows(manager)
    theirs = _page_rows(firewalled)
    assert mine != theirs
    assert _page_rows(manager) == mine and _page_rows(firewalled) == theirs
    assert sorted(theirs) == sorted(
        (row.kind, str(row.pk))
        for bucket in myweek.build(
            world.firewalled, world.firewalled, today=timezone.localdate()
        ).buckets
        for _source, row in bucket.shown
    )


def test_the_query_count_does_not_grow_with_the_rows(world, week):
    ag = contracts.agreement(world.alliance_a, actor=world.leader, title="Second agreement")

    def add(n, due):
        contracts.obligation(ag, actor=world.leader, title=f"More {n}", due_on=due)
        gov_actions.action_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={"title": f"Act {n}", "owner": world.manager_a, "due_on": due},
        )

    add(0, days(week.today, 12))
    few = _queries(world.manager_a)
    # More than the page lists in the "next two weeks" bucket, after the rows it shows (each
    # kind keeps a row on the page): counted, not built.
    for n in range(1, myweek.SHOWN_PER_BUCKET + 3):
        add(n, days(week.today, 13))
    assert len(rows_of(world.manager_a)) == 7 + 2 * (myweek.SHOWN_PER_BUCKET + 3)
    assert _queries(world.manager_a) == few


def test_a_playbook_task_of_a_role_i_hold_needs_me(world):
    from accord.knowledge import actions as knowledge
    from accord.knowledge.models import Anchor, RoleGroup
    from accord.knowledge.tests.factories import DeliverableFactory, PlaybookFactory

    today = timezone.localdate()
    playbook = PlaybookFactory(name="Launch")
    DeliverableFactory(
        playbook=playbook,
        title="Return of rights",
        anchor=Anchor.START,
        offset_days=60,
        owner_role=RoleGroup.BUSINESS_DEVELOPMENT,
    )
    application, _ = knowledge.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=days(today, -50),
        today=today,
    )
    task = application.tasks.get()
    assert task.owner == world.manager_b  # nobody named for BD: the manager chases it
    assert rows_of(world.manager_b)[-1] == ("next", "task", "Return of rights")
    # Its owner leaves it: with nobody named for BD, it falls to the people who run B.
    knowledge.task_update(actor=world.leader, task=task, data={"owner": None})
    assert ("next", "task", "Return of rights") in rows_of(world.contributor)
    assert "task" not in {r[1] for r in rows_of(world.firewalled)}
    # Named BD lead of B: the unowned BD task is theirs, no longer the managers'.
    knowledge.role_holder_add(
        actor=world.leader,
        alliance=world.alliance_b,
        group=RoleGroup.BUSINESS_DEVELOPMENT,
        user=world.firewalled,
        title="BD lead",
    )
    assert rows_of(world.firewalled) == [("next", "task", "Return of rights")]
    assert "task" not in {r[1] for r in rows_of(world.contributor)}
    assert "task" not in {r[1] for r in rows_of(world.manager_a)}


def test_the_counts_line_says_one_in_the_singular(world, week):
    def counts(user):
        html = login(user).get("/").content.decode()
        return re.search(r'<p class="muted" id="week-counts">(.*?)</p>', html, re.S).group(1)

    assert counts(world.contributor) == "3 items · 1 notice deadline · 1 issue · 1 survey"
    assert counts(world.manager_b).startswith("4 items · 1 notice deadline · 1 action")


def test_a_playbook_task_is_ticked_off_inline_by_someone_who_runs_the_alliance(world):
    from accord.knowledge import actions as knowledge
    from accord.knowledge.models import Anchor, TaskStatus
    from accord.knowledge.tests.factories import DeliverableFactory, PlaybookFactory

    today = timezone.localdate()
    playbook = PlaybookFactory(name="Launch")
    DeliverableFactory(playbook=playbook, title="Kick-off", anchor=Anchor.START, offset_days=5)
    application, _ = knowledge.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=days(today, -1),
        today=today,
    )
    task = application.tasks.get()
    row = next(
        r
        for b in myweek.build(world.manager_b, world.manager_b, today=today).buckets
        for _s, r in b.rows
        if r.kind == "task"
    )
    assert (row.pk, row.done) == (task.pk, True)
    refused = login(world.manager_a).post(f"/my-week/task/{task.pk}/done/", **HX)
    assert refused.status_code == 403  # A's manager sees B's tasks but does not run B
    task.refresh_from_db()
    assert (task.status, task.completed_by) == (TaskStatus.OPEN, None)
    done = login(world.manager_b).post(f"/my-week/task/{task.pk}/done/", **HX)
    assert done.status_code == 200 and "Done." in done.content.decode()
    task.refresh_from_db()
    assert (task.status, task.completed_by) == (TaskStatus.DONE, world.manager_b)
    assert "task" not in {
        r.kind
        for b in myweek.build(world.manager_b, world.manager_b, today=today).buckets
        for _s, r in b.rows
    }


def test_the_executive_sees_each_alliance_of_the_latest_note_with_its_first_line(world):
    from accord.reporting.models import NoteStatus, WeeklyNote

    today = timezone.localdate()
    WeeklyNote.objects.create(
        week_start=days(today, -14),
        week_end=days(today, -8),
        status=NoteStatus.SENT,
        approved_by=world.leader,
        approved_at=timezone.now(),
        content=[
            {"alliance_id": world.alliance_a.pk, "name": "A", "happened": ["Decided X."]},
            {"alliance_id": world.alliance_b.pk, "name": "B", "risks": ["High risk: Y."]},
        ],
    )
    html = login(world.executive).get("/").content.decode()
    section = html.split('id="latest-note"')[1].split("</section>")[0]
    lines = [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in section.split("<li>")[1:]]
    assert lines == ["A Decided X.", "B High risk: Y."]
