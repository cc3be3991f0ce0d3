from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", login_not_required(views.healthz), name="healthz"),
    path("files/<uuid:pk>/", views.file_download, name="file_download"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("audit/export.csv", views.audit_export, {"fmt": "csv"}, name="audit_export_csv"),
    path("audit/export.pdf", views.audit_export, {"fmt": "pdf"}, name="audit_export_pdf"),
]
