from django.urls import path

from accord.core.routing import pages, routes

from .views import alliance, lessons, library, playbooks, territories

app_name = "knowledge"

ALLIANCE = "alliances/<int:pk>/"
TASK = "playbook/tasks/<int:task_pk>"
TERRITORY = "knowledge/territories/"

urlpatterns = [
    *pages("knowledge/", lessons, lesson_list="", lesson_export="lessons.xlsx"),
    *pages("knowledge/", lessons, lesson_create="lessons/new"),
    *routes("knowledge/lessons/", lessons, "lesson", "edit", "delete", "promote"),
    # A territory's views are the profile's, its addresses the territory's.
    path(TERRITORY, territories.profile_list, name="territory_list"),
    path(f"{TERRITORY}new/", territories.profile_create, name="territory_create"),
    path(f"{TERRITORY}<int:pk>/", territories.profile_detail, name="territory_profile"),
    path(f"{TERRITORY}<int:pk>/edit/", territories.profile_edit, name="territory_edit"),
    path(f"{TERRITORY}<int:pk>/delete/", territories.profile_delete, name="territory_delete"),
    *pages("playbooks/", playbooks, playbook_list="", playbook_create="new", progress="progress"),
    *routes("playbooks/", playbooks, "playbook", "edit"),
    *routes(
        "playbooks/deliverables/",
        playbooks,
        "deliverable",
        "edit",
        ("remove", "retire"),
        detail=False,
    ),
    *pages("templates/", library, template_list="", template_create="new"),
    *pages("templates/", library, template_detail="<int:pk>"),
    *pages(ALLIANCE, alliance, alliance_playbook="playbook"),
    *pages(ALLIANCE, alliance, application_reapply="playbook/<int:application_pk>/reapply"),
    *pages(ALLIANCE, alliance, task_edit=TASK, task_mark=f"{TASK}/<str:status>"),
    *pages(ALLIANCE, alliance, alliance_roles="roles", raci_entry_edit="roles/<int:entry_pk>"),
    *pages(ALLIANCE, alliance, role_holder_remove="roles/holders/<int:holder_pk>/remove"),
    *pages(ALLIANCE, alliance, alliance_lessons="lessons", alliance_dossier="dossier"),
    *pages(ALLIANCE, alliance, alliance_template_adopt="dossier/templates"),
    *pages(ALLIANCE, alliance, alliance_dossier_file="dossier.<str:fmt>"),
]
