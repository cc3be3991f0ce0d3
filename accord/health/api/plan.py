"""The action plan API: actions from health results, with owners from either company."""

from django.core.exceptions import PermissionDenied
from rest_framework import serializers, viewsets

from accord.core import scoping
from accord.people.models import User
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.models import Alliance

from .. import access, actions
from ..filters import HealthActionFilter
from ..models import HealthAction, Wave


class HealthActionSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    wave = serializers.PrimaryKeyRelatedField(
        queryset=Wave.objects.all(), required=False, allow_null=True
    )
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = HealthAction
        fields = [
            "id",
            "alliance",
            "wave",
            "theme_key",
            "theme_name",
            "title",
            "description",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "completed_at",
            "version",
        ]
        read_only_fields = ["completed_at"]


class HealthActionViewSet(viewsets.ModelViewSet):
    """The action plan from health results: owners from either company, due dates, reminders."""

    serializer_class = HealthActionSerializer
    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error
    filterset_class = HealthActionFilter
    http_method_names = ["get", "post", "patch"]

    def get_queryset(self):
        return (
            HealthAction.objects.visible_to(self.request.user)
            .select_related("owner")
            .order_by("due_on", "pk")
        )

    def get_object(self):
        return access.get_action_for_user(
            self.request.user,
            self.kwargs["pk"],
            write=self.request.method not in ("GET", "HEAD", "OPTIONS"),
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        alliance = get_alliance_for_user(self.request.user, data.pop("alliance").pk)
        if not access.can_manage_health(self.request.user, alliance):
            raise PermissionDenied("Only the people who run this alliance plan its actions.")
        if data.get("wave") is not None:
            data["wave"] = access.get_wave_for_user(self.request.user, data["wave"].pk)
        serializer.instance = actions.action_create(
            actor=self.request.user, alliance=alliance, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        for fixed in ("alliance", "wave", "theme_key"):
            if fixed in data and data.pop(fixed) != getattr(serializer.instance, fixed):
                raise serializers.ValidationError({fixed: "This cannot change."})
        manager = access.can_manage_health(self.request.user, serializer.instance.alliance)
        serializer.instance = actions.action_update(
            actor=self.request.user,
            action=serializer.instance,
            data=data,
            expected_version=expected,
            owner_only=not manager,
        )
