"""The Django admin signs in through Accord's sign-in: throttled, with the TOTP step."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client

from accord.people.models import LoginAttempt

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_the_admin_login_form_does_not_sign_in_with_the_password_alone(world):
    admin = world.admin
    TOTP.activate(admin, SECRET)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert not LoginAttempt.objects.exists()  # no password was even checked there
    # Accord's sign-in asks for the authenticator code before the admin opens.
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": admin.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    code = format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Signed in, the admin's login page goes on to the admin.
    assert client.get("/admin/login/?next=/admin/").status_code == 302


def test_the_admin_sign_in_is_throttled(world):
    client = Client()
    for _ in range(10):
        response = client.post(
            "/admin/login/", {"username": world.admin.email, "password": "wrong password 1"}
        )
        assert response.status_code == 302
        response = client.post(
            "/accounts/login/?next=/admin/",
            {"login": world.admin.email, "password": "wrong password 1"},
        )
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": world.admin.email, "password": PASSWORD}
    )
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(account=world.admin.email, succeeded=False).count() == 10
    # The admin form checks no password at all, so it is no way around the limit.
    response = client.post("/admin/login/", {"username": world.admin.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_staff_status_is_still_needed(world):
    from accord.conftest import login

    assert login(world.manager_a).get("/admin/login/").status_code == 403
