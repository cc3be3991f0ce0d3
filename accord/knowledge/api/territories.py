"""Territory profiles (country know-how): read as the pages do, kept by leaders and managers."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from accord.core import scoping
from accord.core.api import REASON_PARAMETER, version_field
from accord.core.viewsets import ThroughAccess, split_version, through
from accord.people.models import User
from accord.portfolio.models import Territory

from .. import access, actions
from ..actions.territories import PROFILE_FIELDS
from ..filters import TerritoryProfileFilter
from ..models import TerritoryProfile


class TerritoryProfileSerializer(scoping.ModelSerializer):
    territory = serializers.SlugRelatedField(
        slug_field="code", queryset=Territory.objects.all(), help_text="ISO code, e.g. JP."
    )
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.assignable())
    version = version_field(help_text=None)

    class Meta:
        model = TerritoryProfile
        fields = [
            "id",
            *PROFILE_FIELDS,
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


@extend_schema_view(destroy=extend_schema(parameters=[REASON_PARAMETER]))
@through(access, actions, "profile", prefix="territory_profile", verbs=("update", "delete"))
class TerritoryProfileViewSet(ThroughAccess, viewsets.ModelViewSet):
    serializer_class = TerritoryProfileSerializer
    filterset_class = TerritoryProfileFilter
    http_method_names = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        return (
            TerritoryProfile.objects.visible_to(self.request.user)
            .select_related("territory", "owner")
            .order_by("territory__name", "pk")
        )

    def create(self, request, *args, **kwargs):
        if not access.may_keep_profiles(request.user):
            raise PermissionDenied(
                _("Territory profiles are kept by leaders and alliance managers.")
            )
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data, _version = split_version(serializer)
        serializer.instance = actions.territory_profile_create(actor=self.request.user, data=data)
