"""Pieces every register entry shares: who owes or holds it, and scoping to what a user sees."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.visibility import VisibleQuerySet


class Party(models.TextChoices):
    US = "us", _("Us")
    PARTNER = "partner", _("Partner")
    JOINT = "joint", _("Joint")


def sees_register(user) -> bool:
    """The register is our internal record of our contracts: who owns what, disputes and their
    reasons, which rights to use or return. Partner users do not see it (they hold the signed
    agreements themselves)."""
    return user.is_authenticated and user.is_active and user.is_internal


class RegisterQuerySet(VisibleQuerySet):
    """Entries (for our staff), minus those about firewalled programs the user is not on."""

    visibility = dict(internal_only=True, program="program")

    def for_alliance(self, alliance):
        return self.filter(alliance=alliance)


def split_values(text: str) -> list[str]:
    """A scope list typed as lines or semicolons ("KRAS G12D; KRAS G12V"), cleaned and de-duplicated."""
    seen, values = set(), []
    for part in re.split(r"[;\n]+", text or ""):
        value = " ".join(part.split()).strip(" ,.")
        if value and value.lower() not in seen:
            seen.add(value.lower())
            values.append(value)
    return values


def normalise(value: str) -> str:
    """The comparable form of a target, mechanism or field: "KRAS G12D (intracellular)" -> "kras g12d", "IL-23" -> "il23"."""
    value = re.sub(r"\([^)]*\)", " ", value.lower())
    value = re.sub(r"[^0-9a-z\s]+", "", value.replace("/", " "))
    return " ".join(value.split())


def root_of(key: str) -> str:
    """The family of a target: "kras g12d" belongs to "kras"."""
    return key.split(" ", 1)[0] if key else ""
