"""Conflict panels shown on alliance and program pages (registered in apps.py)."""

from django.utils import timezone

from accord.portfolio import access

from . import conflicts, services


def alliance_conflicts(alliance, user):
    """Conflicts of this alliance's programs (those the viewer may see) with other agreements."""
    programs = access.alliance_programs(user, alliance)
    # Every program checked at once: the same queries for one program or fifty.
    # The alliance's territories read once, for the scopes, their overlaps and the reasons.
    territories = {alliance.pk: list(alliance.territories.all())}
    overlaps_of = conflicts.programs_overlaps(
        programs, on=timezone.localdate(), territories=territories
    )
    found = [(program, overlaps_of[program.pk]) for program in programs]
    found = [(program, overlaps) for program, overlaps in found if overlaps]
    return {"alliance": alliance, "program_conflicts": found}


def program_conflicts(program, user):
    """Shown on the program page, so a conflict appears right after the program is saved."""
    return {"overlaps": services.program_conflicts(program)}


def alliance_variances(alliance, user):
    """The alliance's open variances (proposed or approved), for both sides; None when none."""
    from .models import Variance

    today = timezone.localdate()
    found = list(
        Variance.objects.visible_to(user).filter(alliance=alliance).open().order_by("ends_on", "pk")
    )
    if not found:
        return None
    expiring = set(
        Variance.objects.expiring(today)
        .filter(pk__in=[v.pk for v in found])
        .values_list("pk", flat=True)
    )
    return {
        "alliance": alliance,
        "variances": [(v, v.is_active(today), v.pk in expiring) for v in found],
    }
