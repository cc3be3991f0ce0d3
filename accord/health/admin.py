from django.contrib import admin

from .models import HealthPolicy


@admin.register(HealthPolicy)
class HealthPolicyAdmin(admin.ModelAdmin):
    """Anonymity threshold, perception-gap classes, RAG tolerance, goal limit, links, reminders."""

    list_display = [
        "__str__",
        "anonymity_threshold",
        "gap_minor",
        "gap_significant",
        "gap_critical",
    ]

    def has_add_permission(self, request):
        return not HealthPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
