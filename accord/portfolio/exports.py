"""The portfolio (or any filtered view of it) and the partners list as spreadsheets."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.core.exports import xlsx_response

SHARED_HEADERS = [
    _("Alliance"),
    _("Partners"),
    _("Type"),
    _("Stage"),
    _("Therapeutic areas"),
    _("Territories"),
    _("Effective date"),
]
INTERNAL_HEADERS = [
    _("Tier"),
    _("Tier score"),
    _("Tier overridden"),
    _("Service package"),
    _("AM team"),
    _("Run by"),
    _("Strategic importance"),
    _("Risk"),
    _("Deal value (USD m)"),
]
PROGRAMS_HEADER = _("Programs (visible to you)")


def _names(items):
    return ", ".join(str(item) for item in items)


def _shared(alliance) -> list:
    return [
        alliance.name,
        _names(alliance.partners.all()),
        alliance.get_alliance_type_display(),
        alliance.get_stage_display(),
        _names(alliance.therapeutic_areas.all()),
        _names(alliance.territories.all()),
        alliance.effective_date,
    ]


def _internal(alliance) -> list:
    responsible = (
        gettext("%(person)s (%(role)s)") % {"person": m.user, "role": m.get_role_display().lower()}
        for m in alliance.responsible_members
    )
    return [
        alliance.tier,
        alliance.tier_score,
        gettext("yes") if alliance.tier_override else gettext("no"),
        alliance.service_package,
        alliance.am_team.name if alliance.am_team else "",
        _names(responsible),
        alliance.strategic_importance,
        alliance.risk_level,
        alliance.deal_value_musd,
    ]


def portfolio_xlsx(alliances, user):
    """`alliances` comes from `visible_to(user).with_list_data(user)`, already filtered.

    Partner users get the shared facts only: never our tiers, ratings or deal values.
    """
    internal = not user.is_partner
    headers = [*SHARED_HEADERS, *(INTERNAL_HEADERS if internal else []), PROGRAMS_HEADER]
    rows = (
        [*_shared(a), *(_internal(a) if internal else []), a.visible_program_count]
        for a in alliances
    )
    return xlsx_response(
        "portfolio.xlsx" if internal else "alliances.xlsx",
        gettext("Portfolio") if internal else gettext("Alliances"),
        headers,
        rows,
    )


COMPANY_HEADERS = [
    _("Company"),
    _("Kind"),
    _("Type"),
    _("Headquarters"),
    _("Website"),
    _("Alliances (visible to you)"),
]


def company_rows(companies):
    """`companies` selects headquarters and is annotated with `alliance_count` (alliances the
    user may see), as on the partners list."""
    for c in companies.iterator(chunk_size=2000):
        yield [
            c.name,
            c.get_kind_display(),
            c.get_company_type_display(),
            c.headquarters.name if c.headquarters_id else "",
            c.website,
            c.alliance_count,
        ]
