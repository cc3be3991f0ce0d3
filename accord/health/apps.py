from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class HealthConfig(AppConfig):
    name = "accord.health"
    label = "health"
    verbose_name = _("Alliance health")

    def ready(self):
        from . import week

        week.register()
        from accord.core.registry import (
            register_alliance_panels,
            register_alliance_tabs,
            register_navs,
        )

        from .panels import overview_panel

        register_navs(
            "Health",
            (gettext_noop("Health"), "health:portfolio", 10, "/health/"),
            internal_only=True,
        )
        # Partners answer through their personal link.
        register_navs(
            "My work",
            (gettext_noop("My surveys"), "health:my_surveys", 20, "/surveys/"),
            internal_only=True,
        )
        register_navs(
            "Health",
            (gettext_noop("Maturity"), "health:maturity_list", 20, "/maturity/"),
            internal_only=True,
        )
        register_alliance_tabs((gettext_noop("Health"), "health:alliance_health", 50, "/health"))
        register_alliance_panels(("health/_overview_panel.html", 50, overview_panel))
        # The alliance's first screen (accord.portfolio.status).
        from accord.core.registry import register_status

        from . import status

        register_status(status)

        from django.apps import apps

        if apps.is_installed("accord.knowledge"):
            from accord.knowledge.hooks import register_lesson_source

            from .hooks import relaunch_source, wave_source

            register_lesson_source("relaunch", relaunch_source)
            register_lesson_source("health_check", wave_source)
