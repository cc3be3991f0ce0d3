"""Single sign-on against a real OpenID Connect provider (oidc-provider, run with node).

The provider (accord/people/tests/oidc/provider.mjs) checks passwords on its own sign-in page
and lists the sign-ins it performed, so the tests see that `prompt=login` made the person sign
in again. Accord's side runs in the Django test client; the browser's side of the redirects is
a `requests` session against the provider; allauth exchanges the code over real HTTP.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache
from django.test import Client

from accord.config.settings import oidc_providers
from accord.core.models import AuditEvent
from accord.governance import actions as governance
from accord.governance.models import MinutesSignature, MinutesStatus
from accord.governance.tests.conftest import at, gov, held_meeting  # noqa: F401  (fixture)
from accord.people import reauth
from accord.people.models import User

# One xdist worker runs them all: one provider, and one `npm ci` when node_modules is missing.
pytestmark = pytest.mark.xdist_group("oidc")

OIDC_DIR = Path(__file__).parent / "oidc"
PASSWORD = "correct horse battery staple"
IDP_PASSWORD = "identity provider password"
CLIENT_ID = "accord-tests"
CLIENT_SECRET = "accord-tests-client-secret"
CALLBACK = "http://testserver/accounts/oidc/sso/login/callback/"
# The people the identity provider knows: Manager A (also known to Accord), and a stranger.
IDP_ACCOUNTS = {
    "oid-manager-a": {
        "password": IDP_PASSWORD,
        "email": "manager.a@meridian.test",
        "given_name": "Daniel",
        "family_name": "Idp",
    },
    "oid-manager-b": {"password": IDP_PASSWORD, "email": "manager.b@meridian.test"},
    "oid-stranger": {"password": IDP_PASSWORD, "email": "stranger@meridian.test"},
}


@dataclass
class IdentityProvider:
    url: str
    process: subprocess.Popen

    def logins(self) -> list[dict]:
        return requests.get(f"{self.url}/_test/logins", timeout=10).json()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def idp():
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        if os.environ.get("ACCORD_REQUIRE_E2E") == "1":
            pytest.fail(
                "node and npm are required for the single sign-on tests (apt-get install nodejs npm)."
            )
        pytest.skip("node is not installed (CI installs it and sets ACCORD_REQUIRE_E2E=1)")
    # `npm ci` again unless the last one finished for this very lock file (an interrupted
    # install leaves truncated modules behind that a directory check would take as installed).
    # Under an exclusive file lock: two xdist workers may both reach here, and one's `npm ci`
    # deletes the modules the other's provider is loading.
    lock = hashlib.sha256((OIDC_DIR / "package-lock.json").read_bytes()).hexdigest()
    stamp = OIDC_DIR / "node_modules" / ".accord-installed"
    with open(Path(tempfile.gettempdir()) / "accord-oidc-npm.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if not stamp.is_file() or stamp.read_text() != lock:
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"],
                cwd=OIDC_DIR,
                check=True,
                capture_output=True,
            )
            stamp.write_text(lock)
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OIDC_PORT": str(port),
        "OIDC_ACCOUNTS": json.dumps(IDP_ACCOUNTS),
        "OIDC_CLIENTS": json.dumps(
            [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [CALLBACK]}]
        ),
    }
    process = subprocess.Popen(
        [node, "provider.mjs"],
        cwd=OIDC_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.stdout.read().decode(errors="replace")
            pytest.fail(f"The OpenID Connect provider did not start:\n{output}")
        time.sleep(0.2)
    yield IdentityProvider(url=url, process=process)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def sso(idp, settings):
    """Accord configured for the provider, as ACCORD_OIDC_* would configure it."""
    cache.clear()  # allauth caches the provider's discovery document
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(
        {
            "ACCORD_OIDC_SERVER_URL": idp.url,
            "ACCORD_OIDC_CLIENT_ID": CLIENT_ID,
            "ACCORD_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "ACCORD_OIDC_NAME": "Test IdP",
        }
    )
    yield idp
    cache.clear()


def through_idp(
    browser: requests.Session, url: str, *, login: str | None = None
) -> tuple[str, int]:
    """Play the browser at the identity provider until it sends us back to Accord.

    Signs in as `login` when the provider asks; returns Accord's callback path and how many
    times the provider asked for a sign-in.
    """
    asked = 0
    for _ in range(12):
        if url.startswith("http://testserver/"):
            return url.removeprefix("http://testserver"), asked
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text
        assert 'name="password"' in response.text, response.text
        asked += 1
        assert login is not None and asked == 1, "the identity provider asked for a sign-in"
        action = re.search(r'action="([^"]+)"', response.text).group(1)
        response = browser.post(
            urljoin(url, action),
            data={"login": login, "password": IDP_PASSWORD},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code in (302, 303), response.text
        url = urljoin(url, response.headers["Location"])
    raise AssertionError(f"stuck at the identity provider: {url}")


def sso_sign_in(client: Client, browser: requests.Session, login: str):
    response = client.post("/accounts/oidc/sso/login/")
    assert response.status_code == 302
    authorize = response["Location"]
    callback, asked = through_idp(browser, authorize, login=login)
    return authorize, client.get(callback), asked


def test_first_sso_sign_in_links_the_account_by_verified_email_and_keeps_its_password(world, sso):
    user = world.manager_a
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
    client, browser = Client(), requests.Session()
    authorize, response, asked = sso_sign_in(client, browser, "oid-manager-a")
    assert authorize.startswith(f"{sso.url}/auth?")
    query = parse_qs(urlsplit(authorize).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    assert asked == 1
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    account = SocialAccount.objects.get(provider="sso", uid="oid-manager-a")
    assert account.user == user
    # The local password survives (allauth wipes it when the address is not verified).
    user.refresh_from_db()
    assert user.has_usable_password() and user.check_password(PASSWORD)
    assert (
        Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code
        == 302
    )
    # The second time goes by the linked account, and the provider's session: no sign-in.
    again = Client()
    _authorize, response, asked = sso_sign_in(again, browser, None)
    assert asked == 0
    assert again.session["_auth_user_id"] == str(user.pk)
    assert SocialAccount.objects.filter(user=user).count() == 1


def test_sso_never_creates_an_account(world, sso):
    users = User.objects.count()
    client = Client()
    _authorize, response, _asked = sso_sign_in(client, requests.Session(), "oid-stranger")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode()
    assert User.objects.count() == users
    assert not SocialAccount.objects.exists()


@pytest.fixture
def submitted(world, gov):  # noqa: F811
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    minutes = governance.minutes_save(
        actor=world.manager_a, minutes=meeting.minutes, text="1. Plan approved."
    )
    return governance.minutes_submit(
        actor=world.manager_a, minutes=minutes, now=at("2026-03-11 09:00")
    )


def test_an_sso_only_co_chair_signs_minutes_after_signing_in_again_at_the_provider(
    world, sso, submitted, settings
):
    user = world.manager_a
    user.set_unusable_password()  # an account that only ever signs in through SSO
    user.save(update_fields=["password"])
    client, browser = Client(), requests.Session()
    sso_sign_in(client, browser, "oid-manager-a")
    assert client.session["_auth_user_id"] == str(user.pk)
    meeting_url = f"/governance/meetings/{submitted.meeting_id}/"
    approve_url = f"{meeting_url}minutes/approve/"
    page = client.get(meeting_url).content.decode()
    assert 'id="sso-reauth"' in page and "Sign in again at Test IdP" in page

    # Without a password and without a fresh sign-in at the provider: refused, nothing signed.
    response = client.post(approve_url, {"password": ""})
    assert response.status_code == 400
    assert "sign in again at the identity provider to approve" in response.content.decode()
    assert MinutesSignature.objects.count() == 0

    # Re-authentication: the provider is asked to make them sign in again, and does.
    response = client.post("/reauthenticate/sso/", {"next": meeting_url + "#approve"})
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["prompt"] == ["login"] and query["max_age"] == ["0"]
    callback, asked = through_idp(browser, response["Location"], login="oid-manager-a")
    assert asked == 1  # although the provider's session was still open
    assert [login["prompt"] for login in sso.logins()][-1] == "login"
    response = client.get(callback)
    assert response.status_code == 302 and response["Location"] == meeting_url + "#approve"
    # Still the same session and person: nobody was signed out or in.
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[reauth.SESSION_KEY]["user"] == user.pk
    assert 'id="sso-reauth-fresh"' in client.get(meeting_url).content.decode()

    response = client.post(approve_url, {"password": ""})
    assert response.status_code == 302
    signature = MinutesSignature.objects.get()
    assert signature.signer == user
    assert signature.method == "single sign-on re-authentication"
    assert AuditEvent.objects.filter(action="approve", actor=user).count() == 1
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_stale_or_foreign_reauthentication_does_not_sign(world, sso, submitted, settings):
    user = world.manager_a
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client, browser = Client(), requests.Session()
    sso_sign_in(client, browser, "oid-manager-a")
    approve_url = f"/governance/meetings/{submitted.meeting_id}/minutes/approve/"
    # Someone else signs in at the provider on this browser: it does not count for Manager A.
    response = client.post("/reauthenticate/sso/", {"next": "/"})
    callback, _asked = through_idp(requests.Session(), response["Location"], login="oid-manager-b")
    client.get(callback)
    assert reauth.SESSION_KEY not in client.session
    assert client.post(approve_url, {"password": ""}).status_code == 400
    # Manager A's own re-authentication, once older than ACCORD_SSO_REAUTH_SECONDS, is stale.
    response = client.post("/reauthenticate/sso/", {"next": "/"})
    callback, _asked = through_idp(browser, response["Location"], login="oid-manager-a")
    client.get(callback)
    session = client.session
    session[reauth.SESSION_KEY] = {
        "user": user.pk,
        "at": int(time.time()) - settings.ACCORD_SSO_REAUTH_SECONDS - 1,
    }
    session.save()
    response = client.post(approve_url, {"password": ""})
    assert response.status_code == 400
    assert MinutesSignature.objects.count() == 0
    assert submitted.__class__.objects.get(pk=submitted.pk).status == MinutesStatus.SUBMITTED


def test_electronic_signatures_accept_a_fresh_reauthentication_instead_of_the_password(
    world, settings
):
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
    from django.core.exceptions import ValidationError

    from accord.people import signatures
    from accord.people.models import LoginAttempt

    user = world.manager_a
    user.set_unusable_password()
    user.save(update_fields=["password"])
    now = int(time.time())
    signatures.reauthenticate(user, password="", sso_reauthenticated_at=now - 10)
    stale = now - settings.ACCORD_SSO_REAUTH_SECONDS - 1
    with pytest.raises(ValidationError) as refused:
        signatures.reauthenticate(user, password="", sso_reauthenticated_at=stale)
    assert refused.value.message_dict == {
        "password": [
            "You sign in through single sign-on: sign in again at the identity provider to sign."
        ]
    }
    with pytest.raises(ValidationError):
        signatures.reauthenticate(user, password="", sso_reauthenticated_at=None)
    assert LoginAttempt.objects.filter(account=user.email, succeeded=False).count() == 2
    # The authenticator code is still asked for when they have enrolled one.
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    with pytest.raises(ValidationError) as refused:
        signatures.reauthenticate(user, password="", sso_reauthenticated_at=now)
    assert list(refused.value.message_dict) == ["otp_code"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    signatures.reauthenticate(user, password="", otp_code=code, sso_reauthenticated_at=now)
