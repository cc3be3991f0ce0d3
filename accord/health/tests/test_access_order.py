"""Found by the authorization matrix: access is decided before the input is judged.

A read-only or out-of-scope user gets 403/404 whatever they send (not a 400 that tells them how
to shape the request), and a refused form is a 400 with the field's problem on the page.
"""

import pytest

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.health.models import Category, Instrument, Item, Theme

from .factories import default_instrument


def _shape():
    return (
        Instrument.objects.count(),
        Category.objects.count(),
        Theme.objects.count(),
        Item.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("change", ["categories", "themes", "items"])
@pytest.mark.parametrize(
    "persona, expected",
    [("executive", 403), ("contributor", 403), ("partner_a", 404), ("outsider", 404)],
)
def test_changing_an_instrument_is_refused_before_the_payload_is_read(
    world, change, persona, expected
):
    instrument = default_instrument()
    client = api_client(getattr(world, persona))
    before = _shape()
    response = client.post(
        f"/api/v1/health/instruments/{instrument.pk}/{change}/", {}, format="json"
    )
    assert response.status_code == expected
    assert _shape() == before


@pytest.mark.parametrize(
    "change, field", [("categories", "name"), ("themes", "name"), ("items", "text")]
)
def test_an_instrument_editor_sending_nothing_is_told_which_field_is_missing(world, change, field):
    instrument = default_instrument()
    client = api_client(world.manager_a)
    before = _shape()
    response = client.post(
        f"/api/v1/health/instruments/{instrument.pk}/{change}/", {}, format="json"
    )
    assert response.status_code == 400
    assert response.json()[field] == ["This field is required."]
    assert _shape() == before


def test_a_new_instrument_without_a_name_is_a_400_naming_the_problem(world):
    default_instrument()
    before = _shape()
    response = login(world.manager_a).post("/health/instruments/", {"name": "  "})
    assert response.status_code == 400
    assert "Give the instrument a name." in response.content.decode()
    assert _shape() == before


def test_a_new_instrument_is_created_and_shown(world):
    default_instrument()
    response = login(world.manager_a).post("/health/instruments/", {"name": "Pulse survey"})
    created = Instrument.objects.get(family="pulse-survey")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
