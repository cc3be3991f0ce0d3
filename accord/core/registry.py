"""Where apps plug into shared pages without editing shared templates.

Each app registers, in its AppConfig.ready(), the sidebar links it owns, the tabs it adds to an
alliance, and the panels it shows on the alliance overview. Base templates render what is
registered, filtered for the person looking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    match: str  # the page is "current" when the path starts with this
    internal_only: bool = False
    partner_label: str | None = None


@dataclass(frozen=True)
class AllianceTab:
    label: str
    url_name: str  # reversed with the alliance's pk
    order: int
    match: str  # the tab is current when this occurs in the path
    internal_only: bool = False


@dataclass(frozen=True)
class AlliancePanel:
    template: str
    order: int
    # (alliance, user) -> context for the template, or None to show nothing.
    context: Callable[[object, object], dict | None]
    internal_only: bool = False


@dataclass(frozen=True)
class ProgramPanel:
    template: str
    order: int
    # (program, user) -> context for the template, or None to show nothing.
    context: Callable[[object, object], dict | None]
    internal_only: bool = False


NAV: list[NavItem] = []
ALLIANCE_TABS: list[AllianceTab] = []
ALLIANCE_PANELS: list[AlliancePanel] = []
PROGRAM_PANELS: list[ProgramPanel] = []


def _add(registry: list, item) -> None:
    if item not in registry:
        registry.append(item)
        registry.sort(key=lambda entry: entry.order)


def register_nav(**kwargs) -> None:
    _add(NAV, NavItem(**kwargs))


def register_alliance_tab(**kwargs) -> None:
    _add(ALLIANCE_TABS, AllianceTab(**kwargs))


def register_alliance_panel(**kwargs) -> None:
    _add(ALLIANCE_PANELS, AlliancePanel(**kwargs))


def register_program_panel(**kwargs) -> None:
    _add(PROGRAM_PANELS, ProgramPanel(**kwargs))


def for_user(items, user):
    return [item for item in items if user.is_internal or not item.internal_only]
