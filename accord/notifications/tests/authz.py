"""Chat-channel rows of the authorization matrix (format: accord/core/authz_matrix.py).

Statuses are for: admin leader manager_a manager_b executive contributor firewalled partner_a
partner_b anonymous. Alliance B's channel is managed by the people who run B (Manager B, the
contributor as its designated person) and by leaders (and the administrator); the portfolio's
channel by leaders only. Everyone else: a channel is missing (404); an alliance they see but do
not run answers 403 on its chat page. Partner users never manage chat.
"""

from __future__ import annotations

from accord.core.authz_matrix import api, page

HOOK = "http://127.0.0.1:9/matrix-hook"
NEW = {"name": "Matrix", "kind": "generic", "url": HOOK, "events": ["decision_taken"]}

# fmt: off
ROWS = [
    page('alliances/<int:pk>/chat/', 'GET', '/alliances/{alliance_b}/chat/', '200 200 403 200 403 200 403 404 403 302'),
    page('alliances/<int:pk>/chat/', 'POST', '/alliances/{alliance_b}/chat/', '400 400 403 400 403 400 403 404 403 302'),
    page('chat/', 'GET', '/chat/', '200 200 403 403 403 403 403 403 403 302'),
    page('chat/', 'POST', '/chat/', '400 400 403 403 403 403 403 403 403 302'),
    page('chat/<int:pk>/', 'GET', '/chat/{chat_channel_b}/', '200 200 404 200 404 200 404 404 404 302'),
    page('chat/<int:pk>/', 'GET', '/chat/{chat_channel_portfolio}/', '200 200 404 404 404 404 404 404 404 302', note="the portfolio's channel: leaders only"),
    page('chat/<int:pk>/', 'POST', '/chat/{chat_channel_b}/', '400 400 404 400 404 400 404 404 404 302', data={'name': ''}),
    page('chat/<int:pk>/delete/', 'POST', '/chat/{chat_channel_b}/delete/', '302 302 404 302 404 302 404 404 404 302'),
    page('chat/<int:pk>/test/', 'POST', '/chat/{chat_channel_b}/test/', '302 302 404 302 404 302 404 404 404 302'),
    api('GET', '/api/v1/chat-channels/', '200 200 200 200 200 200 200 200 200 401', note='each sees only the channels they manage'),
    api('POST', '/api/v1/chat-channels/', '201 201 403 201 403 201 403 400 403 401', data={**NEW, 'alliance': '{alliance_b}'}, note='partner_a: alliance B is out of scope, a 400 like a missing id'),
    api('GET', '/api/v1/chat-channels/{id}/', '200 200 404 200 404 200 404 404 404 401', path='/api/v1/chat-channels/{chat_channel_b}/'),
    api('PATCH', '/api/v1/chat-channels/{id}/', '400 400 404 400 404 400 404 404 404 401', path='/api/v1/chat-channels/{chat_channel_b}/', data={'deadline_days': 0}),
    api('DELETE', '/api/v1/chat-channels/{id}/', '204 204 404 204 404 204 404 404 404 401', path='/api/v1/chat-channels/{chat_channel_b}/'),
    api('POST', '/api/v1/chat-channels/{id}/test/', '202 202 404 202 404 202 404 404 404 401', path='/api/v1/chat-channels/{chat_channel_b}/test/'),
    api('GET', '/api/v1/chat-channels/{id}/deliveries/', '200 200 404 200 404 200 404 404 404 401', path='/api/v1/chat-channels/{chat_channel_b}/deliveries/'),
]
# fmt: on


def targets(world) -> dict:
    from accord.notifications import actions

    channel_b = actions.chat_channel_create(
        actor=world.manager_b, alliance=world.alliance_b, data={**NEW, "name": "Polaris team"}
    )
    portfolio = actions.chat_channel_create(
        actor=world.leader, alliance=None, data={**NEW, "name": "AM leadership"}
    )
    return {"chat_channel_b": channel_b.pk, "chat_channel_portfolio": portfolio.pk}
