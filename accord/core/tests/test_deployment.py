"""Production serving: the checked-in gunicorn configuration, a real gunicorn serving Accord with
production settings (sign-in, a page, static files), SMTP with authentication, and the rule that
every ACCORD_* variable the code reads is documented in docs/deployment.md."""

import re
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from accord.core.management.commands.serve import web_command

from .test_hardening import production_env

CONFIG = Path(settings.PACKAGE_DIR) / "config" / "gunicorn.py"


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("ACCORD_WEB_WORKERS", "ACCORD_WEB_THREADS", "ACCORD_WEB_TIMEOUT", "ACCORD_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_gunicorn_workers_follow_the_cpu_count_unless_set(monkeypatch):
    import multiprocessing

    defaults = gunicorn_settings(monkeypatch)
    assert defaults["workers"] == min(2 * multiprocessing.cpu_count() + 1, 12)
    assert (defaults["worker_class"], defaults["threads"], defaults["timeout"]) == ("sync", 1, 60)
    assert defaults["bind"] == "127.0.0.1:8000"
    assert defaults["wsgi_app"] == "accord.config.wsgi:application"
    tuned = gunicorn_settings(
        monkeypatch,
        ACCORD_WEB_WORKERS="3",
        ACCORD_WEB_THREADS="4",
        ACCORD_WEB_TIMEOUT="120",
        ACCORD_BIND="unix:/run/accord.sock",
    )
    assert (tuned["workers"], tuned["threads"], tuned["worker_class"]) == (3, 4, "gthread")
    assert (tuned["timeout"], tuned["bind"]) == (120, "unix:/run/accord.sock")


def test_the_master_freezes_what_it_imported_before_each_fork(monkeypatch):
    """Workers forked from a frozen master do not rescan (nor unshare) the application."""
    import gc

    pre_fork = gunicorn_settings(monkeypatch)["pre_fork"]
    assert gc.get_freeze_count() == 0
    try:
        pre_fork(None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_serve_uses_gunicorn_in_production_and_runserver_locally():
    assert web_command("127.0.0.1:8000", production=False) == [
        sys.executable,
        "-m",
        "accord",
        "runserver",
        "127.0.0.1:8000",
    ]
    assert web_command("0.0.0.0:9000", production=True, workers=3) == [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(CONFIG),
        "--bind",
        "0.0.0.0:9000",
        "--workers",
        "3",
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the test database this test runs on, for a server in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def wait_until_serving(url: str, process, deadline: float = 120) -> None:
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            requests.get(
                url, timeout=10, allow_redirects=False, headers={"X-Forwarded-Proto": "https"}
            )
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {deadline} s")


def proxied(session) -> None:
    """The proxy speaks HTTPS to the browser, so its Secure cookies come back over our HTTP."""
    for cookie in session.cookies:
        cookie.secure = False


@pytest.mark.slow  # starts gunicorn with production settings: tens of seconds
@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_accord_with_production_settings(tmp_path):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from accord.people.tests.factories import UserFactory

    user = UserFactory(email="it.check@meridian.example")
    # Hashed as production hashes it (the tests' own fast hasher is not enabled there).
    user.password = PBKDF2PasswordHasher().encode("a long production passphrase", "fixedsalt1234")
    user.save(update_fields=["password"])
    env = production_env(tmp_path)
    env.update(
        ACCORD_ALLOWED_HOSTS="127.0.0.1",
        # As behind the documented TLS-terminating proxy: it sets X-Forwarded-Proto.
        ACCORD_BEHIND_TLS_PROXY="1",
        DATABASE_URL=database_url(),
        ACCORD_WEB_WORKERS="2",
        ACCORD_MFA_REQUIRED_ROLES="",
    )
    collected = subprocess.run(
        [sys.executable, "-m", "accord", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=str(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        web_command(f"127.0.0.1:{port}", production=True, workers=2),
        env=env,
        cwd=str(settings.BASE_DIR),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(f"{base}/healthz", server)
        session = requests.Session()
        session.headers["X-Forwarded-Proto"] = "https"
        page = session.get(f"{base}/accounts/login/", timeout=10)
        assert page.cookies.get("csrftoken") and "Secure" in page.headers["Set-Cookie"]
        proxied(session)
        assert page.status_code == 200
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
        # Static files are served compressed and fingerprinted (whitenoise's manifest).
        script = re.search(r'src="(/static/accord/vendor/htmx[^"]+)"', page.text)
        assert script, "the login page loads htmx from the static files"
        assert re.search(r"htmx-2\.0\.11\.min\.[0-9a-f]{12}\.js$", script.group(1))
        static = session.get(base + script.group(1), timeout=10)
        assert static.status_code == 200
        assert "max-age=315360000" in static.headers["Cache-Control"]
        signed_in = session.post(
            f"{base}/accounts/login/",
            data={
                "login": "it.check@meridian.example",
                "password": "a long production passphrase",
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": f"https://127.0.0.1:{port}/accounts/login/"},
            timeout=10,
            allow_redirects=False,
        )
        assert signed_in.status_code == 302, signed_in.text[:500]
        proxied(session)
        alliances = session.get(f"{base}/alliances/", timeout=10, allow_redirects=False)
        assert alliances.status_code == 200
        assert "<h1>Alliance portfolio</h1>" in alliances.text
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    served = (tmp_path / "gunicorn.log").read_text()
    # The access log records each request with its status and time taken.
    assert re.search(r'"GET /alliances/ HTTP/1\.1" 200 \d+ \d+us', served), served[-2000:]


def test_email_goes_through_an_authenticated_relay(settings):
    """ACCORD_EMAIL_HOST_USER / _PASSWORD reach a real SMTP server that requires AUTH."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
    from django.core import mail

    received, logins = [], []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.mail_from, list(envelope.rcpt_tos)))
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login,
            auth_data.password,
        ) == (b"relay-user", b"relay-secret")
        logins.append(ok)
        return AuthResult(success=ok)

    port = free_port()
    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "", ""
        with pytest.raises(Exception, match="530"):
            mail.send_mail("x", "y", "accord@meridian.example", ["a@meridian.example"])
        settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "relay-user", "relay-secret"
        sent = mail.send_mail("x", "y", "accord@meridian.example", ["a@meridian.example"])
    finally:
        controller.stop()
    assert sent == 1
    assert logins == [True]
    assert received == [("accord@meridian.example", ["a@meridian.example"])]


def test_smtp_tls_settings_come_from_the_environment(tmp_path):
    env = production_env(tmp_path)
    env.update(
        ACCORD_EMAIL_HOST="smtp.office365.com",
        ACCORD_EMAIL_PORT="587",
        ACCORD_EMAIL_HOST_USER="accord@meridian.example",
        ACCORD_EMAIL_HOST_PASSWORD="s3cret",
        ACCORD_EMAIL_USE_TLS="1",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
        "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=str(settings.BASE_DIR),
    )
    assert run.stdout.split() == [
        "smtp.office365.com",
        "587",
        "accord@meridian.example",
        "s3cret",
        "True",
        "False",
    ], run.stderr
    env["ACCORD_EMAIL_USE_SSL"] = "1"
    both = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=str(settings.BASE_DIR),
    )
    assert both.returncode == 1
    assert "Set ACCORD_EMAIL_USE_TLS or ACCORD_EMAIL_USE_SSL, not both." in both.stderr


# Read only by the test suite or the tooling, never by a deployment.
NOT_FOR_DEPLOYMENT = {
    "ACCORD_TESTING",
    "ACCORD_REQUIRE_E2E",
    "ACCORD_FUZZ_EXAMPLES",
    "ACCORD_FUZZ_RANDOM",
    # settings names, not environment variables
    "ACCORD_CSP",
    "ACCORD_PAGE_SIZES",
    "ACCORD_PERMISSIONS_POLICY",
}


def test_every_environment_variable_is_documented():
    package = Path(settings.PACKAGE_DIR)
    read = set()
    for path in package.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "conftest.py":
            continue
        text = path.read_text()
        read |= set(re.findall(r"environ(?:\.get)?\(\s*\"(ACCORD_[A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"env_(?:bool|list|int)\(\s*\"(ACCORD_[A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"_int\(\s*\"(ACCORD_[A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"getenv\(\s*\"(ACCORD_[A-Z0-9_]+)\"", text))
    read -= NOT_FOR_DEPLOYMENT
    guide = (Path(settings.BASE_DIR) / "docs" / "deployment.md").read_text()
    documented = set(re.findall(r"`(ACCORD_[A-Z0-9_]+)`", guide))
    assert len(read) > 40
    assert sorted(read - documented) == []
    assert sorted(documented - read - {"DATABASE_URL"}) == []


def test_os_environ_is_not_read_outside_settings_by_the_web_app():
    """A deployment is configured in one place: the settings module and the gunicorn config."""
    package = Path(settings.PACKAGE_DIR)
    readers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "conftest.py"
        and re.search(r"os\.environ(?:\.get)?\(\s*\"ACCORD_", path.read_text())
    )
    assert readers == ["config/gunicorn.py", "config/settings.py"], readers
