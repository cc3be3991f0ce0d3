from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from accord.core.admin import AuditedModelAdmin

from .models import HealthPolicy


@admin.register(HealthPolicy)
class HealthPolicyAdmin(AuditedModelAdmin):
    """Anonymity threshold, perception-gap classes, RAG tolerance, goal limit, links, reminders:
    a change is audited (which also moves the portfolio's version: kept results are rebuilt)."""

    list_display = [
        "__str__",
        "anonymity_threshold",
        "gap_minor",
        "gap_significant",
        "gap_critical",
    ]
    exclude = ["updated_at"]

    def has_add_permission(self, request):
        return not HealthPolicy.objects.exists()

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        # Stored headline results depend on the anonymity and gap rules: recompute them.
        from .tasks import refresh_headlines

        transaction.on_commit(refresh_headlines.enqueue)

    def has_delete_permission(self, request, obj=None):
        return False
