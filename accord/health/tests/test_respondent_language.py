"""A partner person answers in the language whoever invites them chooses: their invitation, the
survey page behind their link and its messages are in it, whatever their browser says. The
expected words come from the shipped catalogs, so the test holds whatever the translators write
but fails if anything stays English."""

import re

from django.core import mail
from django.test import Client
from django.utils import dateformat, translation

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.core.tests.languages import said
from accord.health import actions
from accord.health.models import Respondent, Side

from .factories import add_people, draft_wave

LINK = re.compile(r"http://[^\s]+/s/([\w-]+)/")


def test_a_partner_invited_in_japanese_reads_the_invitation_and_the_survey_in_japanese(
    world, django_capture_on_commit_callbacks
):
    wave = draft_wave(world.manager_a, world.alliance_a, include_team=True)
    add_people(world.manager_a, wave, Side.PARTNER, ["R&D", "Commercial"])
    page = login(world.manager_a).post(
        f"/health/waves/{wave.pk}/respondents/",
        {
            "name": "Yuki Sato",
            "email": "yuki@kestrel.test",
            "company": world.partner_co_a.pk,
            "language": "ja",
        },
    )
    assert page.status_code == 302
    respondent = Respondent.objects.get(wave=wave, email="yuki@kestrel.test")
    assert respondent.language == "ja"
    assert (
        AuditEvent.objects.filter(object_id=str(respondent.pk), field="language")
        .values_list("new_value", flat=True)
        .get()
        == "日本語"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.wave_launch(actor=world.manager_a, wave=wave)
    (invitation,) = [m for m in mail.outbox if m.to == ["yuki@kestrel.test"]]
    assert invitation.body.startswith(said("ja", "Hello %(name)s,", name="Yuki Sato"))
    with translation.override("ja"):
        closes = dateformat.format(wave.closes_on, translation.pgettext("date format", "j M Y"))
    assert said("ja", "The survey closes on %(closes)s.", closes=closes) in invitation.body
    english = [m for m in mail.outbox if m.to[0].startswith("p") and "/s/" in m.body]
    assert english and all(m.body.startswith("Hello Partner person") for m in english)

    secret = LINK.search(invitation.body).group(1)
    survey = Client().get(f"/s/{secret}/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = survey.content.decode()
    assert '<html lang="ja">' in html
    for words in ("Save and continue later", "Submit my answers", "strongly agree"):
        assert said("ja", words) in html
    assert "Submit my answers" not in html
    refused = Client().post(f"/s/{secret}/", {"submit": "1"})
    assert refused.status_code == 400
    assert said("ja", "Some answers need your attention:") in refused.content.decode()
    assert Respondent.objects.get(pk=respondent.pk).submitted_at is None


def test_an_account_is_invited_in_its_own_language_and_the_api_can_choose_one(world):
    wave = draft_wave(world.manager_a, world.alliance_a)
    world.partner_a.language = "ko"
    world.partner_a.save(update_fields=["language"])
    own = actions.respondent_add(actor=world.manager_a, wave=wave, user=world.partner_a)
    assert own.language == "ko"
    client = api_client(world.manager_a)
    bad = client.post(
        f"/api/v1/health/waves/{wave.pk}/respondents/",
        {
            "name": "Lena",
            "email": "lena@kestrel.test",
            "company": world.partner_co_a.pk,
            "language": "klingon",
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json() == {"language": ['"klingon" is not a valid choice.']}
    assert not Respondent.objects.filter(email="lena@kestrel.test").exists()
    good = client.post(
        f"/api/v1/health/waves/{wave.pk}/respondents/",
        {
            "name": "Lena",
            "email": "lena@kestrel.test",
            "company": world.partner_co_a.pk,
            "language": "de",
        },
        format="json",
    )
    assert good.status_code == 201
    assert good.json()["language"] == "de"
