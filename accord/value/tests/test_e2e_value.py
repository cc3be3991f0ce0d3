"""Value in a real browser: an alliance manager records the deal-time baseline and a payment and
sees value captured; then imports co-promotion details, is stopped by a bad row with nothing
saved, and sees compliance under a counting rule that changed mid-period."""

import pytest
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.value.models import DetailActual, Forecast, ForecastStatus

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]


def test_manager_records_the_baseline_and_sees_value_captured(world, live_server, page):
    sign_in(page, live_server, "manager.a@meridian.test")
    page.goto(f"{live_server.url}/alliances/{world.alliance_a.pk}/value/")
    expect(page.locator("nav.tabs [aria-current=page]")).to_have_text("Value")

    page.click("text=Record the deal-time baseline")
    page.fill("#id_currency", "USD")
    page.fill("#id_discount_rate", "-0.1")
    page.fill("#id_valuation_date", "2024-01-01")
    page.click("button:has-text('Save deal-time baseline')")
    expect(page.locator("#id_discount_rate").locator("xpath=..")).to_contain_text(
        "Discount rate: Ensure this value is greater than or equal to 0."
    )
    assert Forecast.objects.count() == 0
    page.fill("#id_discount_rate", "0.10")
    page.fill("#id_npv", "42000000")
    page.click("button:has-text('Save deal-time baseline')")

    for kind, due_on, amount in (
        ("upfront", "2024-03-31", "20000000"),
        ("royalty", "2099-12-31", "9000000"),
    ):
        page.click("text=Add a cash flow")
        page.select_option("#id_kind", kind)
        page.select_option("#id_direction", "in")
        page.fill("#id_due_on", due_on)
        page.fill("#id_amount", amount)
        page.click("button:has-text('Save cash flow')")
    page.click("button:has-text('Approve and freeze')")
    expect(page.locator(".messages")).to_contain_text("approved")
    baseline = Forecast.objects.get(alliance=world.alliance_a)
    assert (baseline.status, baseline.is_current) == (ForecastStatus.APPROVED, True)

    page.click("text=Record a payment")
    page.select_option("#id_kind", "upfront")
    page.select_option("#id_direction", "in")
    page.fill("#id_paid_on", "2024-04-15")
    page.fill("#id_amount", "15000000")
    page.fill("#id_currency", "USD")
    page.fill("#id_description", "Upfront, first tranche")
    page.click("button:has-text('Save payment')")
    expect(page.locator("#forecast-to-date")).to_have_text("USD 20.0m")
    expect(page.locator("#realised-to-date")).to_have_text("USD 15.0m")
    # the stored summary was refreshed by the payment's job: received, and a true zero paid
    expect(page.locator("#received")).to_have_text("USD 15.0m")
    expect(page.locator("#paid")).to_have_text("USD 0")
    expect(page.locator(".value-summary")).to_contain_text("75.0 %")


def test_details_import_previews_refuses_bad_rows_and_counts_under_the_rules(
    world, live_server, page, tmp_path
):
    sign_in(page, live_server, "manager.a@meridian.test")
    base = f"{live_server.url}/alliances/{world.alliance_a.pk}/value"

    page.goto(f"{base}/detail-minimums/new/")
    page.fill("#id_label", "Q1 2026")
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-03-31")
    page.fill("#id_minimum", "100")
    page.click("button:has-text('Save contracted minimum')")
    # From the amendment of 1 February a remote detail counts half.
    page.goto(f"{base}/detail-rules/new/")
    page.select_option("#id_channel", "remote")
    page.fill("#id_effective_from", "2026-02-01")
    page.fill("#id_weight", "0.5")
    page.fill("#id_source", "Amendment No. 2, § 4.3")
    page.click("button:has-text('Save counting rule')")

    bad = tmp_path / "details.csv"
    bad.write_text(
        "date,channel,count,region\n"
        "2026-01-15,face_to_face,40,North\n"
        "2026-01-20,remote,20,North\n"
        "2026-02-31,remote,20,South\n"
    )
    page.click("text=Import details")
    page.set_input_files("input[type=file]", str(bad))
    page.click("button:has-text('Preview')")
    errors = page.locator("table.import-errors")
    expect(errors).to_contain_text("4")  # the row, counting the header as row 1
    expect(errors).to_contain_text("date")
    assert DetailActual.objects.count() == 0

    good = tmp_path / "details-fixed.csv"
    good.write_text(
        "date,channel,count,region\n"
        "2026-01-15,face_to_face,40,North\n"
        "2026-01-20,remote,20,North\n"
        "2026-02-27,remote,20,South\n"
        "2026-03-10,face_to_face,10,South\n"
    )
    page.set_input_files("input[type=file]", str(good))
    page.click("button:has-text('Preview')")
    expect(page.locator("h2")).to_contain_text("Preview: 4 rows, 90 details")
    assert DetailActual.objects.count() == 0
    page.click("button:has-text('Import 4 rows')")
    expect(page.locator(".messages")).to_contain_text("Imported 4 detail rows.")
    assert DetailActual.objects.filter(alliance=world.alliance_a).count() == 4

    # 40 + 20 (January: remote still counts 1) + 20 × 0.5 + 10 = 80 credited of 100.
    cells = page.locator("table.compliance tbody tr", has_text="Q1 2026").locator("td")
    expect(cells.nth(1)).to_have_text("100")  # minimum
    expect(cells.nth(2)).to_have_text("90")  # delivered
    expect(cells.nth(4)).to_have_text("80")  # credited
    expect(cells.nth(5)).to_have_text("80.0 %")
    expect(cells.nth(6)).to_have_text("20")  # shortfall
