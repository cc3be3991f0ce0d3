"""Pieces shared by the knowledge API's sub-domains."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import serializers

from accord.portfolio.models import Alliance, Program

from .. import access


def _internal_only(user, what):
    if not user.is_internal:
        raise PermissionDenied(_("%(what)s is internal to our company.") % {"what": what})


def _workable_alliance(user, alliance, what):
    """The alliance a new internal record is added to: ours to change (403 otherwise)."""
    _internal_only(user, what)
    if not access.can_work_on(user, alliance):
        raise PermissionDenied(_("You can view this alliance but not change it."))
    return alliance


def _scoped_alliances(request):
    return Alliance.objects.visible_to(request.user) if request else Alliance.objects.none()


def _scoped_programs(request):
    return Program.objects.visible_to(request.user) if request else Program.objects.none()


class ScopedAlliance(serializers.PrimaryKeyRelatedField):
    """An alliance id the caller may see (anything else reads as not existing)."""

    def get_queryset(self):
        return _scoped_alliances(self.context.get("request"))


class ScopedProgram(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return _scoped_programs(self.context.get("request"))
