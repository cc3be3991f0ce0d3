"""The contract register's rows of the authorization matrix (accord/core/authz_matrix.py).

The register is internal (accord.contracts.models.common.sees_register): partner users see
none of it. Its entries are absent for them (404, even on their own alliance, as for anyone
out of scope), the alliance's Contracts tab, the conflict checks and "may we…?" are refused
(403) on an alliance they can see, and the portfolio-wide lists answer 200 with nothing in
them. Entries tied to firewalled program A2 exist only for the cleared internal staff
(manager_a). Editing is for those who may edit the alliance (leaders, admins, the people who
run it); executives read and never change.

Personas, in order: admin leader manager_a manager_b executive contributor firewalled
partner_a partner_b anonymous.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.core.authz_matrix import Row, api, page

# fmt: off
ROWS: list[Row] = [
    # --- The alliance's Contracts tab and what is created from it ----------------------------
    page('alliances/<int:pk>/contracts/', 'GET', '/alliances/{alliance_a}/contracts/', '200 200 200 200 200 200 200 403 404 302', note='the register is internal: a partner sees the alliance, not its register'),
    page('alliances/<int:pk>/contracts/', 'GET', '/alliances/{alliance_b}/contracts/', '200 200 200 200 200 200 200 404 403 302'),
    page('alliances/<int:pk>/contracts/agreements/new/', 'GET', '/alliances/{alliance_a}/contracts/agreements/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/contracts/agreements/new/', 'POST', '/alliances/{alliance_b}/contracts/agreements/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/contracts/events/', 'POST', '/alliances/{alliance_b}/contracts/events/', '302 302 403 302 403 302 403 404 403 302', note='posted from the Contracts tab: errors come back there as messages'),
    page('alliances/<int:pk>/contracts/import/', 'GET', '/alliances/{alliance_a}/contracts/import/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/contracts/import/', 'POST', '/alliances/{alliance_b}/contracts/import/', '400 400 403 400 403 400 403 404 403 302'),
    page('contracts/imports/<int:pk>/', 'GET', '/contracts/imports/{agreement_import_a}/', '200 200 200 200 200 200 200 404 404 302', note='an import is part of the internal register: absent for partner users'),
    page('contracts/imports/<int:pk>/progress/', 'GET', '/contracts/imports/{agreement_import_a}/progress/', '200 200 200 200 200 200 200 404 404 302'),
    page('alliances/<int:pk>/contracts/<str:kind>/new/', 'GET', '/alliances/{alliance_a}/contracts/restriction/new/?finding={finding_b}', '404 404 404 403 403 403 403 403 404 302', note="a finding of another alliance's import: 404 for whoever may write here"),
    page('alliances/<int:pk>/contracts/<str:kind>/new/', 'GET', '/alliances/{alliance_a}/contracts/obligation/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/contracts/<str:kind>/new/', 'POST', '/alliances/{alliance_b}/contracts/milestone/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/contracts/<str:kind>/new/', 'GET', '/alliances/{alliance_a}/contracts/nonsense/new/', '404 404 404 404 404 404 404 404 404 302', note='no such kind of entry'),
    # --- Pre-signing reviews (internal, like the register) ----------------------------------------
    page('alliances/<int:pk>/contracts/presigning/', 'GET', '/alliances/{alliance_a}/contracts/presigning/', '200 200 200 403 403 403 403 403 404 302', note='for those who may edit the register'),
    page('alliances/<int:pk>/contracts/presigning/', 'POST', '/alliances/{alliance_b}/contracts/presigning/', '400 400 403 400 403 400 403 404 403 302', note='no files: a writer gets 400'),
    page('contracts/presigning/<int:pk>/', 'GET', '/contracts/presigning/{presigning_review_a}/', '200 200 200 200 200 200 200 404 404 302', note='internal: absent for partner users'),
    page('contracts/presigning/<int:pk>/', 'GET', '/contracts/presigning/{presigning_review_a2}/', '404 404 200 404 404 404 404 404 404 302', note='of firewalled A2: only cleared internal staff'),
    page('contracts/presigning/findings/<int:pk>/dismiss/', 'POST', '/contracts/presigning/findings/{presigning_finding_b}/dismiss/', '302 302 403 302 403 302 403 404 404 302', note='a missing reason comes back as a message'),
    page('contracts/presigning/findings/<int:pk>/dismiss/', 'POST', '/contracts/presigning/findings/{presigning_finding_a2}/dismiss/', '404 404 302 404 404 404 404 404 404 302'),
    # --- Agreements and their defined terms -----------------------------------------------------
    page('contracts/agreements/<int:pk>/', 'GET', '/contracts/agreements/{agreement_a}/', '200 200 200 200 200 200 200 404 404 302', note='register entries are absent for partner users'),
    page('contracts/agreements/<int:pk>/edit/', 'GET', '/contracts/agreements/{agreement_a}/edit/', '200 200 200 403 403 403 403 404 404 302'),
    page('contracts/agreements/<int:pk>/edit/', 'POST', '/contracts/agreements/{agreement_b}/edit/', '400 400 403 400 403 400 403 404 404 302'),
    page('contracts/agreements/<int:pk>/delete/', 'GET', '/contracts/agreements/{agreement_a}/delete/', '200 200 200 403 403 403 403 404 404 302'),
    page('contracts/agreements/<int:pk>/delete/', 'POST', '/contracts/agreements/{agreement_b}/delete/', '400 400 403 400 403 400 403 404 404 302'),
    page('contracts/agreements/<int:pk>/terms/', 'POST', '/contracts/agreements/{agreement_b}/terms/', '302 302 403 302 403 302 403 404 404 302', note='posted from the agreement page: errors come back there as messages'),
    page('contracts/agreements/<int:pk>/documents/', 'POST', '/contracts/agreements/{agreement_b}/documents/', '302 302 403 302 403 302 403 404 404 302', note='posted from the agreement page: errors come back there as messages'),
    page('contracts/terms/', 'GET', '/contracts/terms/', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty list'),
    page('contracts/terms/export.xlsx', 'GET', '/contracts/terms/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty sheet'),
    page('contracts/terms/<int:pk>/delete/', 'POST', '/contracts/terms/{defined_term_b}/delete/', '302 302 403 302 403 302 403 404 404 302'),
    page('contracts/events/<int:pk>/delete/', 'POST', '/contracts/events/{contract_event_b}/delete/', '302 302 403 302 403 302 403 404 404 302', note='a missing reason comes back as a message'),
    page('contracts/events/<int:pk>/delete/', 'POST', '/contracts/events/{contract_event_a2}/delete/', '404 404 302 404 404 404 404 404 404 302', note="an event of firewalled A2: only cleared staff"),
    # --- Obligations --------------------------------------------------------------------------
    page('contracts/obligations/', 'GET', '/contracts/obligations/', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty list'),
    page('contracts/obligations/export.xlsx', 'GET', '/contracts/obligations/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty sheet'),
    page('contracts/obligations/<int:pk>/', 'GET', '/contracts/obligations/{obligation_a}/', '200 200 200 200 200 200 200 404 404 302'),
    page('contracts/obligations/<int:pk>/', 'GET', '/contracts/obligations/{obligation_a2}/', '404 404 200 404 404 404 404 404 404 302', note='of firewalled A2: only cleared internal staff'),
    page('contracts/obligations/<int:pk>/complete/', 'POST', '/contracts/obligations/{obligation_b}/complete/', '400 400 403 400 403 400 403 404 404 302'),
    page('contracts/obligations/<int:pk>/status/', 'POST', '/contracts/obligations/{obligation_b}/status/', '400 400 403 400 403 400 403 404 404 302'),
    page('contracts/obligations/<int:pk>/status/', 'POST', '/contracts/obligations/{obligation_a2}/status/', '404 404 400 404 404 404 404 404 404 302'),
    # --- Milestones ---------------------------------------------------------------------------
    page('contracts/milestones/', 'GET', '/contracts/milestones/', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty list'),
    page('contracts/milestones/export.xlsx', 'GET', '/contracts/milestones/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty sheet'),
    page('contracts/milestones/<int:pk>/', 'GET', '/contracts/milestones/{milestone_a}/', '200 200 200 200 200 200 200 404 404 302'),
    page('contracts/milestones/<int:pk>/', 'GET', '/contracts/milestones/{milestone_a2}/', '404 404 200 404 404 404 404 404 404 302'),
    page('contracts/milestones/<int:pk>/achieved/', 'GET', '/contracts/milestones/{milestone_a}/achieved/', '200 200 200 403 403 403 403 404 404 302', note='the one-step form: for those who may edit the register'),
    page('contracts/milestones/<int:pk>/achieved/', 'GET', '/contracts/milestones/{milestone_a2}/achieved/', '404 404 200 404 404 404 404 404 404 302'),
    page('contracts/milestones/<int:pk>/achieved/', 'POST', '/contracts/milestones/{milestone_b}/achieved/', '400 400 403 400 403 400 403 404 404 302', note='no date: a writer gets 400'),
    page('contracts/milestones/<int:pk>/slipped/', 'GET', '/contracts/milestones/{milestone_a}/slipped/', '200 200 200 403 403 403 403 404 404 302'),
    page('contracts/milestones/<int:pk>/slipped/', 'POST', '/contracts/milestones/{milestone_b}/slipped/', '400 400 403 400 403 400 403 404 404 302', note='no date or reason: a writer gets 400'),
    # --- Rights and restrictions ----------------------------------------------------------------
    page('contracts/rights/', 'GET', '/contracts/rights/', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty list'),
    page('contracts/rights/export.xlsx', 'GET', '/contracts/rights/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note='partners get an empty sheet'),
    page('contracts/rights/<int:pk>/', 'GET', '/contracts/rights/{right_a}/', '200 200 200 200 200 200 200 404 404 302'),
    page('contracts/rights/<int:pk>/', 'GET', '/contracts/rights/{right_a2}/', '404 404 200 404 404 404 404 404 404 302'),
    page('contracts/rights/<int:pk>/exercise/', 'POST', '/contracts/rights/{right_b}/exercise/', '302 302 403 302 403 302 403 404 404 302', note='a missing date comes back as a message'),
    page('contracts/restrictions/<int:pk>/', 'GET', '/contracts/restrictions/{restriction_a}/', '200 200 200 200 200 200 200 404 404 302'),
    page('contracts/<str:kind>/<int:pk>/edit/', 'GET', '/contracts/restriction/{restriction_a}/edit/', '200 200 200 403 403 403 403 404 404 302'),
    page('contracts/<str:kind>/<int:pk>/edit/', 'GET', '/contracts/obligation/{obligation_a2}/edit/', '404 404 200 404 404 404 404 404 404 302'),
    page('contracts/<str:kind>/<int:pk>/edit/', 'POST', '/contracts/milestone/{milestone_b}/edit/', '400 400 403 400 403 400 403 404 404 302'),
    page('contracts/<str:kind>/<int:pk>/delete/', 'GET', '/contracts/right/{right_a}/delete/', '200 200 200 403 403 403 403 404 404 302'),
    page('contracts/<str:kind>/<int:pk>/delete/', 'POST', '/contracts/restriction/{restriction_b}/delete/', '400 400 403 400 403 400 403 404 404 302'),
    page('contracts/<str:kind>/<int:pk>/delete/', 'POST', '/contracts/right/{right_a2}/delete/', '404 404 400 404 404 404 404 404 404 302'),
    # --- Conflict checks (internal, across the portfolio) ---------------------------------------
    page('contracts/programs/<int:pk>/conflicts/', 'GET', '/contracts/programs/{program_a1}/conflicts/', '200 200 200 200 200 200 200 403 404 302'),
    page('contracts/programs/<int:pk>/conflicts/', 'GET', '/contracts/programs/{program_a2}/conflicts/', '404 404 200 404 404 404 404 403 404 302'),
    page('contracts/may-we/', 'GET', '/contracts/may-we/', '200 200 200 200 200 200 200 403 403 302'),
    page('contracts/may-we/', 'GET', '/contracts/may-we/?target=KRAS+G12D', '200 200 200 200 200 200 200 403 403 302'),
    # --- Calendar and its feeds ------------------------------------------------------------------
    page('contracts/calendar/', 'GET', '/contracts/calendar/', '200 200 200 200 200 200 200 200 200 302'),
    page('contracts/calendar/', 'GET', '/contracts/calendar/?alliance={alliance_b}', '200 200 200 200 200 200 200 404 200 302'),
    page('contracts/calendar/feeds/', 'GET', '/contracts/calendar/feeds/', '200 200 200 200 200 200 200 200 200 302'),
    page('contracts/calendar/feeds/', 'POST', '/contracts/calendar/feeds/', '200 200 200 200 200 200 200 404 200 302', data={'name': 'Matrix feed', 'alliance': '{alliance_b}'}, note='anyone keeps their own feeds, of alliances they see'),
    page('contracts/calendar/feeds/<int:pk>/revoke/', 'POST', '/contracts/calendar/feeds/{calendar_feed_manager_a}/revoke/', '404 404 302 404 404 404 404 404 404 302', note="only one's own feed"),
    page('contracts/feeds/<str:token>.ics', 'GET', '/contracts/feeds/{calendar_feed_manager_a_token}.ics', '200 200 200 200 200 200 200 200 200 200', note='the secret token is the credential, whoever asks'),
    page('contracts/feeds/<str:token>.ics', 'GET', '/contracts/feeds/not-a-token.ics', '404 404 404 404 404 404 404 404 404 404'),
    # --- API: agreements -------------------------------------------------------------------------
    api('GET', '/api/v1/agreements/', '200 200 200 200 200 200 200 200 200 401', note='partners get an empty list'),
    api('POST', '/api/v1/agreements/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'kind': 'master', 'title': 'Matrix agreement', 'effective_date': '2024-01-15', 'expiry_date': '2023-01-01'}, note='expiry before the start: a writer gets 400'),
    api('GET', '/api/v1/agreements/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/agreements/{agreement_a}/'),
    api('PATCH', '/api/v1/agreements/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/agreements/{agreement_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/agreements/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/agreements/{agreement_b}/', note='no reason given'),
    api('POST', '/api/v1/agreements/suggest/', '400 400 400 400 403 403 403 403 403 401', data={}, note='who keeps registers (admins, leaders, managers) may import'),
    api('GET', '/api/v1/agreement-imports/', '200 200 200 200 200 200 200 200 200 401', note='partners get an empty list'),
    api('POST', '/api/v1/agreement-imports/', '201 201 403 201 403 201 403 403 403 401', data={'alliance': '{alliance_b}', 'file': '<file:matrix.txt>'}, note='read in the background; only who may edit the alliance register imports into it'),
    api('GET', '/api/v1/agreement-imports/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/agreement-imports/{agreement_import_a}/'),
    api('GET', '/api/v1/agreement-imports/{id}/findings/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/agreement-imports/{agreement_import_a}/findings/'),
    api('POST', '/api/v1/agreement-imports/{id}/findings/{finding_id}/confirm/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/agreement-imports/{agreement_import_b}/findings/{finding_b}/confirm/', data={}, note='no entry named: a writer gets 400'),
    api('POST', '/api/v1/agreements/{id}/documents/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/agreements/{agreement_b}/documents/', data={}),
    # --- API: pre-signing reviews -------------------------------------------------------------------
    api('GET', '/api/v1/presigning-reviews/', '200 200 200 200 200 200 200 200 200 401', note='partners get an empty list'),
    api('POST', '/api/v1/presigning-reviews/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}'}, note='no files: a writer gets 400'),
    api('GET', '/api/v1/presigning-reviews/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/presigning-reviews/{presigning_review_a}/'),
    api('GET', '/api/v1/presigning-reviews/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/presigning-reviews/{presigning_review_a2}/'),
    api('GET', '/api/v1/presigning-findings/', '200 200 200 200 200 200 200 200 200 401', note='partners get an empty list'),
    api('GET', '/api/v1/presigning-findings/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/presigning-findings/{presigning_finding_a2}/'),
    api('POST', '/api/v1/presigning-findings/{id}/dismiss/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/presigning-findings/{presigning_finding_b}/dismiss/', data={}, note='no reason: a writer gets 400'),
    # --- API: defined terms and events -----------------------------------------------------------
    api('GET', '/api/v1/defined-terms/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/defined-terms/', '201 201 403 201 403 201 403 403 403 401', data={'agreement': '{agreement_b}', 'term': 'Affiliate', 'definition': 'Any entity that controls a party.', 'section': '§ 1.2'}),
    api('GET', '/api/v1/defined-terms/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/defined-terms/{defined_term_a}/'),
    api('DELETE', '/api/v1/defined-terms/{id}/', '204 204 403 204 403 204 403 404 404 401', path='/api/v1/defined-terms/{defined_term_b}/'),
    api('GET', '/api/v1/contract-events/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/contract-events/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'name': 'First Commercial Sale', 'occurred_on': '2190-01-01'}, note='a future date: a writer gets 400'),
    api('GET', '/api/v1/contract-events/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/contract-events/{contract_event_a2}/'),
    api('DELETE', '/api/v1/contract-events/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/contract-events/{contract_event_b}/', note='no reason given'),
    # --- API: obligations ------------------------------------------------------------------------
    api('GET', '/api/v1/obligations/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/obligations/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'agreement': '{agreement_b}', 'title': 'Matrix report', 'section': '§ 5.1', 'category': 'reporting', 'rule': 'fixed'}, note='a fixed rule without its date: a writer gets 400'),
    api('GET', '/api/v1/obligations/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/obligations/{obligation_a2}/'),
    api('PATCH', '/api/v1/obligations/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/obligations/{obligation_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/obligations/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/obligations/{obligation_b}/'),
    api('POST', '/api/v1/obligations/{id}/complete/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/obligations/{obligation_b}/complete/', data={}),
    api('POST', '/api/v1/obligations/{id}/status/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/obligations/{obligation_b}/status/', data={}),
    # --- API: milestones -------------------------------------------------------------------------
    api('GET', '/api/v1/milestones/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/milestones/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'agreement': '{agreement_b}', 'kind': 'development', 'title': 'Matrix milestone', 'definition': 'First dosing.', 'section': '§ 8.1', 'payer': '{partner_co_b}', 'payee': '{partner_co_b}'}, note='payer and payee the same company: a writer gets 400'),
    api('GET', '/api/v1/milestones/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/milestones/{milestone_a2}/'),
    api('PATCH', '/api/v1/milestones/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/milestones/{milestone_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/milestones/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/milestones/{milestone_b}/'),
    api('POST', '/api/v1/milestones/{id}/mark-achieved/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/milestones/{milestone_b}/mark-achieved/', data={}),
    api('POST', '/api/v1/milestones/{id}/mark-slipped/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/milestones/{milestone_b}/mark-slipped/', data={}),
    # --- API: rights and restrictions -------------------------------------------------------------
    api('GET', '/api/v1/contract-rights/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/contract-rights/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'agreement': '{agreement_b}', 'kind': 'option', 'holder': 'us', 'title': 'Matrix option', 'section': '§ 3.1', 'window_opens': '2026-01-01', 'window_closes': '2025-01-01'}, note='a window that closes before it opens: a writer gets 400'),
    api('GET', '/api/v1/contract-rights/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/contract-rights/{right_a2}/'),
    api('PATCH', '/api/v1/contract-rights/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/contract-rights/{right_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/contract-rights/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/contract-rights/{right_b}/'),
    api('GET', '/api/v1/contract-rights/{id}/conflicts/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/contract-rights/{right_a}/conflicts/'),
    api('GET', '/api/v1/contract-rights/{id}/conflicts/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/contract-rights/{right_a2}/conflicts/'),
    api('POST', '/api/v1/contract-rights/{id}/exercise/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/contract-rights/{right_b}/exercise/', data={}),
    api('GET', '/api/v1/restrictions/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/restrictions/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'agreement': '{agreement_b}', 'kind': 'exclusivity', 'bound': 'us', 'title': 'Matrix exclusivity', 'section': '§ 2.6', 'starts_on': '2026-01-01', 'ends_on': '2025-01-01'}, note='ends before it starts: a writer gets 400'),
    api('GET', '/api/v1/restrictions/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/restrictions/{restriction_a}/'),
    api('PATCH', '/api/v1/restrictions/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/restrictions/{restriction_b}/', data={'title': ''}),
    api('DELETE', '/api/v1/restrictions/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/restrictions/{restriction_b}/'),
    api('GET', '/api/v1/restrictions/{id}/conflicts/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/restrictions/{restriction_a}/conflicts/'),
    # --- API: conflict check and calendar feeds -------------------------------------------------
    api('GET', '/api/v1/conflict-check/', '400 400 400 400 400 400 400 403 403 401', note='internal only; with nothing to check, a 400'),
    api('GET', '/api/v1/conflict-check/', '404 404 200 404 404 404 404 403 403 401', path='/api/v1/conflict-check/?program={program_a2}'),
    api('GET', '/api/v1/calendar-feeds/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/calendar-feeds/', '201 201 201 201 201 201 201 400 201 401', data={'name': 'Matrix feed', 'alliance': '{alliance_b}'}, note='partner_a: an out-of-scope alliance id is refused like a missing id: 400, was 404 (accord.core.scoping)'),
    api('DELETE', '/api/v1/calendar-feeds/{id}/', '404 404 204 404 404 404 404 404 404 401', path='/api/v1/calendar-feeds/{calendar_feed_manager_a}/', note="only one's own feed"),
    # --- Variances (agreed by both sides: partner users of the alliance read and sign them) ----
    page('contracts/variances/', 'GET', '/contracts/variances/', '200 200 200 200 200 200 200 200 200 302', note='partners see their alliances\' variances'),
    page('contracts/variances/', 'GET', '/contracts/variances/?expiring=true&alliance={alliance_b}', '200 200 200 200 200 200 200 400 200 302', note='partner_a: alliance B is not a choice'),
    page('alliances/<int:pk>/contracts/variances/new/', 'GET', '/alliances/{alliance_a}/contracts/variances/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/contracts/variances/new/', 'POST', '/alliances/{alliance_b}/contracts/variances/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('contracts/variances/<int:pk>/', 'GET', '/contracts/variances/{variance_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('contracts/variances/<int:pk>/', 'GET', '/contracts/variances/{variance_a2}/', '404 404 200 404 404 404 404 200 404 302', note='of firewalled A2: cleared people of both sides'),
    page('contracts/variances/<int:pk>/edit/', 'GET', '/contracts/variances/{variance_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('contracts/variances/<int:pk>/edit/', 'POST', '/contracts/variances/{variance_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('contracts/variances/<int:pk>/sign/', 'POST', '/contracts/variances/{variance_b}/sign/', '400 400 403 400 403 400 403 404 400 302', note='no password: a signer of either side gets 400'),
    page('contracts/variances/<int:pk>/withdraw/', 'POST', '/contracts/variances/{variance_b}/withdraw/', '400 400 403 400 403 400 403 404 403 302', note='no reason'),
    page('contracts/variances/<int:pk>/formalise/', 'POST', '/contracts/variances/{variance_b}/formalise/', '400 400 403 400 403 400 403 404 403 302', note='no amendment'),
    api('GET', '/api/v1/variances/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/variances/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'title': 'Matrix variance', 'section': '§ 5.3', 'instead': 'Remote details count.', 'reason': 'Lockdown.', 'starts_on': '2026-02-01', 'ends_on': '2026-01-01', 'revisit_on': '2026-01-01'}, note='ends before it starts: a writer gets 400'),
    api('GET', '/api/v1/variances/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/variances/{variance_a}/'),
    api('GET', '/api/v1/variances/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/variances/{variance_a2}/'),
    api('PATCH', '/api/v1/variances/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/variances/{variance_b}/', data={'title': ''}),
    api('POST', '/api/v1/variances/{id}/sign/', '400 400 403 400 403 400 403 404 400 401', path='/api/v1/variances/{variance_b}/sign/', data={}),
    api('POST', '/api/v1/variances/{id}/withdraw/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/variances/{variance_b}/withdraw/', data={}),
    api('POST', '/api/v1/variances/{id}/formalise/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/variances/{variance_b}/formalise/', data={}),
    # --- Glossary (both sides read it; the people who run the alliance keep it) ---------------
    page('alliances/<int:pk>/glossary/', 'GET', '/alliances/{alliance_a}/glossary/', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/glossary/new/', 'GET', '/alliances/{alliance_a}/glossary/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/glossary/new/', 'POST', '/alliances/{alliance_b}/glossary/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/glossary/seed/', 'POST', '/alliances/{alliance_b}/glossary/seed/', '302 302 403 302 403 302 403 404 403 302', data={'agreement': ''}),
    page('alliances/<int:pk>/glossary/export.xlsx', 'GET', '/alliances/{alliance_a}/glossary/export.xlsx', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/glossary/export.pdf', 'GET', '/alliances/{alliance_a}/glossary/export.pdf', '200 200 200 200 200 200 200 200 404 302'),
    page('contracts/glossary/<int:pk>/', 'GET', '/contracts/glossary/{glossary_term_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('contracts/glossary/<int:pk>/edit/', 'GET', '/contracts/glossary/{glossary_term_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('contracts/glossary/<int:pk>/edit/', 'POST', '/contracts/glossary/{glossary_term_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('contracts/glossary/<int:pk>/delete/', 'POST', '/contracts/glossary/{glossary_term_b}/delete/', '400 400 403 400 403 400 403 404 403 302', note='no reason'),
    page('contracts/glossary/<int:pk>/agree/', 'POST', '/contracts/glossary/{glossary_term_b}/agree/', '400 400 403 400 403 400 403 404 403 302', note='no agreed meaning written yet'),
    page('contracts/glossary/<int:pk>/endorse/', 'POST', '/contracts/glossary/{glossary_term_b}/endorse/', '400 400 403 400 403 400 403 404 403 302'),
    page('contracts/glossary/<int:pk>/words/', 'POST', '/contracts/glossary/{glossary_term_b}/words/', '400 400 403 400 403 400 403 404 400 302', note="the partner's team suggests its own words"),
    page('contracts/glossary/words/<int:pk>/agree/', 'POST', '/contracts/glossary/words/{team_word_b}/agree/', '302 302 403 302 403 302 403 404 403 302'),
    page('contracts/glossary/words/<int:pk>/delete/', 'POST', '/contracts/glossary/words/{team_word_b}/delete/', '302 302 403 302 403 302 403 404 403 302'),
    api('GET', '/api/v1/glossary/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/glossary/', '400 400 403 400 403 400 403 403 403 401', data={'alliance': '{alliance_b}', 'term': 'Detail', 'translations': {'not a code': 'x'}}, note='a bad language code: a keeper gets 400'),
    api('GET', '/api/v1/glossary/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/glossary/{glossary_term_a}/'),
    api('PATCH', '/api/v1/glossary/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/glossary/{glossary_term_b}/', data={'term': ''}),
    api('DELETE', '/api/v1/glossary/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/glossary/{glossary_term_b}/', note='no reason'),
    api('POST', '/api/v1/glossary/{id}/agree/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/glossary/{glossary_term_b}/agree/', data={}),
    api('POST', '/api/v1/glossary/{id}/endorse/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/glossary/{glossary_term_b}/endorse/', data={}),
    api('POST', '/api/v1/glossary/{id}/words/', '400 400 403 400 403 400 403 404 400 401', path='/api/v1/glossary/{glossary_term_b}/words/', data={}),
    api('POST', '/api/v1/glossary/seed/', '200 200 403 200 403 200 403 404 403 401', data={'alliance': '{alliance_b}'}),
]
# fmt: on


def targets(world) -> dict:
    """A register on alliance A (some of it about firewalled program A2) and on alliance B."""
    from accord.contracts import actions

    from . import factories

    agreement_a = factories.agreement(world.alliance_a, actor=world.manager_a)
    agreement_b = factories.agreement(world.alliance_b, actor=world.manager_b)
    term = {
        "term": "Licensed Product",
        "definition": "Any product containing the compound.",
        "section": "§ 1.32",
    }
    term_a = actions.defined_term_create(actor=world.manager_a, agreement=agreement_a, data=term)
    term_b = actions.defined_term_create(actor=world.manager_b, agreement=agreement_b, data=term)
    occurred = dt.date(2024, 6, 1)
    event_b = actions.event_record(
        actor=world.manager_b,
        alliance=world.alliance_b,
        name="First Patient Dosed",
        occurred_on=occurred,
    )
    event_a2 = actions.event_record(
        actor=world.manager_a,
        alliance=world.alliance_a,
        program=world.program_a2,
        name="Candidate nominated",
        occurred_on=occurred,
    )
    a2 = {"actor": world.manager_a, "program": world.program_a2}
    feed, token = actions.feed_create(actor=world.manager_a, name="My dates")
    review_a = _review(world.manager_a, world.alliance_a)
    review_a2 = _review(world.manager_a, world.alliance_a, world.program_a2)
    review_b = _review(world.manager_b, world.alliance_b)
    imports = {}
    for key, alliance, actor in (
        ("a", world.alliance_a, world.manager_a),
        ("b", world.alliance_b, world.manager_b),
    ):
        started = actions.agreement_import_start(
            actor=actor,
            alliance=alliance,
            upload=SimpleUploadedFile(
                "licence.txt",
                b"Licensee shall pay royalties within 45 days after the end of each calendar quarter.",
            ),
        )
        imports[key] = actions.agreement_import_run(started.pk)
    obligation_a = factories.obligation(agreement_a, actor=world.manager_a)
    obligation_a2 = factories.obligation(agreement_a, title="A2 report", **a2)
    obligation_b = factories.obligation(agreement_b, actor=world.manager_b)
    glossary_a = actions.glossary_term_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"term": "Detail", "meaning": "A sales call on a physician, in person or remote."},
    )
    glossary_b = actions.glossary_term_create(
        actor=world.manager_b, alliance=world.alliance_b, data={"term": "Net Sales"}
    )
    word_b = actions.team_word_suggest(
        actor=world.partner_b, term=glossary_b, company=world.partner_co_b, word="net revenue"
    )
    return {
        "agreement_import_a": imports["a"].pk,
        "agreement_import_b": imports["b"].pk,
        "finding_b": imports["b"].findings.first().pk,
        "glossary_term_a": glossary_a.pk,
        "glossary_term_b": glossary_b.pk,
        "team_word_b": word_b.pk,
        "agreement_a": agreement_a.pk,
        "agreement_b": agreement_b.pk,
        "defined_term_a": term_a.pk,
        "defined_term_b": term_b.pk,
        "contract_event_b": event_b.pk,
        "contract_event_a2": event_a2.pk,
        "obligation_a": obligation_a.pk,
        "obligation_a2": obligation_a2.pk,
        "obligation_b": obligation_b.pk,
        "variance_a": factories.variance(obligation_a, actor=world.manager_a).pk,
        "variance_a2": factories.variance(obligation_a2, actor=world.manager_a).pk,
        "variance_b": factories.variance(obligation_b, actor=world.manager_b).pk,
        "milestone_a": factories.milestone(agreement_a, actor=world.manager_a).pk,
        "milestone_a2": factories.milestone(agreement_a, title="A2 nomination", **a2).pk,
        "milestone_b": factories.milestone(agreement_b, actor=world.manager_b).pk,
        "right_a": factories.right(agreement_a, actor=world.manager_a).pk,
        "right_a2": factories.right(agreement_a, title="A2 option", **a2).pk,
        "right_b": factories.right(agreement_b, actor=world.manager_b).pk,
        "restriction_a": factories.restriction(agreement_a, actor=world.manager_a).pk,
        "restriction_b": factories.restriction(agreement_b, actor=world.manager_b).pk,
        "calendar_feed_manager_a": feed.pk,
        "presigning_review_a": review_a.pk,
        "presigning_review_a2": review_a2.pk,
        "presigning_finding_a2": review_a2.findings.first().pk,
        "presigning_finding_b": review_b.findings.first().pk,
        "calendar_feed_manager_a_token": token,
    }


def _review(actor, alliance, program=None):
    """A small pre-signing review, read: its plan uses a term the agreement never defines."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accord.contracts import actions

    review = actions.presigning_review_start(
        actor=actor,
        alliance=alliance,
        program=program,
        agreement_file=SimpleUploadedFile(
            "agreement.txt", b'1.1 "Licensed Product" means any product containing the Compound.'
        ),
        plan_files=[
            SimpleUploadedFile(
                "plan.txt", b"The team will report the Interim Readout of the Licensed Product."
            )
        ],
    )
    return actions.presigning_review_run(review.pk)
