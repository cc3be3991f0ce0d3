from django.apps import AppConfig
from django.utils.translation import gettext_noop


class PortfolioConfig(AppConfig):
    name = "accord.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        from accord.core.registry import (
            register_alliance_tab,
            register_audited_object,
            register_frame_context,
            register_nav,
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

        register_nav(
            label=gettext_noop("Portfolio"),
            partner_label=gettext_noop("My alliances"),
            url_name="portfolio:alliance_list",
            order=10,
            match="/alliances/",
            group="Portfolio",
        )
        register_nav(
            label=gettext_noop("Partners"),
            partner_label=gettext_noop("Companies"),
            url_name="portfolio:company_list",
            order=20,
            match="/partners/",
            group="Portfolio",
        )
        register_nav(
            label=gettext_noop("Workload"),
            url_name="portfolio:workload",
            order=30,
            match="/workload/",
            group="Portfolio",
            internal_only=True,
        )
        register_nav(
            label=gettext_noop("Tiering"),
            url_name="portfolio:tiering",
            order=40,
            match="/tiering/",
            group="Portfolio",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("Overview"), url_name="portfolio:alliance_detail", order=10, match=""
        )
        register_alliance_tab(
            label=gettext_noop("Team"), url_name="portfolio:alliance_team", order=20, match="/team/"
        )
        register_alliance_tab(
            label=gettext_noop("Documents"),
            url_name="portfolio:alliance_documents",
            order=50,
            match="/documents/",
        )
        register_alliance_tab(
            label=gettext_noop("Tier"),
            url_name="portfolio:alliance_tier",
            order=80,
            match="/tier/",
            internal_only=True,
        )
        register_alliance_tab(
            label=gettext_noop("History"),
            url_name="portfolio:alliance_history",
            order=90,
            match="/history/",
            internal_only=True,
        )
