from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class KnowledgeConfig(AppConfig):
    name = "accord.knowledge"
    label = "knowledge"
    verbose_name = _("Practice and knowledge")

    def ready(self):
        from . import week

        week.register()
        from accord.core.registry import (
            INTERNAL,
            register_alliance_panels,
            register_alliance_tabs,
            register_navs,
        )

        from . import panels

        # Lessons and territory profiles are for both sides; playbooks and templates are ours.
        register_navs(
            "Knowledge",
            (gettext_noop("Lessons"), "knowledge:lesson_list", 10, "/knowledge/"),
            (
                gettext_noop("Territory profiles"),
                "knowledge:territory_list",
                15,
                "/knowledge/territories/",
            ),
            (gettext_noop("Playbooks"), "knowledge:playbook_list", 20, "/playbooks/", INTERNAL),
            (gettext_noop("Templates"), "knowledge:template_list", 30, "/templates/", INTERNAL),
        )
        # Both sides see the profiles of the alliance's territories (models/territories.py).
        register_alliance_panels(
            ("knowledge/_panel_territories.html", 36, panels.alliance_profiles_panel)
        )
        register_alliance_tabs(
            (gettext_noop("Playbook"), "knowledge:alliance_playbook", 50, "/playbook/"),
            (gettext_noop("Roles"), "knowledge:alliance_roles", 55, "/roles/"),
            internal_only=True,
        )
        register_alliance_tabs(
            (gettext_noop("Lessons"), "knowledge:alliance_lessons", 60, "/lessons/")
        )
        register_alliance_tabs(
            (gettext_noop("Dossier"), "knowledge:alliance_dossier", 65, "/dossier/"),
            internal_only=True,
        )
        register_alliance_panels(
            ("knowledge/_panel_lesson_prompt.html", 30, panels.lesson_prompt),
            ("knowledge/_panel_package.html", 35, panels.package_progress),
            internal_only=True,
        )
        register_alliance_panels(("knowledge/_panel_lessons.html", 40, panels.relevant_lessons))
