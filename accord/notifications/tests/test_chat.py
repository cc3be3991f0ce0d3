"""Chat channels against a local HTTP server standing in for Teams, Slack, Google Chat or a
generic webhook: the events chosen arrive as each service's card, failures are retried with
backoff, and nothing firewalled or unshared reaches a channel whose audience may not see it."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.governance import actions as governance
from accord.governance.models import DecisionStatus
from accord.governance.tests.conftest import gov  # noqa: F401  (the governance fixture)
from accord.notifications import actions, chat
from accord.notifications.models import ChatChannel, ChatDelivery


class Hook:
    """A webhook receiver on an ephemeral port: records every POST, answers from a script."""

    def __init__(self):
        self.posts = []
        self.answers = []  # statuses to answer, in order; then 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.posts.append(
                    (self.path, self.headers["Content-Type"], json.loads(body.decode()))
                )
                status = hook.answers.pop(0) if hook.answers else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def bodies(self, path: str) -> list:
        return [body for p, _ct, body in self.posts if p == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook(settings):
    settings.ACCORD_CHAT_ALLOW_PRIVATE_URLS = True
    settings.ACCORD_CHAT_RETRY_BASE_SECONDS = 0
    receiver = Hook()
    yield receiver
    receiver.close()


def channel(actor, alliance, hook, path, **data):
    values = {
        "name": path.strip("/"),
        "kind": "generic",
        "url": hook.url(path),
        "events": ["decision_taken", "minutes_approved", "issue_escalated"],
    }
    values.update(data)
    return actions.chat_channel_create(actor=actor, alliance=alliance, data=values)


def decide(world, committee, title, run, **extra):
    with run(execute=True):
        decision = governance.decision_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={"title": title, "area": "development", "committee": committee, **extra},
        )
        decision = governance.decision_transition(
            actor=world.manager_a, decision=decision, status=DecisionStatus.PROPOSED
        )
        return governance.decision_transition(
            actor=world.manager_a,
            decision=decision,
            status=DecisionStatus.DECIDED,
            outcome="Go to Phase 2",
        )


def test_each_kind_gets_its_card(world, gov, hook, django_capture_on_commit_callbacks):  # noqa: F811
    for kind in ("teams", "slack", "google_chat", "generic"):
        channel(world.manager_a, world.alliance_a, hook, f"/{kind}", kind=kind)
    decision = decide(world, gov.jsc_a, "Start Phase 2", django_capture_on_commit_callbacks)
    url = f"http://127.0.0.1:8000/governance/decisions/{decision.pk}/"
    title = "JSC A decided: Start Phase 2"
    assert {ct for _p, ct, _b in hook.posts} == {"application/json; charset=utf-8"}
    assert hook.bodies("/generic") == [
        {
            "event": "decision_taken",
            "title": title,
            "url": url,
            "alliance": "Kestrel ADC Collaboration",
        }
    ]
    assert hook.bodies("/google_chat") == [
        {"text": f"*Decision taken* · Kestrel ADC Collaboration\n{title}\n{url}"}
    ]
    assert hook.bodies("/slack") == [
        {
            "text": f"Decision taken: {title} (Kestrel ADC Collaboration) {url}",
            "blocks": [
                {
                    "type": "section",
                    "text": {
                        "type": "mrkdwn",
                        "text": f"*Decision taken* · Kestrel ADC Collaboration\n{title}",
                    },
                },
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "Open in Accord"},
                            "url": url,
                        }
                    ],
                },
            ],
        }
    ]
    assert hook.bodies("/teams") == [
        {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [
                            {"type": "TextBlock", "text": "Decision taken", "weight": "Bolder"},
                            {"type": "TextBlock", "text": title, "wrap": True},
                            {
                                "type": "TextBlock",
                                "text": "Kestrel ADC Collaboration",
                                "isSubtle": True,
                            },
                        ],
                        "actions": [
                            {"type": "Action.OpenUrl", "title": "Open in Accord", "url": url}
                        ],
                    },
                }
            ],
        }
    ]
    assert set(ChatDelivery.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_only_chosen_events_and_nothing_firewalled_or_unshared(
    world,
    gov,  # noqa: F811
    hook,
    django_capture_on_commit_callbacks,
):
    channel(world.manager_a, world.alliance_a, hook, "/internal")
    channel(world.manager_a, world.alliance_a, hook, "/shared", audience="partner_shared")
    channel(world.leader, None, hook, "/portfolio")
    channel(world.manager_b, world.alliance_b, hook, "/alliance-b")
    channel(world.manager_a, world.alliance_a, hook, "/surveys-only", events=["survey_opened"])
    decide(world, gov.jsc_a, "Joint matter", django_capture_on_commit_callbacks)
    decide(
        world,
        gov.jsc_a,
        "Our negotiating line",
        django_capture_on_commit_callbacks,
        is_internal=True,
    )
    decide(world, gov.team_a2, "KRAS secret", django_capture_on_commit_callbacks)
    titles = {
        path: [body["title"] for body in hook.bodies(path)]
        for path in ("/internal", "/shared", "/portfolio", "/alliance-b", "/surveys-only")
    }
    assert titles == {
        "/internal": ["JSC A decided: Joint matter", "JSC A decided: Our negotiating line"],
        "/shared": ["JSC A decided: Joint matter"],
        "/portfolio": ["JSC A decided: Joint matter", "JSC A decided: Our negotiating line"],
        "/alliance-b": [],
        "/surveys-only": [],
    }
    assert not any("KRAS" in str(body) for _p, _ct, body in hook.posts)
    assert not ChatDelivery.objects.filter(title__contains="KRAS").exists()


def test_a_failing_service_is_retried_with_backoff_then_given_up(
    world,
    gov,  # noqa: F811
    hook,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.ACCORD_CHAT_ATTEMPTS = 3
    channel(world.manager_a, world.alliance_a, hook, "/flaky")
    hook.answers = [500, 503]
    decide(world, gov.jsc_a, "First", django_capture_on_commit_callbacks)
    assert len(hook.bodies("/flaky")) == 3
    first = ChatDelivery.objects.get(title="JSC A decided: First")
    assert (first.status, first.attempts, first.last_error) == ("sent", 3, "")
    hook.answers = [500, 500, 500]
    decide(world, gov.jsc_a, "Second", django_capture_on_commit_callbacks)
    second = ChatDelivery.objects.get(title="JSC A decided: Second")
    assert (second.status, second.attempts, second.last_error) == ("failed", 3, "HTTP 500")
    assert len(hook.bodies("/flaky")) == 6
    settings.ACCORD_CHAT_RETRY_BASE_SECONDS = 30
    assert [chat.retry_delay(n) for n in (1, 2, 3)] == [
        dt.timedelta(seconds=30),
        dt.timedelta(seconds=60),
        dt.timedelta(seconds=120),
    ]


def test_deadlines_come_once_within_each_channels_horizon(
    world, hook, django_capture_on_commit_callbacks
):
    from accord.contracts import chat as contracts_chat
    from accord.contracts.tests.factories import agreement, obligation

    today = timezone.localdate()
    deal = agreement(world.alliance_a)
    obligation(deal, title="Notify option exercise", due_on=today + dt.timedelta(days=5))
    obligation(deal, title="Annual report", due_on=today + dt.timedelta(days=20))
    obligation(
        deal, title="KRAS notice", program=world.program_a2, due_on=today + dt.timedelta(days=2)
    )
    events = ["deadline_soon"]
    channel(world.manager_a, world.alliance_a, hook, "/week", events=events, deadline_days=7)
    channel(world.manager_a, world.alliance_a, hook, "/month", events=events, deadline_days=30)
    channel(
        world.manager_a,
        world.alliance_a,
        hook,
        "/shared",
        events=events,
        deadline_days=30,
        audience="partner_shared",
    )
    for _day in range(2):  # the daily job twice: each deadline posted once
        with django_capture_on_commit_callbacks(execute=True):
            contracts_chat.announce_deadlines(today)
    titles = {
        path: [b["title"] for b in hook.bodies(path)] for path in ("/week", "/month", "/shared")
    }
    five = today + dt.timedelta(days=5)
    twenty = today + dt.timedelta(days=20)
    assert titles == {
        "/week": [f"Due in 5 days ({five:%d %b %Y}): Notify option exercise"],
        "/month": [
            f"Due in 5 days ({five:%d %b %Y}): Notify option exercise",
            f"Due in 20 days ({twenty:%d %b %Y}): Annual report",
        ],
        "/shared": [],
    }


# --- Managing channels ----------------------------------------------------------------------


def test_the_url_is_checked_kept_secret_and_the_changes_audited(world, settings, hook):
    created = channel(world.manager_a, world.alliance_a, hook, "/secret-token-abcd", name="Team")
    assert created.url_hint == "http://127.0.0.1/…abcd"
    assert "secret-token" not in created.url_encrypted
    assert chat.channel_url(created) == hook.url("/secret-token-abcd")
    audited = AuditEvent.objects.filter(object_id=str(created.pk), action="create")
    assert "secret-token" not in " ".join(e.new_value for e in audited)
    actions.chat_channel_update(actor=world.manager_a, channel=created, data={"deadline_days": 14})
    change = AuditEvent.objects.get(object_id=str(created.pk), action="update")
    assert (change.field, change.old_value, change.new_value) == ("deadline_days", "7", "14")

    settings.ACCORD_CHAT_ALLOW_PRIVATE_URLS = False
    refused = {
        "http://hooks.slack.com/services/x": "Give the webhook's full https:// address.",
        "https://169.254.169.254/latest/meta-data": "169.254.169.254 is a link-local address: refused.",
        "https://127.0.0.1/hook": "127.0.0.1 is on a private network: Accord does not post there.",
        "https://10.1.2.3/hook": "10.1.2.3 is on a private network: Accord does not post there.",
        "https://user:pw@example.com/hook": "The address must not carry a user name or password.",
        "ftp://example.com/hook": "Give the webhook's full https:// address.",
    }
    before = (ChatChannel.objects.count(), AuditEvent.objects.count())
    for url, message in refused.items():
        with pytest.raises(ValidationError) as error:
            actions.chat_channel_create(
                actor=world.manager_a,
                alliance=world.alliance_a,
                data={"name": "x", "kind": "slack", "url": url, "events": ["decision_taken"]},
            )
        assert error.value.message_dict == {"url": [message]}, url
    assert (ChatChannel.objects.count(), AuditEvent.objects.count()) == before


def test_bad_choices_are_named(world, hook):
    cases = [
        ({"events": ["lunch"]}, "events"),
        ({"events": []}, "events"),
        ({"kind": "fax"}, "kind"),
        ({"deadline_days": 0}, "deadline_days"),
    ]
    for change, field in cases:
        with pytest.raises(ValidationError) as error:
            channel(world.manager_a, world.alliance_a, hook, "/bad", **change)
        assert list(error.value.message_dict) == [field]
    with pytest.raises(ValidationError) as error:
        channel(world.leader, None, hook, "/p", audience="partner_shared")
    assert error.value.message_dict == {
        "audience": [
            "A portfolio channel is for our people only: share an alliance's channel instead."
        ]
    }
    assert not ChatChannel.objects.exists()


def test_a_test_post_reaches_the_channel(world, hook, django_capture_on_commit_callbacks):
    created = channel(world.manager_a, world.alliance_a, hook, "/hello")
    with django_capture_on_commit_callbacks(execute=True):
        actions.chat_channel_test(actor=world.manager_a, channel=created)
    assert hook.bodies("/hello") == [
        {
            "event": "test",
            "title": "Test from Accord: hello is connected",
            "url": "http://127.0.0.1:8000/",
            "alliance": "Kestrel ADC Collaboration",
        }
    ]
