from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accord.core.admin import AuditedModelAdmin

from .emails import sync_email_address
from .models import ApiToken, User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    ordering = ["last_name", "email"]
    list_display = ["email", "first_name", "last_name", "role", "company", "is_active"]
    list_filter = ["role", "is_active", "company__kind"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "title", "function", "company", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "company",
                    "role",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new account, or a changed address, is the verified address it signs in with.
        sync_email_address(form.instance)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Tokens are created and revoked in Accord; an administrator may delete one (audited)."""

    list_display = [
        "name",
        "user",
        "key_id",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = [
        "user",
        "name",
        "key_id",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["secret_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The sign-in configuration Django and allauth keep (groups, e-mail addresses, second factors,
# single sign-on applications, accounts and tokens): their own admins, audited like every change.
def _audited_third_party_admins() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from django.contrib.auth.models import Group

    for model in (Group, EmailAddress, Authenticator, SocialApp, SocialToken, SocialAccount):
        base = type(admin.site._registry[model])
        if issubclass(base, AuditedModelAdmin):
            continue
        admin.site.unregister(model)
        admin.site.register(model, type(f"Audited{base.__name__}", (AuditedModelAdmin, base), {}))


_audited_third_party_admins()
