"""New list pages and API lists run the same number of queries for 1 row as for 50."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.conftest import api_client, login
from accord.knowledge import actions
from accord.knowledge.models import Topic
from accord.portfolio.models import MemberRole
from accord.portfolio.tests.factories import AllianceFactory, MemberFactory

from .factories import DeliverableFactory, PlaybookFactory


def queries(fetch):
    fetch()
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


def lessons(world, count):
    topics = list(Topic.objects.all()[:2])
    for index in range(count):
        actions.lesson_create(
            actor=world.leader,
            data={
                "title": f"Lesson {index} {Topic.objects.count()}",
                "context": "c",
                "what_happened": "w",
                "lesson": "l",
                "recommendation": "r",
                "alliance": world.alliance_b,
                "topics": topics,
            },
        )


def applied(world, count, playbook):
    for _ in range(count):
        alliance = AllianceFactory()
        MemberFactory(alliance=alliance, user=world.manager_a, role=MemberRole.ALLIANCE_MANAGER)
        actions.playbook_apply(
            actor=world.leader, alliance=alliance, playbook=playbook, start_date=dt.date(2020, 1, 1)
        )


def test_lesson_list_page_and_api(world):
    client, api = login(world.leader), api_client(world.leader)
    lessons(world, 1)
    page = queries(lambda: client.get("/knowledge/", {"per_page": 100}))
    listed = queries(lambda: api.get("/api/v1/lessons/", {"page_size": 100}))
    searched = queries(lambda: api.get("/api/v1/lessons/", {"q": "lesson", "page_size": 100}))
    lessons(world, 49)
    assert queries(lambda: client.get("/knowledge/", {"per_page": 100})) == page
    assert queries(lambda: api.get("/api/v1/lessons/", {"page_size": 100})) == listed
    assert (
        queries(lambda: api.get("/api/v1/lessons/", {"q": "lesson", "page_size": 100})) == searched
    )


def test_progress_page_and_apis(world):
    playbook = PlaybookFactory()
    DeliverableFactory(playbook=playbook)
    DeliverableFactory(playbook=playbook, offset_days=90)
    client, api = login(world.leader), api_client(world.leader)
    applied(world, 1, playbook)
    urls = [
        (client, "/playbooks/progress/", {"per_page": 100}),
        (api, "/api/v1/package-progress/", {"page_size": 100}),
        (api, "/api/v1/playbook-applications/", {"page_size": 100}),
        (api, "/api/v1/playbook-tasks/", {"page_size": 200}),
    ]
    small = [queries(lambda c=c, u=u, p=p: c.get(u, p)) for c, u, p in urls]
    applied(world, 49, playbook)
    large = [queries(lambda c=c, u=u, p=p: c.get(u, p)) for c, u, p in urls]
    assert small == large


def test_playbook_tab_and_playbook_list(world):
    playbook = PlaybookFactory()
    client = login(world.leader)
    DeliverableFactory(playbook=playbook)
    actions.playbook_apply(
        actor=world.leader,
        alliance=world.alliance_b,
        playbook=playbook,
        start_date=dt.date(2020, 1, 1),
    )
    tab = queries(lambda: client.get(f"/alliances/{world.alliance_b.pk}/playbook/"))
    listing = queries(lambda: client.get("/playbooks/"))
    for _ in range(20):
        DeliverableFactory(playbook=playbook)
    actions.deliverable_create(
        actor=world.leader, playbook=playbook, data={"title": "t", "anchor": "start"}
    )
    application = world.alliance_b.playbooks.get()
    actions.application_reapply(
        actor=world.leader, application=application, reason="more deliverables"
    )
    assert application.tasks.count() == 22
    assert queries(lambda: client.get(f"/alliances/{world.alliance_b.pk}/playbook/")) == tab
    assert queries(lambda: client.get("/playbooks/")) == listing


def test_library_and_roles_lists(world):
    from accord.knowledge.models import TemplateKind
    from accord.knowledge.template_files import starter_upload

    client, api = login(world.leader), api_client(world.leader)

    def grow(count, start):
        for index in range(start, start + count):
            template = actions.template_create(
                actor=world.leader,
                data={"name": f"Template {index}", "kind": TemplateKind.OTHER},
                upload=starter_upload(TemplateKind.AGENDA),
            )
            alliance = AllianceFactory()
            actions.template_adopt(actor=world.leader, alliance=alliance, template=template)
            actions.raci_entry_create(
                actor=world.leader,
                alliance=alliance,
                data={"activity": "Governance", "alliance_management": "A"},
            )

    urls = [
        (client, "/templates/", {}),
        (api, "/api/v1/templates/", {"page_size": 100}),
        (api, "/api/v1/template-uses/", {"page_size": 100}),
        (api, "/api/v1/raci/", {"page_size": 100}),
    ]
    grow(1, 0)
    small = [queries(lambda c=c, u=u, p=p: c.get(u, p)) for c, u, p in urls]
    grow(30, 1)
    large = [queries(lambda c=c, u=u, p=p: c.get(u, p)) for c, u, p in urls]
    assert small == large
