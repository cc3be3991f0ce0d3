from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "accord.reporting"
    label = "reporting"
    verbose_name = "Executive reporting"

    def ready(self):
        from accord.core.registry import register_nav

        register_nav(
            label="Dashboard",
            url_name="reporting:dashboard",
            order=5,
            match="/dashboard/",
            internal_only=True,
        )
