"""Everyone (partner users too) chooses the time zone they read times in, on their settings page
or through the API; the change is audited, a bad zone is refused by name and changes nothing."""

from accord.conftest import api_client, login
from accord.core.models import AuditEvent


def zone_events(user):
    return list(
        AuditEvent.objects.filter(object_id=str(user.pk), field="time_zone").values_list(
            "actor_id", "old_value", "new_value"
        )
    )


def test_a_partner_user_chooses_a_time_zone_on_the_settings_page(world):
    client = login(world.partner_a)
    page = client.get("/settings/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="Asia/Tokyo">Asia/Tokyo</option>' in html
    assert "in UTC" in html
    response = client.post(
        "/settings/", {"time_zone": "Asia/Tokyo", "notify_by_email": "on"}, follow=True
    )
    assert response.redirect_chain == [("/settings/", 302)]
    assert "Your settings are saved: times are shown in Asia/Tokyo." in response.content.decode()
    assert "in Asia/Tokyo" in response.content.decode()
    world.partner_a.refresh_from_db()
    assert (world.partner_a.time_zone, world.partner_a.notify_by_email) == ("Asia/Tokyo", True)
    assert zone_events(world.partner_a) == [(world.partner_a.pk, "", "Asia/Tokyo")]


def test_a_zone_that_does_not_exist_is_refused_by_name_and_nothing_changes(world):
    client = login(world.manager_a)
    response = client.post("/settings/", {"time_zone": "Mars/Olympus", "notify_by_email": ""})
    assert response.status_code == 400
    assert "Select a valid choice. Mars/Olympus is not one of the available choices." in (
        response.content.decode()
    )
    world.manager_a.refresh_from_db()
    assert (world.manager_a.time_zone, world.manager_a.notify_by_email) == ("", True)
    assert not AuditEvent.objects.filter(object_id=str(world.manager_a.pk)).exists()


def test_the_api_reads_and_sets_ones_own_time_zone(world):
    client = api_client(world.partner_b)
    me = client.get("/api/v1/people/me/").json()
    assert (me["email"], me["time_zone"], me["notify_by_email"]) == (
        world.partner_b.email,
        "",
        True,
    )
    bad = client.patch("/api/v1/people/me/", {"time_zone": "Tokyo"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {
        "time_zone": ["“Tokyo” is not a time zone; use an IANA name such as Europe/London."]
    }
    assert zone_events(world.partner_b) == []
    # Only one's own settings change: the person's name and role are read-only here.
    good = client.patch(
        "/api/v1/people/me/",
        {"time_zone": "Asia/Seoul", "role": "admin", "last_name": "Changed"},
        format="json",
    )
    assert good.status_code == 200
    assert (good.json()["time_zone"], good.json()["role"]) == ("Asia/Seoul", world.partner_b.role)
    world.partner_b.refresh_from_db()
    assert world.partner_b.time_zone == "Asia/Seoul"
    assert world.partner_b.last_name != "Changed"
    assert zone_events(world.partner_b) == [(world.partner_b.pk, "", "Asia/Seoul")]
    # An empty zone: back to the deployment's.
    assert (
        client.patch("/api/v1/people/me/", {"time_zone": ""}, format="json").json()["time_zone"]
        == ""
    )
