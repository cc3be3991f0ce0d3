from django.urls import path

from .views import entries, glossary, imports, lists, milestones, presigning, register, variances

app_name = "contracts"

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
    path("contracts/agreements/<int:pk>/", register.agreement_detail, name="agreement_detail"),
    path("contracts/agreements/<int:pk>/edit/", register.agreement_edit, name="agreement_edit"),
    path(
        "contracts/agreements/<int:pk>/delete/", register.agreement_delete, name="agreement_delete"
    ),
    path("contracts/agreements/<int:pk>/terms/", register.term_add, name="term_add"),
    path(
        "contracts/agreements/<int:pk>/documents/", register.document_upload, name="document_upload"
    ),
    path("contracts/terms/", lists.term_list, name="term_list"),
    path("contracts/terms/export.xlsx", lists.term_export, name="term_export"),
    path("contracts/terms/<int:pk>/delete/", register.term_delete, name="term_delete"),
    path("contracts/events/<int:pk>/delete/", register.event_delete, name="event_delete"),
    path("contracts/obligations/", lists.obligation_list, name="obligation_list"),
    path("contracts/obligations/export.xlsx", lists.obligation_export, name="obligation_export"),
    path("contracts/obligations/<int:pk>/", entries.obligation_detail, name="obligation_detail"),
    path(
        "contracts/obligations/<int:pk>/complete/",
        entries.obligation_complete,
        name="obligation_complete",
    ),
    path(
        "contracts/obligations/<int:pk>/status/", entries.obligation_state, name="obligation_state"
    ),
    path("contracts/milestones/", lists.milestone_list, name="milestone_list"),
    path("contracts/milestones/export.xlsx", lists.milestone_export, name="milestone_export"),
    path("contracts/milestones/<int:pk>/", entries.milestone_detail, name="milestone_detail"),
    path(
        "contracts/milestones/<int:pk>/achieved/",
        milestones.milestone_mark_achieved,
        name="milestone_mark_achieved",
    ),
    path(
        "contracts/milestones/<int:pk>/slipped/",
        milestones.milestone_mark_slipped,
        name="milestone_mark_slipped",
    ),
    path("contracts/rights/", lists.right_list, name="right_list"),
    path("contracts/rights/export.xlsx", lists.right_export, name="right_export"),
    path("contracts/rights/<int:pk>/", entries.right_detail, name="right_detail"),
    path("contracts/rights/<int:pk>/exercise/", entries.right_exercise, name="right_exercise"),
    path("contracts/restrictions/<int:pk>/", entries.restriction_detail, name="restriction_detail"),
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
    path(
        "contracts/glossary/<int:pk>/edit/", glossary.glossary_term_edit, name="glossary_term_edit"
    ),
    path(
        "contracts/glossary/<int:pk>/delete/",
        glossary.glossary_term_delete,
        name="glossary_term_delete",
    ),
    path(
        "contracts/glossary/<int:pk>/agree/",
        glossary.glossary_term_agree,
        name="glossary_term_agree",
    ),
    path(
        "contracts/glossary/<int:pk>/endorse/",
        glossary.glossary_term_endorse,
        name="glossary_term_endorse",
    ),
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
    path("contracts/variances/<int:pk>/", variances.variance_detail, name="variance_detail"),
    path("contracts/variances/<int:pk>/edit/", variances.variance_edit, name="variance_edit"),
    path("contracts/variances/<int:pk>/sign/", variances.variance_sign, name="variance_sign"),
    path(
        "contracts/variances/<int:pk>/withdraw/",
        variances.variance_withdraw,
        name="variance_withdraw",
    ),
    path(
        "contracts/variances/<int:pk>/formalise/",
        variances.variance_formalise,
        name="variance_formalise",
    ),
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
