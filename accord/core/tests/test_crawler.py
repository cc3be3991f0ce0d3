"""Every link a person is shown opens (class test).

As each persona, start from the home page, the dashboard and every alliance page they can see,
follow every <a href> on every internal page (breadth first, same origin) and check that each
answers 200, a redirect to a page that answers 200, or a file. A link that answers 403, 404,
405 or 500 is a link that should not have been shown, or a page that is broken.

The world is the shared cast (accord/conftest.py) with every app's records of the authorization
matrix (accord/core/tests/authz.py `targets`): agreements, obligations, meetings, decisions,
surveys, lessons, forecasts… on alliance A (and its firewalled program A2) and alliance B.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from accord.conftest import login
from accord.core.tests.authz import targets

pytestmark = pytest.mark.django_db

PERSONAS = (
    "admin",
    "leader",
    "manager_a",
    "executive",
    "firewalled",
    "partner_a",
    "partner_b",
)
# Followed but not crawled into: Django's own admin (its model pages are Django's) and the API.
LEAF_PREFIXES = ("/admin/", "/api/")
# Not followed: signing out ends the crawl's session; static files are served by WhiteNoise.
SKIPPED_PREFIXES = ("/accounts/logout/", "/static/", "/media/")
# Sort, filter and page links multiply a list's URLs: a few variants of each path are enough.
VARIANTS_PER_PATH = 1
# Detail pages of one kind (every obligation, every meeting…) render the same template: a few
# of each route are opened, the rest are known to be linked but not fetched.
PAGES_PER_ROUTE = 6
MAX_PAGES = 400
HTML = "text/html"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal(href: str, base: str) -> str | None:
    """The same-origin path?query a link points to, or None for other sites and schemes."""
    href, _fragment = urldefrag(href.strip())
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    return path + (f"?{parts.query}" if parts.query else "")


def is_file(response) -> bool:
    return not response.get("Content-Type", "").startswith(HTML)


def route_of(path: str) -> str:
    try:
        return resolve(path).route
    except Resolver404:
        return path


def crawl(user, starts: list[str]) -> tuple[list[str], int]:
    client = login(user)
    problems: list[str] = []
    seen: set[str] = set()
    variants: dict[str, int] = {}
    routes: dict[str, int] = {}
    queue = deque((url, "(start)") for url in starts)
    pages = 0
    while queue and pages < MAX_PAGES:
        url, referrer = queue.popleft()
        if url in seen:
            continue
        path = urlsplit(url).path
        if "?" in url:
            if variants.get(path, 0) >= VARIANTS_PER_PATH:
                continue
            variants[path] = variants.get(path, 0) + 1
        else:
            route = route_of(path)
            if routes.get(route, 0) >= PAGES_PER_ROUTE:
                continue
            routes[route] = routes.get(route, 0) + 1
        seen.add(url)
        pages += 1
        response = client.get(url)
        hops = 0
        final = url
        while response.status_code in (301, 302, 303, 307, 308) and hops < 3:
            target = internal(response["Location"], final)
            if target is None:
                break
            if target.startswith("/accounts/login/"):
                problems.append(f"{url} (from {referrer}) redirects to sign-in")
                break
            final = target
            response = client.get(final)
            hops += 1
        status = response.status_code
        if status != 200:
            problems.append(f"{url} (from {referrer}) answers {status}")
            continue
        if is_file(response):
            named = response.get("Content-Disposition") or response.streaming
            if not named and "json" not in response.get("Content-Type", ""):
                problems.append(f"{url} (from {referrer}) is a file without a name")
            continue
        if final.startswith(LEAF_PREFIXES):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = internal(href, final)
            if target is None or target.startswith(SKIPPED_PREFIXES) or target in seen:
                continue
            queue.append((target, final))
    return problems, pages


@pytest.fixture
def crawl_world(world):
    objects = targets(world)
    for label in list(objects.pending):
        objects.ensure(label)
    return world


@pytest.mark.slow  # sweeps every page, persona or operation
def test_every_link_shown_opens_for_every_persona(crawl_world):
    from accord.portfolio.models import Alliance

    world = crawl_world
    report = []
    for name in PERSONAS:
        user = world.persona(name)
        starts = ["/"]
        if user.is_internal:
            starts.append("/dashboard/")
        starts += [
            f"/alliances/{pk}/"
            for pk in Alliance.objects.visible_to(user).values_list("pk", flat=True)
        ]
        problems, pages = crawl(user, starts)
        print(f"{name}: {pages} pages")
        assert pages > 20, f"{name}: only {pages} pages reached"
        report += [f"{name}: {problem}" for problem in problems]
    assert report == [], "\n" + "\n".join(report)
