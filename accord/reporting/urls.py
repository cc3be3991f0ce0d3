from django.urls import path

from .views import briefs, dashboard, home, imports, note_letter, notes, pack, packs, search

app_name = "reporting"

urlpatterns = [
    path("my-week/", home.my_week, name="my_week"),
    path("my-week/<str:kind>/<int:pk>/done/", home.week_done, name="week_done"),
    path("my-week/<str:kind>/<int:pk>/snooze/", home.week_snooze, name="week_snooze"),
    path("dashboard/", dashboard.portfolio_dashboard, name="dashboard"),
    path("search/", search.search_page, name="search"),
    path("dashboard/pack.<str:fmt>", pack.executive_pack, name="pack"),
    path("dashboard/packs/", packs.pack_list, name="pack_list"),
    path("dashboard/packs/<int:pk>/", packs.pack_detail, name="pack_detail"),
    path("dashboard/packs/<int:pk>/progress/", packs.pack_progress, name="pack_progress"),
    path("dashboard/packs/<int:pk>/download/", packs.pack_download, name="pack_download"),
    path("alliances/<int:pk>/brief/", briefs.alliance_brief, name="alliance_brief"),
    path(
        "alliances/<int:pk>/brief.pdf",
        briefs.alliance_brief,
        {"fmt": "pdf"},
        name="alliance_brief_pdf",
    ),
    path("governance/meetings/<int:pk>/brief/", briefs.meeting_brief, name="meeting_brief"),
    path(
        "governance/meetings/<int:pk>/brief.pdf",
        briefs.meeting_brief,
        {"fmt": "pdf"},
        name="meeting_brief_pdf",
    ),
    path("weekly-notes/", notes.note_list, name="note_list"),
    path("weekly-notes/generate/", notes.note_generate, name="note_generate"),
    path("weekly-notes/subscription/", notes.note_subscription, name="note_subscription"),
    path("weekly-notes/<int:pk>/", notes.note_detail, name="note_detail"),
    path("weekly-notes/<int:pk>/annotate/", notes.note_annotate, name="note_annotate"),
    path("weekly-notes/<int:pk>/approve/", notes.note_approve, name="note_approve"),
    path(
        "weekly-notes/<int:pk>/lines/<int:line_pk>/",
        notes.note_line_edit,
        name="note_line_edit",
    ),
    path(
        "weekly-notes/<int:pk>/lines/<int:line_pk>/remove/",
        notes.note_line_remove,
        name="note_line_remove",
    ),
    path("weekly-notes/<int:pk>/note.pdf", notes.note_pdf, name="note_pdf"),
    path("weekly-notes/<int:pk>/email/", note_letter.note_email_view, name="note_email"),
    path("weekly-notes/<int:pk>/letter.pdf", note_letter.note_letter_pdf, name="note_letter_pdf"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
]
