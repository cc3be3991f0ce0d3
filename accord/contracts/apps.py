from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class ContractsConfig(AppConfig):
    name = "accord.contracts"
    label = "contracts"
    verbose_name = gettext_lazy("Contracts")

    def ready(self):
        from accord.core.registry import (
            register_alliance_panels,
            register_alliance_tabs,
            register_navs,
            register_program_panel,
        )

        from . import panels

        # The register is internal (see models.common.sees_register).
        register_navs(
            "Contracts",
            (
                gettext_noop("Obligations"),
                "contracts:obligation_list",
                40,
                "/contracts/obligations/",
            ),
            (gettext_noop("Milestones"), "contracts:milestone_list", 42, "/contracts/milestones/"),
            (gettext_noop("Rights"), "contracts:right_list", 44, "/contracts/rights/"),
            (gettext_noop("Contract calendar"), "contracts:calendar", 46, "/contracts/calendar/"),
            (gettext_noop("Defined terms"), "contracts:term_list", 47, "/contracts/terms/"),
            (gettext_noop("Variances"), "contracts:variance_list", 49, "/contracts/variances/"),
            (gettext_noop("May we…?"), "contracts:may_we", 48, "/contracts/may-we/"),
            internal_only=True,
        )
        # The glossary is the alliance's shared language: both sides read it.
        register_alliance_tabs(
            (gettext_noop("Glossary"), "contracts:alliance_glossary", 41, "/glossary/")
        )
        from accord.core.registry import register_glossary

        from . import glossary

        register_glossary(glossary.words_for)
        register_alliance_tabs(
            (gettext_noop("Contracts"), "contracts:alliance_contracts", 40, "/contracts/"),
            internal_only=True,
        )
        # Conflicts are shown where programs live, computed when the page is shown (right after
        # any save), instead of reacting to portfolio writes with signals.
        register_alliance_panels(
            ("contracts/_conflict_panel.html", 40, panels.alliance_conflicts), internal_only=True
        )
        # Variances are agreed by both sides: partner users of the alliance see them too.
        register_alliance_panels(("contracts/_variance_panel.html", 41, panels.alliance_variances))
        register_program_panel(
            template="contracts/_program_conflict_panel.html",
            order=40,
            context=panels.program_conflicts,
            internal_only=True,
        )

        # The alliance's first screen (accord.portfolio.status).
        from accord.core.registry import register_status

        from . import status

        register_status(status)

        from . import week

        week.register()

        from django.apps import apps

        if apps.is_installed("accord.governance"):
            from accord.governance.hooks import (
                register_cadence_handler,
                register_key_dates_provider,
            )

            from . import governance

            register_cadence_handler(governance.sync_cadence_obligation)
            from .actions import obligations

            if governance.duplicate_cadence not in obligations.DUPLICATE_CHECKS:
                obligations.DUPLICATE_CHECKS.append(governance.duplicate_cadence)
            register_key_dates_provider(governance.key_dates)
