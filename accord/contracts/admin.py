"""The admin holds the contracts configuration: the reminder cadence per obligation category.

Register entries themselves are edited through the pages and the API (their actions validate
due rules and keep derived dates), so they are not editable here.
"""

from django.contrib import admin

from accord.core.admin import AuditedModelAdmin

from .models import ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(AuditedModelAdmin):
    list_display = [
        "__str__",
        "days_before",
        "overdue_owner_every_days",
        "overdue_manager_every_days",
    ]
