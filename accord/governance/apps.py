from django.apps import AppConfig


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

        from . import keydates, panel

        register_nav(
            label="Meetings",
            url_name="governance:meeting_list",
            order=40,
            match="/governance/meetings/",
        )
        register_nav(
            label="Decisions",
            url_name="governance:decision_list",
            order=42,
            match="/governance/decisions/",
        )
        register_nav(
            label="Actions",
            url_name="governance:action_list",
            order=44,
            match="/governance/actions/",
        )
        register_nav(
            label="Issues", url_name="governance:issue_list", order=46, match="/governance/issues/"
        )
        register_alliance_tab(
            label="Governance",
            url_name="governance:alliance_governance",
            order=40,
            match="/governance/",
        )
        register_alliance_panel(
            template="governance/_panel.html", order=40, context=panel.panel_context
        )
        keydates.register_key_dates_provider(keydates.governance_key_dates)

        from django.apps import apps

        if apps.is_installed("accord.knowledge"):
            from accord.knowledge import hooks

            from . import lessons

            hooks.register_lesson_source("issue", lessons.issue_source)
            hooks.register_jsc_meetings(lessons.jsc_meetings)
            hooks.register_open_topics(lessons.open_topics)
