from django.contrib import admin

from accord.core.admin import AuditedModelAdmin

from . import actions
from .models import (
    AMTeam,
    StrategicPriority,
    Territory,
    TherapeuticArea,
    TieringPolicy,
    WorkloadPolicy,
)


@admin.register(TherapeuticArea)
class TherapeuticAreaAdmin(AuditedModelAdmin):
    search_fields = ["name"]


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(AuditedModelAdmin):
    list_display = ["name", "weight", "is_active"]
    list_filter = ["is_active"]


@admin.register(AMTeam)
class AMTeamAdmin(AuditedModelAdmin):
    list_display = ["name", "description"]


@admin.register(Territory)
class TerritoryAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["countries"]


class PolicyAdmin(admin.ModelAdmin):
    """A singleton edited through its action, so its side effects (re-tiering) happen too."""

    action_function = None
    exclude = ["updated_at"]

    def has_add_permission(self, request):
        return not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        type(self).action_function(actor=request.user, data=data)


@admin.register(TieringPolicy)
class TieringPolicyAdmin(PolicyAdmin):
    action_function = staticmethod(actions.tiering_policy_update)


@admin.register(WorkloadPolicy)
class WorkloadPolicyAdmin(PolicyAdmin):
    action_function = staticmethod(actions.workload_policy_update)
