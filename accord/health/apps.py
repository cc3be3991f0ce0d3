from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "accord.health"
    label = "health"
    verbose_name = "Alliance health"

    def ready(self):
        from accord.core.registry import (
            register_alliance_panel,
            register_alliance_tab,
            register_nav,
        )

        from .panels import overview_panel

        register_nav(
            label="Health",
            url_name="health:portfolio",
            order=50,
            match="/health/",
            internal_only=True,
        )
        register_nav(
            label="My surveys",
            url_name="health:my_surveys",
            order=52,
            match="/surveys/",
            internal_only=True,  # partners answer through their personal link
        )
        register_nav(
            label="Maturity",
            url_name="health:maturity_list",
            order=55,
            match="/maturity/",
            internal_only=True,
        )
        register_alliance_tab(
            label="Health", url_name="health:alliance_health", order=50, match="/health"
        )
        register_alliance_panel(
            template="health/_overview_panel.html", order=50, context=overview_panel
        )
        from django.apps import apps

        if apps.is_installed("accord.knowledge"):
            from accord.knowledge.hooks import register_lesson_source

            from .hooks import relaunch_source, wave_source

            register_lesson_source("relaunch", relaunch_source)
            register_lesson_source("health_check", wave_source)
