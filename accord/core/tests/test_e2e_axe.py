"""No critical or serious accessibility violations (axe-core, vendored in tests/vendor) on the
pages people use most: 25 as an alliance manager, a few as a partner user and as an executive."""

from pathlib import Path

import pytest

from accord.conftest import sign_in
from accord.core.tests.e2e_pages import added_this_round, most_used, populate

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"critical", "serious"}
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary.split("\\n").slice(1, 3).join(" ")),
    }));
}"""


def violations(page, url) -> list[str]:
    response = page.goto(url)
    if response is None or response.status != 200:  # an error page is no page audited
        return [f"answered {response.status if response else 'nothing'}, not 200"]
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE)
    return [
        f"{v['impact']} {v['id']} ({v['help']}):\n      " + "\n      ".join(v["nodes"])
        for v in found
        if v["impact"] in BLOCKING
    ]


def audit(page, base, paths) -> dict:
    report = {}
    for path in paths:
        found = violations(page, base + path)
        if found:
            report[path] = found
    return report


def show(report) -> str:
    return "\n" + "\n".join(f"{path}:\n  " + "\n  ".join(items) for path, items in report.items())


def signed_in(browser, live_server, email):
    # The pages forbid inline scripts (Content-Security-Policy): the test's own context lets
    # Playwright add axe's script tag; the pages themselves are served unchanged.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, email)
    return context, page


def test_the_most_used_pages_have_no_serious_violations(world, live_server, browser):
    populate(world)
    context, page = signed_in(browser, live_server, "manager.a@meridian.test")
    try:
        report = audit(page, live_server.url, most_used(world))
    finally:
        context.close()
    assert report == {}, show(report)


def test_partner_and_executive_pages_have_no_serious_violations(world, live_server, browser):
    populate(world)
    a = world.alliance_a.pk
    report = {}
    for email, paths in [
        (
            "jordan@kestrel.test",
            [
                "/alliances/",
                f"/alliances/{a}/",
                f"/alliances/{a}/governance/",
                "/governance/actions/",
                "/surveys/",
            ],
        ),
        ("exec@meridian.test", ["/dashboard/", "/value/", "/health/", "/audit/"]),
    ]:
        context, page = signed_in(browser, live_server, email)
        try:
            report.update(
                {f"{email} {k}": v for k, v in audit(page, live_server.url, paths).items()}
            )
        finally:
            context.close()
    assert report == {}, show(report)


def test_the_pages_added_for_imports_variances_glossary_and_email_have_no_serious_violations(
    world, live_server, browser
):
    objects = populate(world)
    context, page = signed_in(browser, live_server, "manager.a@meridian.test")
    try:
        report = audit(page, live_server.url, added_this_round(world, objects))
    finally:
        context.close()
    assert report == {}, show(report)
