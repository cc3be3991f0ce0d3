"""The demo tells a value story: slipped milestones with a cost of delay, a re-forecast in force,
and realised value against the forecast."""

from decimal import Decimal

from accord.people.models import User
from accord.portfolio.models import Alliance
from accord.value.models import Forecast, ForecastKind
from accord.value.services import detail_compliance, portfolio_value, slipped_milestones


def test_demo_value_story(demo):
    helen = User.objects.get(email="helen.park@meridian.example")
    value = portfolio_value(helen)
    # every alliance with an approved baseline is listed, in-licences we only pay for too
    assert len(value.alliances) == Forecast.objects.filter(kind=ForecastKind.BASELINE).count()
    assert len(value.alliances) >= 6
    assert value.realised_to_date > 0
    assert value.forecast_to_date > 0
    assert value.unconverted == 0
    slips = {
        s.title: s for s in slipped_milestones(helen, [a.alliance_id for a in value.alliances])
    }
    assert set(slips) == {"NMPA approval of MRD-3300", "US Net Sales exceed USD 1 billion"}
    assert slips["NMPA approval of MRD-3300"].delay_days == 180
    assert slips["NMPA approval of MRD-3300"].cost_of_delay > 0
    assert slips["NMPA approval of MRD-3300"].months_exclusivity_lost == Decimal("5.9")
    assert slips["US Net Sales exceed USD 1 billion"].delay_days == 365
    assert value.value_at_risk == Decimal("80000000.00") + value.cost_of_delay
    reforecasts = Forecast.objects.filter(kind=ForecastKind.REFORECAST).order_by("alliance__name")
    assert [(f.alliance.name, f.is_current) for f in reforecasts] == [
        ("Kestrel ADC Research Collaboration", True),
        ("Polaris IL-23 Co-development", True),  # a worked example (docs/value.md)
    ]


def test_demo_co_promotion_falls_short_once(demo):
    helen = User.objects.get(email="helen.park@meridian.example")
    copromo = Alliance.objects.get(detail_minimums__label="Quarter 1")
    periods = detail_compliance(helen, copromo)
    # 13 weeks × (60 + 30 + 10 + 5) = 1365; from quarter 3 remote counts half: 1170, and
    # quarter 3's face-to-face dip to 45 a week leaves 975 against 1000.
    assert [p.credited for p in periods] == [
        Decimal(1365),
        Decimal(1365),
        Decimal("975.0"),
        Decimal("1170.0"),
    ]
    assert [p.shortfall for p in periods] == [0, 0, Decimal("25.0"), 0]
