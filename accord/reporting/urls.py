from django.urls import path

from .views import dashboard, imports, notes, pack

app_name = "reporting"

urlpatterns = [
    path("dashboard/", dashboard.portfolio_dashboard, name="dashboard"),
    path("dashboard/pack.<str:fmt>", pack.executive_pack, name="pack"),
    path("weekly-notes/", notes.note_list, name="note_list"),
    path("weekly-notes/generate/", notes.note_generate, name="note_generate"),
    path("weekly-notes/subscription/", notes.note_subscription, name="note_subscription"),
    path("weekly-notes/<int:pk>/", notes.note_detail, name="note_detail"),
    path("weekly-notes/<int:pk>/annotate/", notes.note_annotate, name="note_annotate"),
    path("weekly-notes/<int:pk>/approve/", notes.note_approve, name="note_approve"),
    path("weekly-notes/<int:pk>/note.pdf", notes.note_pdf, name="note_pdf"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
]
