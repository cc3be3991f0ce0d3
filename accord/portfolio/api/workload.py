"""The portfolio API: workload."""

from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from accord.core import scoping
from accord.core.access import require_internal

from .. import workload as workload_model
from ..models import (
    Alliance,
)


class LoadItemSerializer(scoping.Serializer):
    alliance = serializers.IntegerField(source="alliance_id")
    alliance_name = serializers.CharField()
    tier = serializers.IntegerField()
    stage = serializers.CharField()
    role = serializers.CharField()
    allocation_pct = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2)


class ManagerLoadSerializer(scoping.Serializer):
    user = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user.__str__")
    points = serializers.DecimalField(max_digits=7, decimal_places=2)
    capacity_pct = serializers.IntegerField()
    alliance_count = serializers.IntegerField()
    complex_count = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["ok", "near", "over"])
    reasons = serializers.ListField(child=serializers.CharField())
    items = LoadItemSerializer(many=True)


class WorkloadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each alliance manager's load against capacity (internal users only)."""

    serializer_class = ManagerLoadSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):  # pragma: no cover - list() below does the work
        return Alliance.objects.none()

    def list(self, request, *args, **kwargs):
        require_internal(request.user, "Workload")
        loads = workload_model.manager_loads(
            alliances=Alliance.objects.visible_to(request.user), with_items=True
        )
        return Response(ManagerLoadSerializer(loads, many=True).data)
