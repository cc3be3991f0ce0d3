"""The portfolio API: companies."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from accord.core import scoping
from accord.core.api import REASON_PARAMETER, version_field
from accord.core.viewsets import ThroughAccess, split_version, through

from .. import access, actions
from ..actions.companies import COMPANY_FIELDS
from ..filters import CompanyFilter
from ..models import (
    Company,
    Territory,
)


class CompanySerializer(scoping.ModelSerializer):
    headquarters = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.filter(kind=Territory.Kind.COUNTRY),
        required=False,
        allow_null=True,
        help_text="ISO 3166-1 alpha-2 country code.",
    )
    version = version_field()

    class Meta:
        model = Company
        fields = [
            "id",
            *COMPANY_FIELDS,
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["kind", "created_at", "updated_at"]


@extend_schema_view(
    destroy=extend_schema(parameters=[REASON_PARAMETER]),
)
@through(access, actions, "company", verbs=("update", "delete"))
class CompanyViewSet(ThroughAccess, viewsets.ModelViewSet):
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    http_method_names = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        return (
            Company.objects.visible_to(self.request.user)
            .select_related("headquarters")
            .order_by("name")
        )

    def perform_create(self, serializer):
        if not access.can_edit_company(self.request.user):
            raise PermissionDenied(_("You cannot add companies."))
        data, _version = split_version(serializer)
        serializer.instance = actions.company_create(
            actor=self.request.user,
            data={**data, "kind": Company.Kind.PARTNER},
        )

    def perform_destroy(self, instance):
        if not self.request.user.can_manage_portfolio:
            raise PermissionDenied(_("Only alliance leaders and admins delete companies."))
        super().perform_destroy(instance)
