"""API tokens: shown once, stored hashed, expiring and revocable."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from accord.conftest import login
from accord.people import actions
from accord.people.models import ApiToken


def call(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.get("/api/v1/people/me/")


def test_token_is_returned_once_and_only_its_hash_is_stored(world):
    token, key = actions.api_token_create(actor=world.manager_a, name="Power BI")
    assert key.startswith(f"acc_{token.key_id}_")
    secret = key.split("_", 2)[2]
    assert secret not in token.secret_hash
    assert token.secret_hash == ApiToken.hash_secret(secret)
    assert call(key).json()["email"] == "manager.a@meridian.test"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_default_expiry_is_ninety_days_and_a_year_at_most(world):
    token, _ = actions.api_token_create(actor=world.manager_a, name="Default")
    assert (token.expires_at - timezone.now()).days in (89, 90)
    with pytest.raises(ValidationError) as error:
        actions.api_token_create(
            actor=world.manager_a,
            name="Forever",
            expires_at=timezone.now() + dt.timedelta(days=400),
        )
    assert error.value.message_dict == {"expires_at": ["Tokens last at most 366 days."]}


@pytest.mark.parametrize(
    "mangle",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),
        lambda key: "acc_nothere_" + key.split("_", 2)[2],
        lambda key: "xyz_" + key.split("_", 1)[1],
        lambda key: "garbage",
    ],
)
def test_wrong_keys_are_refused(world, mangle):
    _, key = actions.api_token_create(actor=world.manager_a, name="Script")
    response = call(mangle(key))
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_revoked_and_expired_tokens_stop_working(world):
    token, key = actions.api_token_create(actor=world.manager_a, name="Script")
    actions.api_token_revoke(actor=world.manager_a, token=token)
    assert call(key).json() == {"detail": "This token has expired or been revoked."}
    other, other_key = actions.api_token_create(actor=world.manager_a, name="Old")
    ApiToken.objects.filter(pk=other.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert call(other_key).status_code == 401


def test_a_deactivated_account_cannot_use_its_token(world):
    _, key = actions.api_token_create(actor=world.manager_a, name="Script")
    world.manager_a.is_active = False
    world.manager_a.save()
    assert call(key).json() == {"detail": "This account is deactivated."}


def test_token_page_shows_the_key_once_and_revokes(world):
    client = login(world.manager_a)
    response = client.post("/settings/tokens/", {"name": "Excel refresh"})
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert key not in client.get("/settings/tokens/").content.decode()
    token = ApiToken.objects.get(name="Excel refresh")
    other = login(world.manager_b).post(f"/settings/tokens/{token.pk}/revoke/")
    assert other.status_code == 404
    assert client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_duplicate_token_name_is_named_in_the_form(world):
    client = login(world.manager_a)
    client.post("/settings/tokens/", {"name": "Excel refresh"})
    response = client.post("/settings/tokens/", {"name": "excel refresh"})
    assert response.status_code == 400
    assert "Name: You already have a token named “excel refresh”." in response.content.decode()
