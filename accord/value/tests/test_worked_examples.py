"""The three worked examples of docs/value.md, on the demo's in-licence, out-licence and
co-development, with every figure computed by hand (the arithmetic is in the comments and in
docs/value.md; DF(d) = 1.1 ** (-d / 365) with d days after signing, the valuation date)."""

import re
from decimal import Decimal

from accord.conftest import login
from accord.people.models import User
from accord.portfolio.models import Alliance
from accord.value import summaries
from accord.value.models import ValueSummary


def _figures(name, user):
    stored = summaries.alliance_summary(Alliance.objects.get(name=name), user)
    live = summaries.live_summaries(user, [stored.alliance_id])[0]
    for key in summaries.ADDITIVE + summaries.LARGEST + ["modelled"]:
        assert getattr(stored, key) == getattr(live, key), (name, key)
    return stored


def test_worked_examples_on_the_demo(demo):
    helen = User.objects.get(email="helen.park@meridian.example")
    # The summaries the pages read were stored by the seed (what the jobs do after each action).
    assert ValueSummary.objects.filter(program__isnull=True).count() == Alliance.objects.count()

    # 1. In-licence, Kestrel KST-201, 40 days after signing. Asset: USD 1,000m × 8 % (Phase 1)
    # = 80,000,000. NPV = 80,000,000 − 20m × DF(30) 0.9921969 − 40m × DF(250) 0.9368042
    # + 5m × DF(365) 0.9090909 = 80,000,000 − 19,843,937.8032 − 37,472,169.4348
    # + 4,545,454.5455 = 27,229,347.3075, rounded once at the end.
    kst = _figures("Kestrel KST-201 Option and Licence", helen)
    assert kst.modelled is True
    assert kst.npv_signing == Decimal("27229347.31")
    assert kst.npv_current == Decimal("27229347.31")
    assert kst.payments_planned_to_date == Decimal("20000000.00")
    assert kst.paid_to_date == Decimal("20000000.00")
    assert kst.receipts_planned_to_date == Decimal("0.00")  # Kestrel's share is due on day 365
    assert kst.received_to_date == Decimal("0.00")
    assert kst.net_captured == Decimal("-20000000.00")
    # The Phase 2 milestone moved from day 250 to day 340: the asset arrives 90 days later,
    # 80,000,000 × (1 − 1.1 ** (−90/365)) = 80,000,000 × 0.0232271 = 1,858,171.13.
    assert kst.slipped == 1
    assert kst.asset_cost_of_delay == Decimal("1858171.13")
    assert kst.value_at_risk == Decimal("1858171.13")
    assert kst.months_exclusivity_lost is None  # a development milestone: no launch moved

    # 2. Out-licence, Sunhe Greater China, 1,000 days after signing. NPV = 25m × DF(30)
    # + 5m × DF(365) + 5m × DF(730) + 30m × DF(910) + 10m × DF(1460) + 10m × DF(1825)
    # = 24,804,922.2540 + 4,545,454.5455 + 4,132,231.4050 + 23,655,005.5002 + 6,830,134.5537
    # + 6,209,213.2306 = 70,176,961.4890.
    sunhe = _figures("Sunhe Greater China Out-licence", helen)
    assert sunhe.npv_signing == Decimal("70176961.49")
    assert sunhe.receipts_planned_to_date == Decimal("65000000.00")  # 25 + 5 + 5 + 30
    assert sunhe.received_to_date == Decimal("33500000.00")  # 25 + 4 + 4.5
    assert sunhe.captured_pct == Decimal("51.5")
    assert sunhe.payments_planned_to_date == Decimal("0.00")  # we pay nothing: a true zero
    assert sunhe.paid_to_date == Decimal("0.00")
    assert sunhe.net_captured == Decimal("33500000.00")
    # NMPA approval moved 180 days (day 910 → 1090): 30m × (DF(910) 0.7885002 − DF(1090)
    # 0.7522964) = 1,086,114.33; at risk 30,000,000 + 1,086,114.33; 180 / 30.4375 = 5.9 months.
    assert sunhe.inflow_cost_of_delay == Decimal("1086114.33")
    assert sunhe.value_at_risk == Decimal("31086114.33")
    assert sunhe.months_exclusivity_lost == Decimal("5.9")

    # 3. Co-development, Polaris IL-23, 1,500 days after signing. Our 50 % of the programme,
    # USD 600m × 58 % (Phase 3) = 348,000,000. NPV = 348,000,000 − 50m × DF(30) − 30m ×
    # (DF(365) + DF(730) + DF(1095) + DF(1460)) + 20m × DF(1095)
    # = 348,000,000 − 49,609,844.5079 − 95,095,963.3905 + 15,026,296.0180 = 218,320,488.1196.
    polaris = _figures("Polaris IL-23 Co-development", helen)
    assert polaris.npv_signing == Decimal("218320488.12")
    # The re-forecast in force: filed (91 %: 546,000,000) and a fifth year of shared costs,
    # − 25m × DF(1825) 0.6209213 = − 15,523,033.0765: 400,797,455.0431.
    assert polaris.npv_current == Decimal("400797455.04")
    assert polaris.payments_planned_to_date == Decimal("170000000.00")  # 50 + 4 × 30
    assert polaris.paid_to_date == Decimal("142000000.00")  # 50 + 28 + 33 + 31
    assert polaris.receipts_planned_to_date == Decimal("20000000.00")
    assert polaris.received_to_date == Decimal("20000000.00")
    assert polaris.net_captured == Decimal("-122000000.00")
    assert polaris.value_at_risk == Decimal("0.00")  # nothing slipped: a true zero
    assert polaris.slipped == 0


def test_not_modelled_figure_links_to_exactly_those_alliances(demo):
    helen = User.objects.get(email="helen.park@meridian.example")
    client = login(helen)
    html = client.get("/dashboard/").content.decode()
    found = re.search(
        r'data-figure="value_not_modelled"><a href="([^"]+)"><strong>(\d+)</strong>', html
    )
    url, count = found.group(1).replace("&amp;", "&"), int(found.group(2))
    expected = summaries.not_modelled(helen)
    assert count == expected.count() > 0
    listed = client.get(f"{url}&per_page=100").content.decode()
    names = set(re.findall(r'<tr class="not-modelled"><td><a href="[^"]+">([^<]+)</a>', listed))
    assert names == {a.name for a in expected}
    assert "not modelled yet" in listed
    # an alliance we only pay for shows what it paid, not zeros everywhere
    adc = client.get(
        f"/alliances/{Alliance.objects.get(name='Kestrel ADC Research Collaboration').pk}/value/"
    ).content.decode()
    assert re.search(r'<dd id="paid">USD 25\.0m</dd>', adc)


def _value_card(client, name):
    pk = Alliance.objects.get(name=name).pk
    html = client.get(f"/alliances/{pk}/").content.decode()
    card = html.split("<dt>Value captured</dt>")[1].split("</dd>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_the_first_screen_shows_value_in_the_direction_the_money_flows(demo):
    """An in-licence shows what we paid against the plan, an out-licence what we received:
    the same stored figures as the Value tab, never 'USD 0 of USD 0'."""
    client = login(User.objects.get(email="helen.park@meridian.example"))
    # KST-201: 20m paid of 20m due so far; Kestrel's share to us is not due yet.
    assert _value_card(client, "Kestrel KST-201 Option and Licence") == (
        "Paid USD 20.0m of USD 20.0m planned to date Net captured to date USD −20.0m"
    )
    # ADC research: we fund it (25m paid of 29m planned); nothing flows our way.
    assert _value_card(client, "Kestrel ADC Research Collaboration") == (
        "Paid USD 25.0m of USD 29.0m planned to date Net captured to date USD −25.0m"
    )
    sunhe = _value_card(client, "Sunhe Greater China Out-licence")
    assert sunhe.startswith("Received USD ") and "Paid" not in sunhe
