"""The page frame (the notification badge, the company name) is worked out once per request,
however many panels a page renders, and not at all by partials that do not show it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.conftest import login
from accord.notifications.actions import notify


def notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]


def test_the_badge_is_counted_once_on_a_page_of_panels(world):
    notify(recipients=[world.manager_a], kind="info", title="One", dedupe_key="frame-1")
    notify(recipients=[world.manager_a], kind="info", title="Two", dedupe_key="frame-2")
    client = login(world.manager_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/alliances/{world.alliance_a.pk}/")
    assert page.status_code == 200
    assert 'aria-label="2 unread">2</span>' in page.content.decode()
    assert len(notification_queries(queries)) == 1


def test_a_partial_without_the_frame_does_not_count(world):
    client = login(world.manager_a)
    with CaptureQueriesContext(connection) as queries:
        partial = client.get("/alliances/", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert notification_queries(queries) == []
