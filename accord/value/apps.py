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
            register_alliance_tab,
            register_nav,
            register_status_signals,
        )

        from .status import status_signals

        register_status_signals(status_signals)

        from .actions import refresh_later

        # A milestone's dates and payment feed the stored value summaries.
        on_milestone_change(refresh_later)

        register_nav(
            label=gettext_noop("Value"),
            url_name="value:portfolio",
            order=20,
            match="/value/",
            group="Value & reporting",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("Value"),
            url_name="value:alliance_value",
            order=45,
            match="/value",
            internal_only=True,
        )
