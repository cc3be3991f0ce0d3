"""Sign-in: throttling that holds across processes, MFA where required, sessions that end."""

import datetime as dt
import threading
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings as django_settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.conftest import api_client, login
from accord.core.middleware import SESSION_STARTED_KEY
from accord.people.models import LoginAttempt
from accord.people.tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth remembers used TOTP codes in the cache; user ids recur between tests."""
    from django.core.cache import cache

    cache.clear()


TOO_MANY = "Too many failed sign-in attempts for this account."


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def current_code(secret: str) -> str:
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


# --- Throttling -----------------------------------------------------------------------------


def test_ten_failures_lock_the_account_for_fifteen_minutes_but_not_others(world):
    client = Client()
    for _ in range(10):
        response = sign_in(client, world.manager_a.email, "wrong password 123")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()
    # The right password no longer helps: the account is locked for the window.
    response = sign_in(client, world.manager_a.email)
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    assert sign_in(Client(), world.manager_b.email).status_code == 302
    # Case and spaces in the name do not open a second allowance.
    response = sign_in(Client(), "  " + world.manager_a.email.upper())
    assert TOO_MANY in response.content.decode()
    # After the window the account can sign in again.
    LoginAttempt.objects.filter(account=world.manager_a.email).update(
        at=timezone.now() - dt.timedelta(minutes=16)
    )
    assert sign_in(Client(), world.manager_a.email).status_code == 302


def test_successful_sign_ins_do_not_count_and_failures_are_recorded(world):
    for _ in range(12):
        assert sign_in(Client(), world.manager_b.email).status_code == 302
    sign_in(Client(), world.manager_b.email, "nope nope nope")
    outcomes = list(
        LoginAttempt.objects.filter(account=world.manager_b.email).values_list(
            "succeeded", flat=True
        )
    )
    assert sorted(outcomes) == [False] + [True] * 12


def test_unknown_accounts_are_throttled_too(db):
    client = Client()
    for _ in range(10):
        sign_in(client, "nobody@nowhere.test", "guess guess guess")
    assert TOO_MANY in sign_in(client, "nobody@nowhere.test").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_under_parallel_attempts(monkeypatch):
    """25 guesses at once from separate connections: only 10 passwords are ever checked."""
    user = UserFactory(email="target@meridian.test")
    checked = []
    original = ModelBackend.authenticate

    def slow_authenticate(self, request, **kwargs):
        checked.append(1)
        time.sleep(0.2)  # widen the window in which a check-then-record throttle would leak
        return original(self, request, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", slow_authenticate)
    barrier = threading.Barrier(25)
    results = []

    def attempt():
        from django.db import connections

        try:
            barrier.wait()
            response = sign_in(Client(), user.email, "wrong password 123")
            results.append(TOO_MANY in response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 25
    assert results.count(True) == 15
    assert len(checked) == 10
    assert LoginAttempt.objects.filter(account=user.email, succeeded=False).count() == 10


# --- Multi-factor authentication ------------------------------------------------------------


@pytest.fixture
def mfa_for_leaders(settings):
    settings.ACCORD_MFA_REQUIRED_ROLES = ["admin", "leader"]


def test_production_requires_mfa_for_admins_and_leaders_by_default():
    import subprocess
    import sys

    script = "from django.conf import settings; print(','.join(settings.ACCORD_MFA_REQUIRED_ROLES))"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "accord.config.settings",
        "ACCORD_SECRET_KEY": "x" * 60,
        "ACCORD_DEBUG": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=str(django_settings.BASE_DIR),
    )
    assert out.stdout.strip() == "admin,leader"
    assert django_settings.ACCORD_MFA_REQUIRED_ROLES == []  # tests (and `make run`): off


def test_a_leader_without_mfa_is_sent_to_enrolment_and_can_do_nothing_else(world, mfa_for_leaders):
    client = login(world.leader)
    for path in ("/alliances/", f"/alliances/{world.alliance_a.pk}/", "/admin/", "/people/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path
    response = client.post(f"/alliances/{world.alliance_a.pk}/delete/", {"reason": "gone now"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert world.alliance_a.__class__.objects.filter(pk=world.alliance_a.pk).exists()
    api = api_client(world.leader)
    response = api.get("/api/v1/alliances/")
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]
    # Session use of the API is refused as well.
    assert client.get("/api/v1/alliances/").status_code == 403
    # Roles that do not require MFA carry on.
    assert login(world.manager_a).get("/alliances/").status_code == 200
    assert api_client(world.manager_a).get("/api/v1/alliances/").status_code == 200


def test_enrolling_through_the_pages_unlocks_the_account(world, mfa_for_leaders):
    world.leader.set_password(PASSWORD)
    world.leader.save()
    client = Client()
    response = sign_in(client, world.leader.email)
    assert response.status_code == 302
    assert client.get("/alliances/")["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password again before enrolling an authenticator.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert "data:image/svg+xml" in page.content.decode()  # the QR code
    bad = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert bad.status_code == 200 and not Authenticator.objects.filter(user=world.leader).exists()
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=world.leader).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get("/alliances/").status_code == 200


def test_an_enrolled_user_must_pass_the_totp_step_at_sign_in(world):
    world.manager_a.set_password(PASSWORD)
    world.manager_a.save()
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(world.manager_a, secret)
    client = Client()
    response = sign_in(client, world.manager_a.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # The password alone does not sign in.
    assert "_auth_user_id" not in client.session
    assert client.get("/alliances/").status_code == 302
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200 and "Incorrect code." in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.manager_a.pk)
    assert client.get("/alliances/").status_code == 200


def test_a_recovery_code_signs_in_once(world):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    world.manager_b.set_password(PASSWORD)
    world.manager_b.save()
    TOTP.activate(world.manager_b, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    code = RecoveryCodes.activate(world.manager_b).get_unused_codes()[0]
    client = Client()
    sign_in(client, world.manager_b.email)
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.session["_auth_user_id"] == str(world.manager_b.pk)
    again = Client()
    sign_in(again, world.manager_b.email)
    assert again.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert "_auth_user_id" not in again.session


# --- Single sign-on -------------------------------------------------------------------------


def test_sso_is_offered_only_when_configured(db, settings):
    from accord.config.settings import oidc_providers

    assert oidc_providers({}) == {}
    assert oidc_providers({"ACCORD_OIDC_SERVER_URL": "https://idp.example"}) == {}
    assert django_settings.SOCIALACCOUNT_PROVIDERS == {}
    page = Client().get("/accounts/login/").content.decode()
    assert 'id="sso"' not in page
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(
        {
            "ACCORD_OIDC_SERVER_URL": "https://login.microsoftonline.com/tenant-id/v2.0",
            "ACCORD_OIDC_CLIENT_ID": "client-id",
            "ACCORD_OIDC_CLIENT_SECRET": "client-secret",
            "ACCORD_OIDC_PROVIDER_ID": "entra",
            "ACCORD_OIDC_NAME": "Microsoft Entra ID",
        }
    )
    page = Client().get("/accounts/login/").content.decode()
    assert 'id="sso"' in page
    assert 'action="/accounts/oidc/entra/login/' in page
    assert "Sign in with Microsoft Entra ID" in page


# --- Sessions -------------------------------------------------------------------------------


def idle(client, seconds: int) -> None:
    """As if `seconds` had passed since the client's last request: the session's expiry in the
    database (set SESSION_COOKIE_AGE ahead at each request) moves back by as much."""
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=F("expire_date") - dt.timedelta(seconds=seconds)
    )


def test_idle_sessions_end_after_thirty_minutes(world):
    world.manager_a.set_password(PASSWORD)
    world.manager_a.save()
    client = Client()
    assert sign_in(client, world.manager_a.email).status_code == 302
    # A request every 29 minutes keeps the session, long past 30 minutes after sign-in.
    for _ in range(3):
        idle(client, 29 * 60)
        assert client.get("/alliances/").status_code == 200
    # 30 minutes and a few seconds without a request: the next one is signed out.
    idle(client, 30 * 60 + 5)
    response = client.get("/alliances/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/alliances/"
    assert "_auth_user_id" not in client.session
    assert client.get("/alliances/").status_code == 302


def test_a_session_in_use_is_written_once_a_minute_not_on_every_request(world):
    """The idle timeout is renewed when the last renewal is more than a minute old: a page view
    within that minute reads the session and writes nothing."""
    world.manager_a.set_password(PASSWORD)
    world.manager_a.save()
    client = Client()
    assert sign_in(client, world.manager_a.email).status_code == 302
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/alliances/").status_code == 200
    assert [
        q["sql"] for q in queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]
    ] == []
    assert Session.objects.get(session_key=key).expire_date == expiry
    # Renewed more than a minute ago: the next request moves the expiry a whole period ahead.
    idle(client, 61)
    assert client.get("/alliances/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert abs((renewed - timezone.now()).total_seconds() - django_settings.SESSION_COOKIE_AGE) < 30


def test_sessions_end_twelve_hours_after_sign_in_however_active(world):
    assert django_settings.ACCORD_SESSION_MAX_SECONDS == 12 * 60 * 60
    client = Client()
    world.manager_a.set_password(PASSWORD)
    world.manager_a.save()
    sign_in(client, world.manager_a.email)
    started = client.session[SESSION_STARTED_KEY]
    assert abs(started - time.time()) < 60
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 11 * 3600
    session.save()
    assert client.get("/alliances/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 12 * 3600 - 5
    session.save()
    response = client.get("/alliances/?tier=1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/alliances/%3Ftier%3D1"
    assert "_auth_user_id" not in client.session
    assert client.get("/alliances/").status_code == 302


def started_ago(client, seconds: int) -> None:
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - seconds
    session.save()


def test_a_new_sign_in_restarts_the_twelve_hours(world):
    world.manager_a.set_password(PASSWORD)
    world.manager_a.save()
    client = Client()
    assert sign_in(client, world.manager_a.email).status_code == 302
    started_ago(client, 12 * 3600 + 5)
    assert client.get("/alliances/").status_code == 302  # the first session has ended
    # Signing in again on the same browser stamps a new start at the sign-in itself...
    assert sign_in(client, world.manager_a.email).status_code == 302
    assert abs(client.session[SESSION_STARTED_KEY] - time.time()) < 60
    assert client.get("/alliances/").status_code == 200
    # ...and the twelve hours count from it: 11 hours later (23 after the first) still in,
    started_ago(client, 11 * 3600)
    assert client.get("/alliances/").status_code == 200
    # 12 hours later, out.
    started_ago(client, 12 * 3600 + 5)
    assert client.get("/alliances/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_old_sign_in_attempts_are_pruned_daily(world):
    from accord.people.tasks import prune_login_attempts

    now = timezone.now()
    old = LoginAttempt.objects.create(account="a@b.test", succeeded=False)
    LoginAttempt.objects.filter(pk=old.pk).update(at=now - dt.timedelta(days=91))
    recent = LoginAttempt.objects.create(account="a@b.test", succeeded=False)
    assert prune_login_attempts.call(slot=now.isoformat()) == 1
    assert list(LoginAttempt.objects.values_list("pk", flat=True)) == [recent.pk]
    assert prune_login_attempts.call(slot=now.isoformat()) == 0
