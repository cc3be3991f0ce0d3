from django.apps import AppConfig
from django.utils.translation import gettext_noop


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self):
        from accord.core.registry import (
            register_alliance_panels,
            register_alliance_tabs,
            register_navs,
        )

        from . import hooks, panels

        register_navs(
            "Governance",
            (gettext_noop("Meetings"), "governance:meeting_list", 10, "/governance/meetings/"),
            (gettext_noop("Decisions"), "governance:decision_list", 20, "/governance/decisions/"),
            (gettext_noop("Actions"), "governance:action_list", 30, "/governance/actions/"),
            (gettext_noop("Issues"), "governance:issue_list", 40, "/governance/issues/"),
        )
        register_alliance_tabs(
            (gettext_noop("Governance"), "governance:alliance_governance", 40, "/governance/")
        )
        register_alliance_panels(("governance/_panel.html", 40, panels.panel_context))
        hooks.register_key_dates_provider(hooks.governance_key_dates)

        # The alliance's first screen (accord.portfolio.status).
        from accord.core.registry import register_status

        from . import status

        register_status(status)

        from . import week

        week.register()

        from django.apps import apps

        if apps.is_installed("accord.knowledge"):
            from accord.knowledge import hooks as knowledge

            knowledge.register_lesson_source("issue", hooks.issue_source)
            knowledge.register_jsc_meetings(hooks.jsc_meetings)
            knowledge.register_open_topics(hooks.open_topics)
