"""API plumbing shared by the governance endpoints."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import serializers

from accord.core import scoping

# Re-exported for the governance API:
from accord.core.api import ReasonSerializer, version_field  # noqa: F401
from accord.core.viewsets import (  # noqa: F401
    ListRetrieveCreateUpdateViewSet,
    ThroughAccess,
    is_write,
    split_version,
)
from accord.core.viewsets import validated as payload  # noqa: F401
from accord.people.models import User
from accord.portfolio.models import Company, Program

from .. import access
from ..models import Committee, Decision, Meeting


class ScopedPrimaryKey(serializers.PrimaryKeyRelatedField):
    """A related id that must be in the requesting user's scope (out of scope reads as missing)."""

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return self.scope(request.user)


def alliance_field(**kwargs):
    from accord.portfolio.models import Alliance

    return ScopedPrimaryKey(
        scope=access.governance_alliances, queryset=Alliance.objects.all(), **kwargs
    )


def body_field(**kwargs):
    return ScopedPrimaryKey(
        scope=lambda user: Committee.objects.visible_to(user),
        queryset=Committee.objects.all(),
        **kwargs,
    )


def program_field(**kwargs):
    return ScopedPrimaryKey(
        scope=lambda user: Program.objects.visible_to(user),
        queryset=Program.objects.all(),
        **kwargs,
    )


def meeting_field(**kwargs):
    return ScopedPrimaryKey(
        scope=lambda user: Meeting.objects.visible_to(user),
        queryset=Meeting.objects.all(),
        **kwargs,
    )


def decision_field(**kwargs):
    return ScopedPrimaryKey(
        scope=lambda user: Decision.objects.visible_to(user),
        queryset=Decision.objects.all(),
        **kwargs,
    )


def person_field(**kwargs):
    return ScopedPrimaryKey(
        scope=lambda user: User.objects.visible_to(user), queryset=User.objects.all(), **kwargs
    )


def company_field(**kwargs):
    return ScopedPrimaryKey(
        scope=lambda user: Company.objects.visible_to(user),
        queryset=Company.objects.all(),
        **kwargs,
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


class PersonSummary(scoping.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    company = serializers.CharField(source="company.name", read_only=True)


class RecordViewSet(ThroughAccess, ListRetrieveCreateUpdateViewSet):
    http_method_names = ["get", "post", "patch"]
    parent = "alliance"
    reread = True
    contribute_to_create = True
    noun = "record"

    @property
    def moved_message(self):
        return [f"A {self.noun} cannot move to another alliance."]

    def _record(self, pk, *, write=False):
        return type(self).getter(self.request.user, pk, write=write)

    def perform_create(self, serializer):
        data, _ = split_version(serializer)
        alliance = data.pop("alliance")
        user = self.request.user
        if self.contribute_to_create:
            require(
                access.can_contribute(user, alliance),
                f"Only members of this alliance's bodies add {self.noun}s.",
            )
        else:
            require(
                access.can_manage(user, alliance),
                f"Only the people who run this alliance add {self.noun}s.",
            )
        if not user.is_internal and data.get("is_internal"):
            raise serializers.ValidationError(
                {"is_internal": ["Only our own staff mark records internal."]}
            )
        record = self.create_record(user, alliance, data)
        serializer.instance = self.fresh(record)

    def create_record(self, user, alliance, data):
        return type(self).create_action(actor=user, alliance=alliance, data=data)
