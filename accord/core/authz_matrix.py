"""The authorization matrix: for every page URL pattern and every API operation, what each
persona gets. Machine-readable, and enforced by accord/core/tests/test_authz_matrix.py, which
fails when a URL pattern or an OpenAPI operation has no row and replays every row as every
persona of the `world` fixture (accord/conftest.py).

This module holds the rows of the foundation (core, people, portfolio, notifications); each
other app keeps its own rows beside its tests, as `ROWS` in accord/<app>/tests/authz.py, with
a `targets(world)` there that creates the app's objects its rows name ({agreement_a}, …).

Each row is `page(route, method, path, statuses)` or `api(method, path, statuses)`:

- `route` is the Django URL pattern exactly as the resolver spells it (prefixes joined), e.g.
  "alliances/<int:pk>/edit/"; for the API, the operation is METHOD + the OpenAPI path.
- `path` is the URL requested, with world objects in braces: {alliance_a}, {alliance_b},
  {program_a1}, {program_a2} (firewalled: cleared are manager_a and partner_a), {program_b1},
  {partner_co_a}, {partner_co_b}, {manager_a} (a user id), {partner_b_user},
  {member_partner_a} (partner_a's membership of A), {objective_a}, {document_a},
  {document_a2} (of program A2), {file_a}, {file_a2}, {token_manager_a}, {file_none}.
- `statuses` lists the expected HTTP status for the personas in this order:

      admin leader manager_a manager_b executive contributor firewalled partner_a partner_b anonymous

  Conventions: out of scope = 404; visible but not allowed = 403; a page for anonymous = 302
  (to sign in), the API for anonymous = 401. A POST row sends `data` (default: nothing), so
  an allowed writer usually gets 400 (the form names the missing fields); every request is
  rolled back after it is checked.

Not listed, on purpose: the Django admin's model pages (admin/<app>/<model>/…), which Django
guards itself (staff only, per-model permissions); the admin index row below proves the gate.
API URL patterns are checked through their OpenAPI operations rather than their regexes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSONAS = (
    "admin",
    "leader",
    "manager_a",
    "manager_b",
    "executive",
    "contributor",
    "firewalled",
    "partner_a",
    "partner_b",
    "anonymous",
)
# Routes the matrix does not list (see the module docstring), by prefix.
EXCLUDED_ROUTE_PREFIXES = ("admin/(?P<url>", "api/v1/^")
EXCLUDED_ADMIN = "admin/"  # every admin route except the index itself


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    path: str
    expect: tuple[int, ...]
    data: dict | None = None
    api: bool = False
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def operation(self) -> str:
        return f"{self.method} {self.route}"


def _statuses(text: str) -> tuple[int, ...]:
    values = tuple(int(value) for value in text.split())
    if len(values) != len(PERSONAS):
        raise ValueError(f"{len(values)} statuses for {len(PERSONAS)} personas: {text!r}")
    return values


def page(route: str, method: str, path: str, statuses: str, data=None, note="") -> Row:
    return Row(route, method, path, _statuses(statuses), data=data, note=note)


def api(method: str, operation: str, statuses: str, path=None, data=None, note="") -> Row:
    """`operation` is the OpenAPI path ({id} and all); `path` fills it with world objects."""
    return Row(
        operation, method, path or operation, _statuses(statuses), data=data, api=True, note=note
    )


# fmt: off
MATRIX: list[Row] = [
    page('', 'GET', '/', '200 200 200 200 200 200 200 200 200 302', note='each person\'s front door (My week, the team, the executive view, the partner workspace)'),
    page('healthz', 'GET', '/healthz', '200 200 200 200 200 200 200 200 200 200'),
    page('files/<uuid:pk>/', 'GET', '/files/{file_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('files/<uuid:pk>/', 'GET', '/files/{file_a2}/', '404 404 200 404 404 404 404 200 404 302', note="a firewalled program's file: only the cleared"),
    page('audit/', 'GET', '/audit/', '200 200 403 403 200 403 403 403 403 302', note='the whole trail: reviewers only'),
    page('audit/', 'GET', '/audit/?alliance={alliance_a}', '200 200 200 200 200 200 200 403 403 302'),
    page('audit/export.csv', 'GET', '/audit/export.csv', '200 200 403 403 200 403 403 403 403 302'),
    page('audit/export.csv', 'GET', '/audit/export.csv?alliance={alliance_b}', '200 200 200 200 200 200 200 403 403 302'),
    page('audit/export.pdf', 'GET', '/audit/export.pdf?object=portfolio.program:{program_a2}', '404 404 200 404 404 404 404 403 403 302'),
    page('people/', 'GET', '/people/', '200 200 200 200 200 200 200 200 200 302'),
    page('people/<int:pk>/', 'GET', '/people/{manager_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('people/<int:pk>/', 'GET', '/people/{partner_b_user}/', '200 200 200 200 200 200 200 404 200 302'),
    page('settings/', 'GET', '/settings/', '200 200 200 200 200 200 200 200 200 302'),
    page('settings/', 'POST', '/settings/', '400 400 400 400 400 400 400 400 400 302', data={'time_zone': 'Mars/Olympus'}),
    page('settings/tokens/', 'GET', '/settings/tokens/', '200 200 200 200 200 200 200 200 200 302'),
    # Without single sign-on configured, it says so and goes back (to "/" here).
    page('reauthenticate/sso/', 'POST', '/reauthenticate/sso/', '302 302 302 302 302 302 302 302 302 302'),
    page('settings/tokens/<int:pk>/revoke/', 'POST', '/settings/tokens/{token_manager_a}/revoke/', '404 404 302 404 404 404 404 404 404 302'),
    page('alliances/', 'GET', '/alliances/', '200 200 200 200 200 200 200 200 200 302'),
    page('choices/<str:kind>/', 'GET', '/choices/partners/', '200 200 200 200 200 200 200 200 200 302'),
    page('alliances/new/', 'GET', '/alliances/new/', '200 200 200 200 403 403 403 403 403 302'),
    page('alliances/new/', 'POST', '/alliances/new/', '400 400 400 400 403 403 403 403 403 302'),
    page('alliances/export.xlsx', 'GET', '/alliances/export.xlsx', '200 200 200 200 200 200 200 200 200 302'),
    page('alliances/<int:pk>/', 'GET', '/alliances/{alliance_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/', 'GET', '/alliances/{alliance_b}/', '200 200 200 200 200 200 200 404 200 302', note='out of scope is 404'),
    page('alliances/<int:pk>/edit/', 'GET', '/alliances/{alliance_a}/edit/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/edit/', 'POST', '/alliances/{alliance_b}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/delete/', 'GET', '/alliances/{alliance_a}/delete/', '200 200 403 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/delete/', 'POST', '/alliances/{alliance_b}/delete/', '200 200 403 403 403 403 403 404 403 302'),
    page('alliances/<int:pk>/tier/', 'GET', '/alliances/{alliance_a}/tier/', '200 200 200 200 200 200 200 403 404 302'),
    page('alliances/<int:pk>/tier/', 'POST', '/alliances/{alliance_a}/tier/', '400 400 403 403 403 403 403 403 404 302', data={'override': '1'}),
    page('alliances/<int:pk>/status/', 'POST', '/alliances/{alliance_a}/status/', '302 302 302 403 403 403 403 403 404 302', data={'override': '1'}, note='override the derived status: errors come back as messages; partners never see the status'),
    page('alliances/<int:pk>/history/', 'GET', '/alliances/{alliance_a}/history/', '200 200 200 200 200 200 200 403 404 302'),
    page('alliances/<int:pk>/team/', 'GET', '/alliances/{alliance_a}/team/', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/team/', 'POST', '/alliances/{alliance_b}/team/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/team/<int:member_pk>/remove/', 'POST', '/alliances/{alliance_a}/team/{member_partner_a}/remove/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/team/<int:member_pk>/allocation/', 'POST', '/alliances/{alliance_a}/team/{member_partner_a}/allocation/', '302 302 302 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/objectives/', 'POST', '/alliances/{alliance_a}/objectives/', '302 302 302 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/objectives/<int:objective_pk>/remove/', 'POST', '/alliances/{alliance_a}/objectives/{objective_a}/remove/', '302 302 302 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/programs/new/', 'GET', '/alliances/{alliance_a}/programs/new/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/programs/new/', 'POST', '/alliances/{alliance_b}/programs/new/', '400 400 403 400 403 400 403 404 403 302'),
    page('alliances/<int:pk>/documents/', 'GET', '/alliances/{alliance_a}/documents/', '200 200 200 200 200 200 200 200 404 302'),
    page('alliances/<int:pk>/documents/', 'POST', '/alliances/{alliance_a}/documents/', '400 400 400 403 403 403 400 400 404 302'),
    page('alliances/<int:pk>/documents/<int:doc_pk>/delete/', 'GET', '/alliances/{alliance_a}/documents/{document_a}/delete/', '200 200 200 403 403 403 403 403 404 302'),
    page('alliances/<int:pk>/documents/<int:doc_pk>/delete/', 'GET', '/alliances/{alliance_a}/documents/{document_a2}/delete/', '404 404 200 404 404 404 404 403 404 302'),
    page('alliances/<int:pk>/documents/<int:doc_pk>/delete/', 'POST', '/alliances/{alliance_a}/documents/{document_a}/delete/', '400 400 400 403 403 403 403 403 404 302'),
    page('programs/<int:pk>/', 'GET', '/programs/{program_a1}/', '200 200 200 200 200 200 200 200 404 302'),
    page('programs/<int:pk>/', 'GET', '/programs/{program_a2}/', '404 404 200 404 404 404 404 200 404 302', note='firewalled: absent for everyone not cleared, leaders included'),
    page('programs/<int:pk>/edit/', 'GET', '/programs/{program_a2}/edit/', '404 404 200 404 404 404 404 403 404 302'),
    page('programs/<int:pk>/edit/', 'POST', '/programs/{program_b1}/edit/', '400 400 403 400 403 400 403 404 403 302'),
    page('programs/<int:pk>/delete/', 'GET', '/programs/{program_a1}/delete/', '200 200 200 403 403 403 403 403 404 302'),
    page('programs/<int:pk>/delete/', 'POST', '/programs/{program_b1}/delete/', '200 200 403 200 403 403 403 404 403 302'),
    page('programs/<int:pk>/clearance/sign/', 'POST', '/programs/{program_a2}/clearance/sign/', '404 404 400 404 404 404 404 403 404 302', note='re-authenticated signature; partners never sign'),
    page('programs/<int:pk>/clearance/amend/', 'GET', '/programs/{program_a2}/clearance/amend/', '404 404 200 404 404 404 404 403 404 302'),
    page('programs/<int:pk>/clearance/amend/', 'POST', '/programs/{program_a2}/clearance/amend/', '404 404 400 404 404 404 404 403 404 302'),
    page('partners/', 'GET', '/partners/', '200 200 200 200 200 200 200 200 200 302'),
    page('partners/export.xlsx', 'GET', '/partners/export.xlsx', '200 200 200 200 200 200 200 200 200 302', note="partner users get the companies at their alliances' table"),
    page('partners/new/', 'GET', '/partners/new/', '200 200 200 200 403 403 403 403 403 302'),
    page('partners/new/', 'POST', '/partners/new/', '400 400 400 400 403 403 403 403 403 302'),
    page('partners/<int:pk>/', 'GET', '/partners/{partner_co_a}/', '200 200 200 200 200 200 200 200 404 302'),
    page('partners/<int:pk>/edit/', 'GET', '/partners/{partner_co_a}/edit/', '200 200 200 200 403 403 403 403 404 302'),
    page('partners/<int:pk>/edit/', 'POST', '/partners/{partner_co_b}/edit/', '400 400 400 400 403 403 403 404 403 302'),
    page('partners/<int:pk>/delete/', 'GET', '/partners/{partner_co_a}/delete/', '200 200 403 403 403 403 403 403 404 302'),
    page('partners/<int:pk>/delete/', 'POST', '/partners/{partner_co_b}/delete/', '400 400 403 403 403 403 403 404 403 302'),
    page('workload/', 'GET', '/workload/', '200 200 200 200 200 200 200 403 403 302'),
    page('tiering/', 'GET', '/tiering/', '200 200 200 200 200 200 200 403 403 302'),
    page('notifications/', 'GET', '/notifications/', '200 200 200 200 200 200 200 200 200 302'),
    page('notifications/read/', 'POST', '/notifications/read/', '302 302 302 302 302 302 302 302 302 302'),
    page('notifications/preferences/', 'GET', '/notifications/preferences/', '405 405 405 405 405 405 405 405 405 302'),
    page('notifications/preferences/', 'POST', '/notifications/preferences/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/login/', 'GET', '/accounts/login/', '302 302 302 302 302 302 302 302 302 200'),
    page('accounts/logout/', 'POST', '/accounts/logout/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/inactive/', 'GET', '/accounts/inactive/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/signup/', 'GET', '/accounts/signup/', '302 302 302 302 302 302 302 302 302 200'),
    page('accounts/reauthenticate/', 'GET', '/accounts/reauthenticate/', '200 200 200 200 200 200 200 200 200 302'),
    page('accounts/email/', 'GET', '/accounts/email/', '200 200 200 200 200 200 200 200 200 302'),
    page('accounts/confirm-email/', 'GET', '/accounts/confirm-email/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/password/change/', 'GET', '/accounts/password/change/', '200 200 200 200 200 200 200 200 200 302'),
    page('accounts/password/set/', 'GET', '/accounts/password/set/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/password/reset/', 'GET', '/accounts/password/reset/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/login/code/confirm/', 'GET', '/accounts/login/code/confirm/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/^confirm-email/(?P<key>[-:\\w]+)/$', 'GET', '/accounts/confirm-email/not-a-key/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/password/reset/key/done/', 'GET', '/accounts/password/reset/key/done/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$', 'GET', '/accounts/password/reset/key/1-not-a-key/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/password/reset/done/', 'GET', '/accounts/password/reset/done/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/2fa/', 'GET', '/accounts/2fa/', '200 200 200 200 200 200 200 200 200 302'),
    page('accounts/2fa/authenticate/', 'GET', '/accounts/2fa/authenticate/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/2fa/reauthenticate/', 'GET', '/accounts/2fa/reauthenticate/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/2fa/totp/activate/', 'GET', '/accounts/2fa/totp/activate/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/2fa/totp/deactivate/', 'GET', '/accounts/2fa/totp/deactivate/', '404 404 404 404 404 404 404 404 404 302'),
    page('accounts/2fa/recovery-codes/', 'GET', '/accounts/2fa/recovery-codes/', '404 404 404 404 404 404 404 404 404 302'),
    page('accounts/2fa/recovery-codes/generate/', 'GET', '/accounts/2fa/recovery-codes/generate/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/2fa/recovery-codes/download/', 'GET', '/accounts/2fa/recovery-codes/download/', '404 404 404 404 404 404 404 404 404 302'),
    page('accounts/3rdparty/login/cancelled/', 'GET', '/accounts/3rdparty/login/cancelled/', '200 200 200 200 200 200 200 200 200 200'),
    page('accounts/3rdparty/login/error/', 'GET', '/accounts/3rdparty/login/error/', '401 401 401 401 401 401 401 401 401 302'),
    page('accounts/3rdparty/signup/', 'GET', '/accounts/3rdparty/signup/', '302 302 302 302 302 302 302 302 302 302'),
    page('accounts/3rdparty/', 'GET', '/accounts/3rdparty/', '200 200 200 200 200 200 200 200 200 302'),
    page('accounts/social/login/cancelled/', 'GET', '/accounts/social/login/cancelled/', '301 301 301 301 301 301 301 301 301 302'),
    page('accounts/social/login/error/', 'GET', '/accounts/social/login/error/', '301 301 301 301 301 301 301 301 301 302'),
    page('accounts/social/signup/', 'GET', '/accounts/social/signup/', '301 301 301 301 301 301 301 301 301 302'),
    page('accounts/social/connections/', 'GET', '/accounts/social/connections/', '301 301 301 301 301 301 301 301 301 302'),
    page('accounts/oidc/^(?P<provider_id>[^/]+)/login/', 'GET', '/accounts/oidc/sso/login/', '404 404 404 404 404 404 404 404 404 404'),
    page('accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/', 'GET', '/accounts/oidc/sso/login/callback/', '404 404 404 404 404 404 404 404 404 404'),
    page('admin/', 'GET', '/admin/', '200 302 302 302 302 302 302 302 302 302', note="Django admin: staff only (the rest of admin/ is Django's own)"),
    page('api/v1/openapi.json', 'GET', '/api/v1/openapi.json', '200 200 200 200 200 200 200 200 200 200'),
    api('GET', '/api/v1/alliances/', '200 200 200 200 200 200 200 200 200 401'),
    # partner_b: 400, not 403: the payload names partner A's company, which partner_b cannot see, and an
    # id out of scope is refused like a missing one (accord.core.scoping) before the permission check.
    api('POST', '/api/v1/alliances/', '201 201 201 201 403 403 403 403 400 401', data={'name': 'Matrix Alliance', 'partners': ['{partner_co_a}'], 'alliance_type': 'research', 'stage': 'pre_deal'}, note='partner_b: an out-of-scope company id is a 400 like a missing id'),
    api('GET', '/api/v1/alliances/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/alliances/{alliance_a}/'),
    api('PATCH', '/api/v1/alliances/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/alliances/{alliance_b}/', data={'risk_level': 9}),
    api('DELETE', '/api/v1/alliances/{id}/', '400 400 403 403 403 403 403 404 403 401', path='/api/v1/alliances/{alliance_b}/'),
    api('GET', '/api/v1/alliances/{id}/history/', '200 200 200 200 200 200 200 403 404 401', path='/api/v1/alliances/{alliance_a}/history/'),
    api('GET', '/api/v1/alliances/{id}/members/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/alliances/{alliance_a}/members/'),
    api('POST', '/api/v1/alliances/{id}/members/', '400 400 400 403 403 403 403 403 404 401', path='/api/v1/alliances/{alliance_a}/members/', data={}),
    api('DELETE', '/api/v1/alliances/{id}/members/{member_pk}/', '204 204 204 403 403 403 403 403 404 401', path='/api/v1/alliances/{alliance_a}/members/{member_partner_a}/'),
    api('POST', '/api/v1/alliances/{id}/tier-override/', '400 400 403 403 403 403 403 403 404 401', path='/api/v1/alliances/{alliance_a}/tier-override/', data={}),
    api('DELETE', '/api/v1/alliances/{id}/tier-override/', '400 400 403 403 403 403 403 403 404 401', path='/api/v1/alliances/{alliance_a}/tier-override/'),
    api('GET', '/api/v1/companies/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/companies/', '201 201 201 201 403 403 403 403 403 401', data={'name': 'Matrix Bio', 'company_type': 'biotech'}),
    api('GET', '/api/v1/companies/{id}/', '200 200 200 200 200 200 200 200 404 401', path='/api/v1/companies/{partner_co_a}/'),
    api('PATCH', '/api/v1/companies/{id}/', '400 400 400 400 403 403 403 404 403 401', path='/api/v1/companies/{partner_co_b}/', data={'name': ''}),
    api('DELETE', '/api/v1/companies/{id}/', '400 400 403 403 403 403 403 404 403 401', path='/api/v1/companies/{partner_co_b}/'),
    api('GET', '/api/v1/documents/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/documents/', '201 201 201 403 403 403 201 201 400 401', data={'alliance': '{alliance_a}', 'file': '<file:notes.txt>'}),
    api('GET', '/api/v1/documents/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/documents/{document_a2}/'),
    api('DELETE', '/api/v1/documents/{id}/', '400 400 400 403 403 403 403 403 404 401', path='/api/v1/documents/{document_a}/'),
    api('GET', '/api/v1/notifications/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/notifications/mark-read/', '200 200 200 200 200 200 200 200 200 401', data={}),
    api('GET', '/api/v1/people/', '200 200 200 200 200 200 200 200 200 401'),
    api('GET', '/api/v1/people/{id}/', '200 200 200 200 200 200 200 404 200 401', path='/api/v1/people/{partner_b_user}/'),
    api('GET', '/api/v1/people/me/', '200 200 200 200 200 200 200 200 200 401'),
    api('PATCH', '/api/v1/people/me/', '400 400 400 400 400 400 400 400 400 401', data={'time_zone': 'Mars/Olympus'}),
    api('GET', '/api/v1/programs/', '200 200 200 200 200 200 200 200 200 401'),
    api('POST', '/api/v1/programs/', '201 201 201 403 403 403 403 403 400 401', data={'alliance': '{alliance_a}', 'name': 'Matrix program'}),
    api('GET', '/api/v1/programs/{id}/', '404 404 200 404 404 404 404 200 404 401', path='/api/v1/programs/{program_a2}/'),
    api('PATCH', '/api/v1/programs/{id}/', '400 400 403 400 403 400 403 404 403 401', path='/api/v1/programs/{program_b1}/', data={'phase': 'nonsense'}),
    api('DELETE', '/api/v1/programs/{id}/', '400 400 403 400 403 403 403 404 403 401', path='/api/v1/programs/{program_b1}/'),
    api('POST', '/api/v1/programs/{id}/clearance-amendment/', '404 404 400 404 404 404 404 403 404 401', path='/api/v1/programs/{program_a2}/clearance-amendment/', data={}),
    api('GET', '/api/v1/programs/{id}/clearance-signatures/', '404 404 200 404 404 404 404 403 404 401', path='/api/v1/programs/{program_a2}/clearance-signatures/'),
    api('POST', '/api/v1/programs/{id}/clearance-signatures/', '404 404 400 404 404 404 404 403 404 401', path='/api/v1/programs/{program_a2}/clearance-signatures/', data={}),
    api('GET', '/api/v1/workload/', '200 200 200 200 200 200 200 403 403 401'),
]
# fmt: on
