from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin signs in through Accord's own sign-in (throttled, with the TOTP step), never with
# the password alone on Django's admin form: allauth's documented way of securing the admin.
admin.site.login = secure_admin_login(admin.site.login)

# Each app's pages, at the root; the first app whose address matches answers.
PAGE_APPS = (
    "core",
    "people",
    "portfolio",
    "notifications",
    "knowledge",
    "health",
    "governance",
    "contracts",
    "value",
    "correspondence",
    "reporting",
)

urlpatterns = [
    *(path("", include(f"accord.{app}.urls")) for app in PAGE_APPS),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("accord.config.api_urls")),
]
