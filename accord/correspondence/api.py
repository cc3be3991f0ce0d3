"""Filed (and, for their reviewers, held) email over the API: list, read, link to a record,
turn into an action item. Scoped like the pages: our staff only, firewalls applied."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accord.core import scoping
from accord.core.viewsets import ListRetrieveViewSet
from accord.people.models import User

from . import actions
from .access import MESSAGE_RELATED, get_message_for_user, messages_for
from .forms import _records
from .models import EmailMessage, EmailStatus


class EmailAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    kept = serializers.SerializerMethodField()
    refused = serializers.CharField()

    def get_kept(self, obj) -> bool:
        return obj.file_id is not None


class EmailSerializer(scoping.ModelSerializer):
    attachments = EmailAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = EmailMessage
        fields = [
            "id",
            "alliance",
            "program",
            "meeting",
            "issue",
            "decision",
            "obligation",
            "thread",
            "status",
            "hold_reason",
            "via",
            "message_id",
            "in_reply_to",
            "from_address",
            "from_name",
            "sender",
            "to",
            "cc",
            "sent_at",
            "received_at",
            "subject",
            "text_body",
            "html_body",
            "attachments",
        ]
        read_only_fields = fields


class EmailFilter(django_filters.FilterSet):
    alliance = django_filters.NumberFilter(field_name="alliance_id")
    status = django_filters.ChoiceFilter(choices=EmailStatus.choices)

    class Meta:
        model = EmailMessage
        fields = ["alliance", "status"]


class EmailLinkSerializer(scoping.Serializer):
    field = serializers.ChoiceField(choices=list(actions.LINKABLE))
    record = serializers.IntegerField(
        allow_null=True, min_value=1, max_value=2**63 - 1, help_text="Empty to unlink."
    )


class EmailActionItemSerializer(scoping.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    due_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True)


class EmailActionItemResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class EmailViewSet(ListRetrieveViewSet):
    """Email filed into alliances (and held email for the people who review it)."""

    serializer_class = EmailSerializer
    filterset_class = EmailFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (
            messages_for(self.request.user)
            .select_related(*MESSAGE_RELATED)
            .prefetch_related("attachments")
            .order_by("-received_at", "-pk")
        )

    def get_object(self):
        return get_message_for_user(self.request.user, self.kwargs["pk"])

    def _manageable(self):
        message = self.get_object()
        if not actions.can_manage_message(self.request.user, message):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("Only the people who run this alliance can do this.")
        return message

    @extend_schema(request=EmailLinkSerializer, responses=EmailSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        message = self._manageable()
        payload = EmailLinkSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        field, pk = payload.validated_data["field"], payload.validated_data["record"]
        record = None
        if pk is not None:
            record = next((r for r in _records(field, message, request.user) if r.pk == pk), None)
            if record is None:
                raise ValidationError({"record": [f"No {field} of this alliance has id {pk}."]})
        try:
            message = actions.email_link(
                actor=request.user, message=message, field=field, record=record
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response(EmailSerializer(message, context={"request": request}).data)

    @extend_schema(
        request=EmailActionItemSerializer, responses={201: EmailActionItemResultSerializer}
    )
    @action(detail=True, methods=["post"], url_path="action-item")
    def action_item(self, request, pk=None):
        message = self._manageable()
        payload = EmailActionItemSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        try:
            item = actions.email_create_action(
                actor=request.user, message=message, data=dict(payload.validated_data)
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response(
            {"id": item.pk, "title": item.title, "url": item.get_absolute_url()}, status=201
        )
