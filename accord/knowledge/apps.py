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
            register_alliance_panel,
            register_alliance_tab,
            register_nav,
        )

        from . import panels

        register_nav(
            label=gettext_noop("Lessons"),
            url_name="knowledge:lesson_list",
            order=10,
            match="/knowledge/",
            group="Knowledge",
        )
        register_nav(
            label=gettext_noop("Territory profiles"),
            url_name="knowledge:territory_list",
            order=15,
            match="/knowledge/territories/",
            group="Knowledge",
        )
        from .panels import alliance_profiles_panel

        # Both sides see the profiles of the alliance's territories (models/territories.py).
        register_alliance_panel(
            template="knowledge/_panel_territories.html",
            order=36,
            context=alliance_profiles_panel,
        )
        register_nav(
            label=gettext_noop("Playbooks"),
            url_name="knowledge:playbook_list",
            order=20,
            match="/playbooks/",
            group="Knowledge",
            internal_only=True,
        )
        register_nav(
            label=gettext_noop("Templates"),
            url_name="knowledge:template_list",
            order=30,
            match="/templates/",
            group="Knowledge",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("Playbook"),
            url_name="knowledge:alliance_playbook",
            order=50,
            match="/playbook/",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("Roles"),
            url_name="knowledge:alliance_roles",
            order=55,
            match="/roles/",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("Lessons"),
            url_name="knowledge:alliance_lessons",
            order=60,
            match="/lessons/",
        )
        register_alliance_tab(
            label=gettext_noop("Dossier"),
            url_name="knowledge:alliance_dossier",
            order=65,
            match="/dossier/",
            internal_only=True,
        )
        register_alliance_panel(
            template="knowledge/_panel_lesson_prompt.html",
            order=30,
            context=panels.lesson_prompt,
            internal_only=True,
        )
        register_alliance_panel(
            template="knowledge/_panel_package.html",
            order=35,
            context=panels.package_progress,
            internal_only=True,
        )
        register_alliance_panel(
            template="knowledge/_panel_lessons.html",
            order=40,
            context=panels.relevant_lessons,
        )
