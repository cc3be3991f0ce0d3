from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping

from . import actions
from .models import Notification


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
