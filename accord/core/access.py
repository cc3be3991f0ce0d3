"""Access rules shared by every app (each app's own access.py builds on these)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_internal(user, what: str) -> None:
    """Partner users never see our internal views (tiers, workload, history, risks...)."""
    if not user.is_internal:
        raise PermissionDenied(_("%(what)s is internal to our company.") % {"what": what})
