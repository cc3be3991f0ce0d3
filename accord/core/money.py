"""Money the way finance people read it: "USD 200.0m", "EUR 35.5k", "USD 950", "USD 1.2bn".

The one formatter every page uses (the `money` template filter in accord/core/templatetags);
exports and the API keep exact amounts. The number is written in the reader's language: its
decimal and grouping marks (Django's locale formats) and its words for thousands, millions and
billions ("USD 200,0 Mio." in German).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import pgettext

MISSING = "—"
MINUS = "\u2212"  # a real minus sign, read as "minus" by screen readers
# (divisor, suffix) from the largest; an amount takes the first unit it reaches once rounded.
UNITS = ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"), (Decimal(10) ** 3, "k"))
ONE_PLACE = Decimal("0.1")


def _decimal(amount) -> Decimal | None:
    if amount is None or amount == "":
        return None
    if isinstance(amount, float):
        amount = repr(amount)
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return value if value.is_finite() else None


def format_money(amount, currency: str = "") -> str:
    """`amount` (Decimal, int, float or numeric text) in `currency`, rounded to one decimal of
    thousands (k), millions (m) or billions (bn); below a thousand, whole units. None: "—"."""
    value = _decimal(amount)
    if value is None:
        return MISSING
    size = abs(value)
    text = None
    for index, (divisor, suffix) in enumerate(UNITS):
        if size >= divisor:
            scaled = (size / divisor).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
            if scaled >= 1000 and index > 0:  # 999,999 reads "1.0m", not "1000.0k"
                bigger, bigger_suffix = UNITS[index - 1]
                scaled = (size / bigger).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
                suffix = bigger_suffix
            text = _scaled(scaled, suffix)
            break
    if text is None:
        whole = size.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if whole >= 1000:
            text = _scaled(Decimal("1.0"), "k")
        else:
            text = number_format(whole, decimal_pos=0, force_grouping=True)
    negative = value < 0 and size >= Decimal("0.5")  # what rounds to 0 has no sign
    number = f"{MINUS}{text}" if negative else text
    return f"{currency} {number}" if currency else number


def _scaled(number: Decimal, suffix: str) -> str:
    """`number` (one decimal) in thousands, millions or billions, as the reader writes it."""
    written = number_format(number, decimal_pos=1, force_grouping=True)
    if suffix == "bn":
        return pgettext("money in billions", "%(number)sbn") % {"number": written}
    if suffix == "m":
        return pgettext("money in millions", "%(number)sm") % {"number": written}
    return pgettext("money in thousands", "%(number)sk") % {"number": written}


def from_millions(amount):
    """An amount kept in millions (deal values, `*_musd`) in whole units, for format_money."""
    value = _decimal(amount)
    return None if value is None else value * Decimal(10) ** 6
