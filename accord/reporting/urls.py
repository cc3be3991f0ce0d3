from django.urls import path

from accord.core.routing import pages, routes

from .views import briefs, dashboard, home, imports, note_letter, notes, pack, packs, search

app_name = "reporting"

NOTE = "weekly-notes/<int:pk>/"
LINE = "lines/<int:line_pk>"
PDF = {"fmt": "pdf"}

urlpatterns = [
    *pages("my-week/", home, my_week=""),
    *pages("my-week/<str:kind>/<int:pk>/", home, "done", "snooze", name="week"),
    path("dashboard/", dashboard.portfolio_dashboard, name="dashboard"),
    path("search/", search.search_page, name="search"),
    path("dashboard/pack.<str:fmt>", pack.executive_pack, name="pack"),
    *pages("dashboard/packs/", packs, pack_list=""),
    *routes("dashboard/packs/", packs, "pack", "progress", "download"),
    *pages("alliances/<int:pk>/", briefs, alliance_brief="brief"),
    path("alliances/<int:pk>/brief.pdf", briefs.alliance_brief, PDF, name="alliance_brief_pdf"),
    *pages("governance/meetings/<int:pk>/", briefs, meeting_brief="brief"),
    path(
        "governance/meetings/<int:pk>/brief.pdf",
        briefs.meeting_brief,
        PDF,
        name="meeting_brief_pdf",
    ),
    *pages("weekly-notes/", notes, note_list="", note_generate="generate"),
    *pages("weekly-notes/", notes, note_subscription="subscription"),
    *routes("weekly-notes/", notes, "note", "annotate", "approve"),
    *pages(
        NOTE, notes, note_line_edit=LINE, note_line_remove=f"{LINE}/remove", note_pdf="note.pdf"
    ),
    path(f"{NOTE}email/", note_letter.note_email_view, name="note_email"),
    *pages(NOTE, note_letter, note_letter_pdf="letter.pdf"),
    *pages("imports/", imports, import_list=""),
    *routes("imports/", imports, "import", "commit", "progress"),
]
