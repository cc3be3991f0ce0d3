from django.apps import AppConfig
from django.utils.translation import gettext_noop


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self):
        from accord.core.registry import (
            register_alliance_panel,
            register_alliance_tab,
            register_nav,
        )

        from . import hooks, panels

        register_nav(
            label=gettext_noop("Meetings"),
            url_name="governance:meeting_list",
            order=10,
            match="/governance/meetings/",
            group="Governance",
        )
        register_nav(
            label=gettext_noop("Decisions"),
            url_name="governance:decision_list",
            order=20,
            match="/governance/decisions/",
            group="Governance",
        )
        register_nav(
            label=gettext_noop("Actions"),
            url_name="governance:action_list",
            order=30,
            match="/governance/actions/",
            group="Governance",
        )
        register_nav(
            label=gettext_noop("Issues"),
            url_name="governance:issue_list",
            order=40,
            match="/governance/issues/",
            group="Governance",
        )
        register_alliance_tab(
            label=gettext_noop("Governance"),
            url_name="governance:alliance_governance",
            order=40,
            match="/governance/",
        )
        register_alliance_panel(
            template="governance/_panel.html", order=40, context=panels.panel_context
        )
        hooks.register_key_dates_provider(hooks.governance_key_dates)

        # The alliance's first screen (accord.portfolio.status).
        from accord.core.registry import (
            register_key_dates,
            register_recent_events,
            register_status_signals,
        )

        from . import status

        register_status_signals(status.status_signals)
        register_key_dates(status.key_dates)
        register_recent_events(status.recent_events)

        from . import week

        week.register()

        from django.apps import apps

        if apps.is_installed("accord.knowledge"):
            from accord.knowledge import hooks as knowledge

            knowledge.register_lesson_source("issue", hooks.issue_source)
            knowledge.register_jsc_meetings(hooks.jsc_meetings)
            knowledge.register_open_topics(hooks.open_topics)
