"""Conflict panels shown on alliance and program pages (registered in apps.py)."""

from accord.portfolio.models import Program

from . import services


def alliance_conflicts(alliance, user):
    """Conflicts of this alliance's programs (those the viewer may see) with other agreements."""
    programs = (
        Program.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("alliance", "therapeutic_area")
    )
    found = [(program, services.program_conflicts(program)) for program in programs]
    found = [(program, overlaps) for program, overlaps in found if overlaps]
    return {"alliance": alliance, "program_conflicts": found}


def program_conflicts(program, user):
    """Shown on the program page, so a conflict appears right after the program is saved."""
    return {"overlaps": services.program_conflicts(program)}
