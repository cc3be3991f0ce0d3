from django.contrib import admin
from django.db import transaction

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Stored headline results depend on the anonymity and gap rules: recompute them.
        from .tasks import refresh_headlines

        transaction.on_commit(refresh_headlines.enqueue)

    def has_delete_permission(self, request, obj=None):
        return False
