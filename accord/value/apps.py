from django.apps import AppConfig
from django.utils.translation import gettext_noop


class ValueConfig(AppConfig):
    name = "accord.value"
    label = "value"
    verbose_name = "Alliance value"

    def ready(self):
        # The alliance's first screen (accord.portfolio.status).
        from accord.contracts.hooks import on_milestone_change
        from accord.core.registry import (
            register_alliance_tabs,
            register_navs,
            register_status,
        )

        from . import status

        register_status(status)

        from .actions import refresh_later

        # A milestone's dates and payment feed the stored value summaries.
        on_milestone_change(refresh_later)

        register_navs(
            "Value & reporting",
            (gettext_noop("Value"), "value:portfolio", 20, "/value/"),
            internal_only=True,
        )
        register_alliance_tabs(
            (gettext_noop("Value"), "value:alliance_value", 45, "/value"), internal_only=True
        )
