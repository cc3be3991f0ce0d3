from django.apps import AppConfig


class ValueConfig(AppConfig):
    name = "accord.value"
    label = "value"
    verbose_name = "Alliance value"

    def ready(self):
        from accord.core.registry import register_alliance_tab, register_nav

        register_nav(
            label="Value", url_name="value:portfolio", order=58, match="/value/", internal_only=True
        )
        register_alliance_tab(
            label="Value",
            url_name="value:alliance_value",
            order=45,
            match="/value",
            internal_only=True,
        )
