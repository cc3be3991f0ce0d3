"""Viewset bases shared by the apps' APIs (apart from accord.core.api, which the REST framework's
settings import while it loads its own viewsets)."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers, viewsets

from .api import reason_from


class AllianceEntryViewSet(viewsets.ModelViewSet):
    """The same surface for every record that belongs to one alliance: read and change through
    the app's access helper (`getter(user, pk, write=)`), create through the alliance's write
    check, and every write through the app's actions. Subclasses set the model, serializer,
    filterset, `getter`, the three actions and `writable_alliance(user, pk)`.

    `update_action(user, obj, data, expected_version)` and `delete_action(user, obj, reason)`
    take positional arguments, so each app adapts its own action's keyword names once.
    """

    http_method_names = ["get", "post", "patch", "delete"]
    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    model = None
    getter = None
    create_action = None
    update_action = None
    delete_action = None
    moved_message = "A record cannot move to another alliance."

    def writable_alliance(self, user, pk):
        raise NotImplementedError

    def get_object(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return type(self).getter(self.request.user, self.kwargs["pk"], write=write)

    def action_data(self, serializer) -> tuple[dict, int | None]:
        """The validated fields for the action, and the version the client read."""
        data = dict(serializer.validated_data)
        data.pop("alliance", None)
        return data, data.pop("version", None)

    def perform_create(self, serializer):
        alliance = self.writable_alliance(
            self.request.user, serializer.validated_data["alliance"].pk
        )
        data, _ = self.action_data(serializer)
        serializer.instance = type(self).create_action(
            actor=self.request.user, alliance=alliance, data=data
        )

    def perform_update(self, serializer):
        moved = serializer.validated_data.get("alliance")
        if moved is not None and moved.pk != serializer.instance.alliance_id:
            raise serializers.ValidationError({"alliance": self.moved_message})
        data, expected = self.action_data(serializer)
        serializer.instance = type(self).update_action(
            self.request.user, serializer.instance, data, expected
        )

    def perform_destroy(self, instance):
        type(self).delete_action(self.request.user, instance, reason_from(self.request))


class SummarySchema(AutoSchema):
    """The schema of a `list` route that answers one summary object, not an array of them."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
