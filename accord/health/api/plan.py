"""The action plan API: actions from health results, with owners from either company."""

from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets

from accord.core import scoping
from accord.core.api import optional_id, version_field
from accord.core.viewsets import ThroughAccess, split_version
from accord.people.models import User
from accord.portfolio.models import Alliance

from .. import access, actions
from ..filters import HealthActionFilter
from ..models import HealthAction, Wave
from .common import managed_alliance


class HealthActionSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(queryset=Alliance.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    wave = optional_id(Wave.objects.all())
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    version = version_field(help_text=None)

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


class HealthActionViewSet(ThroughAccess, viewsets.ModelViewSet):
    """The action plan from health results: owners from either company, due dates, reminders."""

    serializer_class = HealthActionSerializer
    filterset_class = HealthActionFilter
    http_method_names = ["get", "post", "patch"]
    getter = staticmethod(access.get_action_for_user)
    parent = "alliance"
    create_action = staticmethod(actions.action_create)

    def get_queryset(self):
        return (
            HealthAction.objects.visible_to(self.request.user)
            .select_related("owner")
            .order_by("due_on", "pk")
        )

    def writable_parent(self, user, alliance):
        return managed_alliance(
            user, alliance.pk, "Only the people who run this alliance plan its actions."
        )

    def action_data(self, serializer):
        data, expected = super().action_data(serializer)
        if data.get("wave") is not None:
            data["wave"] = access.get_wave_for_user(self.request.user, data["wave"].pk)
        return data, expected

    def perform_update(self, serializer):
        data, expected = split_version(serializer)
        for fixed in ("alliance", "wave", "theme_key"):
            if fixed in data and data.pop(fixed) != getattr(serializer.instance, fixed):
                raise serializers.ValidationError({fixed: _("This cannot change.")})
        manager = access.can_manage_health(self.request.user, serializer.instance.alliance)
        serializer.instance = actions.action_update(
            actor=self.request.user,
            action=serializer.instance,
            data=data,
            expected_version=expected,
            owner_only=not manager,
        )
