"""The value app's rows of the authorization matrix (format: accord/core/authz_matrix.py).

Targets: {value_baseline_a} (A's approved baseline), {value_draft_b} (B's draft baseline, with
{value_flow_b}), {value_flow_a2} (a flow of A's baseline about firewalled program A2),
{value_payment_a}, {value_payment_a2} (about A2), {value_royalty_b}, {value_loe_a}.
Personas: admin leader manager_a manager_b executive contributor firewalled partner_a partner_b anonymous.
"""

import datetime as dt
from decimal import Decimal

from accord.core.authz_matrix import api, page

# Who writes: A's admin/leader/manager_a; B's admin/leader/manager_b/contributor.
INTERNAL_PAGE = "200 200 200 200 200 200 200 403 403 302"
A_PAGE = "200 200 200 200 200 200 200 404 404 302"
B_WRITE_GET = "200 200 403 200 403 200 403 404 404 302"
B_WRITE_POST = "400 400 403 400 403 400 403 404 404 302"
A_WRITE_GET = "200 200 200 403 403 403 403 404 404 302"
A_WRITE_POST = "400 400 400 403 403 403 403 404 404 302"
ONLY_CLEARED_PAGE = "404 404 200 404 404 404 404 404 404 302"
ONLY_CLEARED_API = "404 404 200 404 404 404 404 404 404 401"
LIST_API = "200 200 200 200 200 200 200 200 200 401"
A_API = "200 200 200 200 200 200 200 404 404 401"
FLOW = {"kind": "upfront", "direction": "in", "due_on": "2024-05-01", "amount": "1000"}

# fmt: off
ROWS = [
    page('value/', 'GET', '/value/', INTERNAL_PAGE, note='partners never see deal values'),
    page('value/export.xlsx', 'GET', '/value/export.xlsx', INTERNAL_PAGE),
    page('value/rates/', 'GET', '/value/rates/', INTERNAL_PAGE),
    page('value/rates/', 'POST', '/value/rates/', '400 400 403 403 403 403 403 403 403 302', note='leaders and admins record rates'),
    page('alliances/<int:pk>/value/', 'GET', '/alliances/{alliance_a}/value/', A_PAGE),
    page('alliances/<int:pk>/value/forecasts/new/', 'GET', '/alliances/{alliance_b}/value/forecasts/new/', B_WRITE_GET),
    page('alliances/<int:pk>/value/forecasts/new/', 'POST', '/alliances/{alliance_b}/value/forecasts/new/', B_WRITE_POST),
    page('alliances/<int:pk>/value/<str:kind>/new/', 'GET', '/alliances/{alliance_b}/value/payments/new/', B_WRITE_GET),
    page('alliances/<int:pk>/value/<str:kind>/new/', 'POST', '/alliances/{alliance_b}/value/royalties/new/', B_WRITE_POST),
    page('value/forecasts/<int:pk>/', 'GET', '/value/forecasts/{value_baseline_a}/', A_PAGE),
    page('value/forecasts/<int:pk>/edit/', 'GET', '/value/forecasts/{value_draft_b}/edit/', B_WRITE_GET),
    page('value/forecasts/<int:pk>/edit/', 'POST', '/value/forecasts/{value_draft_b}/edit/', B_WRITE_POST),
    page('value/forecasts/<int:pk>/approve/', 'POST', '/value/forecasts/{value_draft_b}/approve/', '302 302 403 302 403 302 403 404 404 302'),
    page('value/forecasts/<int:pk>/delete/', 'GET', '/value/forecasts/{value_draft_b}/delete/', B_WRITE_GET),
    page('value/forecasts/<int:pk>/delete/', 'POST', '/value/forecasts/{value_draft_b}/delete/', B_WRITE_POST),
    page('value/forecasts/<int:pk>/flows/new/', 'GET', '/value/forecasts/{value_draft_b}/flows/new/', B_WRITE_GET),
    page('value/forecasts/<int:pk>/flows/new/', 'POST', '/value/forecasts/{value_draft_b}/flows/new/', B_WRITE_POST),
    page('value/flows/<int:pk>/edit/', 'GET', '/value/flows/{value_flow_b}/edit/', B_WRITE_GET),
    page('value/flows/<int:pk>/edit/', 'GET', '/value/flows/{value_flow_a2}/edit/', '404 404 403 404 404 404 404 404 404 302', note="a firewalled program's flow: only the cleared; the baseline is frozen"),
    page('value/flows/<int:pk>/edit/', 'POST', '/value/flows/{value_flow_b}/edit/', B_WRITE_POST),
    page('value/flows/<int:pk>/delete/', 'POST', '/value/flows/{value_flow_b}/delete/', '302 302 403 302 403 302 403 404 404 302'),
    page('value/<str:kind>/<int:pk>/edit/', 'GET', '/value/payments/{value_payment_a}/edit/', A_WRITE_GET),
    page('value/<str:kind>/<int:pk>/edit/', 'GET', '/value/payments/{value_payment_a2}/edit/', ONLY_CLEARED_PAGE, note='about firewalled A2'),
    page('value/<str:kind>/<int:pk>/edit/', 'POST', '/value/loe/{value_loe_a}/edit/', A_WRITE_POST),
    page('value/<str:kind>/<int:pk>/edit/', 'GET', '/value/outcomes/{value_outcome_a}/edit/', A_WRITE_GET),
    page('value/<str:kind>/<int:pk>/delete/', 'GET', '/value/royalties/{value_royalty_b}/delete/', B_WRITE_GET),
    page('value/<str:kind>/<int:pk>/delete/', 'POST', '/value/payments/{value_payment_a}/delete/', A_WRITE_POST),
    page('alliances/<int:pk>/value/details/import/', 'GET', '/alliances/{alliance_b}/value/details/import/', B_WRITE_GET),
    page('alliances/<int:pk>/value/details/import/', 'POST', '/alliances/{alliance_b}/value/details/import/', B_WRITE_POST),

    api('GET', '/api/v1/value/forecasts/', LIST_API, note='partners: an empty list'),
    api('POST', '/api/v1/value/forecasts/', '201 201 201 403 403 403 403 404 400 401', data={'alliance': '{alliance_a}', 'kind': 'reforecast', 'currency': 'USD', 'discount_rate': '0.1', 'valuation_date': '2024-01-15'}, note='A already has its baseline: this is a re-forecast'),
    api('GET', '/api/v1/value/forecasts/{id}/', A_API, path='/api/v1/value/forecasts/{value_baseline_a}/'),
    api('PATCH', '/api/v1/value/forecasts/{id}/', '200 200 403 200 403 200 403 404 404 401', path='/api/v1/value/forecasts/{value_draft_b}/', data={'note': 'Updated deal model'}),
    api('PATCH', '/api/v1/value/forecasts/{id}/', '400 400 400 403 403 403 403 404 404 401', path='/api/v1/value/forecasts/{value_baseline_a}/', data={'note': 'x'}, note='approved: frozen'),
    api('DELETE', '/api/v1/value/forecasts/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/value/forecasts/{value_draft_b}/'),
    api('POST', '/api/v1/value/forecasts/{id}/approve/', '200 200 403 200 403 200 403 404 404 401', path='/api/v1/value/forecasts/{value_draft_b}/approve/'),
    api('GET', '/api/v1/value/cash-flows/', LIST_API),
    api('POST', '/api/v1/value/cash-flows/', '201 201 403 201 403 201 403 400 400 401', data={'forecast': '{value_draft_b}', **FLOW}),
    api('GET', '/api/v1/value/cash-flows/{id}/', ONLY_CLEARED_API, path='/api/v1/value/cash-flows/{value_flow_a2}/'),
    api('PATCH', '/api/v1/value/cash-flows/{id}/', '200 200 403 200 403 200 403 404 404 401', path='/api/v1/value/cash-flows/{value_flow_b}/', data={'label': 'Upfront'}),
    api('DELETE', '/api/v1/value/cash-flows/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/value/cash-flows/{value_flow_b}/'),
    api('GET', '/api/v1/value/exchange-rates/', '200 200 200 200 200 200 200 403 403 401'),
    api('POST', '/api/v1/value/exchange-rates/', '201 201 403 403 403 403 403 403 403 401', data={'currency': 'CHF', 'rate': '1.12', 'effective_on': '2025-01-01'}),
    api('GET', '/api/v1/value/payments/', LIST_API),
    api('POST', '/api/v1/value/payments/', '201 201 403 201 403 201 403 400 404 401', data={'alliance': '{alliance_b}', 'kind': 'upfront', 'direction': 'in', 'paid_on': '2024-03-01', 'amount': '5', 'currency': 'USD', 'description': 'Upfront'}),
    api('GET', '/api/v1/value/payments/{id}/', ONLY_CLEARED_API, path='/api/v1/value/payments/{value_payment_a2}/'),
    api('PATCH', '/api/v1/value/payments/{id}/', '200 200 200 403 403 403 403 404 404 401', path='/api/v1/value/payments/{value_payment_a}/', data={'description': 'Upfront (wire)'}),
    api('DELETE', '/api/v1/value/payments/{id}/', '400 400 400 403 403 403 403 404 404 401', path='/api/v1/value/payments/{value_payment_a}/'),
    api('GET', '/api/v1/value/royalty-reports/', LIST_API),
    api('POST', '/api/v1/value/royalty-reports/', '400 400 400 403 403 403 403 404 400 401', data={'alliance': '{alliance_a}'}),
    api('GET', '/api/v1/value/royalty-reports/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/value/royalty-reports/{value_royalty_b}/'),
    api('PATCH', '/api/v1/value/royalty-reports/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/value/royalty-reports/{value_royalty_b}/', data={'period_end': '2020-01-01'}),
    api('DELETE', '/api/v1/value/royalty-reports/{id}/', '204 204 403 204 403 204 403 404 404 401', path='/api/v1/value/royalty-reports/{value_royalty_b}/?reason=entered%20twice'),
    api('GET', '/api/v1/value/loe-dates/', LIST_API),
    api('POST', '/api/v1/value/loe-dates/', '201 201 403 201 403 201 403 400 404 401', data={'alliance': '{alliance_b}', 'loe_date': '2036-01-01'}),
    api('GET', '/api/v1/value/loe-dates/{id}/', A_API, path='/api/v1/value/loe-dates/{value_loe_a}/'),
    api('PATCH', '/api/v1/value/loe-dates/{id}/', '200 200 200 403 403 403 403 404 404 401', path='/api/v1/value/loe-dates/{value_loe_a}/', data={'basis': 'EU SPC'}),
    api('DELETE', '/api/v1/value/loe-dates/{id}/', '400 400 400 403 403 403 403 404 404 401', path='/api/v1/value/loe-dates/{value_loe_a}/'),
    api('GET', '/api/v1/value/detail-rules/', LIST_API),
    api('POST', '/api/v1/value/detail-rules/', '201 201 403 201 403 201 403 400 404 401', data={'alliance': '{alliance_b}', 'channel': 'phone', 'effective_from': '2026-01-01', 'weight': '0.25'}),
    api('GET', '/api/v1/value/detail-rules/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/value/detail-rules/{value_rule_b}/'),
    api('PATCH', '/api/v1/value/detail-rules/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/value/detail-rules/{value_rule_b}/', data={'weight': '1.5'}),
    api('DELETE', '/api/v1/value/detail-rules/{id}/', '204 204 403 204 403 204 403 404 404 401', path='/api/v1/value/detail-rules/{value_rule_b}/?reason=amendment%20withdrawn'),
    api('GET', '/api/v1/value/detail-minimums/', LIST_API),
    api('POST', '/api/v1/value/detail-minimums/', '201 201 403 201 403 201 403 400 404 401', data={'alliance': '{alliance_b}', 'label': 'Q2 2025', 'period_start': '2025-04-01', 'period_end': '2025-06-30', 'minimum': 10}),
    api('GET', '/api/v1/value/detail-minimums/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/value/detail-minimums/{value_minimum_b}/'),
    api('PATCH', '/api/v1/value/detail-minimums/{id}/', '200 200 403 200 403 200 403 404 404 401', path='/api/v1/value/detail-minimums/{value_minimum_b}/', data={'minimum': 1200}),
    api('DELETE', '/api/v1/value/detail-minimums/{id}/', '400 400 403 400 403 400 403 404 404 401', path='/api/v1/value/detail-minimums/{value_minimum_b}/'),
    api('GET', '/api/v1/value/details/', LIST_API),
    api('GET', '/api/v1/value/details/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/value/details/{value_detail_b}/'),
    api('POST', '/api/v1/value/detail-imports/preview/', '400 400 403 400 403 400 403 404 404 401', data={'alliance': '{alliance_b}', 'file': '<file:details.csv>'}, note='a file without the header: row-level errors'),
    api('POST', '/api/v1/value/detail-imports/commit/', '400 400 400 400 400 400 400 403 403 401', data={'token': 'forged'}),
    api('GET', '/api/v1/value/outcomes/', LIST_API),
    api('POST', '/api/v1/value/outcomes/', '400 400 400 403 403 403 403 404 400 401', data={'alliance': '{alliance_a}', 'category': 'scientific'}),
    api('GET', '/api/v1/value/outcomes/{id}/', A_API, path='/api/v1/value/outcomes/{value_outcome_a}/'),
    api('PATCH', '/api/v1/value/outcomes/{id}/', '200 200 200 403 403 403 403 404 404 401', path='/api/v1/value/outcomes/{value_outcome_a}/', data={'status': 'achieved'}),
    api('DELETE', '/api/v1/value/outcomes/{id}/', '400 400 400 403 403 403 403 404 404 401', path='/api/v1/value/outcomes/{value_outcome_a}/'),
    api('GET', '/api/v1/value/alliances/{id}/', A_API, path='/api/v1/value/alliances/{alliance_a}/'),
    api('GET', '/api/v1/value/portfolio/', '200 200 200 200 200 200 200 403 403 401'),
]
# fmt: on


def targets(world) -> dict:
    from . import factories

    baseline_a = factories.baseline(world.alliance_a, approve=False)
    factories.cash_flow(baseline_a, kind="upfront", due_on=dt.date(2024, 2, 1))
    flow_a2 = factories.cash_flow(baseline_a, program=world.program_a2, label="A2 milestone")
    from accord.value import actions

    baseline_a = actions.forecast_approve(actor=world.manager_a, forecast=baseline_a)
    draft_b = factories.baseline(world.alliance_b, approve=False, currency="EUR")
    flow_b = factories.cash_flow(draft_b, kind="upfront", amount=Decimal("1000"))
    return {
        "value_baseline_a": baseline_a.pk,
        "value_draft_b": draft_b.pk,
        "value_flow_b": flow_b.pk,
        "value_flow_a2": flow_a2.pk,
        "value_payment_a": factories.payment(world.alliance_a).pk,
        "value_payment_a2": factories.payment(
            world.alliance_a, program=world.program_a2, description="A2 cost true-up"
        ).pk,
        "value_royalty_b": factories.royalty(world.alliance_b).pk,
        "value_loe_a": factories.loe(world.alliance_a).pk,
        "value_rule_b": actions.detail_rule_create(
            actor=None,
            alliance=world.alliance_b,
            data={
                "channel": "remote",
                "effective_from": dt.date(2025, 7, 1),
                "weight": Decimal("0.5"),
            },
        ).pk,
        "value_minimum_b": actions.detail_minimum_create(
            actor=None,
            alliance=world.alliance_b,
            data={
                "label": "Q1 2025",
                "period_start": dt.date(2025, 1, 1),
                "period_end": dt.date(2025, 3, 31),
                "minimum": 1000,
            },
        ).pk,
        "value_detail_b": _detail_b(world),
        "value_outcome_a": actions.outcome_create(
            actor=None,
            alliance=world.alliance_a,
            data={
                "category": "strategic",
                "name": "ADC franchise",
                "target": "Top 3",
                "status": "on_track",
                "assessed_on": dt.date(2025, 6, 30),
            },
        ).pk,
    }


def _detail_b(world):
    from accord.value import actions
    from accord.value.models import DetailActual

    actions.details_import(
        actor=None,
        alliance=world.alliance_b,
        rows=[
            {"date": "2025-02-03", "channel": "face_to_face", "count": 12, "region": "Northeast"}
        ],
        source="matrix.csv",
    )
    return DetailActual.objects.get(alliance=world.alliance_b).pk
