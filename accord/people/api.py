from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core.locales import validate_time_zone

from . import access, actions
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


class AccountSerializer(PersonSerializer):
    # One's own account (people/me): the person, and their settings, which PATCH changes:
    # language (a code of LANGUAGES; "" for the browser's), time_zone (an IANA name; "" for the
    # deployment's), notify_by_email, email_digest.
    language = serializers.ChoiceField(
        choices=[("", "The browser's"), *settings.LANGUAGES], required=False, allow_blank=True
    )
    time_zone = serializers.CharField(
        max_length=64, required=False, allow_blank=True, validators=[validate_time_zone]
    )
    notify_by_email = serializers.BooleanField(required=False)
    email_digest = serializers.BooleanField(required=False)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, *actions.PREFERENCE_FIELDS]
        read_only_fields = PersonSerializer.Meta.fields


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

    @extend_schema(
        request=AccountSerializer,
        responses=AccountSerializer,
        description="One's own account. PATCH changes one's settings: language (one of the "
        'shipped languages, "" for the browser\'s), time_zone (an IANA name, "" for the '
        "deployment's), notify_by_email, email_digest; the rest is read-only.",
    )
    @action(detail=False, methods=["get", "patch"])
    def me(self, request):
        if request.method == "PATCH":
            serializer = AccountSerializer(request.user, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            changes = {
                name: value
                for name, value in serializer.validated_data.items()
                if name in actions.PREFERENCE_FIELDS
            }
            user = actions.user_update_preferences(actor=request.user, user=request.user, **changes)
            return Response(AccountSerializer(user).data)
        return Response(AccountSerializer(request.user).data)
