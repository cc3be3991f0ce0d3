"""Pages of the chat channels: an alliance's (for the people who run it, and leaders) and the
portfolio's (leaders), each with its delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.forms import add_errors
from accord.portfolio.access import get_alliance_for_user

from . import actions
from .forms import ChatChannelForm
from .models import ChatChannel, ChatDelivery

LOG_SIZE = 20


def get_channel_for_user(user, pk) -> ChatChannel:
    """A channel the person manages; any other is missing (404)."""
    return get_object_or_404(ChatChannel.objects.visible_to(user).select_related("alliance"), pk=pk)


def _log(channels) -> dict:
    log = {}
    for delivery in ChatDelivery.objects.filter(channel__in=channels).order_by(
        "-created_at", "-pk"
    ):
        rows = log.setdefault(delivery.channel_id, [])
        if len(rows) < LOG_SIZE:
            rows.append(delivery)
    return log


def _channels_page(request, *, alliance, template_title: str, back):
    portfolio = alliance is None
    channels = list(
        ChatChannel.objects.visible_to(request.user).filter(alliance=alliance).order_by("name")
    )
    form = ChatChannelForm(request.POST or None, portfolio=portfolio)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = actions.chat_channel_create(
                    actor=request.user, alliance=alliance, data=form.action_data()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("Channel “%(created)s” connected.") % {"created": created}
                )
                return redirect(back)
        status = 400
    log = _log(channels)
    for channel in channels:
        channel.log = log.get(channel.pk, [])
    return render(
        request,
        "notifications/chat_channels.html",
        {"alliance": alliance, "channels": channels, "form": form, "title": template_title},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def alliance_channels(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    if not actions.can_manage_channels(request.user, alliance):
        raise PermissionDenied(
            _("Only the people who run this alliance, and leaders, connect its chat.")
        )
    return _channels_page(
        request,
        alliance=alliance,
        template_title=_("Chat channels of %(alliance)s") % {"alliance": alliance.name},
        back=request.path,
    )


@require_http_methods(["GET", "POST"])
def portfolio_channels(request):
    if not (request.user.is_internal and request.user.can_manage_portfolio):
        raise PermissionDenied(_("Only alliance leaders connect the portfolio's chat."))
    return _channels_page(
        request, alliance=None, template_title=_("Portfolio chat channels"), back=request.path
    )


def _back(channel) -> str:
    from django.urls import reverse

    if channel.alliance_id:
        return reverse("notifications:alliance_chat", args=[channel.alliance_id])
    return reverse("notifications:portfolio_chat")


@require_http_methods(["GET", "POST"])
def channel_edit(request, pk):
    channel = get_channel_for_user(request.user, pk)
    initial = {
        "name": channel.name,
        "kind": channel.kind,
        "audience": channel.audience,
        "events": channel.events,
        "deadline_days": channel.deadline_days,
        "is_active": channel.is_active,
    }
    form = ChatChannelForm(
        request.POST or None,
        initial=initial,
        portfolio=channel.alliance_id is None,
        editing=True,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.chat_channel_update(
                    actor=request.user, channel=channel, data=form.action_data()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Channel “%(name)s” saved.") % {"name": channel.name})
                return redirect(_back(channel))
        status = 400
    return render(
        request,
        "notifications/chat_channel_edit.html",
        {"channel": channel, "form": form, "back": _back(channel)},
        status=status,
    )


@require_POST
def channel_delete(request, pk):
    channel = get_channel_for_user(request.user, pk)
    back = _back(channel)
    actions.chat_channel_delete(actor=request.user, channel=channel)
    messages.success(request, _("Channel “%(name)s” disconnected.") % {"name": channel.name})
    return redirect(back)


@require_POST
def channel_test(request, pk):
    channel = get_channel_for_user(request.user, pk)
    actions.chat_channel_test(actor=request.user, channel=channel)
    messages.success(request, _("A test notice is on its way; its delivery shows in the log."))
    return redirect(_back(channel))
