from django.urls import path

from accord.core.routing import pages, routes

from .views import alliances, choices, companies, documents, policies, programs

app_name = "portfolio"

ALLIANCE = "alliances/<int:pk>/"
MEMBER = "team/<int:member_pk>"
# A program's firewall clearance: signed, then amended with a reason.
CLEARANCE = [("clearance/sign", "clearance_sign"), ("clearance/amend", "clearance_amend")]
ALLIANCE_VERBS = ["edit", "delete", "tier", "status", "history", "team"]

urlpatterns = [
    *pages("alliances/", alliances, alliance_list=""),
    path("choices/<str:kind>/", choices.options, name="choices"),
    *pages("alliances/", alliances, alliance_create="new", alliance_export="export.xlsx"),
    *routes("alliances/", alliances, "alliance", *ALLIANCE_VERBS),
    *pages(ALLIANCE, alliances, member_remove=f"{MEMBER}/remove"),
    *pages(ALLIANCE, alliances, member_allocation=f"{MEMBER}/allocation"),
    *pages(ALLIANCE, alliances, objective_add="objectives"),
    *pages(ALLIANCE, alliances, objective_remove="objectives/<int:objective_pk>/remove"),
    *pages(ALLIANCE, programs, program_create="programs/new"),
    *pages(ALLIANCE, documents, alliance_documents="documents"),
    *pages(ALLIANCE, documents, document_delete="documents/<int:doc_pk>/delete"),
    *routes("programs/", programs, "program", "edit", "delete", *CLEARANCE),
    *pages("partners/", companies, company_list="", company_export="export.xlsx"),
    *pages("partners/", companies, company_create="new"),
    *routes("partners/", companies, "company", "edit", "delete"),
    *pages("", policies, workload="workload"),
    path("tiering/", policies.tiering_policy, name="tiering"),
]
