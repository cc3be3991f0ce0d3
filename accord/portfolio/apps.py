from django.apps import AppConfig
from django.utils.translation import gettext_noop


class PortfolioConfig(AppConfig):
    name = "accord.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        from accord.core.registry import (
            INTERNAL,
            register_alliance_tabs,
            register_audited_object,
            register_frame_context,
            register_navs,
            register_scope,
        )
        from accord.people.hooks import register_memberships

        from . import access, scope
        from .views.companies import own_company_in_frame

        # Who sees which alliance, program and person: core's records and people's pages ask
        # through these (accord.portfolio.scope), since they cannot import the portfolio.
        register_scope(
            alliances=scope.alliances,
            programs=scope.programs,
            uncleared_programs=scope.uncleared_programs,
            get_alliance=access.get_alliance_for_user,
        )
        register_memberships(
            colleague_ids=scope.colleague_ids,
            responsible_for=scope.responsible_for,
            seen_by=scope.memberships_seen_by,
        )
        # Whose audit trail (accord.core.audit_trail) follows the object's own access rules.
        register_audited_object("portfolio.alliance", access.get_alliance_for_user)
        register_audited_object("portfolio.program", access.get_program_for_user)
        register_audited_object("portfolio.company", access.get_company_for_user)
        register_frame_context("OWN_COMPANY", own_company_in_frame)

        register_navs(
            "Portfolio",
            (
                gettext_noop("Portfolio"),
                "portfolio:alliance_list",
                10,
                "/alliances/",
                {"partner_label": gettext_noop("My alliances")},
            ),
            (
                gettext_noop("Partners"),
                "portfolio:company_list",
                20,
                "/partners/",
                {"partner_label": gettext_noop("Companies")},
            ),
            (gettext_noop("Workload"), "portfolio:workload", 30, "/workload/", INTERNAL),
            (gettext_noop("Tiering"), "portfolio:tiering", 40, "/tiering/", INTERNAL),
        )
        register_alliance_tabs(
            (gettext_noop("Overview"), "portfolio:alliance_detail", 10, ""),
            (gettext_noop("Team"), "portfolio:alliance_team", 20, "/team/"),
            (gettext_noop("Documents"), "portfolio:alliance_documents", 50, "/documents/"),
        )
        register_alliance_tabs(
            (gettext_noop("Tier"), "portfolio:alliance_tier", 80, "/tier/"),
            (gettext_noop("History"), "portfolio:alliance_history", 90, "/history/"),
            internal_only=True,
        )
