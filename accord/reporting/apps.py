from django.apps import AppConfig
from django.utils.translation import gettext_noop


class ReportingConfig(AppConfig):
    name = "accord.reporting"
    label = "reporting"
    verbose_name = "Executive reporting"

    def ready(self):
        from accord.core.registry import (
            HOME_VIEWS,
            register_alliance_tab,
            register_meeting_link,
            register_nav,
        )

        from .views.home import home

        if home not in HOME_VIEWS:
            HOME_VIEWS.append(home)  # `/` (core:home) renders each person's front door
        register_nav(
            label=gettext_noop("Dashboard"),
            url_name="reporting:dashboard",
            order=10,
            match="/dashboard/",
            group="Value & reporting",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("Brief me"),
            url_name="reporting:alliance_brief",
            order=95,
            match="/brief",
            internal_only=True,
        )
        register_meeting_link(
            label=gettext_noop("Brief me"),
            url_name="reporting:meeting_brief",
            order=10,
            internal_only=True,
        )
