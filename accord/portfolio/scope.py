"""Who sees which alliance, program and person: the portfolio's rules, as the layers below ask.

Core (audit events, stored files, the audit trail) and people (API tokens, the people pages,
which people a partner user sees) hold alliance and program ids but cannot import the portfolio.
apps.py registers these functions with accord.core.registry.register_scope and
accord.people.hooks.register_memberships; each is the query those layers used to build here.
"""

from __future__ import annotations

from django.db.models import Count, Q

from .models import RESPONSIBLE_ROLES, Alliance, AllianceMember, Program


def alliances(user):
    return Alliance.objects.visible_to(user)


def programs(user):
    return Program.objects.visible_to(user)


def uncleared_programs(user):
    return Program.objects.firewalled().exclude(firewall_members=user)


def colleague_ids(user):
    my_alliances = AllianceMember.objects.filter(user=user).values("alliance_id")
    return AllianceMember.objects.filter(alliance_id__in=my_alliances).values("user_id")


def responsible_for(viewer):
    visible = Alliance.objects.visible_to(viewer).values("pk")
    return Count(
        "alliance_memberships",
        filter=Q(
            alliance_memberships__role__in=RESPONSIBLE_ROLES,
            alliance_memberships__alliance__in=visible,
        ),
        distinct=True,
    )


def memberships_seen_by(person, viewer):
    return (
        person.alliance_memberships.filter(alliance__in=Alliance.objects.visible_to(viewer))
        .select_related("alliance")
        .order_by("alliance__name", "role")
    )
