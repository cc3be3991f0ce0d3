"""Each person reads times in their own time zone; a meeting keeps the zone it is held in and
shows it beside theirs, on its page and in lists (issue 15; the invitation email:
test_invitations.py)."""

import datetime as dt
import zoneinfo

import pytest

from accord.conftest import login
from accord.governance import actions

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
STARTS = dt.datetime(2027, 4, 1, 9, 30, tzinfo=TOKYO)  # 00:30 UTC, 01:30 in London (summer)


@pytest.fixture
def meeting(world, gov):
    return actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={
            "title": "JSC A Tokyo",
            "starts_at": STARTS,
            "duration_minutes": 60,
            "modality": "virtual",
            "time_zone": "Asia/Tokyo",
        },
    )


def set_zone(user, name):
    user.time_zone = name
    user.save(update_fields=["time_zone"])


def test_the_meeting_page_gives_the_meetings_time_and_the_readers(world, meeting):
    url = f"/governance/meetings/{meeting.pk}/"
    set_zone(world.manager_a, "Europe/London")
    page = login(world.manager_a).get(url).content.decode()
    assert "Thursday 1 April 2027, 09:30 (Asia/Tokyo)" in page
    assert "— your time Thu 1 Apr, 01:30 (Europe/London)" in page
    # No zone chosen: the deployment's (UTC).
    page = login(world.leader).get(url).content.decode()
    assert "— your time Thu 1 Apr, 00:30 (UTC)" in page
    # A reader in the meeting's own zone sees it once.
    set_zone(world.partner_a, "Asia/Tokyo")
    page = login(world.partner_a).get(url).content.decode()
    assert "Thursday 1 April 2027, 09:30 (Asia/Tokyo)" in page
    assert "your time" not in page


def test_lists_show_times_in_the_readers_zone_and_one_readers_zone_never_leaks(world, meeting):
    set_zone(world.partner_a, "Asia/Tokyo")
    tokyo = login(world.partner_a).get("/governance/meetings/").content.decode()
    assert "2027-04-01 09:30" in tokyo
    # The next request on the same thread, by someone with no zone: UTC again.
    utc = login(world.manager_a).get("/governance/meetings/").content.decode()
    assert "2027-04-01 00:30" in utc
    assert "2027-04-01 09:30" not in utc


def test_a_japanese_reader_sees_the_meeting_in_japanese_and_the_audit_trail_stays_one_record(
    world, meeting
):
    from django.utils import translation

    from accord.core.models import AuditEvent

    world.manager_a.language = "ja"
    world.manager_a.save(update_fields=["language"])
    client = login(world.manager_a)
    page = client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    with translation.override("ja"):
        for words in ("Attendance", "Agenda", "Minutes", "Scheduled", "Cancel the meeting"):
            assert translation.gettext(words) != words
            assert translation.gettext(words) in page
    response = client.post(
        f"/governance/meetings/{meeting.pk}/cancel/", {"reason": "The partner asked to move it."}
    )
    assert response.status_code == 302
    # Whoever changes it, in whatever language, the trail records the site's words.
    events = AuditEvent.objects.filter(
        content_type__model="meeting", object_id=str(meeting.pk), field="status"
    ).order_by("pk")
    assert list(events.values_list("old_value", "new_value")) == [
        ("", "Scheduled"),
        ("Scheduled", "Cancelled"),
    ]
