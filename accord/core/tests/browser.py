"""The end-to-end tests' headless Chromium (Debian's, driven by Playwright), a page at desktop
width, and signing in through the real login form; accord/conftest.py offers them to every
suite (phone width: accord/core/tests/test_e2e_phone.py)."""

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("ACCORD_REQUIRE_E2E") == "1":
            pytest.fail(
                f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)."
            )
        pytest.skip(f"{CHROMIUM} is not installed (CI installs it and sets ACCORD_REQUIRE_E2E=1)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's guard against ORM use inside async code must be relaxed.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, live_server, email, password="correct horse battery staple"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")  # each person's front door
