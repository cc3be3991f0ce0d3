"""The alliance dossier: one handover document assembled from every part of Accord that exists.

Each Accord app may contribute sections by defining, in `<app>/dossier.py`,

    def dossier_sections(alliance, user) -> list[accord.core.documents.Section]

returning the sections it knows about, built only from what `user` may see (its own
`visible_to(user)` querysets: a firewalled program or anything else out of the reader's scope
never reaches the document). Apps are discovered like `seed.py` and `bench.py`; sections are
ordered by `order`. Slots used so far, and those left for the apps still to come:

    10 at a glance (portfolio)          50 open issues and risks (governance)
    15 tier and why (portfolio)         55 health trend (health)
    20 team and contacts (portfolio)    60 scorecard / value (value)
    25 programs (portfolio)             70 lessons (knowledge)
    30 agreements and key terms         75 service package progress (knowledge)
    35 obligations and milestones       80 roles / RACI (knowledge)
    40 governance bodies and members    90 templates in use (knowledge)
    45 recent decisions                 95 recent changes (portfolio)

The same sections render as the HTML preview, the PDF and the DOCX (accord.core.documents).
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.core import documents
from accord.core.documents import Section


def providers():
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.dossier")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.dossier":
                raise
            continue
        provider = getattr(module, "dossier_sections", None)
        if provider is not None:
            yield config.label, provider


def sections(alliance, user) -> list[Section]:
    found = []
    for label, provider in providers():
        for section in provider(alliance, user):
            section.source = section.source or label
            found.append(section)
    return sorted(found, key=lambda s: (s.order, s.title))


def build(alliance, user, *, now=None) -> documents.Document:
    now = timezone.localtime(now or timezone.now())
    from accord.portfolio.models import Company

    own = Company.objects.filter(kind=Company.Kind.OWN).values_list("name", flat=True).first()
    document = documents.Document(
        title=_("Alliance dossier: %(alliance)s") % {"alliance": alliance.name},
        subtitle=_(
            "Handover dossier prepared for %(user)s on %(date)s at %(time)s. "
            "It holds what this reader may see in Accord."
        )
        % {
            "user": user,
            "date": date_format(now, pgettext("date format", "d F Y")),
            "time": date_format(now, "H:i"),
        },
        footer=_("%(company)s · confidential · %(alliance)s · %(date)s")
        % {"company": own or _("Internal"), "alliance": alliance.name, "date": f"{now:%Y-%m-%d}"},
    )
    for section in sections(alliance, user):
        document.heading(section.title, 1)
        document.blocks.extend(section.blocks)
    return document


def filename(alliance, now=None) -> str:
    import re

    now = timezone.localtime(now or timezone.now())
    slug = re.sub(r"[^A-Za-z0-9]+", "-", alliance.name).strip("-").lower() or "alliance"
    return f"dossier-{slug}-{now:%Y-%m-%d}"
