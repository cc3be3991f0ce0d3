from django.contrib import admin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are configuration; lessons, playbooks and templates are edited in Accord's pages."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
