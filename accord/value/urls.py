from django.urls import path

from . import views

app_name = "value"

urlpatterns = [
    path("value/", views.portfolio, name="portfolio"),
    path("value/export.xlsx", views.portfolio_export, name="portfolio_export"),
    path("value/rates/", views.rates, name="rates"),
    path("alliances/<int:pk>/value/", views.alliance_value, name="alliance_value"),
    path("alliances/<int:pk>/value/forecasts/new/", views.forecast_new, name="forecast_new"),
    path("alliances/<int:pk>/value/details/import/", views.details_import, name="details_import"),
    path("alliances/<int:pk>/value/<str:kind>/new/", views.entry_new, name="entry_new"),
    path("value/forecasts/<int:pk>/", views.forecast_detail, name="forecast_detail"),
    path("value/forecasts/<int:pk>/edit/", views.forecast_edit, name="forecast_edit"),
    path("value/forecasts/<int:pk>/approve/", views.forecast_approve, name="forecast_approve"),
    path("value/forecasts/<int:pk>/delete/", views.forecast_delete, name="forecast_delete"),
    path("value/forecasts/<int:pk>/flows/new/", views.flow_new, name="flow_new"),
    path("value/flows/<int:pk>/edit/", views.flow_edit, name="flow_edit"),
    path("value/flows/<int:pk>/delete/", views.flow_delete, name="flow_delete"),
    path("value/<str:kind>/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("value/<str:kind>/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
]
