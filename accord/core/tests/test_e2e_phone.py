"""Accord on a phone (390 x 844): no page is wider than the screen, and the menu button opens
the navigation (and says so to screen readers with aria-expanded)."""

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.core.tests.e2e_pages import added_this_round, populate

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]

WIDTH = 390
# The elements that stick out past the right edge, to name them when a page is too wide.
OVERFLOWING = """(width) => Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 0.5)
    .slice(0, 8)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\\s+/g, ".") : "") +
        " right=" + Math.round(el.getBoundingClientRect().right))"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_main_pages_fit_a_phone_and_the_menu_opens_the_navigation(world, live_server, phone):
    objects = populate(world)
    base = live_server.url
    a = world.alliance_a.pk
    sign_in(phone, live_server, "manager.a@meridian.test")

    # The menu: closed at first, the button opens the sidebar and the account links.
    button = phone.locator("button.menu-button")
    sidebar = phone.locator("nav.sidebar")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(sidebar).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(sidebar).to_be_visible()
    expect(phone.locator("nav.usermenu")).to_be_visible()
    expect(sidebar.locator(".nav-heading").first).to_have_text("My work")
    sidebar.get_by_role("link", name="Obligations").click()
    expect(phone).to_have_url(f"{base}/contracts/obligations/")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(sidebar).to_be_visible()
    phone.keyboard.press("Escape")
    expect(sidebar).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")

    pages = [
        "/",
        "/search/?q=Kestrel",
        "/alliances/",
        f"/alliances/{a}/",
        "/contracts/obligations/",
        f"/contracts/obligations/{objects['obligation_a']}/",
        f"/alliances/{a}/governance/",
        "/governance/decisions/",
        "/dashboard/",
        f"/alliances/{a}/edit/",
        "/alliances/new/",
        *added_this_round(world, objects),
    ]
    too_wide = {}
    for path in pages:
        response = phone.goto(base + path)
        if response.status != 200:  # an error page fitting the phone proves nothing
            too_wide[path] = f"answered {response.status}"
            continue
        expect(phone.locator("h1").first).to_be_visible()
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[path] = (width, phone.evaluate(OVERFLOWING, WIDTH))
        # The menu works on every page.
        button.click()
        expect(sidebar).to_be_visible()
        button.click()
        expect(sidebar).to_be_hidden()
    assert too_wide == {}


def test_without_the_script_the_links_stay_shown(world, live_server, browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", "manager.a@meridian.test")
        page.fill("#id_password", "correct horse battery staple")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")  # My week, the front door
        expect(page.locator("nav.sidebar")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    finally:
        context.close()
