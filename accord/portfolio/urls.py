from django.urls import path

from .views import alliances, choices, companies, documents, policies, programs

app_name = "portfolio"

urlpatterns = [
    path("alliances/", alliances.alliance_list, name="alliance_list"),
    path("choices/<str:kind>/", choices.options, name="choices"),
    path("alliances/new/", alliances.alliance_create, name="alliance_create"),
    path("alliances/export.xlsx", alliances.alliance_export, name="alliance_export"),
    path("alliances/<int:pk>/", alliances.alliance_detail, name="alliance_detail"),
    path("alliances/<int:pk>/edit/", alliances.alliance_edit, name="alliance_edit"),
    path("alliances/<int:pk>/delete/", alliances.alliance_delete, name="alliance_delete"),
    path("alliances/<int:pk>/tier/", alliances.alliance_tier, name="alliance_tier"),
    path("alliances/<int:pk>/status/", alliances.alliance_status, name="alliance_status"),
    path("alliances/<int:pk>/history/", alliances.alliance_history, name="alliance_history"),
    path("alliances/<int:pk>/team/", alliances.alliance_team, name="alliance_team"),
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
    path("programs/<int:pk>/", programs.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("programs/<int:pk>/delete/", programs.program_delete, name="program_delete"),
    path(
        "programs/<int:pk>/clearance/sign/",
        programs.program_clearance_sign,
        name="program_clearance_sign",
    ),
    path(
        "programs/<int:pk>/clearance/amend/",
        programs.program_clearance_amend,
        name="program_clearance_amend",
    ),
    path("partners/", companies.company_list, name="company_list"),
    path("partners/export.xlsx", companies.company_export, name="company_export"),
    path("partners/new/", companies.company_create, name="company_create"),
    path("partners/<int:pk>/", companies.company_detail, name="company_detail"),
    path("partners/<int:pk>/edit/", companies.company_edit, name="company_edit"),
    path("partners/<int:pk>/delete/", companies.company_delete, name="company_delete"),
    path("workload/", policies.workload, name="workload"),
    path("tiering/", policies.tiering_policy, name="tiering"),
]
