from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin signs in through Accord's own sign-in (throttled, with the TOTP step), never with
# the password alone on Django's admin form: allauth's documented way of securing the admin.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("accord.core.urls")),
    path("", include("accord.people.urls")),
    path("", include("accord.portfolio.urls")),
    path("", include("accord.notifications.urls")),
    path("", include("accord.knowledge.urls")),
    path("", include("accord.health.urls")),
    path("", include("accord.governance.urls")),
    path("", include("accord.contracts.urls")),
    path("", include("accord.value.urls")),
    path("", include("accord.correspondence.urls")),
    path("", include("accord.reporting.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("accord.config.api_urls")),
]
