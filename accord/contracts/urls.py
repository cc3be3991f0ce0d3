from accord.core.routing import pages, routes

from .views import entries, glossary, imports, lists, milestones, presigning, register, variances

app_name = "contracts"

TAB = "alliances/<int:pk>/contracts/"
GLOSSARY = "alliances/<int:pk>/glossary/"
STATE = ("status", "state")
MARKS = [("achieved", "mark_achieved"), ("slipped", "mark_slipped")]
TERM_VERBS = ["edit", "delete", "agree", "endorse"]
VARIANCE_VERBS = ["edit", "sign", "withdraw", "formalise"]
GLOSSARY_EXPORTS = [("export.xlsx", "xlsx"), ("export.pdf", "pdf")]

urlpatterns = [
    *pages(TAB, register, alliance_contracts="", agreement_create="agreements/new"),
    *pages(TAB, register, event_add="events"),
    *pages(TAB, imports, agreement_import="import"),
    *pages("contracts/imports/<int:pk>/", imports, import_detail="", import_progress="progress"),
    *pages(TAB, presigning, presigning_create="presigning"),
    *pages("contracts/presigning/", presigning, presigning_detail="<int:pk>"),
    *pages(
        "contracts/presigning/findings/<int:pk>/", presigning, "dismiss", name="presigning_finding"
    ),
    *pages(TAB, variances, variance_create="variances/new"),
    *pages(TAB, entries, entry_create="<str:kind>/new"),
    *routes("contracts/agreements/", register, "agreement", "edit", "delete"),
    *pages(
        "contracts/agreements/<int:pk>/", register, term_add="terms", document_upload="documents"
    ),
    *routes("contracts/terms/", register, "term", "delete", lists=lists, detail=False),
    *routes("contracts/events/", register, "event", "delete", detail=False),
    *routes("contracts/obligations/", entries, "obligation", "complete", STATE, lists=lists),
    *routes("contracts/milestones/", entries, "milestone", lists=lists),
    *routes("contracts/milestones/", milestones, "milestone", *MARKS, detail=False),
    *routes("contracts/rights/", entries, "right", "exercise", lists=lists),
    *routes("contracts/restrictions/", entries, "restriction"),
    *pages(GLOSSARY, glossary, alliance_glossary="", glossary_term_create="new"),
    *pages(GLOSSARY, glossary, glossary_seed="seed"),
    *pages(GLOSSARY, glossary, *GLOSSARY_EXPORTS, name="glossary_export"),
    *pages("contracts/glossary/", glossary, glossary_term="<int:pk>"),
    *routes("contracts/glossary/", glossary, "glossary_term", *TERM_VERBS, detail=False),
    *pages("contracts/glossary/<int:pk>/", glossary, team_word_suggest="words"),
    *routes("contracts/glossary/words/", glossary, "team_word", "agree", "delete", detail=False),
    *pages("contracts/variances/", variances, variance_list=""),
    *routes("contracts/variances/", variances, "variance", *VARIANCE_VERBS),
    *routes("contracts/<str:kind>/", entries, "entry", "edit", "delete", detail=False),
    *pages("contracts/programs/<int:pk>/", entries, program_conflicts="conflicts"),
    *pages("contracts/calendar/", lists, calendar="", feed_list="feeds"),
    *pages("contracts/", lists, feed_revoke="calendar/feeds/<int:pk>/revoke"),
    *pages("contracts/feeds/", lists, feed_ics="<str:token>.ics"),
    *pages("contracts/", lists, may_we="may-we"),
]
