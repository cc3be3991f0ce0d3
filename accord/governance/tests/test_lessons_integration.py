"""Governance feeds practice and knowledge: closed issues teach lessons, JSCs date deliverables."""

import datetime as dt

from django.utils import timezone

from accord.conftest import login
from accord.governance import hooks as governance_hooks
from accord.governance.models import Committee, CommitteeKind, Issue, IssueStatus, Meeting
from accord.knowledge import hooks


def make_issue(world, **kwargs):
    jsc = Committee.objects.create(alliance=world.alliance_a, name="JSC", kind=CommitteeKind.JSC)
    values = dict(
        alliance=world.alliance_a,
        title="Disagreement on the Phase 3 design",
        area="development",
        level=jsc,
        raised_by=world.manager_a,
        status=IssueStatus.CLOSED,
        resolution="Escalated to sponsors; adaptive design agreed.",
    )
    values.update(kwargs)
    return jsc, Issue.objects.create(**values)


def test_a_closed_issue_is_a_lesson_source_for_those_who_may_see_it(world):
    _, issue = make_issue(world)
    source = hooks.resolve_source("issue", issue.pk, world.manager_a)
    assert (source.alliance, source.title) == (
        world.alliance_a,
        "What the issue “Disagreement on the Phase 3 design” taught us",
    )
    assert "adaptive design agreed" in source.context
    assert hooks.resolve_source("issue", issue.pk, world.partner_b) is None


def test_the_closed_issue_page_links_to_a_prefilled_lesson(world):
    _, issue = make_issue(world)
    page = login(world.manager_a).get(f"/governance/issues/{issue.pk}/").content.decode()
    url = f"/knowledge/lessons/new/?source_type=issue&amp;source_id={issue.pk}"
    assert url in page
    form = login(world.manager_a).get(url.replace("&amp;", "&"))
    assert form.status_code == 200
    assert "Disagreement on the Phase 3 design" in form.content.decode()


def test_open_issue_areas_become_lesson_topics(world):
    make_issue(world, status=IssueStatus.OPEN, area="regulatory")
    assert governance_hooks.open_topics(world.alliance_a) == {"regulatory"}
    assert hooks.open_topics(world.alliance_a) >= {"regulatory"}


def test_jsc_meetings_date_playbook_deliverables(world):
    jsc, _ = make_issue(world)
    starts = timezone.make_aware(dt.datetime(2026, 12, 3, 14, 0))
    meeting = Meeting.objects.create(
        alliance=world.alliance_a, committee=jsc, title="JSC Q4", starts_at=starts
    )
    assert hooks.jsc_meetings(world.alliance_a) == [(meeting.pk, dt.date(2026, 12, 3))]
