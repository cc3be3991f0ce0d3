"""Everyone (partner users too) reads Accord in their own language: chosen on the settings page or
through the API, else the browser's, else English. The expected words are read from the shipped
catalogs, so these tests hold whatever the translators write, but fail if a page stays English."""

from django.test import Client

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.core.tests.languages import said


def language_events(user):
    return list(
        AuditEvent.objects.filter(object_id=str(user.pk), field="language").values_list(
            "actor_id", "old_value", "new_value"
        )
    )


def test_a_japanese_partner_user_chooses_japanese_and_every_page_frame_speaks_it(world):
    client = login(world.partner_a)
    page = client.get("/settings/").content.decode()
    assert '<html lang="en-gb">' in page
    assert '<option value="ja">日本語</option>' in page
    response = client.post(
        "/settings/",
        {"language": "ja", "time_zone": "Asia/Tokyo", "notify_by_email": "on"},
        follow=True,
    )
    assert response.redirect_chain == [("/settings/", 302)]
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert response["Content-Language"] == "ja"
    saved = said("ja", "Your settings are saved: times are shown in %(zone)s.", zone="Asia/Tokyo")
    assert saved in html
    for words in ("Settings", "Sign out", "Notifications", "Your settings", "Save settings"):
        assert said("ja", words) in html
    assert ">Sign out<" not in html
    world.partner_a.refresh_from_db()
    assert world.partner_a.language == "ja"
    # The audit trail records a choice as people read it.
    assert language_events(world.partner_a) == [(world.partner_a.pk, "", "日本語")]
    # The partner's first page, and the sidebar's groups and links on any page.
    workspace = client.get("/").content.decode()
    for words in ("Our shared workspace", "Next meeting", "Open actions on your side"):
        assert said("ja", words) in workspace
    assert "Our shared workspace" not in workspace
    alliances = client.get("/alliances/").content.decode()
    assert said("ja", "Settings") in alliances
    assert '<html lang="ja">' in alliances


def test_without_a_choice_the_browser_decides_and_a_choice_overrides_the_browser(world):
    anonymous = login(None).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert said("de", "Sign in to Accord") in anonymous.content.decode()
    assert '<html lang="de">' in anonymous.content.decode()
    client = login(world.manager_b)
    korean = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert '<html lang="ko">' in korean and said("ko", "Your settings") in korean
    world.manager_b.language = "zh-hans"
    world.manager_b.save(update_fields=["language"])
    chinese = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert '<html lang="zh-hans">' in chinese and said("zh-hans", "Your settings") in chinese
    english = login(world.manager_a).get("/settings/", HTTP_ACCEPT_LANGUAGE="en-US").content
    assert b'<html lang="en-gb">' in english and b"Your settings" in english


def test_the_api_sets_ones_language_and_refuses_one_accord_does_not_ship(world):
    client = api_client(world.partner_b)
    assert client.get("/api/v1/people/me/").json()["language"] == ""
    bad = client.patch("/api/v1/people/me/", {"language": "xx"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"language": ['"xx" is not a valid choice.']}
    assert language_events(world.partner_b) == []
    good = client.patch("/api/v1/people/me/", {"language": "ko"}, format="json")
    assert good.status_code == 200
    assert good.json()["language"] == "ko"
    world.partner_b.refresh_from_db()
    assert world.partner_b.language == "ko"
    assert language_events(world.partner_b) == [(world.partner_b.pk, "", "한국어")]


def test_signing_in_switches_to_ones_own_language_at_once(world):
    password = "correct horse battery staple"
    world.partner_a.set_password(password)
    world.partner_a.language = "ja"
    world.partner_a.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en")
    response = client.post(
        "/accounts/login/", {"login": world.partner_a.email, "password": password}, follow=True
    )
    html = response.content.decode()
    assert '<html lang="ja">' in html
    name = world.partner_a.get_full_name() or world.partner_a.email
    welcome = said("ja", "Successfully signed in as %(name)s.", name=name)
    assert welcome in html
    assert "Successfully signed in" not in html
