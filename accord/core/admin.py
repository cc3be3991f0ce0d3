from django.contrib import admin

from . import audit
from .models import AuditEvent, ScheduledRun
from .scoping import scoped

# Fields whose values never go into the trail, only the fact that they changed (passwords,
# token hashes, single sign-on client secrets and tokens, second-factor secrets).
SECRET_FIELDS = {"password", "secret_hash", "secret", "token", "token_secret", "data"}


def _audited_fields(form, model) -> list[str]:
    names = {
        f.name for f in model._meta.get_fields() if getattr(f, "concrete", False) or f.many_to_many
    }
    return [name for name in form.fields if name in names]


class ScopedModelAdmin(admin.ModelAdmin):
    """The admin reads through the same scope as the app: an administrator not cleared for a
    firewalled program finds nothing of it here either (lists, search, filters, counts, choices)."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scoped(field.queryset, request.user)
        return field


class AuditedModelAdmin(ScopedModelAdmin):
    """Configuration edited in the admin is audited like any other change."""

    def save_model(self, request, obj, form, change):
        fields = [f for f in _audited_fields(form, type(obj)) if f not in SECRET_FIELDS]
        request._audit_before = (
            audit.snapshot(type(obj).objects.get(pk=obj.pk), fields) if change else None
        )
        request._audit_fields = fields
        request._audit_secret_changed = [f for f in form.changed_data if f in SECRET_FIELDS]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Many-to-many values are only saved here, so the "after" picture is taken here too.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if request._audit_before is None:
            audit.record_create(actor=request.user, obj=obj, fields=request._audit_fields)
        else:
            rows = audit.build(
                actor=request.user,
                obj=obj,
                action=audit.AuditEvent.Action.UPDATE,
                changes={
                    **{
                        name: (request._audit_before[name], value)
                        for name, value in audit.snapshot(obj, request._audit_fields).items()
                        if value != request._audit_before[name]
                    },
                    **{name: ("(hidden)", "(changed)") for name in request._audit_secret_changed},
                },
            )
            if any(row.field for row in rows):
                audit.save(rows)

    def delete_model(self, request, obj):
        fields = [f.name for f in type(obj)._meta.concrete_fields if f.name not in SECRET_FIELDS]
        audit.record_delete(actor=request.user, obj=obj, fields=fields)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin:
    """Rows only the application writes: the admin shows them, never adds, changes or deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, ScopedModelAdmin):
    list_display = [
        "at",
        "actor_label",
        "action",
        "content_type",
        "object_repr",
        "field",
        "old_value",
        "new_value",
    ]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_label", "field", "reason"]
    date_hierarchy = "at"


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Each periodic job's runs and their outcome (read-only: the scheduler writes them)."""

    list_display = ["job", "slot", "status", "attempts", "enqueued_at", "finished_at"]
    list_filter = ["status", "job"]
    date_hierarchy = "slot"
