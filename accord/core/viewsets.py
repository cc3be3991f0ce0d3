"""Viewset bases shared by the apps' APIs (apart from accord.core.api, which the REST framework's
settings import while it loads its own viewsets)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .api import reason_from


def is_write(request) -> bool:
    """Whether the request changes something (and so needs the write check)."""
    return request.method not in ("GET", "HEAD", "OPTIONS")


def validated(serializer_class, request, **kwargs) -> dict:
    """An action's payload, validated (a 400 naming the fields otherwise)."""
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def split_version(serializer) -> tuple[dict, int | None]:
    """The validated fields for an action, and the version the client read."""
    data = dict(serializer.validated_data)
    return data, data.pop("version", None)


VERBS = ("create", "update", "delete")


class ThroughAccess:
    # Records read through the app's access helper and written through its actions.
    #
    # `getter(user, pk, write=)` is the access helper (out of scope: 404; read-only: 403).
    # `entry` is the keyword the app's actions name the record by (`payment_update(actor=,
    # payment=, data=, expected_version=)`): a viewset declares it once and calls its actions
    # as they are, without adapters. `parent` is the field naming what the record belongs to
    # (an alliance, a goal...): a create checks it through `writable_parent(user, parent)` and
    # hands it to `create_action` under the same keyword; an update may not move the record
    # to another one (`moved_message`). The delete action takes the request's reason unless
    # `delete_reason` is off. With `reread`, the record is read (and answered after an update)
    # as the list shows it, with the list queryset's annotations.
    # (Comments, not a docstring: drf-spectacular would publish a mixin's docstring as the
    # description of every viewset without its own.)

    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    getter = None
    entry = ""
    parent = ""
    moved_message = ""
    create_action = None
    update_action = None
    delete_action = None
    delete_reason = True
    reread = False

    def wants_write(self) -> bool:
        return is_write(self.request)

    def get_object(self):
        obj = type(self).getter(self.request.user, self.kwargs["pk"], write=self.wants_write())
        return self.fresh(obj) if self.reread else obj

    def entry_kwargs(self, obj) -> dict:
        return {"actor": self.request.user, self.entry: obj}

    def writable_parent(self, user, parent):
        """What the new record belongs to (named in the payload), checked for writing."""
        raise NotImplementedError

    def action_data(self, serializer) -> tuple[dict, int | None]:
        """The validated fields for the action (without the parent), and the version read."""
        data, expected = split_version(serializer)
        if self.parent:
            data.pop(self.parent, None)
        return data, expected

    def perform_create(self, serializer):
        parent = self.writable_parent(self.request.user, serializer.validated_data[self.parent])
        data, _ = self.action_data(serializer)
        serializer.instance = type(self).create_action(
            actor=self.request.user, **{self.parent: parent}, data=data
        )

    def check_not_moved(self, serializer) -> None:
        moved = serializer.validated_data.get(self.parent) if self.parent else None
        if moved is not None and moved.pk != getattr(serializer.instance, f"{self.parent}_id"):
            raise serializers.ValidationError({self.parent: self.moved_message})

    def update_entry(self, obj, data, expected):
        return type(self).update_action(
            **self.entry_kwargs(obj), data=data, expected_version=expected
        )

    def perform_update(self, serializer):
        self.check_not_moved(serializer)
        data, expected = self.action_data(serializer)
        updated = self.update_entry(serializer.instance, data, expected)
        serializer.instance = self.fresh(updated) if self.reread else updated

    def perform_destroy(self, instance):
        reason = {"reason": reason_from(self.request)} if self.delete_reason else {}
        type(self).delete_action(**self.entry_kwargs(instance), **reason)

    def change(self, request, payload_class, change):
        """A change of state: the record through its access helper for writing, the payload
        validated, the action run, and the record answered as the list shows it."""
        obj = type(self).getter(request.user, self.kwargs["pk"], write=True)
        data = validated(payload_class, request)
        return self.respond(change(**self.entry_kwargs(obj), **data))

    def fresh(self, obj):
        """The record as the list shows it (with the list queryset's annotations)."""
        return self.get_queryset().get(pk=obj.pk)

    def respond(self, obj, serializer_class=None, **response):
        """The record, read again as the list shows it, as the answer to an action."""
        serializer_class = serializer_class or self.get_serializer_class()
        data = serializer_class(self.fresh(obj), context={"request": self.request}).data
        return Response(data, **response)


def through(access, actions, entry: str, *, prefix: str = "", getter: str = "", verbs=VERBS):
    """A class decorator naming a ThroughAccess viewset's helpers by the house's rule (as
    `accord.core.generic.Entity` does for the pages): the access helper
    `access.get_<prefix>_for_user`, and the actions `actions.<prefix>_<verb>` for each of
    `verbs` (create, update, delete) the app has; the record's keyword in them is `entry`, and
    `prefix` is `entry` unless given. `getter` names an access helper off the rule. What the
    class sets itself stays."""
    prefix = prefix or entry
    found = {
        "entry": entry,
        "getter": staticmethod(getattr(access, getter or f"get_{prefix}_for_user")),
    }
    for verb in verbs:
        if hasattr(actions, f"{prefix}_{verb}"):
            found[f"{verb}_action"] = staticmethod(getattr(actions, f"{prefix}_{verb}"))

    def decorate(cls):
        for attr, value in found.items():
            if attr not in vars(cls):
                setattr(cls, attr, value)
        return cls

    return decorate


def change_action(
    name: str, payload_class, change, *, responses, doc: str = "", url_path: str = "", **schema
):
    """A viewset's `POST …/<pk>/<name>/` (or `url_path`) that changes the record's state with
    `change(actor=, <entry>=, **payload)` (see `ThroughAccess.change`); `payload_class` and
    `responses` (and any other `schema` of drf-spectacular's) describe it in the OpenAPI
    document, `doc` is its description there."""

    def view(self, request, pk=None):
        return self.change(request, payload_class, change)

    view.__name__ = view.__qualname__ = name
    view.__doc__ = doc or None
    routed = action(detail=True, methods=["post"], filterset_class=None, url_path=url_path or None)
    return extend_schema(request=payload_class, responses=responses, **schema)(routed(view))


class AllianceEntryViewSet(ThroughAccess, viewsets.ModelViewSet):
    """The same surface for every record that belongs to one alliance: read and change through
    the app's access helper (`getter(user, pk, write=)`), create through the alliance's write
    check, and every write through the app's actions. Subclasses set the model, serializer,
    filterset, `getter`, the three actions and `writable_alliance(user, pk)`.

    `update_action(user, obj, data, expected_version)` and `delete_action(user, obj, reason)`
    take positional arguments, so each app adapts its own action's keyword names once.
    """

    # The docstring above is published word for word in docs/api/openapi.json (the description
    # of the viewsets without their own), so it stays until that document is regenerated. The
    # actions are now called with their own keywords: a subclass names the record's keyword
    # once in `entry` (see ThroughAccess) instead of adapting each action with a lambda.

    http_method_names = ["get", "post", "patch", "delete"]
    model = None
    parent = "alliance"
    moved_message = gettext_lazy("A record cannot move to another alliance.")

    def writable_alliance(self, user, pk):
        raise NotImplementedError

    def writable_parent(self, user, parent):
        return self.writable_alliance(user, parent.pk)


# Viewset bases by the routes they offer. No docstrings: the OpenAPI document describes a viewset
# without its own by the first docstring along its bases, which these leave as it was.
class ListRetrieveViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    pass


class ListRetrieveCreateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    pass


class ListRetrieveCreateUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    pass


class ListRetrieveCreateDestroyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    pass


class SummarySchema(AutoSchema):
    """The schema of a `list` route that answers one summary object, not an array of them."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
