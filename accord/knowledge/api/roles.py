"""RACI entries and role holders per alliance."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers, viewsets

from accord.core import scoping
from accord.core.api import version_field
from accord.core.viewsets import ListRetrieveCreateDestroyViewSet, ThroughAccess, through
from accord.people.models import User

from .. import access, actions
from ..filters import (
    RaciFilter,
    RoleHolderFilter,
)
from ..models import (
    RACI_FIELDS,
    RaciEntry,
    RoleHolder,
)
from ._common import (
    ScopedAlliance,
    _workable_alliance,
)

# --- Roles ----------------------------------------------------------------------------------


class RaciEntrySerializer(scoping.ModelSerializer):
    alliance = ScopedAlliance()
    version = version_field()

    class Meta:
        model = RaciEntry
        fields = [
            "id",
            "alliance",
            "order",
            "activity",
            *RACI_FIELDS,
            "in_am_scope",
            "note",
            "version",
        ]


@through(access, actions, "entry", prefix="raci_entry")
class RaciEntryViewSet(ThroughAccess, viewsets.ModelViewSet):
    """An alliance's RACI: who is responsible, accountable, consulted, informed (internal)."""

    serializer_class = RaciEntrySerializer
    filterset_class = RaciFilter
    http_method_names = ["get", "post", "patch", "delete"]
    parent = "alliance"
    delete_reason = False
    moved_message = gettext_lazy("An activity stays with its alliance.")

    def get_queryset(self):
        return RaciEntry.objects.visible_to(self.request.user).order_by(
            "alliance_id", "order", "pk"
        )

    def writable_parent(self, user, alliance):
        return _workable_alliance(user, alliance, "The RACI")


class RoleHolderSerializer(scoping.ModelSerializer):
    alliance = ScopedAlliance()
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = RoleHolder
        fields = ["id", "alliance", "group", "user", "name", "title"]
        validators: list = []  # the action names the field when the person already has the role


@through(access, actions, "holder", prefix="role_holder")
class RoleHolderViewSet(ThroughAccess, ListRetrieveCreateDestroyViewSet):
    """The person filling each party's role on an alliance (owners of its playbook tasks)."""

    serializer_class = RoleHolderSerializer
    filterset_class = RoleHolderFilter
    delete_action = staticmethod(actions.role_holder_remove)
    delete_reason = False

    def get_queryset(self):
        return (
            RoleHolder.objects.visible_to(self.request.user).select_related("user").order_by("pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        alliance = _workable_alliance(self.request.user, data.pop("alliance"), "Roles")
        serializer.instance = actions.role_holder_add(
            actor=self.request.user, alliance=alliance, **data
        )
