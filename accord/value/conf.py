from django.conf import settings


def reporting_currency() -> str:
    """The one currency value is reported in (`ACCORD_REPORTING_CURRENCY`, default USD)."""
    return settings.ACCORD_REPORTING_CURRENCY
