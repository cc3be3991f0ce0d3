"""Notices in the team's chat: incoming webhooks of Microsoft Teams, Slack, Google Chat or any
service that takes JSON.

Domain apps call `announce(...)` inside the action that made the news (a decision taken, minutes
approved…). It picks the channels that chose the event, for the record's alliance or the whole
portfolio, and never a channel whose audience may not see the record: a firewalled program's
records are posted nowhere, and a channel shared with the partner gets only records the partner
sees (the caller says so with `shared`, from the same rule its partner users are scoped by).
Each post is a ChatDelivery row, posted by the worker after the commit and retried with
exponential backoff (ACCORD_CHAT_ATTEMPTS, ACCORD_CHAT_RETRY_BASE_SECONDS).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.portfolio.models import Program

from .models import ChatChannel, ChatDelivery, ChatEvent

log = logging.getLogger(__name__)

# Cloud metadata services answer on these whatever the network: never a chat service.
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


# --- The webhook address --------------------------------------------------------------------


def _addresses(host: str) -> list:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(
            {"url": _("The host “%(host)s” cannot be resolved.") % {"host": host}}
        ) from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_url(url: str) -> str:
    """The webhook URL, if Accord may post to it: https (http only where private addresses
    are allowed), a host that resolves, never a link-local or metadata address, and a
    private, loopback or reserved one only with ACCORD_CHAT_ALLOW_PRIVATE_URLS."""
    url = (url or "").strip()
    parts = urlsplit(url)
    allow_private = settings.ACCORD_CHAT_ALLOW_PRIVATE_URLS
    if (
        parts.scheme not in (("https", "http") if allow_private else ("https",))
        or not parts.hostname
    ):
        raise ValidationError({"url": _("Give the webhook's full https:// address.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("The address must not carry a user name or password.")})
    for address in _addresses(parts.hostname):
        if address in METADATA or address.is_link_local or address.is_multicast:
            raise ValidationError(
                {
                    "url": _("%(hostname)s is a link-local address: refused.")
                    % {"hostname": parts.hostname}
                }
            )
        if not allow_private and (
            address.is_private
            or address.is_loopback
            or address.is_reserved
            or address.is_unspecified
        ):
            raise ValidationError(
                {
                    "url": _("%(hostname)s is on a private network: Accord does not post there.")
                    % {"hostname": parts.hostname}
                }
            )
    return url


def url_hint(url: str) -> str:
    """How a stored webhook is shown back: its host and the last four characters."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}/…{url[-4:]}"[:120]


def channel_url(channel: ChatChannel) -> str:
    from accord.people.encryption import decrypt

    return decrypt(channel.url_encrypted)


def seal_url(url: str) -> str:
    from accord.people.encryption import encrypt

    return encrypt(url)


# --- Cards ----------------------------------------------------------------------------------


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(kind: str, *, event: str, title: str, url: str, alliance: str | None) -> dict:
    """The short card each kind of chat service takes."""
    label = str(dict(ChatEvent.choices).get(event, event))
    where = alliance or _("Portfolio")
    if kind == ChatChannel.Kind.TEAMS:
        return {
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
                            {"type": "TextBlock", "text": label, "weight": "Bolder"},
                            {"type": "TextBlock", "text": title, "wrap": True},
                            {"type": "TextBlock", "text": where, "isSubtle": True},
                        ],
                        "actions": [
                            {"type": "Action.OpenUrl", "title": _("Open in Accord"), "url": url}
                        ],
                    },
                }
            ],
        }
    if kind == ChatChannel.Kind.SLACK:
        text = f"*{_slack_escape(label)}* · {_slack_escape(where)}\n{_slack_escape(title)}"
        return {
            "text": f"{label}: {title} ({where}) {url}",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": text}},
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": _("Open in Accord")},
                            "url": url,
                        }
                    ],
                },
            ],
        }
    if kind == ChatChannel.Kind.GOOGLE_CHAT:
        return {"text": f"*{label}* · {where}\n{title}\n{url}"}
    return {"event": event, "title": title, "url": url, "alliance": alliance}


# --- Announcing -----------------------------------------------------------------------------


def _absolute(url: str) -> str:
    return url if url.startswith("http") else settings.ACCORD_BASE_URL.rstrip("/") + url


def channels_for(
    *, event: str, alliance_id: int | None, program_id: int | None, shared: bool, due_in_days=None
) -> list[ChatChannel]:
    """The active channels that hear about this event, given who may see the record."""
    if program_id and Program.objects.filter(pk=program_id, is_firewalled=True).exists():
        return []
    channels = ChatChannel.objects.active().filter(
        Q(alliance__isnull=True) | Q(alliance_id=alliance_id)
    )
    if not shared:
        channels = channels.exclude(audience=ChatChannel.Audience.PARTNER_SHARED)
    if due_in_days is not None:
        channels = channels.filter(deadline_days__gte=due_in_days)
    # Few channels, and a JSON list: filtered here the same way on SQLite and PostgreSQL.
    return [channel for channel in channels.order_by("pk") if event in channel.events]


@transaction.atomic
def announce(
    *,
    event: str,
    title: str,
    url: str,
    dedupe_key: str,
    alliance_id: int | None,
    program_id: int | None = None,
    shared: bool = False,
    due_in_days: int | None = None,
) -> list[ChatDelivery]:
    """Queue a notice for every channel that should hear it; once per channel and key."""
    if event not in ChatEvent.values:
        raise ValueError(f"unknown chat event {event!r}")
    channels = list(
        channels_for(
            event=event,
            alliance_id=alliance_id,
            program_id=program_id,
            shared=shared,
            due_in_days=due_in_days,
        )
    )
    if not channels:
        return []
    taken = set(
        ChatDelivery.objects.filter(channel__in=channels, dedupe_key=dedupe_key).values_list(
            "channel_id", flat=True
        )
    )
    created = ChatDelivery.objects.bulk_create(
        [
            ChatDelivery(
                channel=channel,
                event=event,
                title=title[:300],
                url=_absolute(url)[:500],
                dedupe_key=dedupe_key[:200],
            )
            for channel in channels
            if channel.pk not in taken
        ],
        ignore_conflicts=True,
    )
    ids = list(
        ChatDelivery.objects.filter(
            channel__in=[c for c in channels if c.pk not in taken], dedupe_key=dedupe_key[:200]
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        schedule(pk)
    return created


def schedule(delivery_id: int, delay: dt.timedelta | None = None) -> None:
    """Have the worker post a delivery after the commit (after `delay` where it can wait)."""
    from .tasks import post_chat_delivery

    def enqueue():
        task = post_chat_delivery
        if delay and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + delay)
        task.enqueue(delivery_id)

    transaction.on_commit(enqueue)


# --- Posting (in the worker) ----------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A webhook that redirects could send the post anywhere, the internal network included.
    def redirect_request(self, *args, **kwargs):
        return None


def post_json(url: str, body: dict) -> int:
    """POST the JSON body; returns the HTTP status (raises OSError when nothing answers)."""
    check_url(url)  # again at posting time: the name may resolve elsewhere now
    data = json.dumps(body).encode("utf-8")
    # check_url allowed only http(s).
    request = urllib.request.Request(  # noqa: S310
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "Accord"},
    )
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=settings.ACCORD_CHAT_TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def retry_delay(attempt: int) -> dt.timedelta:
    """Wait after failed attempt `attempt` (1-based): base, 2 x base, 4 x base…"""
    return dt.timedelta(seconds=settings.ACCORD_CHAT_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def post_delivery(delivery_id: int) -> str:
    """One attempt at posting a delivery; on failure another is scheduled, until the last."""
    with transaction.atomic():
        delivery = (
            ChatDelivery.objects.select_for_update()
            .filter(pk=delivery_id, status=ChatDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "nothing to do"
        channel = ChatChannel.objects.select_related("alliance").get(pk=delivery.channel_id)
        if not channel.is_active:
            return "channel paused"
        delivery.attempts += 1
        ChatDelivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts)
    body = payload(
        channel.kind,
        event=delivery.event,
        title=delivery.title,
        url=delivery.url,
        alliance=channel.alliance.name if channel.alliance_id else None,
    )
    error = ""
    try:
        status = post_json(channel_url(channel), body)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except ValidationError as refused:
        error = "; ".join(refused.messages)[:300]
    except (OSError, ValueError) as failure:
        error = f"{type(failure).__name__}: {failure}"[:300]
    if not error:
        ChatDelivery.objects.filter(pk=delivery.pk).update(
            status=ChatDelivery.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        return "sent"
    log.warning(
        "Chat post to channel %s failed (attempt %s): %s", channel.pk, delivery.attempts, error
    )
    last = delivery.attempts >= settings.ACCORD_CHAT_ATTEMPTS
    with transaction.atomic():
        ChatDelivery.objects.filter(pk=delivery.pk).update(
            last_error=error,
            status=ChatDelivery.Status.FAILED if last else ChatDelivery.Status.PENDING,
        )
        if not last:
            schedule(delivery.pk, retry_delay(delivery.attempts))
    return "failed" if last else "retry"
