from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "accord.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        from accord.core.registry import register_alliance_tab, register_nav

        register_nav(
            label="Portfolio",
            partner_label="My alliances",
            url_name="portfolio:alliance_list",
            order=10,
            match="/alliances/",
            group="Portfolio",
        )
        register_nav(
            label="Partners",
            partner_label="Companies",
            url_name="portfolio:company_list",
            order=20,
            match="/partners/",
            group="Portfolio",
        )
        register_nav(
            label="Workload",
            url_name="portfolio:workload",
            order=30,
            match="/workload/",
            group="Portfolio",
            internal_only=True,
        )
        register_nav(
            label="Tiering",
            url_name="portfolio:tiering",
            order=40,
            match="/tiering/",
            group="Portfolio",
            internal_only=True,
        )
        register_alliance_tab(
            label="Overview", url_name="portfolio:alliance_detail", order=10, match=""
        )
        register_alliance_tab(
            label="Team", url_name="portfolio:alliance_team", order=20, match="/team/"
        )
        register_alliance_tab(
            label="Documents",
            url_name="portfolio:alliance_documents",
            order=50,
            match="/documents/",
        )
        register_alliance_tab(
            label="Tier",
            url_name="portfolio:alliance_tier",
            order=80,
            match="/tier/",
            internal_only=True,
        )
        register_alliance_tab(
            label="History",
            url_name="portfolio:alliance_history",
            order=90,
            match="/history/",
            internal_only=True,
        )
