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
            register_alliance_panel,
            register_alliance_tab,
            register_nav,
        )

        from .panels import overview_panel

        register_nav(
            label=gettext_noop("Health"),
            url_name="health:portfolio",
            order=10,
            match="/health/",
            group="Health",
            internal_only=True,
        )
        register_nav(
            label=gettext_noop("My surveys"),
            url_name="health:my_surveys",
            order=20,
            match="/surveys/",
            group="My work",
            internal_only=True,  # partners answer through their personal link
        )
        register_nav(
            label=gettext_noop("Maturity"),
            url_name="health:maturity_list",
            order=20,
            match="/maturity/",
            group="Health",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("Health"),
            url_name="health:alliance_health",
            order=50,
            match="/health",
        )
        register_alliance_panel(
            template="health/_overview_panel.html", order=50, context=overview_panel
        )
        # The alliance's first screen (accord.portfolio.status).
        from accord.core.registry import register_status_signals

        from .status import status_signals

        register_status_signals(status_signals)

        from django.apps import apps

        if apps.is_installed("accord.knowledge"):
            from accord.knowledge.hooks import register_lesson_source

            from .hooks import relaunch_source, wave_source

            register_lesson_source("relaunch", relaunch_source)
            register_lesson_source("health_check", wave_source)
