"""Numbers on pages that show hundreds of them (heatmaps): the template's own format, worked out
once per distinct figure instead of once per cell."""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat


def whole(value) -> Decimal:
    """`value` rounded as floatformat rounds it to no decimals (half up), so that a cached
    number format is asked once per whole number rather than once per figure."""
    return Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def whole_formatter():
    """`format(value)`: what `{{ value|floatformat:0 }}` shows, in the active language, cached
    for one page (a new formatter per rendering: the language may differ between requests)."""
    number = functools.lru_cache(maxsize=None)(floatformat)
    return lambda value: number(whole(value), 0)
