from django.apps import AppConfig
from django.utils.translation import gettext_noop


class ReportingConfig(AppConfig):
    name = "accord.reporting"
    label = "reporting"
    verbose_name = "Executive reporting"

    def ready(self):
        from accord.core.registry import (
            HOME_VIEWS,
            INTERNAL,
            register_alliance_tabs,
            register_meeting_link,
            register_navs,
        )

        from .views.home import home

        if home not in HOME_VIEWS:
            HOME_VIEWS.append(home)  # `/` (core:home) renders each person's front door
        register_navs(
            "Value & reporting",
            (gettext_noop("Dashboard"), "reporting:dashboard", 10, "/dashboard/"),
            internal_only=True,
        )
        register_alliance_tabs(
            (gettext_noop("Brief me"), "reporting:alliance_brief", 95, "/brief"), internal_only=True
        )
        register_meeting_link(
            label=gettext_noop("Brief me"), url_name="reporting:meeting_brief", order=10, **INTERNAL
        )
