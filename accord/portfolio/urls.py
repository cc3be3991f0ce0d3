from django.urls import path

from accord.core.generic import routes

from .views import alliances, choices, companies, documents, policies, programs

app_name = "portfolio"

# A program's firewall clearance: signed, then amended with a reason.
CLEARANCE = [("clearance/sign", "clearance_sign"), ("clearance/amend", "clearance_amend")]

urlpatterns = [
    path("alliances/", alliances.alliance_list, name="alliance_list"),
    path("choices/<str:kind>/", choices.options, name="choices"),
    path("alliances/new/", alliances.alliance_create, name="alliance_create"),
    path("alliances/export.xlsx", alliances.alliance_export, name="alliance_export"),
    *routes(
        "alliances/", alliances, "alliance", "edit", "delete", "tier", "status", "history", "team"
    ),
    path(
        "alliances/<int:pk>/team/<int:member_pk>/remove/",
        alliances.member_remove,
        name="member_remove",
    ),
    path(
        "alliances/<int:pk>/team/<int:member_pk>/allocation/",
        alliances.member_allocation,
        name="member_allocation",
    ),
    path("alliances/<int:pk>/objectives/", alliances.objective_add, name="objective_add"),
    path(
        "alliances/<int:pk>/objectives/<int:objective_pk>/remove/",
        alliances.objective_remove,
        name="objective_remove",
    ),
    path("alliances/<int:pk>/programs/new/", programs.program_create, name="program_create"),
    path("alliances/<int:pk>/documents/", documents.alliance_documents, name="alliance_documents"),
    path(
        "alliances/<int:pk>/documents/<int:doc_pk>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
    *routes("programs/", programs, "program", "edit", "delete"),
    *routes("programs/", programs, "program", *CLEARANCE, detail=False),
    path("partners/", companies.company_list, name="company_list"),
    path("partners/export.xlsx", companies.company_export, name="company_export"),
    path("partners/new/", companies.company_create, name="company_create"),
    *routes("partners/", companies, "company", "edit", "delete"),
    path("workload/", policies.workload, name="workload"),
    path("tiering/", policies.tiering_policy, name="tiering"),
]
