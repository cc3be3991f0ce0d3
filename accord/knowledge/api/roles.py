"""RACI entries and role holders per alliance."""

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, serializers, viewsets

from accord.core import scoping
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
    VERSION_FIELD,
    ScopedAlliance,
    _internal_only,
)

# --- Roles ----------------------------------------------------------------------------------


class RaciEntrySerializer(scoping.ModelSerializer):
    alliance = ScopedAlliance()
    version = serializers.IntegerField(**VERSION_FIELD)

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


class RaciEntryViewSet(viewsets.ModelViewSet):
    """An alliance's RACI: who is responsible, accountable, consulted, informed (internal)."""

    lookup_value_regex = r"\d+"

    serializer_class = RaciEntrySerializer
    filterset_class = RaciFilter
    http_method_names = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        return RaciEntry.objects.visible_to(self.request.user).order_by(
            "alliance_id", "order", "pk"
        )

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_raci_entry_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer):
        _internal_only(self.request.user, "The RACI")
        data = dict(serializer.validated_data)
        data.pop("version", None)
        alliance = data.pop("alliance")
        if not access.can_work_on(self.request.user, alliance):
            raise PermissionDenied("You can view this alliance but not change it.")
        serializer.instance = actions.raci_entry_create(
            actor=self.request.user, alliance=alliance, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        if "alliance" in data and data.pop("alliance").pk != serializer.instance.alliance_id:
            raise serializers.ValidationError({"alliance": "An activity stays with its alliance."})
        serializer.instance = actions.raci_entry_update(
            actor=self.request.user, entry=serializer.instance, data=data, expected_version=expected
        )

    def perform_destroy(self, instance):
        actions.raci_entry_delete(actor=self.request.user, entry=instance)


class RoleHolderSerializer(scoping.ModelSerializer):
    alliance = ScopedAlliance()
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = RoleHolder
        fields = ["id", "alliance", "group", "user", "name", "title"]
        validators: list = []  # the action names the field when the person already has the role


class RoleHolderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The person filling each party's role on an alliance (owners of its playbook tasks)."""

    lookup_value_regex = r"\d+"

    serializer_class = RoleHolderSerializer
    filterset_class = RoleHolderFilter

    def get_queryset(self):
        return (
            RoleHolder.objects.visible_to(self.request.user).select_related("user").order_by("pk")
        )

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return access.get_role_holder_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer):
        _internal_only(self.request.user, "Roles")
        data = dict(serializer.validated_data)
        alliance = data.pop("alliance")
        if not access.can_work_on(self.request.user, alliance):
            raise PermissionDenied("You can view this alliance but not change it.")
        serializer.instance = actions.role_holder_add(
            actor=self.request.user, alliance=alliance, **data
        )

    def perform_destroy(self, instance):
        actions.role_holder_remove(actor=self.request.user, holder=instance)
