"""The one money format (accord/core/money.py and the `money` template filter)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from accord.core.money import format_money

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "USD 0"),
        (950, "USD 950"),
        (999, "USD 999"),
        (Decimal("999.49"), "USD 999"),
        (Decimal("999.5"), "USD 1.0k"),
        (1000, "USD 1.0k"),
        (35_500, "USD 35.5k"),
        (Decimal("35549.99"), "USD 35.5k"),
        (Decimal("35550"), "USD 35.6k"),
        (999_949, "USD 999.9k"),
        (999_999, "USD 1.0m"),
        (1_000_000, "USD 1.0m"),
        (Decimal("200000000.00"), "USD 200.0m"),
        (999_999_999, "USD 1.0bn"),
        (1e9, "USD 1.0bn"),
        (2_345_000_000_000, "USD 2,345.0bn"),
        (-950, f"USD {MINUS}950"),
        (Decimal("-35500"), f"USD {MINUS}35.5k"),
        (-1_000_000, f"USD {MINUS}1.0m"),
        (Decimal("-0.2"), "USD 0"),
        ("1500", "USD 1.5k"),
        (None, "—"),
        ("", "—"),
        ("not a number", "—"),
        (float("nan"), "—"),
    ],
)
def test_amounts_read_the_way_finance_reads_them(amount, expected):
    assert format_money(amount, "USD") == expected


def test_the_currency_is_optional_and_never_invents_one():
    assert format_money(Decimal("35500"), "EUR") == "EUR 35.5k"
    assert format_money(Decimal("35500")) == "35.5k"
    assert format_money(None) == "—"


def test_templates_print_money_through_the_filter():
    template = Template(
        "{% load accord %}{{ a|money:'EUR' }} | {{ b|money:cur }} | {{ c|money:'USD' }} | "
        "{{ m|millions|money:'USD' }} | {{ none|millions|money:'USD' }}"
    )
    text = template.render(
        Context(
            {
                "a": Decimal("35500.00"),
                "b": -950,
                "cur": "USD",
                "c": None,
                "m": Decimal("200.0"),
                "none": None,
            }
        )
    )
    assert text == f"EUR 35.5k | USD {MINUS}950 | — | USD 200.0m | —"


def test_no_template_formats_money_another_way():
    """Every amount on a page goes through `money`: no thousands-grouped floatformat is left
    on a field named like an amount."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    pattern = re.compile(
        r"\{\{[^}]*(amount|npv|forecast_to_date|realised|value_at_risk|cost_of_delay|_musd|"
        r"inflows|outflows|royalty)[^}]*\|floatformat[^}]*\}\}"
    )
    for path in root.rglob("templates/**/*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(root)}:{number}")
    assert offenders == []


@pytest.mark.parametrize(
    "language, amount, expected",
    [
        ("de", 200_000_000, "EUR 200,0 Mio."),
        ("de", 1_234_500_000_000, "EUR 1.234,5 Mrd."),
        ("de", -35_500, "EUR \u221235,5 Tsd."),
        ("de", 950, "EUR 950"),
        ("ja", 200_000_000, "EUR 200.0百万"),
        ("ko", 1_230_000_000, "EUR 1.2십억"),
        ("zh-hans", 35_500, "EUR 35.5千"),
    ],
)
def test_money_is_written_in_the_readers_language(language, amount, expected):
    with translation.override(language):
        assert format_money(amount, "EUR") == expected
    assert format_money(amount, "EUR").startswith("EUR ")  # and English is left as it was
