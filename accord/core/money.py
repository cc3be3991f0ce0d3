"""Money the way finance people read it: "USD 200.0m", "EUR 35.5k", "USD 950", "USD 1.2bn".

The one formatter every page uses (the `money` template filter in accord/core/templatetags);
exports and the API keep exact amounts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
            text = f"{scaled:,}{suffix}"
            break
    if text is None:
        whole = size.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        text = "1.0k" if whole >= 1000 else f"{whole:,}"
    negative = value < 0 and text not in {"0", "0.0k"}
    number = f"{MINUS}{text}" if negative else text
    return f"{currency} {number}" if currency else number


def from_millions(amount):
    """An amount kept in millions (deal values, `*_musd`) in whole units, for format_money."""
    value = _decimal(amount)
    return None if value is None else value * Decimal(10) ** 6
