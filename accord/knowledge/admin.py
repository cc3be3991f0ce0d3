from django.contrib import admin

from accord.core.admin import AuditedModelAdmin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(AuditedModelAdmin):
    """Topics are configuration; lessons, playbooks and templates are edited in Accord's pages."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
