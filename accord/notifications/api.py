from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.portfolio.models import Alliance

from . import actions
from .models import ChatChannel, ChatDelivery, ChatEvent, Notification


class NotificationSerializer(scoping.ModelSerializer):
    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "alliance_id",
            "created_at",
            "read_at",
            "resolved_at",
        ]
        read_only_fields = fields


class MarkReadSerializer(scoping.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        help_text="Leave out to mark every notification read.",
    )


class MarkReadResultSerializer(scoping.Serializer):
    marked = serializers.IntegerField()


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your own notifications, newest first."""

    serializer_class = NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user)

    @extend_schema(request=MarkReadSerializer, responses=MarkReadResultSerializer)
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        payload = MarkReadSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        marked = actions.mark_read(
            user=request.user, notification_ids=payload.validated_data.get("ids")
        )
        return Response({"marked": marked})


class ChatChannelSerializer(scoping.ModelSerializer):
    alliance = serializers.PrimaryKeyRelatedField(
        queryset=Alliance.objects.all(),
        allow_null=True,
        required=False,
        help_text="Empty for a portfolio channel (leaders only).",
    )
    url = serializers.CharField(
        write_only=True,
        required=False,
        max_length=2000,
        help_text="The incoming-webhook URL; stored encrypted and never returned.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=ChatEvent.choices), allow_empty=False
    )

    class Meta:
        model = ChatChannel
        fields = [
            "id",
            "alliance",
            "name",
            "kind",
            "url",
            "url_hint",
            "audience",
            "events",
            "deadline_days",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["url_hint", "created_at"]


class ChatDeliverySerializer(scoping.ModelSerializer):
    class Meta:
        model = ChatDelivery
        fields = [
            "id",
            "event",
            "title",
            "url",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


class ChatChannelViewSet(viewsets.ModelViewSet):
    """Chat channels (incoming webhooks) of the alliances you run, or of the portfolio (leaders)."""

    serializer_class = ChatChannelSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "delete"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return ChatChannel.objects.visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        alliance = data.pop("alliance", None)
        if not actions.can_manage_channels(self.request.user, alliance):
            raise PermissionDenied(
                _(
                    "Only the people who run an alliance, and leaders, connect its chat; "
                    "only leaders the portfolio's."
                )
            )
        if "url" not in data:
            raise serializers.ValidationError({"url": [_("This field is required.")]})
        serializer.instance = actions.chat_channel_create(
            actor=self.request.user, alliance=alliance, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "alliance" in data and data.pop("alliance") != serializer.instance.alliance:
            raise serializers.ValidationError({"alliance": [_("A channel cannot move.")]})
        serializer.instance = actions.chat_channel_update(
            actor=self.request.user, channel=serializer.instance, data=data
        )

    def perform_destroy(self, instance):
        actions.chat_channel_delete(actor=self.request.user, channel=instance)

    @extend_schema(request=None, responses=ChatDeliverySerializer)
    @action(detail=True, methods=["post"], url_path="test")
    def test_post(self, request, pk=None):
        delivery = actions.chat_channel_test(actor=request.user, channel=self.get_object())
        return Response(ChatDeliverySerializer(delivery).data, status=202)

    @extend_schema(responses=ChatDeliverySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def deliveries(self, request, pk=None):
        rows = self.get_object().deliveries.order_by("-created_at", "-pk")[:100]
        return Response(ChatDeliverySerializer(rows, many=True).data)
