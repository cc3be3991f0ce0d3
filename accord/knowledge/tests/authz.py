"""The knowledge app's rows of the authorization matrix (accord/core/authz_matrix.py explains the
format; accord/core/tests/authz.py replays them as every persona).

Personas, in order: admin leader manager_a manager_b executive contributor firewalled partner_a
partner_b anonymous.

The rules behind the statuses (accord/knowledge/access.py):
- lessons are read by every internal user; a lesson about firewalled program A2 only by the people
  cleared for it (manager_a, partner_a); partners read only the lessons shared with an alliance
  they are on. Leaders, admins and managers record lessons about any alliance, contributors about
  the alliances they run; the author or a leader edits one; a leader promotes it;
- playbooks, deliverables and the templates library are internal practice: read by internal
  users, changed by leaders and admins; partners get 404 on their objects (absent) and 403 on the
  internal pages of an alliance they can see;
- applying playbooks, ticking off tasks, the RACI, role holders and templates in use: whoever may
  edit the alliance (leaders, admins, the people who run it: manager_b and contributor on B).
"""

from __future__ import annotations

import datetime as dt

from accord.core.authz_matrix import Row, api, page

# fmt: off
ROWS: list[Row] = [
    # --- Lessons (pages) ------------------------------------------------------------------------
    page('knowledge/', 'GET', '/knowledge/', '200 200 200 200 200 200 200 200 200 302', note='partners see only the lessons shared with them'),
    page('knowledge/lessons.xlsx', 'GET', '/knowledge/lessons.xlsx', '200 200 200 200 200 200 200 200 200 302'),
    page('knowledge/lessons/new/', 'GET', '/knowledge/lessons/new/', '200 200 200 200 403 403 403 403 403 302', note='contributors record lessons only about the alliances they run'),
    page('knowledge/lessons/new/', 'GET', '/knowledge/lessons/new/?alliance={alliance_b}', '200 200 200 200 403 200 403 404 403 302'),
    page('knowledge/lessons/new/', 'POST', '/knowledge/lessons/new/', '400 400 400 400 403 403 403 403 403 302'),
    page('knowledge/lessons/new/', 'POST', '/knowledge/lessons/new/?alliance={alliance_b}', '400 400 400 400 403 400 403 404 403 302'),
    page('knowledge/lessons/<int:pk>/', 'GET', '/knowledge/lessons/{kn_lesson_a}/', '200 200 200 200 200 200 200 200 404 302', note="shared with A's partner"),
    page('knowledge/lessons/<int:pk>/', 'GET', '/knowledge/lessons/{kn_lesson_b}/', '200 200 200 200 200 200 200 404 404 302', note='not shared: internal only'),
    page('knowledge/lessons/<int:pk>/', 'GET', '/knowledge/lessons/{kn_lesson_a2}/', '404 404 200 404 404 404 404 200 404 302', note='about firewalled program A2 (shared with the partner): only the cleared'),
    page('knowledge/lessons/<int:pk>/edit/', 'GET', '/knowledge/lessons/{kn_lesson_a}/edit/', '200 200 200 403 403 403 403 403 404 302', note='the author (manager_a) or a leader'),
    page('knowledge/lessons/<int:pk>/edit/', 'GET', '/knowledge/lessons/{kn_lesson_a2}/edit/', '404 404 200 404 404 404 404 403 404 302'),
    page('knowledge/lessons/<int:pk>/edit/', 'POST', '/knowledge/lessons/{kn_lesson_b}/edit/', '400 400 403 400 403 403 403 404 404 302', note="manager_b wrote it"),
    page('knowledge/lessons/<int:pk>/delete/', 'GET', '/knowledge/lessons/{kn_lesson_a}/delete/', '200 200 200 403 403 403 403 403 404 302'),
    page('knowledge/lessons/<int:pk>/delete/', 'POST', '/knowledge/lessons/{kn_lesson_b}/delete/', '400 400 403 400 403 403 403 404 404 302', note='no reason given'),
    page('knowledge/lessons/<int:pk>/promote/', 'GET', '/knowledge/lessons/{kn_lesson_a}/promote/', '200 200 403 403 403 403 403 403 404 302', note="promoting is a leader's call"),
    page('knowledge/lessons/<int:pk>/promote/', 'GET', '/knowledge/lessons/{kn_lesson_a2}/promote/', '404 404 403 404 404 404 404 403 404 302'),
    page('knowledge/lessons/<int:pk>/promote/', 'POST', '/knowledge/lessons/{kn_lesson_b}/promote/', '400 400 403 403 403 403 403 404 404 302'),
    # --- Playbooks (pages) ----------------------------------------------------------------------
    page('playbooks/', 'GET', '/playbooks/', '200 200 200 200 200 200 200 403 403 302', note='internal practice'),
    page('playbooks/new/', 'GET', '/playbooks/new/', '200 200 403 403 403 403 403 403 403 302'),
    page('playbooks/new/', 'POST', '/playbooks/new/', '400 400 403 403 403 403 403 403 403 302'),
    page('playbooks/progress/', 'GET', '/playbooks/progress/', '200 200 200 200 200 200 200 403 403 302'),
    page('playbooks/progress/', 'GET', '/playbooks/progress/?tier=9', '400 400 400 400 400 400 400 403 403 302', note='an invalid filter is a 400'),
    page('playbooks/<int:pk>/', 'GET', '/playbooks/{kn_playbook}/', '200 200 200 200 200 200 200 404 404 302', note='no playbook exists for a partner'),
    page('playbooks/<int:pk>/', 'POST', '/playbooks/{kn_playbook}/', '400 400 403 403 403 403 403 404 404 302'),
    page('playbooks/<int:pk>/edit/', 'GET', '/playbooks/{kn_playbook}/edit/', '200 200 403 403 403 403 403 404 404 302'),
    page('playbooks/<int:pk>/edit/', 'POST', '/playbooks/{kn_playbook}/edit/', '400 400 403 403 403 403 403 404 404 302'),
    page('playbooks/deliverables/<int:pk>/edit/', 'GET', '/playbooks/deliverables/{kn_deliverable}/edit/', '200 200 403 403 403 403 403 404 404 302'),
    page('playbooks/deliverables/<int:pk>/edit/', 'POST', '/playbooks/deliverables/{kn_deliverable}/edit/', '400 400 403 403 403 403 403 404 404 302'),
    page('playbooks/deliverables/<int:pk>/remove/', 'POST', '/playbooks/deliverables/{kn_deliverable}/remove/', '302 302 403 403 403 403 403 404 404 302', note='retires it (a new revision)'),
    # --- Templates library (pages) ----------------------------------------------------------------
    page('templates/', 'GET', '/templates/', '200 200 200 200 200 200 200 403 403 302'),
    page('templates/new/', 'GET', '/templates/new/', '200 200 403 403 403 403 403 403 403 302'),
    page('templates/new/', 'POST', '/templates/new/', '400 400 403 403 403 403 403 403 403 302'),
    page('templates/<int:pk>/', 'GET', '/templates/{kn_template}/', '200 200 200 200 200 200 200 404 404 302'),
    page('templates/<int:pk>/', 'POST', '/templates/{kn_template}/', '400 400 403 403 403 403 403 404 404 302', note='a new version: no file given'),
    # --- An alliance's Playbook, Roles, Lessons and Dossier tabs ----------------------------------
    page('alliances/<int:pk>/playbook/', 'GET', '/alliances/{alliance_a}/playbook/', '200 200 200 200 200 200 200 403 404 302', note="internal: A's partner gets 403"),
    page('alliances/<int:pk>/playbook/', 'POST', '/alliances/{alliance_b}/playbook/', '400 400 403 400 403 400 403 404 403 302', note='apply a playbook: those who run B (manager_b, contributor)'),
    page('alliances/<int:pk>/playbook/<int:application_pk>/reapply/', 'POST', '/alliances/{alliance_b}/playbook/{kn_application_b}/reapply/', '302 302 403 302 403 302 403 404 403 302', note='no reason: back to the tab with the error'),
    page('alliances/<int:pk>/playbook/<int:application_pk>/reapply/', 'POST', '/alliances/{alliance_a}/playbook/{kn_application_b}/reapply/', '400 400 403 400 403 400 403 403 404 302', note="B's application named under A"),
    page('alliances/<int:pk>/playbook/tasks/<int:task_pk>/', 'GET', '/alliances/{alliance_a}/playbook/tasks/{kn_task_a}/', '200 200 200 200 200 200 200 403 404 302'),
    page('alliances/<int:pk>/playbook/tasks/<int:task_pk>/', 'POST', '/alliances/{alliance_b}/playbook/tasks/{kn_task_b}/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/playbook/tasks/<int:task_pk>/<str:status>/', 'POST', '/alliances/{alliance_b}/playbook/tasks/{kn_task_b}/done/', '302 302 403 302 403 302 403 404 403 302', note='ticks the task off'),
    page('alliances/<int:pk>/playbook/tasks/<int:task_pk>/<str:status>/', 'POST', '/alliances/{alliance_b}/playbook/tasks/{kn_task_b}/withdrawn/', '400 400 403 400 403 400 403 404 403 302', note='not a status one sets by hand'),
    page('alliances/<int:pk>/roles/', 'GET', '/alliances/{alliance_a}/roles/', '200 200 200 200 200 200 200 403 404 302'),
    page('alliances/<int:pk>/roles/', 'POST', '/alliances/{alliance_b}/roles/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/roles/<int:entry_pk>/', 'GET', '/alliances/{alliance_a}/roles/{kn_raci_a}/', '200 200 200 200 200 200 200 403 404 302'),
    page('alliances/<int:pk>/roles/<int:entry_pk>/', 'POST', '/alliances/{alliance_b}/roles/{kn_raci_b}/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/roles/holders/<int:holder_pk>/remove/', 'POST', '/alliances/{alliance_b}/roles/holders/{kn_holder_b}/remove/', '302 302 403 302 403 302 403 404 403 302'),
    page('alliances/<int:pk>/lessons/', 'GET', '/alliances/{alliance_a}/lessons/', '200 200 200 200 200 200 200 200 404 302', note='partners see the lessons shared with them'),
    page('alliances/<int:pk>/dossier/', 'GET', '/alliances/{alliance_a}/dossier/', '200 200 200 200 200 200 200 403 404 302'),
    page('alliances/<int:pk>/dossier/templates/', 'POST', '/alliances/{alliance_b}/dossier/templates/', '302 302 403 302 403 302 403 404 403 302', note='no template chosen: back to the dossier with the error'),
    page('alliances/<int:pk>/dossier.<str:fmt>', 'GET', '/alliances/{alliance_a}/dossier.pdf', '200 200 200 200 200 200 200 403 404 302'),
    page('alliances/<int:pk>/dossier.<str:fmt>', 'GET', '/alliances/{alliance_b}/dossier.docx', '200 200 200 200 200 200 200 404 403 302'),
    page('alliances/<int:pk>/dossier.<str:fmt>', 'GET', '/alliances/{alliance_a}/dossier.exe', '400 400 400 400 400 400 400 403 404 302'),
    # --- Lessons (API) ----------------------------------------------------------------------------
    api('GET', '/api/v1/lessons/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/lessons/', '201 201 201 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'title': 'Matrix lesson', 'context': 'c', 'what_happened': 'w', 'lesson': 'l', 'recommendation': 'r'}, note="B is not in partner_a's scope: the field is refused"),
    api('GET', '/api/v1/lessons/relevant/', '200 200 200 200 200 200 200 403 403 401', path='/api/v1/lessons/relevant/?alliance={alliance_a}'),
    api('GET', '/api/v1/lessons/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/lessons/{kn_lesson_a}/'),
    api('GET', '/api/v1/lessons/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/lessons/{kn_lesson_a2}/'),
    api('PATCH', '/api/v1/lessons/{id}/', '400 400 403 400 403 403 403 404 404 401', path='/api/v1/lessons/{kn_lesson_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/lessons/{id}/', '400 400 403 400 403 403 403 404 404 401', path='/api/v1/lessons/{kn_lesson_b}/', note='no reason given'),
    api('POST', '/api/v1/lessons/{id}/promote/', '400 400 403 403 403 403 403 404 404 401', path='/api/v1/lessons/{kn_lesson_b}/promote/', data={}),
    # --- Playbooks and deliverables (API) -------------------------------------------------------
    api('GET', '/api/v1/playbooks/', '200 200 200 200 200 200 200 200 200 401', note='empty for partners'),
    api('POST', '/api/v1/playbooks/', '201 201 403 403 403 403 403 403 403 401', data={'name': 'Matrix playbook', 'kind': 'lifecycle', 'lifecycle': 'relaunch'}),
    api('GET', '/api/v1/playbooks/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/playbooks/{kn_playbook}/'),
    api('PATCH', '/api/v1/playbooks/{id}/', '400 400 403 403 403 403 403 404 404 401', path='/api/v1/playbooks/{kn_playbook}/', data={'kind': 'nonsense'}),
    api('POST', '/api/v1/playbooks/{id}/deliverables/', '400 400 403 403 403 403 403 404 404 401', path='/api/v1/playbooks/{kn_playbook}/deliverables/', data={}),
    api('GET', '/api/v1/deliverables/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/deliverables/{kn_deliverable}/'),
    api('PATCH', '/api/v1/deliverables/{id}/', '400 400 403 403 403 403 403 404 404 401', path='/api/v1/deliverables/{kn_deliverable}/', data={'offset_days': 'soon'}),
    api('DELETE', '/api/v1/deliverables/{id}/', '204 204 403 403 403 403 403 404 404 401', path='/api/v1/deliverables/{kn_deliverable}/'),
    # --- Applied playbooks, tasks, progress (API) -----------------------------------------------
    api('GET', '/api/v1/playbook-applications/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/playbook-applications/', '200 200 403 200 403 200 403 403 403 401', data={'alliance': '{alliance_b}', 'playbook': '{kn_playbook}'}, note='already applied to B: 200 with the application'),
    api('GET', '/api/v1/playbook-applications/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/playbook-applications/{kn_application_a}/'),
    api('POST', '/api/v1/playbook-applications/{id}/reapply/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/playbook-applications/{kn_application_b}/reapply/', data={}),
    api('GET', '/api/v1/playbook-tasks/', '200 200 200 200 200 200 200 200 200 401'),
    api('GET', '/api/v1/playbook-tasks/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/playbook-tasks/{kn_task_a}/'),
    api('PATCH', '/api/v1/playbook-tasks/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/playbook-tasks/{kn_task_b}/', data={'status': 'nonsense'}),
    api('GET', '/api/v1/package-progress/', '200 200 200 200 200 200 200 403 403 401'),
    # --- Roles (API) --------------------------------------------------------------------------------
    api('GET', '/api/v1/raci/', '200 200 200 200 200 200 200 200 200 401', note='empty for partners'),
    api('POST', '/api/v1/raci/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'activity': 'Matrix activity', 'alliance_management': 'A'}),
    api('GET', '/api/v1/raci/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/raci/{kn_raci_a}/'),
    api('PATCH', '/api/v1/raci/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/raci/{kn_raci_b}/', data={'alliance_management': 'Z'}),
    api('DELETE', '/api/v1/raci/{id}/', '204 204 403 204 403 204 403 404 404 401', path='/api/v1/raci/{kn_raci_b}/'),
    api('GET', '/api/v1/role-holders/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/role-holders/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'group': 'project_management', 'user': '{kn_contributor}'}),
    api('GET', '/api/v1/role-holders/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/role-holders/{kn_holder_a}/'),
    api('DELETE', '/api/v1/role-holders/{id}/', '204 204 403 204 403 204 403 404 404 401', path='/api/v1/role-holders/{kn_holder_b}/'),
    # --- Templates library and templates in use (API) -------------------------------------------
    api('GET', '/api/v1/templates/', '200 200 200 200 200 200 200 200 200 401'),
    api('GET', '/api/v1/templates/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/templates/{kn_template}/'),
    api('POST', '/api/v1/templates/{id}/versions/', '400 400 403 403 403 403 403 404 404 401', path='/api/v1/templates/{kn_template}/versions/', data={}),
    api('GET', '/api/v1/template-uses/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/template-uses/', '201 201 403 201 403 201 403 400 400 401', data={'alliance': '{alliance_b}', 'template': '{kn_template}'}, note='B already uses it: moves B to the current version; partner_b: the library is internal, so its template id is refused like a missing id (400)'),
    api('GET', '/api/v1/template-uses/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/template-uses/{kn_template_use_a}/'),
    api('DELETE', '/api/v1/template-uses/{id}/', '204 204 403 204 403 204 403 404 404 401', path='/api/v1/template-uses/{kn_template_use_b}/'),
    # --- Dossier (API) --------------------------------------------------------------------------
    api('GET', '/api/v1/dossiers/{id}/', '200 200 200 200 200 200 200 403 404 401', path='/api/v1/dossiers/{alliance_a}/'),
    api('GET', '/api/v1/dossiers/{id}/pdf/', '200 200 200 200 200 200 200 403 404 401', path='/api/v1/dossiers/{alliance_a}/pdf/'),
    api('GET', '/api/v1/dossiers/{id}/docx/', '200 200 200 200 200 200 200 404 403 401', path='/api/v1/dossiers/{alliance_b}/docx/'),
    # --- Territory profiles (country know-how): leaders and managers keep them; partners read
    # the profiles of their alliances' territories (alliance A is licensed for Japan).
    page('knowledge/territories/', 'GET', '/knowledge/territories/', '200 200 200 200 200 200 200 200 200 302'),
    page('knowledge/territories/', 'GET', '/knowledge/territories/?past_review=true&territory=JP', '200 200 200 200 200 200 200 200 200 302'),
    page('knowledge/territories/new/', 'GET', '/knowledge/territories/new/', '200 200 200 200 403 403 403 403 403 302'),
    page('knowledge/territories/new/', 'POST', '/knowledge/territories/new/', '400 400 400 400 403 403 403 403 403 302'),
    page('knowledge/territories/<int:pk>/', 'GET', '/knowledge/territories/{kn_profile_jp}/', '200 200 200 200 200 200 200 200 404 302'),
    page('knowledge/territories/<int:pk>/edit/', 'GET', '/knowledge/territories/{kn_profile_jp}/edit/', '200 200 200 200 403 403 403 403 404 302'),
    page('knowledge/territories/<int:pk>/edit/', 'POST', '/knowledge/territories/{kn_profile_jp}/edit/', '400 400 400 400 403 403 403 403 404 302'),
    page('knowledge/territories/<int:pk>/delete/', 'POST', '/knowledge/territories/{kn_profile_jp}/delete/', '302 302 302 302 403 403 403 403 404 302', note='no reason: back to the profile with a message'),
    api('GET', '/api/v1/territory-profiles/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/territory-profiles/', '400 400 400 400 403 403 403 403 403 401', data={}),
    api('GET', '/api/v1/territory-profiles/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/territory-profiles/{kn_profile_jp}/'),
    api('PATCH', '/api/v1/territory-profiles/{id}/', '400 400 400 400 403 403 403 403 404 401', path='/api/v1/territory-profiles/{kn_profile_jp}/', data={'review_on': 'not a date'}),
    api('DELETE', '/api/v1/territory-profiles/{id}/', '400 400 400 400 403 403 403 403 404 401', path='/api/v1/territory-profiles/{kn_profile_jp}/', note='no reason'),
]
# fmt: on


def targets(world) -> dict:
    """Lessons on A (shared with the partner), on firewalled A2 and on B (internal); one playbook
    with one deliverable applied to A and B (a task each); a RACI activity, a role holder and a
    library template in use on A and on B."""
    from accord.knowledge import actions
    from accord.knowledge.models import (
        Anchor,
        Cadence,
        PlaybookTask,
        RoleGroup,
        TemplateKind,
    )
    from accord.knowledge.template_files import starter_upload

    base = {"context": "c", "what_happened": "w", "lesson": "l", "recommendation": "r"}
    lesson_a = actions.lesson_create(
        actor=world.manager_a,
        data={
            **base,
            "title": "Matrix A",
            "alliance": world.alliance_a,
            "shared_with_partner": True,
        },
    )
    lesson_a2 = actions.lesson_create(
        actor=world.manager_a,
        data={
            **base,
            "title": "Matrix A2",
            "alliance": world.alliance_a,
            "program": world.program_a2,
            "shared_with_partner": True,
        },
    )
    lesson_b = actions.lesson_create(
        actor=world.manager_b, data={**base, "title": "Matrix B", "alliance": world.alliance_b}
    )
    playbook = actions.playbook_create(
        actor=world.leader,
        data={"name": "Matrix launch", "kind": "lifecycle", "lifecycle": "launch"},
        deliverables=[
            {
                "title": "Kick-off meeting",
                "anchor": Anchor.START,
                "offset_days": 30,
                "cadence": Cadence.ONCE,
                "owner_role": RoleGroup.ALLIANCE_MANAGEMENT,
            }
        ],
    )
    start = dt.date(2025, 1, 6)
    applications = {
        key: actions.playbook_apply(
            actor=world.leader, alliance=alliance, playbook=playbook, start_date=start
        )[0]
        for key, alliance in (("a", world.alliance_a), ("b", world.alliance_b))
    }
    tasks = {
        key: PlaybookTask.objects.filter(application=application).order_by("pk").first()
        for key, application in applications.items()
    }
    raci = {
        key: actions.raci_entry_create(
            actor=world.leader,
            alliance=alliance,
            data={"activity": "Matrix steering", "alliance_management": "A"},
        )
        for key, alliance in (("a", world.alliance_a), ("b", world.alliance_b))
    }
    holders = {
        key: actions.role_holder_add(
            actor=world.leader,
            alliance=alliance,
            group=RoleGroup.BUSINESS_DEVELOPMENT,
            user=user,
        )
        for key, alliance, user in (
            ("a", world.alliance_a, world.manager_a),
            ("b", world.alliance_b, world.manager_b),
        )
    }
    template = actions.template_create(
        actor=world.leader,
        data={"name": "Matrix charter", "kind": TemplateKind.CHARTER},
        upload=starter_upload(TemplateKind.CHARTER),
    )
    uses = {
        key: actions.template_adopt(actor=world.leader, alliance=alliance, template=template)
        for key, alliance in (("a", world.alliance_a), ("b", world.alliance_b))
    }
    from accord.portfolio.models import Territory

    japan, _ = Territory.objects.get_or_create(
        code="JP", defaults={"name": "Japan", "kind": Territory.Kind.COUNTRY}
    )
    world.alliance_a.territories.add(japan)
    profile_jp = actions.territory_profile_create(
        actor=world.leader,
        data={
            "territory": japan,
            "owner": world.manager_a,
            "review_on": dt.date(2027, 1, 1),
            "regulatory_pathway": "PMDA review.",
        },
    )
    return {
        "kn_profile_jp": profile_jp.pk,
        "kn_lesson_a": lesson_a.pk,
        "kn_lesson_a2": lesson_a2.pk,
        "kn_lesson_b": lesson_b.pk,
        "kn_playbook": playbook.pk,
        "kn_deliverable": playbook.deliverables.get().pk,
        "kn_application_a": applications["a"].pk,
        "kn_application_b": applications["b"].pk,
        "kn_task_a": tasks["a"].pk,
        "kn_task_b": tasks["b"].pk,
        "kn_raci_a": raci["a"].pk,
        "kn_raci_b": raci["b"].pk,
        "kn_holder_a": holders["a"].pk,
        "kn_holder_b": holders["b"].pk,
        "kn_template": template.pk,
        "kn_template_use_a": uses["a"].pk,
        "kn_template_use_b": uses["b"].pk,
        "kn_contributor": world.contributor.pk,
    }
