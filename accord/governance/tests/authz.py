"""Governance rows of the authorization matrix (format: accord/core/authz_matrix.py).

Statuses are for: admin leader manager_a manager_b executive contributor firewalled partner_a
partner_b anonymous. The world's governance (`targets` below): JSC A (Manager A and partner A
co-chair it, the firewalled employee sits on it), the A2 team on firewalled program A2 (Manager A
and partner A), JSC B (Manager B and partner B co-chair it, the contributor sits on it).

So on alliance B: Manager B and the contributor (its designated person) run governance, partner
B contributes as a co-chair, Manager A, the firewalled employee and the executive see but may
not change anything, partner A does not see it. Writes are probed on B's objects, reads on A's,
and one read per kind of record on A2's (absent for everyone not cleared, leaders included).
Risks are internal: absent for partner users. Terms are addressed by the alliance's id.
"""

from __future__ import annotations

import datetime as dt

from accord.core.authz_matrix import api, page

# Sent to create endpoints: valid, so the answer is about who may create (201 or 403; 400 for
# an alliance or body out of the person's scope, which reads as a missing choice).
DUE = "2027-06-30"


# fmt: off
ROWS = [
    # --- The alliance's Governance tab and its "new" pages ----------------------------------
    page('alliances/<int:pk>/governance/', 'GET', '/alliances/{alliance_a}/governance/', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/governance/', 'GET', '/alliances/{alliance_b}/governance/', '200 200 200 200 200 200 200 404 200 302'),
    page('alliances/<int:pk>/governance/bodies/new/', 'GET', '/alliances/{alliance_a}/governance/bodies/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/governance/bodies/new/', 'POST', '/alliances/{alliance_b}/governance/bodies/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/governance/terms/', 'GET', '/alliances/{alliance_a}/governance/terms/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/governance/terms/', 'POST', '/alliances/{alliance_b}/governance/terms/', '400 400 403 400 403 400 403 404 403 302', data={'disclosure_review_business_days': 'x'}),
    page('alliances/<int:pk>/governance/decisions/new/', 'GET', '/alliances/{alliance_a}/governance/decisions/new/', '200 200 200 403 403 403 200 200 404 302', note='contributing: also whoever holds a voting seat (the firewalled employee, partner A)'),
    page('alliances/<int:pk>/governance/decisions/new/', 'POST', '/alliances/{alliance_b}/governance/decisions/new/', '400 400 403 400 403 400 403 404 400 302'),
    page('alliances/<int:pk>/governance/actions/new/', 'GET', '/alliances/{alliance_a}/governance/actions/new/', '200 200 200 403 403 403 200 200 404 302'),
    page('alliances/<int:pk>/governance/actions/new/', 'POST', '/alliances/{alliance_b}/governance/actions/new/', '400 400 403 400 403 400 403 404 400 302'),
    page('alliances/<int:pk>/governance/issues/new/', 'GET', '/alliances/{alliance_a}/governance/issues/new/', '200 200 200 403 403 403 200 200 404 302'),
    page('alliances/<int:pk>/governance/issues/new/', 'POST', '/alliances/{alliance_b}/governance/issues/new/', '400 400 403 400 403 400 403 404 400 302'),
    page('alliances/<int:pk>/governance/risks/new/', 'GET', '/alliances/{alliance_a}/governance/risks/new/', '200 200 200 403 403 403 403 403 404 302', note='the risk register is internal; out of scope is still a 404'),
    page('alliances/<int:pk>/governance/risks/new/', 'POST', '/alliances/{alliance_b}/governance/risks/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/governance/communications/new/', 'GET', '/alliances/{alliance_a}/governance/communications/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/governance/communications/new/', 'POST', '/alliances/{alliance_b}/governance/communications/new/', '400 400 403 400 403 400 403 404 403 302'),
    # --- Bodies and seats -------------------------------------------------------------------
    page('governance/bodies/<int:pk>/', 'GET', '/governance/bodies/{gov_committee_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('governance/bodies/<int:pk>/', 'GET', '/governance/bodies/{gov_committee_a2}/', '404 404 200 404 404 404 404 200 404 302', note="a firewalled program's team: only the cleared"),
    page('governance/bodies/<int:pk>/edit/', 'GET', '/governance/bodies/{gov_committee_a2}/edit/', '404 404 200 404 404 404 404 403 404 302'),
    page('governance/bodies/<int:pk>/edit/', 'POST', '/governance/bodies/{gov_committee_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/bodies/<int:pk>/seats/', 'POST', '/governance/bodies/{gov_committee_b}/seats/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/bodies/<int:pk>/meetings/new/', 'GET', '/governance/bodies/{gov_committee_a}/meetings/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('governance/bodies/<int:pk>/meetings/new/', 'POST', '/governance/bodies/{gov_committee_b}/meetings/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/seats/<int:pk>/end/', 'POST', '/governance/seats/{gov_seat_b}/end/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/seats/<int:pk>/role/', 'POST', '/governance/seats/{gov_seat_b}/role/', '400 400 403 400 403 400 403 404 403 302'),
    # --- Meetings ---------------------------------------------------------------------------
    page('governance/meetings/', 'GET', '/governance/meetings/', '200 200 200 200 200 200 200 200 200 302'),
    page('governance/meetings/export.xlsx', 'GET', '/governance/meetings/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='the list as XLSX: what the list shows the person, on every page'),
    page('governance/meetings/<int:pk>/', 'GET', '/governance/meetings/{gov_meeting_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('governance/meetings/<int:pk>/', 'GET', '/governance/meetings/{gov_meeting_a_internal}/', '200 200 200 200 200 200 200 404 404 302', note='an internal meeting: our staff only'),
    page('governance/meetings/<int:pk>/', 'GET', '/governance/meetings/{gov_meeting_a2}/', '404 404 200 404 404 404 404 200 404 302'),
    page('governance/meetings/<int:pk>/edit/', 'GET', '/governance/meetings/{gov_meeting_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('governance/meetings/<int:pk>/edit/', 'POST', '/governance/meetings/{gov_meeting_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/cancel/', 'POST', '/governance/meetings/{gov_meeting_b}/cancel/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/held/', 'POST', '/governance/meetings/{gov_meeting_b}/held/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/attendance/', 'POST', '/governance/meetings/{gov_meeting_b}/attendance/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/guests/', 'POST', '/governance/meetings/{gov_meeting_b}/guests/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/agenda/build/', 'POST', '/governance/meetings/{gov_meeting_b}/agenda/build/', '302 302 403 302 403 302 403 404 403 302'),
    page('governance/meetings/<int:pk>/agenda/', 'POST', '/governance/meetings/{gov_meeting_b}/agenda/', '400 400 403 400 403 400 403 404 400 302', note='contributing: partner B co-chairs the body'),
    page('governance/meetings/<int:pk>/agenda/<int:item_pk>/remove/', 'POST', '/governance/meetings/{gov_meeting_b}/agenda/{gov_agenda_b}/remove/', '302 302 403 302 403 302 403 404 403 302'),
    page('governance/meetings/<int:pk>/agenda/<int:item_pk>/<str:direction>/', 'POST', '/governance/meetings/{gov_meeting_b}/agenda/{gov_agenda_b}/down/', '302 302 403 302 403 302 403 404 403 302'),
    page('governance/meetings/<int:pk>/minutes/', 'POST', '/governance/meetings/{gov_meeting_b}/minutes/', '400 400 403 400 403 400 403 404 403 302', data={'version': 'x'}, note='empty minutes are a valid draft: a bad version is the error'),
    page('governance/meetings/<int:pk>/minutes/start/', 'POST', '/governance/meetings/{gov_meeting_b}/minutes/start/', '302 302 403 302 403 302 403 404 403 302', note='empty draft minutes are started from the agenda'),
    page('governance/meetings/<int:pk>/minutes/submit/', 'POST', '/governance/meetings/{gov_meeting_b}/minutes/submit/', '400 400 403 400 403 400 403 404 403 302', note='a scheduled meeting has no minutes to submit'),
    page('governance/meetings/<int:pk>/minutes/return/', 'POST', '/governance/meetings/{gov_meeting_b}/minutes/return/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/minutes/approve/', 'POST', '/governance/meetings/{gov_meeting_b}/minutes/approve/', '403 403 403 400 403 403 403 404 400 302', note="only the body's co-chairs (Manager B, partner B) approve"),
    page('governance/meetings/<int:pk>/minutes/amend/', 'GET', '/governance/meetings/{gov_meeting_a}/minutes/amend/', '302 302 302 403 403 403 403 403 404 302', note='draft minutes are edited, not amended: back to the meeting'),
    page('governance/meetings/<int:pk>/minutes/amend/', 'POST', '/governance/meetings/{gov_meeting_b}/minutes/amend/', '302 302 403 302 403 302 403 404 403 302'),
    page('governance/meetings/<int:pk>/decisions/', 'POST', '/governance/meetings/{gov_meeting_b}/decisions/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/actions/', 'POST', '/governance/meetings/{gov_meeting_b}/actions/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/meetings/<int:pk>/pack.<str:fmt>', 'GET', '/governance/meetings/{gov_meeting_a2}/pack.docx', '404 404 200 404 404 404 404 200 404 302'),
    # --- Decisions --------------------------------------------------------------------------
    page('governance/decisions/', 'GET', '/governance/decisions/', '200 200 200 200 200 200 200 200 200 302'),
    page('governance/decisions/export.xlsx', 'GET', '/governance/decisions/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='the list as XLSX: what the list shows the person, on every page'),
    page('governance/decisions/<int:pk>/', 'GET', '/governance/decisions/{gov_decision_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('governance/decisions/<int:pk>/', 'GET', '/governance/decisions/{gov_decision_a_internal}/', '200 200 200 200 200 200 200 404 404 302'),
    page('governance/decisions/<int:pk>/', 'GET', '/governance/decisions/{gov_decision_a2}/', '404 404 200 404 404 404 404 200 404 302'),
    page('governance/decisions/<int:pk>/edit/', 'GET', '/governance/decisions/{gov_decision_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('governance/decisions/<int:pk>/edit/', 'POST', '/governance/decisions/{gov_decision_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/decisions/<int:pk>/status/', 'POST', '/governance/decisions/{gov_decision_b}/status/', '400 400 403 400 403 400 403 404 403 302'),
    # --- Action items -----------------------------------------------------------------------
    page('governance/actions/', 'GET', '/governance/actions/', '200 200 200 200 200 200 200 200 200 302'),
    page('governance/actions/export.xlsx', 'GET', '/governance/actions/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='the list as XLSX: what the list shows the person, on every page'),
    page('governance/actions/<int:pk>/', 'GET', '/governance/actions/{gov_action_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('governance/actions/<int:pk>/', 'GET', '/governance/actions/{gov_action_a2}/', '404 404 200 404 404 404 404 200 404 302'),
    page('governance/actions/<int:pk>/edit/', 'GET', '/governance/actions/{gov_action_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('governance/actions/<int:pk>/edit/', 'POST', '/governance/actions/{gov_action_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/actions/<int:pk>/status/', 'POST', '/governance/actions/{gov_action_b}/status/', '400 400 403 400 403 400 403 404 400 302', note="the owner (partner B) updates its status"),
    # --- Issues -----------------------------------------------------------------------------
    page('governance/issues/', 'GET', '/governance/issues/', '200 200 200 200 200 200 200 200 200 302'),
    page('governance/issues/export.xlsx', 'GET', '/governance/issues/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='the list as XLSX: what the list shows the person, on every page'),
    page('governance/issues/<int:pk>/', 'GET', '/governance/issues/{gov_issue_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('governance/issues/<int:pk>/', 'GET', '/governance/issues/{gov_issue_a2}/', '404 404 200 404 404 404 404 200 404 302'),
    page('governance/issues/<int:pk>/edit/', 'GET', '/governance/issues/{gov_issue_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('governance/issues/<int:pk>/edit/', 'POST', '/governance/issues/{gov_issue_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/issues/<int:pk>/escalate/', 'POST', '/governance/issues/{gov_issue_b}/escalate/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/issues/<int:pk>/assign/', 'POST', '/governance/issues/{gov_issue_b}/assign/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/issues/<int:pk>/resolve/', 'POST', '/governance/issues/{gov_issue_b}/resolve/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/issues/<int:pk>/reopen/', 'POST', '/governance/issues/{gov_issue_b}/reopen/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/issues/<int:pk>/close/', 'POST', '/governance/issues/{gov_issue_b}/close/', '400 400 403 400 403 400 403 404 403 302', note='an unresolved issue cannot be closed'),
    # --- Risks (internal) -------------------------------------------------------------------
    page('governance/risks/<int:pk>/', 'GET', '/governance/risks/{gov_risk_a}/', '200 200 200 200 200 200 200 404 404 302', note='the risk register is internal: partners never see it'),
    page('governance/risks/<int:pk>/', 'GET', '/governance/risks/{gov_risk_a2}/', '404 404 200 404 404 404 404 404 404 302'),
    page('governance/risks/<int:pk>/edit/', 'GET', '/governance/risks/{gov_risk_a}/edit/', '200 200 200 403 403 403 403 404 404 302'),
    page('governance/risks/<int:pk>/edit/', 'POST', '/governance/risks/{gov_risk_b}/edit/', '400 400 403 400 403 400 403 404 404 302'),
    # --- Partner communications -------------------------------------------------------------
    page('governance/communications/<int:pk>/', 'GET', '/governance/communications/{gov_communication_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('governance/communications/<int:pk>/', 'GET', '/governance/communications/{gov_communication_a2}/', '404 404 200 404 404 404 404 200 404 302'),
    page('governance/communications/<int:pk>/edit/', 'GET', '/governance/communications/{gov_communication_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('governance/communications/<int:pk>/edit/', 'POST', '/governance/communications/{gov_communication_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('governance/communications/<int:pk>/submit/', 'POST', '/governance/communications/{gov_communication_b}/submit/', '302 302 403 302 403 302 403 404 403 302'),
    page('governance/communications/<int:pk>/conclude/', 'POST', '/governance/communications/{gov_communication_b}/conclude/', '400 400 403 400 403 400 403 404 400 302', note='a listed reviewer (partner B) records the outcome'),
    page('governance/communications/<int:pk>/withdraw/', 'POST', '/governance/communications/{gov_communication_b}/withdraw/', '400 400 403 400 403 400 403 404 403 302'),

    # --- API: bodies, seats, terms ----------------------------------------------------------
    api('GET', '/api/v1/governance/committees/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/governance/committees/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'name': 'Matrix body', 'kind': 'jdc'}),
    api('GET', '/api/v1/governance/committees/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/governance/committees/{gov_committee_a2}/'),
    api('PATCH', '/api/v1/governance/committees/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/committees/{gov_committee_b}/', data={'name': ''}),
    api('GET', '/api/v1/governance/committees/{id}/charter-check/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/governance/committees/{gov_committee_a}/charter-check/'),
    api('GET', '/api/v1/governance/committees/{id}/members/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/governance/committees/{gov_committee_a}/members/'),
    api('POST', '/api/v1/governance/committees/{id}/members/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/committees/{gov_committee_b}/members/', data={}),
    api('POST', '/api/v1/governance/committees/{id}/members/{seat_pk}/end/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/committees/{gov_committee_b}/members/{gov_seat_b}/end/', data={}),
    api('POST', '/api/v1/governance/committees/{id}/members/{seat_pk}/role/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/committees/{gov_committee_b}/members/{gov_seat_b}/role/', data={}),
    api('GET', '/api/v1/governance/terms/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/governance/terms/{alliance_a}/', note="the id is the alliance's"),
    api('PATCH', '/api/v1/governance/terms/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/terms/{alliance_b}/', data={'disclosure_review_business_days': -1}),
    # --- API: meetings ----------------------------------------------------------------------
    api('GET', '/api/v1/governance/meetings/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/governance/meetings/', '201 201 403 201 403 201 403 400 403 401', data={'committee': '{gov_committee_b}', 'starts_at': '2027-03-01T10:00:00Z', 'modality': 'virtual'}),
    api('GET', '/api/v1/governance/meetings/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/governance/meetings/{gov_meeting_a2}/'),
    api('PATCH', '/api/v1/governance/meetings/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/', data={'duration_minutes': 1}),
    api('GET', '/api/v1/governance/meetings/{id}/agenda/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/governance/meetings/{gov_meeting_a}/agenda/'),
    api('POST', '/api/v1/governance/meetings/{id}/agenda/', '400 400 403 400 403 400 403 404 400 401', path='/api/v1/governance/meetings/{gov_meeting_b}/agenda/', data={}),
    api('POST', '/api/v1/governance/meetings/{id}/agenda/build/', '200 200 403 200 403 200 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/agenda/build/', data={}),
    api('DELETE', '/api/v1/governance/meetings/{id}/agenda/{item_pk}/', '204 204 403 204 403 204 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/agenda/{gov_agenda_b}/'),
    api('POST', '/api/v1/governance/meetings/{id}/agenda/order/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/agenda/order/', data={}),
    api('GET', '/api/v1/governance/meetings/{id}/attendance/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/governance/meetings/{gov_meeting_a}/attendance/'),
    api('POST', '/api/v1/governance/meetings/{id}/attendance/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/attendance/', data={}),
    api('POST', '/api/v1/governance/meetings/{id}/cancel/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/cancel/', data={}),
    api('POST', '/api/v1/governance/meetings/{id}/guests/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/guests/', data={}),
    api('POST', '/api/v1/governance/meetings/{id}/held/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/held/', data={}),
    api('GET', '/api/v1/governance/meetings/{id}/minutes/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/governance/meetings/{gov_meeting_a}/minutes/'),
    api('PATCH', '/api/v1/governance/meetings/{id}/minutes/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/minutes/', data={'version': 0}),
    api('POST', '/api/v1/governance/meetings/{id}/minutes/amend/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/minutes/amend/', data={}),
    api('POST', '/api/v1/governance/meetings/{id}/minutes/approve/', '403 403 403 400 403 403 403 404 400 401', path='/api/v1/governance/meetings/{gov_meeting_b}/minutes/approve/', data={}, note="only the body's co-chairs"),
    api('POST', '/api/v1/governance/meetings/{id}/minutes/return/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/minutes/return/', data={}),
    api('POST', '/api/v1/governance/meetings/{id}/minutes/submit/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/meetings/{gov_meeting_b}/minutes/submit/', data={}, note='a scheduled meeting has no minutes to submit'),
    # --- API: decisions ---------------------------------------------------------------------
    api('GET', '/api/v1/governance/decisions/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/governance/decisions/', '201 201 403 201 403 201 403 400 201 401', data={'alliance': '{alliance_b}', 'title': 'Matrix decision', 'area': 'development'}, note='contributing: partner B co-chairs a body'),
    api('GET', '/api/v1/governance/decisions/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/governance/decisions/{gov_decision_a2}/'),
    api('PATCH', '/api/v1/governance/decisions/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/decisions/{gov_decision_b}/', data={'title': ''}),
    api('POST', '/api/v1/governance/decisions/{id}/status/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/decisions/{gov_decision_b}/status/', data={}),
    # --- API: action items ------------------------------------------------------------------
    api('GET', '/api/v1/governance/actions/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/governance/actions/', '201 201 403 201 403 201 403 400 201 401', data={'alliance': '{alliance_b}', 'title': 'Matrix action', 'owner': '{partner_b_user}', 'due_on': DUE}),
    api('GET', '/api/v1/governance/actions/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/governance/actions/{gov_action_a2}/'),
    api('PATCH', '/api/v1/governance/actions/{id}/', '200 200 403 200 403 200 403 404 403 401', path='/api/v1/governance/actions/{gov_action_b}/', data={'title': 'Matrix title'}, note='the owner (partner B) changes only the status'),
    api('PATCH', '/api/v1/governance/actions/{id}/', '200 200 403 200 403 200 403 404 200 401', path='/api/v1/governance/actions/{gov_action_b}/', data={'status': 'in_progress'}),
    # --- API: issues ------------------------------------------------------------------------
    api('GET', '/api/v1/governance/issues/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/governance/issues/', '201 201 403 201 403 201 403 400 201 401', data={'alliance': '{alliance_b}', 'title': 'Matrix issue', 'area': 'legal'}),
    api('GET', '/api/v1/governance/issues/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/governance/issues/{gov_issue_a2}/'),
    api('PATCH', '/api/v1/governance/issues/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/issues/{gov_issue_b}/', data={'title': ''}),
    api('POST', '/api/v1/governance/issues/{id}/assign/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/issues/{gov_issue_b}/assign/', data={}),
    api('POST', '/api/v1/governance/issues/{id}/close/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/issues/{gov_issue_b}/close/', data={}, note='an unresolved issue cannot be closed'),
    api('POST', '/api/v1/governance/issues/{id}/escalate/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/issues/{gov_issue_b}/escalate/', data={}),
    api('POST', '/api/v1/governance/issues/{id}/reopen/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/issues/{gov_issue_b}/reopen/', data={}),
    api('POST', '/api/v1/governance/issues/{id}/resolve/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/issues/{gov_issue_b}/resolve/', data={}),
    # --- API: risks (internal) --------------------------------------------------------------
    api('GET', '/api/v1/governance/risks/', '200 200 200 200 200 200 200 200 200 401', note='an empty list for partner users'),
    api('POST', '/api/v1/governance/risks/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'title': 'Matrix risk', 'area': 'legal', 'likelihood': 2, 'impact': 3, 'owner': '{gov_manager_b}', 'review_on': DUE}),
    api('GET', '/api/v1/governance/risks/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/governance/risks/{gov_risk_a2}/'),
    api('PATCH', '/api/v1/governance/risks/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/governance/risks/{gov_risk_b}/', data={'likelihood': 9}),
    # --- API: partner communications --------------------------------------------------------
    api('GET', '/api/v1/governance/communications/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/governance/communications/', '201 201 403 201 403 201 403 400 403 401', data={'alliance': '{alliance_b}', 'title': 'Matrix release', 'kind': 'press_release', 'proposed_by': '{partner_co_b}'}),
    api('GET', '/api/v1/governance/communications/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/governance/communications/{gov_communication_a}/'),
    api('PATCH', '/api/v1/governance/communications/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/communications/{gov_communication_b}/', data={'title': ''}),
    api('POST', '/api/v1/governance/communications/{id}/conclude/', '400 400 403 400 403 400 403 404 400 401', path='/api/v1/governance/communications/{gov_communication_b}/conclude/', data={}, note='a listed reviewer (partner B) records the outcome'),
    api('POST', '/api/v1/governance/communications/{id}/submit/', '200 200 403 200 403 200 403 404 403 401', path='/api/v1/governance/communications/{gov_communication_b}/submit/', data={}),
    api('POST', '/api/v1/governance/communications/{id}/withdraw/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/governance/communications/{gov_communication_b}/withdraw/', data={}),
]
# fmt: on


def targets(world) -> dict:
    """The governance the rows name, built through the real actions."""
    from django.utils import timezone

    from accord.governance import actions
    from accord.governance.models import CommitteeKind, CommitteeRole

    co_chair, member = CommitteeRole.CO_CHAIR, CommitteeRole.MEMBER
    seated_from = dt.date(2024, 1, 1)
    soon = timezone.now() + dt.timedelta(days=30)
    due = dt.date(2027, 6, 30)

    def body(actor, alliance, name, seats, **charter):
        committee = actions.committee_create(
            actor=actor,
            alliance=alliance,
            data={"name": name, "kind": charter.pop("kind", CommitteeKind.JSC), **charter},
        )
        made = [
            actions.committee_member_add(
                actor=actor, committee=committee, user=user, role=role, start_date=seated_from
            )
            for user, role in seats
        ]
        return committee, made

    def meeting(actor, committee, internal=False):
        return actions.meeting_schedule(
            actor=actor,
            committee=committee,
            data={"starts_at": soon, "modality": "hybrid", "is_internal": internal},
        )

    def decision(actor, alliance, committee, **extra):
        return actions.decision_create(
            actor=actor,
            alliance=alliance,
            data={"title": "Go to phase 2", "area": "development", "committee": committee, **extra},
        )

    def action(actor, alliance, owner, **extra):
        return actions.action_create(
            actor=actor,
            alliance=alliance,
            data={"title": "Ship samples", "owner": owner, "due_on": due, **extra},
        )

    def issue(actor, alliance, level):
        return actions.issue_create(
            actor=actor,
            alliance=alliance,
            data={"title": "Slow shipments", "area": "legal", "level": level},
        )

    def risk(actor, alliance, **extra):
        return actions.risk_create(
            actor=actor,
            alliance=alliance,
            data={
                "title": "Supply",
                "area": "legal",
                "likelihood": 2,
                "impact": 3,
                "owner": actor,
                "review_on": due,
                **extra,
            },
        )

    def communication(actor, alliance, partner, **extra):
        return actions.communication_create(
            actor=actor,
            alliance=alliance,
            data={
                "title": "Press release",
                "kind": "press_release",
                "proposed_by": partner,
                **extra,
            },
        )

    ma, mb, a, b, a2 = (
        world.manager_a,
        world.manager_b,
        world.alliance_a,
        world.alliance_b,
        world.program_a2,
    )
    jsc_a, _ = body(
        world.leader,
        a,
        "JSC A",
        [(ma, co_chair), (world.firewalled, member), (world.partner_a, co_chair)],
    )
    team_a2, _ = body(
        world.leader,
        a,
        "A2 team",
        [(ma, co_chair), (world.partner_a, co_chair)],
        kind=CommitteeKind.WORKING_TEAM,
        parent=jsc_a,
        program=a2,
    )
    jsc_b, seats_b = body(
        world.leader,
        b,
        "JSC B",
        [(mb, co_chair), (world.contributor, member), (world.partner_b, co_chair)],
    )
    meeting_b = meeting(mb, jsc_b)
    agenda_b = actions.agenda_item_add(actor=mb, meeting=meeting_b, data={"title": "Budget"})
    actions.agenda_item_add(actor=mb, meeting=meeting_b, data={"title": "Timeline"})
    return {
        "gov_committee_a": jsc_a.pk,
        "gov_committee_a2": team_a2.pk,
        "gov_committee_b": jsc_b.pk,
        "gov_seat_b": seats_b[1].pk,  # the contributor's seat on JSC B
        "gov_meeting_a": meeting(ma, jsc_a).pk,
        "gov_meeting_a_internal": meeting(ma, jsc_a, internal=True).pk,
        "gov_meeting_a2": meeting(ma, team_a2).pk,
        "gov_meeting_b": meeting_b.pk,
        "gov_agenda_b": agenda_b.pk,
        "gov_decision_a": decision(ma, a, jsc_a).pk,
        "gov_decision_a_internal": decision(ma, a, jsc_a, is_internal=True).pk,
        "gov_decision_a2": decision(ma, a, team_a2, program=a2).pk,
        "gov_decision_b": decision(mb, b, jsc_b).pk,
        "gov_action_a": action(ma, a, world.partner_a, committee=jsc_a).pk,
        "gov_action_a2": action(ma, a, ma, program=a2).pk,
        "gov_action_b": action(mb, b, world.partner_b, committee=jsc_b).pk,
        "gov_issue_a": issue(ma, a, jsc_a).pk,
        "gov_issue_a2": issue(ma, a, team_a2).pk,
        "gov_issue_b": issue(mb, b, jsc_b).pk,
        "gov_risk_a": risk(ma, a).pk,
        "gov_risk_a2": risk(ma, a, program=a2).pk,
        "gov_risk_b": risk(mb, b).pk,
        "gov_communication_a": communication(ma, a, world.partner_co_a).pk,
        "gov_communication_a2": communication(ma, a, world.partner_co_a, program=a2).pk,
        "gov_communication_b": communication(mb, b, world.own, reviewers=[world.partner_b]).pk,
        "gov_manager_b": mb.pk,
    }
