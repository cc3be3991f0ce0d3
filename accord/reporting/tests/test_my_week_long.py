"""My week when a lot needs someone (a leader's team in a big portfolio has thousands of rows):
the page lists the first few of each bucket with the bucket's whole count, the bucket's own
page lists them all, paged, in the same order, and the leader's panels give their counts with
a link to the list that holds them all. What is counted and listed goes through the viewer's
scope, as everything else on the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from accord.conftest import login
from accord.contracts.models import Obligation
from accord.contracts.tests import factories as contracts
from accord.governance import actions as gov_actions
from accord.governance.models import ActionItem
from accord.people.models import Role, User
from accord.people.tests.factories import UserFactory
from accord.portfolio.models import Alliance, MemberRole
from accord.portfolio.tests.factories import AllianceFactory, MemberFactory
from accord.reporting import myweek
from accord.reporting.views import home

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<li class="week-row" id="row-(\w+)-(\d+)"')


@pytest.fixture
def many(world):
    """Eleven obligations of A (owned by A's managers) over the coming days, and five actions
    on A's firewalled side owned by the firewalled employee."""
    today = timezone.localdate()
    agreement = contracts.agreement(world.alliance_a, actor=world.leader)
    for n in range(11):
        contracts.obligation(
            agreement,
            actor=world.leader,
            title=f"Report {n}",
            due_on=today + dt.timedelta(days=(n * 5) % 15 - 3),
        )
    for n in range(5):
        gov_actions.action_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={
                "title": f"Chase {n}",
                "owner": world.firewalled,
                "due_on": today + dt.timedelta(days=n),
            },
        )
    return today


def whole(viewer, people=None):
    """Every row of each bucket, in order: the week built without a cut. The leader's page is
    the whole team's."""
    if people is None:
        people = User.objects.assignable() if viewer.role == Role.LEADER else viewer
    built = myweek.build(viewer, people, today=timezone.localdate())
    return {b.key: [(row.kind, str(row.pk)) for _s, row in b.rows] for b in built.buckets}


def section(body: str, key: str) -> str:
    start = body.index(f'id="bucket-{key}"')
    return body[start : body.index("</section>", start)]


@pytest.mark.parametrize("persona", ["manager_a", "leader", "firewalled"])
def test_each_bucket_lists_its_first_rows_and_counts_them_all(world, many, monkeypatch, persona):
    monkeypatch.setattr(myweek, "SHOWN_PER_BUCKET", 2)
    viewer = getattr(world, persona)
    expected = whole(viewer)
    assert sum(len(rows) for rows in expected.values()) > 0
    body = login(viewer).get("/").content.decode()
    for key, rows in expected.items():
        if not rows:
            assert f'id="bucket-{key}"' not in body
            continue
        part = section(body, key)
        assert ROW.findall(part) == rows[:2]
        assert f'<span class="badge">{len(rows)}</span>' in part
        if len(rows) > 2:
            assert f"?bucket={key}" in part and f"Show all {len(rows)}" in part
            assert f"({len(rows) - 2} not listed here)" in part
        else:
            assert "?bucket=" not in part


@pytest.mark.parametrize("persona", ["manager_a", "leader", "firewalled"])
def test_a_bucket_on_its_own_lists_every_row_in_order_page_by_page(
    world, many, monkeypatch, persona
):
    monkeypatch.setattr(myweek, "SHOWN_PER_BUCKET", 2)
    monkeypatch.setattr(myweek, "BUCKET_PAGE_SIZE", 3)
    viewer = getattr(world, persona)
    client = login(viewer)
    for key, rows in whole(viewer).items():
        listed, page = [], 1
        while True:
            response = client.get("/", {"bucket": key, "page": page})
            assert response.status_code == 200
            body = response.content.decode()
            # Only that bucket is on the page.
            assert [b for b, _label in myweek.BUCKETS if f'id="bucket-{b}"' in body] == [key]
            listed += ROW.findall(section(body, key))
            if 'rel="next"' not in body:
                break
            page += 1
        assert listed == rows
        assert page == max(1, -(-len(rows) // 3))


def test_the_firewalled_rows_are_counted_only_for_whoever_may_see_them(world, many):
    chased = {
        str(pk)
        for pk in ActionItem.objects.filter(title__startswith="Chase").values_list("pk", flat=True)
    }
    for persona in ("firewalled", "leader", "manager_a", "manager_b", "contributor"):
        viewer = getattr(world, persona)
        listed = {
            pk
            for rows in whole(viewer, world.firewalled).values()
            for kind, pk in rows
            if kind == "action"
        }
        visible = {
            str(pk) for pk in ActionItem.objects.visible_to(viewer).values_list("pk", flat=True)
        }
        assert listed == chased & visible


@pytest.mark.parametrize("persona", ["manager_a", "leader"])
def test_an_unknown_bucket_is_refused_naming_the_field(world, many, persona):
    # The leader's page also shows the team's panels, which do not depend on the filters: a
    # bad filter once made them a 500.
    response = login(getattr(world, persona)).get("/", {"bucket": "someday"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "bucket: Select a valid choice. someday is not one of the available choices." in body
    assert ROW.findall(body) == []
    assert ("Nobody designated" in body) == (persona == "leader")


def test_the_filters_keep_the_bucket_asked_for(world, many):
    body = login(world.manager_a).get("/", {"bucket": "overdue"}).content.decode()
    assert '<input type="hidden" name="bucket" value="overdue">' in body
    assert "The whole week" in body


def test_the_leaders_panels_count_everything_and_link_to_the_lists_that_hold_it(world, monkeypatch):
    monkeypatch.setattr(home, "TEAM_SHOWN", 1)
    lonely = [AllianceFactory(name=f"Nobody runs me {n}") for n in range(3)]
    MemberFactory(alliance=lonely[0], user=world.executive, role=MemberRole.EXECUTIVE_SPONSOR)
    for alliance in lonely:
        contracts.obligation(
            contracts.agreement(alliance, actor=world.leader), actor=world.leader, title="Orphan"
        )
    unrun = Alliance.objects.visible_to(world.leader).without_responsible_person()
    orphans = Obligation.objects.visible_to(world.leader).nobody_designated()
    assert unrun.count() == 3 and orphans.count() == 3
    body = login(world.leader).get("/").content.decode()
    panel = body[body.index('id="nobody-designated"') :]
    panel = panel[: panel.index("</section>")]
    assert "3 alliances without an alliance manager or designated person" in panel
    assert "3 obligations without an owner on alliances nobody runs" in panel
    assert panel.count('href="/alliances/') - panel.count("/alliances/?") == 1
    assert "All 3 in the portfolio list" in panel and "/alliances/?unassigned=true" in panel
    assert "All 3 in the obligations list" in panel
    # The list behind the link holds exactly what the panel counted.
    listed = login(world.leader).get("/contracts/obligations/?unowned=true")
    assert listed.status_code == 200
    assert set(listed.context["page"].paginator.object_list) == set(orphans)
    # The list's own filters show it, so that changing another filter keeps it.
    assert 'name="unowned" id="id_unowned" value="true" checked' in listed.content.decode()
    actions = login(world.leader).get("/governance/actions/?unowned=true").content.decode()
    assert 'name="unowned" id="id_unowned" value="true" checked' in actions
    assert login(world.manager_a).get("/").content.decode().count('id="nobody-designated"') == 0


def test_the_unowned_filters_are_the_panels_sets_for_every_persona(world):
    lonely = AllianceFactory(name="Nobody runs me")
    contracts.obligation(
        contracts.agreement(lonely, actor=world.leader), actor=world.leader, title="Orphan"
    )
    leaver = UserFactory(role=Role.MANAGER)
    for alliance in (world.alliance_a, world.alliance_b):
        gov_actions.action_create(
            actor=world.leader,
            alliance=alliance,
            data={"title": "Left behind", "owner": leaver, "due_on": timezone.localdate()},
        )
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    assert ActionItem.objects.nobody_designated().count() == 2
    for persona in world.PERSONAS:
        user = getattr(world, persona)
        client = login(user)
        obligations = client.get("/contracts/obligations/?unowned=true")
        actions = client.get("/governance/actions/?unowned=true")
        assert obligations.status_code == 200 and actions.status_code == 200
        assert set(obligations.context["page"].paginator.object_list) == set(
            Obligation.objects.visible_to(user).nobody_designated()
        )
        assert set(actions.context["page"].paginator.object_list) == set(
            ActionItem.objects.visible_to(user).nobody_designated()
        )


@pytest.mark.parametrize("persona", ["manager_a", "leader", "firewalled"])
def test_the_api_answers_what_the_page_shows(world, many, monkeypatch, persona):
    from accord.conftest import api_client

    monkeypatch.setattr(myweek, "SHOWN_PER_BUCKET", 2)
    monkeypatch.setattr(myweek, "BUCKET_PAGE_SIZE", 3)
    viewer = getattr(world, persona)
    expected = whole(viewer)
    client = api_client(viewer)
    answer = client.get("/api/v1/reporting/my-week/").json()
    assert answer["total"] == sum(len(rows) for rows in expected.values())
    assert [(b["key"], b["count"]) for b in answer["buckets"]] == [
        (key, len(rows)) for key, rows in expected.items()
    ]
    for bucket in answer["buckets"]:
        shown = [(row["kind"], str(row["id"])) for row in bucket["rows"]]
        assert shown == expected[bucket["key"]][:2]
    for key, rows in expected.items():
        listed, page = [], 1
        while True:
            answer = client.get("/api/v1/reporting/my-week/", {"bucket": key, "page": page}).json()
            assert [b["key"] for b in answer["buckets"]] == [key] and answer["page"] == page
            listed += [(row["kind"], str(row["id"])) for row in answer["buckets"][0]["rows"]]
            if page >= answer["pages"]:
                break
            page += 1
        assert listed == rows


def test_a_kept_week_naming_a_kind_no_source_answers_for_leaves_it_out(world):
    # Kept by an earlier release (or for a source since removed): the page still opens.
    today = timezone.localdate()
    kept = {
        "buckets": [("overdue", 10, [(today, "retired-kind", 1, None)])],
        "counts": {"retired-kind": 1},
    }
    week = myweek.Week.restored(kept, viewer=world.manager_a, asked=(), today=today)
    assert [bucket.entries for bucket in week.buckets] == [[]]
