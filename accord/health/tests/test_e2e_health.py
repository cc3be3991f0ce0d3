"""Alliance health in a real browser: launch a wave, answer in Accord and through a partner's
personal link, close it and see the perception-gap chart actually drawn."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.health.models import ItemKind, Respondent, Side, Submission, Wave

from .factories import submit, uniform

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]

LINK = re.compile(r"(http://[^\s]+/s/[\w-]+/)")


def answer_every_question(page, wave, level):
    """level 1-5: agreement at that level, 0-100 items at (level-1)*25, yes/no yes above 3."""
    for item in wave.instrument.items_in_order():
        name = f"item_{item.pk}"
        if item.kind == ItemKind.AGREE5:
            page.check(f"input[name={name}][value='{level}']")
        elif item.kind == ItemKind.SCALE100:
            page.fill(f"input[name={name}]", str((level - 1) * 25))
        elif item.kind == ItemKind.YESNO:
            page.check(f"input[name={name}][value='{'yes' if level > 3 else 'no'}']")
        else:
            page.fill(
                f"textarea[name={name}]", "Clearer decision rights would help." if level < 3 else ""
            )


def test_launch_answer_in_app_and_by_link_and_see_the_gap_chart(world, live_server, page, browser):
    base = live_server.url
    sign_in(page, live_server, "manager.a@meridian.test")
    page.goto(f"{base}/alliances/{world.alliance_a.pk}/")
    page.click("nav.tabs >> text=Health")
    page.click("text=New survey wave")
    page.fill("#id_title", "Autumn health check")
    page.fill("#id_closes_on", (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.click("button:has-text('Create draft wave')")
    expect(page.locator("#wave-status")).to_have_text("Draft")
    wave = Wave.objects.get(title="Autumn health check")
    # The team is invited from both companies; add one more of ours and two partner people.
    expect(page.locator("table.respondents tbody tr")).to_have_count(3)
    page.select_option("#id_user", str(world.contributor.pk))
    page.click("button:has-text('Invite')")
    for n, function in ((1, "Commercial"), (2, "Medical Affairs")):
        page.fill("#id_name", f"Kestrel colleague {n}")
        page.fill("#id_email", f"colleague{n}@kestrel.test")
        page.fill("#id_function", function)
        page.select_option("#id_company", str(world.partner_co_a.pk))
        page.click("button:has-text('Invite')")
    expect(page.locator("table.respondents tbody tr")).to_have_count(6)
    page.click("button:has-text('Launch wave')")
    expect(page.locator("#wave-status")).to_have_text("Open")
    expect(page.locator("#response-total")).to_contain_text("0 of 6 answered")

    # Our alliance manager answers in Accord.
    page.click("nav[aria-label=Main] >> text=My surveys")
    page.click("table.surveys a.button")
    answer_every_question(page, wave, 4)
    page.click("button:has-text('Submit my answers')")
    expect(page.locator("#answer-done")).to_contain_text("are submitted")

    # A partner answers through the personal link, without signing in.
    links = [LINK.search(m.body).group(1) for m in mail.outbox if "/s/" in m.body]
    jordan = next(m for m in mail.outbox if m.to == ["jordan@kestrel.test"])
    # Emails link to ACCORD_BASE_URL; the test server listens elsewhere.
    link = base + urlsplit(LINK.search(jordan.body).group(1)).path
    assert len(links) == 3
    partner = browser.new_context().new_page()
    partner.goto(link)
    expect(partner.locator("h1")).to_have_text("Autumn health check")
    expect(partner.locator(".usermenu")).to_have_count(0)
    answer_every_question(partner, wave, 2)
    partner.click("button:has-text('Submit my answers')")
    expect(partner.locator("#answer-done")).to_contain_text("are submitted")
    partner.goto(link)
    expect(partner.locator("#link-error")).to_contain_text("cannot be used again")
    partner.context.close()

    # The others answer (outside the browser) so each side reaches the anonymity threshold.
    for respondent in Respondent.objects.filter(wave=wave, submitted_at__isnull=True):
        submit(respondent, uniform(75 if respondent.side == Side.OWN else 25))
    assert Submission.objects.filter(wave=wave).count() == 6

    page.goto(f"{base}/health/waves/{wave.pk}/")
    expect(page.locator("#response-total")).to_contain_text("6 of 6 answered")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Close wave')")
    expect(page.locator("#wave-status")).to_have_text("Closed")
    expect(page.locator("table.scores")).to_contain_text("Trust")
    expect(page.locator(".highlights")).to_contain_text("Critical gap")

    # The gap chart is really drawn: a Chart.js instance on the canvas, with painted pixels.
    canvas = page.locator("#gap-canvas")
    expect(canvas).to_have_attribute("data-rendered", "1")
    drawn = page.evaluate(
        """() => {
            const canvas = document.getElementById('gap-canvas');
            const chart = window.Chart && window.Chart.getChart(canvas);
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
            return {type: chart && chart.config.type, datasets: chart && chart.data.datasets.length,
                    labels: chart && chart.data.labels.length, painted: painted};
        }"""
    )
    assert drawn["type"] == "bar" and drawn["datasets"] == 2 and drawn["labels"] == 13
    assert drawn["painted"] > 1000
    radar = page.evaluate(
        "() => window.Chart.getChart(document.querySelector('canvas[data-chart=chart-radar]')).config.type"
    )
    assert radar == "radar"


def test_the_portfolio_heatmap_renders(world, live_server, page):
    from .factories import closed_wave

    closed_wave(world.manager_a, world.alliance_a, own=[("C", 75)] * 3, partner=[("R", 25)] * 3)
    sign_in(page, live_server, "leader@meridian.test")
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Health", exact=True).click()
    expect(page.locator("table.heatmap tbody tr")).to_have_count(1)
    expect(page.locator("table.heatmap tbody tr").first).to_contain_text(
        "Kestrel ADC Collaboration"
    )
    page.click("text=Show perception gaps")
    expect(page.locator("td.gap-critical").first).to_be_visible()
