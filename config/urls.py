from django.contrib import admin
from django.urls import include, path

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
    path("", include("accord.reporting.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
]
