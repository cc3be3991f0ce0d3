from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import access
from .models import User


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True)
    is_internal = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "first_name",
            "last_name",
            "role",
            "company",
            "company_name",
            "title",
            "function",
            "is_internal",
            "is_active",
        ]
        read_only_fields = fields


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People: our staff, and partner users (a partner user sees only their alliances' people)."""

    lookup_value_regex = r"\d+"  # a malformed id is a 404, never a server error

    serializer_class = PersonSerializer
    filter_backends: list = []
    token_scope_exempt_actions = {"me"}  # one's own account, whatever alliances a token is for

    def get_queryset(self):
        return (
            User.objects.visible_to(self.request.user)
            .select_related("company")
            .order_by("last_name", "first_name", "pk")
        )

    def get_object(self):
        return access.get_person_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(responses=PersonSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(PersonSerializer(request.user).data)
