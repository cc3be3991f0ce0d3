from django.urls import path

from accord.core.generic import routes

from .views import entries, glossary, imports, lists, milestones, presigning, register, variances

app_name = "contracts"

STATE = ("status", "state")
MARKS = [("achieved", "mark_achieved"), ("slipped", "mark_slipped")]
TERM_VERBS = ["edit", "delete", "agree", "endorse"]
VARIANCE_VERBS = ["edit", "sign", "withdraw", "formalise"]

urlpatterns = [
    path("alliances/<int:pk>/contracts/", register.alliance_contracts, name="alliance_contracts"),
    path(
        "alliances/<int:pk>/contracts/agreements/new/",
        register.agreement_create,
        name="agreement_create",
    ),
    path("alliances/<int:pk>/contracts/events/", register.event_add, name="event_add"),
    path("alliances/<int:pk>/contracts/import/", imports.agreement_import, name="agreement_import"),
    path("contracts/imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("contracts/imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path(
        "alliances/<int:pk>/contracts/presigning/",
        presigning.presigning_create,
        name="presigning_create",
    ),
    path("contracts/presigning/<int:pk>/", presigning.presigning_detail, name="presigning_detail"),
    path(
        "contracts/presigning/findings/<int:pk>/dismiss/",
        presigning.presigning_finding_dismiss,
        name="presigning_finding_dismiss",
    ),
    path(
        "alliances/<int:pk>/contracts/variances/new/",
        variances.variance_create,
        name="variance_create",
    ),
    path("alliances/<int:pk>/contracts/<str:kind>/new/", entries.entry_create, name="entry_create"),
    *routes("contracts/agreements/", register, "agreement", "edit", "delete"),
    path("contracts/agreements/<int:pk>/terms/", register.term_add, name="term_add"),
    path(
        "contracts/agreements/<int:pk>/documents/", register.document_upload, name="document_upload"
    ),
    *routes("contracts/terms/", register, "term", "delete", lists=lists, detail=False),
    path("contracts/events/<int:pk>/delete/", register.event_delete, name="event_delete"),
    *routes("contracts/obligations/", entries, "obligation", "complete", STATE, lists=lists),
    *routes("contracts/milestones/", entries, "milestone", lists=lists),
    *routes("contracts/milestones/", milestones, "milestone", *MARKS, detail=False),
    *routes("contracts/rights/", entries, "right", "exercise", lists=lists),
    *routes("contracts/restrictions/", entries, "restriction"),
    path("alliances/<int:pk>/glossary/", glossary.alliance_glossary, name="alliance_glossary"),
    path(
        "alliances/<int:pk>/glossary/new/",
        glossary.glossary_term_create,
        name="glossary_term_create",
    ),
    path("alliances/<int:pk>/glossary/seed/", glossary.glossary_seed, name="glossary_seed"),
    path(
        "alliances/<int:pk>/glossary/export.xlsx",
        glossary.glossary_export_xlsx,
        name="glossary_export_xlsx",
    ),
    path(
        "alliances/<int:pk>/glossary/export.pdf",
        glossary.glossary_export_pdf,
        name="glossary_export_pdf",
    ),
    path("contracts/glossary/<int:pk>/", glossary.glossary_term, name="glossary_term"),
    *routes("contracts/glossary/", glossary, "glossary_term", *TERM_VERBS, detail=False),
    path(
        "contracts/glossary/<int:pk>/words/", glossary.team_word_suggest, name="team_word_suggest"
    ),
    path(
        "contracts/glossary/words/<int:pk>/agree/", glossary.team_word_agree, name="team_word_agree"
    ),
    path(
        "contracts/glossary/words/<int:pk>/delete/",
        glossary.team_word_delete,
        name="team_word_delete",
    ),
    path("contracts/variances/", variances.variance_list, name="variance_list"),
    *routes("contracts/variances/", variances, "variance", *VARIANCE_VERBS),
    path("contracts/<str:kind>/<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("contracts/<str:kind>/<int:pk>/delete/", entries.entry_delete, name="entry_delete"),
    path(
        "contracts/programs/<int:pk>/conflicts/",
        entries.program_conflicts,
        name="program_conflicts",
    ),
    path("contracts/calendar/", lists.calendar, name="calendar"),
    path("contracts/calendar/feeds/", lists.feed_list, name="feed_list"),
    path("contracts/calendar/feeds/<int:pk>/revoke/", lists.feed_revoke, name="feed_revoke"),
    path("contracts/feeds/<str:token>.ics", lists.feed_ics, name="feed_ics"),
    path("contracts/may-we/", lists.may_we, name="may_we"),
]
