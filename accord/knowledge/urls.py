from django.urls import path

from accord.core.generic import routes

from .views import alliance, lessons, library, playbooks, territories

app_name = "knowledge"

urlpatterns = [
    path("knowledge/", lessons.lesson_list, name="lesson_list"),
    path("knowledge/lessons.xlsx", lessons.lesson_export, name="lesson_export"),
    path("knowledge/lessons/new/", lessons.lesson_create, name="lesson_create"),
    *routes("knowledge/lessons/", lessons, "lesson", "edit", "delete", "promote"),
    path("knowledge/territories/", territories.profile_list, name="territory_list"),
    path("knowledge/territories/new/", territories.profile_create, name="territory_create"),
    path("knowledge/territories/<int:pk>/", territories.profile_detail, name="territory_profile"),
    path("knowledge/territories/<int:pk>/edit/", territories.profile_edit, name="territory_edit"),
    path(
        "knowledge/territories/<int:pk>/delete/",
        territories.profile_delete,
        name="territory_delete",
    ),
    path("playbooks/", playbooks.playbook_list, name="playbook_list"),
    path("playbooks/new/", playbooks.playbook_create, name="playbook_create"),
    path("playbooks/progress/", playbooks.progress, name="progress"),
    *routes("playbooks/", playbooks, "playbook", "edit"),
    *routes(
        "playbooks/deliverables/",
        playbooks,
        "deliverable",
        "edit",
        ("remove", "retire"),
        detail=False,
    ),
    path("templates/", library.template_list, name="template_list"),
    path("templates/new/", library.template_create, name="template_create"),
    path("templates/<int:pk>/", library.template_detail, name="template_detail"),
    path("alliances/<int:pk>/playbook/", alliance.alliance_playbook, name="alliance_playbook"),
    path(
        "alliances/<int:pk>/playbook/<int:application_pk>/reapply/",
        alliance.application_reapply,
        name="application_reapply",
    ),
    path(
        "alliances/<int:pk>/playbook/tasks/<int:task_pk>/",
        alliance.task_edit,
        name="task_edit",
    ),
    path(
        "alliances/<int:pk>/playbook/tasks/<int:task_pk>/<str:status>/",
        alliance.task_mark,
        name="task_mark",
    ),
    path("alliances/<int:pk>/roles/", alliance.alliance_roles, name="alliance_roles"),
    path(
        "alliances/<int:pk>/roles/<int:entry_pk>/",
        alliance.raci_entry_edit,
        name="raci_entry_edit",
    ),
    path(
        "alliances/<int:pk>/roles/holders/<int:holder_pk>/remove/",
        alliance.role_holder_remove,
        name="role_holder_remove",
    ),
    path("alliances/<int:pk>/lessons/", alliance.alliance_lessons, name="alliance_lessons"),
    path("alliances/<int:pk>/dossier/", alliance.alliance_dossier, name="alliance_dossier"),
    path(
        "alliances/<int:pk>/dossier/templates/",
        alliance.alliance_template_adopt,
        name="alliance_template_adopt",
    ),
    path(
        "alliances/<int:pk>/dossier.<str:fmt>",
        alliance.alliance_dossier_file,
        name="alliance_dossier_file",
    ),
]
