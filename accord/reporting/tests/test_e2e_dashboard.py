"""The dashboard in a real browser: its charts are drawn, and a click on a figure or on a bar
opens the list behind it."""

import re

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


def test_charts_are_drawn_and_figures_drill_into_their_lists(world, portfolio, live_server, page):
    base = live_server.url
    sign_in(page, live_server, "exec@meridian.test")
    page.goto(f"{base}/dashboard/")
    for name in ("tier", "stage", "type", "area"):
        canvas = page.locator(f"canvas[data-chart='chart-{name}']")
        expect(canvas).to_have_attribute("data-rendered", "1")
        assert (
            page.evaluate(
                f"() => window.Chart.getChart(document.querySelector(\"canvas[data-chart='chart-{name}']\")).data.datasets[0].data.length"
            )
            > 0
        )

    # A horizontal chart names every category (long names over two lines), and a value axis
    # reads in compact numbers ("1.5M", not "1,500,000").
    drawn = page.evaluate(
        """() => {
            const chart = (name) => window.Chart.getChart(
                document.querySelector(`canvas[data-chart='chart-${name}']`));
            const type = chart("type"), value = chart("value");
            return {
                categories: type.data.labels.length,
                ticks: type.scales.y.ticks.length,
                values: value ? value.scales.x.ticks.map((tick) => tick.label) : [],
            };
        }"""
    )
    assert drawn["ticks"] == drawn["categories"] > 0
    assert drawn["values"] and all(
        re.fullmatch(r"[0-9.]+[A-Za-z]*", label) for label in drawn["values"]
    ), drawn["values"]

    overdue = page.locator("[data-figure='obligations_overdue'] strong").inner_text()
    page.click("[data-figure='obligations_overdue'] a")
    expect(page).to_have_url(re.compile(r"/contracts/obligations/\?status=overdue$"))
    expect(page.locator("main")).to_contain_text(overdue)

    # A click on the tallest tier bar opens the portfolio filtered to that tier's live alliances.
    page.goto(f"{base}/dashboard/")
    canvas = page.locator("canvas[data-chart='chart-tier']")
    expect(canvas).to_have_attribute("data-rendered", "1")
    page.wait_for_function(
        "() => window.Chart.getChart(document.querySelector(\"canvas[data-chart='chart-tier']\")).config.options.onClick"
    )
    point = page.evaluate(
        """() => {
            const chart = window.Chart.getChart(document.querySelector("canvas[data-chart='chart-tier']"));
            const values = chart.data.datasets[0].data;
            const index = values.indexOf(Math.max(...values));
            const bar = chart.getDatasetMeta(0).data[index];
            const links = JSON.parse(document.getElementById("links-tier").textContent);
            return {x: bar.x, y: (bar.y + bar.base) / 2, url: links[index]};
        }"""
    )
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert re.fullmatch(r"/alliances/\?tier=[123]&stage=pre_deal&.*", point["url"])
    expect(page).to_have_url(f"{base}{point['url']}")
