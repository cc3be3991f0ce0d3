from accord.core.routing import pages, routes

from . import views

app_name = "value"

TAB = "alliances/<int:pk>/value/"

urlpatterns = [
    *pages("value/", views, portfolio="", portfolio_export="export.xlsx", rates="rates"),
    *pages(TAB, views, alliance_value="", forecast_new="forecasts/new"),
    *pages(TAB, views, details_import="details/import", entry_new="<str:kind>/new"),
    *routes("value/forecasts/", views, "forecast", "edit", "approve", "delete"),
    *pages("value/forecasts/<int:pk>/", views, flow_new="flows/new"),
    *routes("value/flows/", views, "flow", "edit", "delete", detail=False),
    *routes("value/<str:kind>/", views, "entry", "edit", "delete", detail=False),
]
