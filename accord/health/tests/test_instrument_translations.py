"""Each instrument version carries its translations: a respondent reads the questions, the scale's
descriptions and the section names in their language, the answers belong to the item whatever
language it was read in (so a theme's score mixes Japanese and English answers), and a change of
wording or translation in an instrument a wave used makes a new version, as any change does."""

import json
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.test import Client
from django.utils import translation

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.health import actions, default_instrument
from accord.health.models import Instrument, Item, ItemKind, Side, Theme
from accord.health.results import ALL, wave_results

from .factories import add_people, draft_wave, submit, uniform

LINK = re.compile(r"http://[^\s]+/s/([\w-]+)/")
SHIPPED = ["de", "ja", "ko", "zh-hans"]


def test_the_default_questionnaire_ships_complete_in_every_language(db):
    instrument = actions.instrument_install_default()
    assert sorted(instrument.translations) == SHIPPED
    parts = [*instrument.categories.all(), *Theme.objects.filter(category__instrument=instrument)]
    items = list(instrument.items_in_order())
    assert len(items) == default_instrument.item_count() == 39
    for language in SHIPPED:
        assert all(p.translations[language]["name"] not in ("", p.name) for p in parts)
        for item in items:
            texts = item.translations[language]
            assert texts["text"] and texts["text"] != item.text
            assert set(texts.get("anchors", {})) == set(item.anchors)


def test_a_respondent_reads_the_questions_in_their_language_and_answers_count_together(
    world, django_capture_on_commit_callbacks
):
    wave = draft_wave(world.manager_a, world.alliance_a)
    add_people(world.manager_a, wave, Side.PARTNER, ["R&D", "Commercial"])
    actions.respondent_add(
        actor=world.manager_a,
        wave=wave,
        name="Yuki Sato",
        email="yuki@kestrel.test",
        company=world.partner_co_a,
        language="ja",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.wave_launch(actor=world.manager_a, wave=wave)
    links = {m.to[0]: LINK.search(m.body).group(1) for m in mail.outbox if "/s/" in m.body}
    scale = wave.instrument.items_in_order().filter(kind=ItemKind.SCALE100).first()
    first = wave.instrument.items_in_order().first()

    japanese = Client().get(f"/s/{links['yuki@kestrel.test']}/").content.decode()
    english_address = next(a for a in links if a != "yuki@kestrel.test")
    english = Client().get(f"/s/{links[english_address]}/").content.decode()
    assert first.translations["ja"]["text"] in japanese and first.text not in japanese
    assert first.text in english and first.translations["ja"]["text"] not in english
    for point, text in scale.translations["ja"]["anchors"].items():
        assert f"<strong>{point}</strong> {text}" in japanese
    category = first.theme.category
    assert f"<h2>{category.translations['ja']['name']}</h2>" in japanese
    assert f"<h2>{category.name}</h2>" in english

    # One Japanese and two English respondents agreeing fully: one result per item and theme,
    # from all three, whatever language each was read in.
    for respondent in wave.respondents.all():
        submit(respondent, uniform(100))
    results = wave_results(actions.wave_close(actor=world.manager_a, wave=wave))
    assert results.available, results.reason
    everyone = results.group(ALL)
    assert results.n == everyone.n == 3
    assert len(everyone.themes) == len(results.themes) > 0
    assert set(everyone.themes.values()) == {100.0}


def test_translations_are_changed_through_the_api_and_a_used_instrument_gets_a_new_version(
    world, django_capture_on_commit_callbacks
):
    wave = draft_wave(world.manager_a, world.alliance_a)
    add_people(world.manager_a, wave, Side.PARTNER, ["R&D", "Commercial", "CMC"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.wave_launch(actor=world.manager_a, wave=wave)
    used = wave.instrument
    item = used.items_in_order().filter(kind=ItemKind.SCALE100).first()
    api = api_client(world.manager_a)
    url = f"/api/v1/health/instruments/{used.pk}/items/{item.pk}/"
    new = {**item.translations, "ja": {"text": "新しい質問文", "anchors": {"0": "ゼロ"}}}

    reply = api.patch(url, {"translations": new}, format="json")
    assert reply.status_code == 200, reply.content
    body = reply.json()
    assert body["version"] == used.number + 1 and body["id"] != used.pk
    copy = Instrument.objects.get(pk=body["id"])
    changed = copy.items_in_order().get(text=item.text, kind=ItemKind.SCALE100, order=item.order)
    assert changed.translations["ja"] == {"text": "新しい質問文", "anchors": {"0": "ゼロ"}}
    assert changed.translations["de"] == item.translations["de"]
    item.refresh_from_db()
    assert item.translations["ja"]["text"] != "新しい質問文"  # the wave keeps what it asked
    with translation.override("ja"):
        assert changed.shown_text == "新しい質問文"
        assert changed.shown_anchor_list()[0] == (0, "ゼロ")
        assert changed.shown_anchor_list()[-1] == (100, item.anchors["100"])  # not translated
    event = AuditEvent.objects.get(object_id=str(changed.pk), field="translations")
    assert "新しい質問文" in event.new_value


@pytest.mark.parametrize(
    "translations, message",
    [
        ({"fr": {"text": "Question"}}, "“fr” is not a language Accord ships"),
        ({"ja": {"title": "質問"}}, "ja: “title” cannot be translated; use text, anchors."),
        (
            {"ja": {"text": "質問", "anchors": {"75": "七十五"}}},
            "points the scale does not have: 75",
        ),
        ({"ja": "質問"}, "ja: give the translated fields as an object."),
    ],
)
def test_bad_translations_are_refused_naming_the_problem_and_nothing_changes(
    world, translations, message
):
    instrument = actions.instrument_install_default()
    item = instrument.items_in_order().filter(kind=ItemKind.SCALE100).first()
    api = api_client(world.manager_a)
    before = (Instrument.objects.count(), json.dumps(item.translations, sort_keys=True))
    events = AuditEvent.objects.count()
    reply = api.patch(
        f"/api/v1/health/instruments/{instrument.pk}/items/{item.pk}/",
        {"translations": translations},
        format="json",
    )
    assert reply.status_code == 400
    assert message in json.dumps(reply.json(), ensure_ascii=False)
    item.refresh_from_db()
    assert (Instrument.objects.count(), json.dumps(item.translations, sort_keys=True)) == before
    assert AuditEvent.objects.count() == events


def test_an_installed_questionnaire_takes_the_shipped_translations_on_upgrade(db):
    """The migration that brought translations fills those of a questionnaire installed before,
    where its wording is still the shipped one, and leaves a rewritten question alone."""
    instrument = actions.instrument_install_default()
    rewritten = instrument.items_in_order().first()
    Item.objects.filter(pk=rewritten.pk).update(text="Our own wording.")
    for model in ("Instrument", "Category", "Theme", "Item"):
        django_apps.get_model("health", model).objects.update(translations={})
    module = __import__("accord.health.migrations.0004_instrument_translations", fromlist=["x"])
    module.translate_default_instrument(django_apps, None)
    items = list(instrument.items_in_order())
    assert items[0].translations == {}
    assert all(sorted(item.translations) == SHIPPED for item in items[1:])
    assert sorted(Instrument.objects.get(pk=instrument.pk).translations) == SHIPPED


def test_the_instrument_page_shows_and_edits_an_items_translations(world):
    instrument = actions.instrument_install_default()
    item = instrument.items_in_order().first()
    page = login(world.manager_a).get(f"/health/instruments/{instrument.pk}/").content.decode()
    assert f'<dd lang="ja">{item.translations["ja"]["text"]}</dd>' not in page  # editable form
    assert (
        f'name="text_ja" lang="ja" maxlength="400" value="{item.translations["ja"]["text"]}"'
        in page
    )

    form = {f"text_{code}": texts["text"] for code, texts in item.translations.items()}
    reply = login(world.manager_a).post(
        f"/health/instruments/{instrument.pk}/",
        {"op": "translate", "item": item.pk, **form, "text_ja": "書き直した質問文", "text_de": ""},
    )
    assert reply.status_code == 302
    item.refresh_from_db()
    assert item.translations["ja"] == {"text": "書き直した質問文"}
    assert "de" not in item.translations  # a blank removes that language's translation
    assert sorted(item.translations) == ["ja", "ko", "zh-hans"]

    # Read-only for an executive: the translations are listed, not offered for editing.
    page = login(world.executive).get(f"/health/instruments/{instrument.pk}/").content.decode()
    assert '<dd lang="ja">書き直した質問文</dd>' in page
    assert 'name="text_ja"' not in page
