"""Who sees which email and address. Email is our staff's record: partner users never see it
(out of scope, a 404); a firewalled program's email exists only for the people cleared for it;
held email only for the people who review it (the alliance's managers, leaders, admins)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import EmailMessage, EmailStatus, Mailbox

MESSAGE_RELATED = ("alliance", "program", "meeting", "issue", "decision", "obligation", "sender")


def messages_for(user):
    """Filed email this person sees, and held email they review."""
    visible = EmailMessage.objects.visible_to(user).values("pk")
    held = EmailMessage.objects.held_for(user).values("pk")
    return EmailMessage.objects.filter(Q(pk__in=visible) | Q(pk__in=held))


def get_message_for_user(user, pk) -> EmailMessage:
    return get_object_or_404(messages_for(user).select_related(*MESSAGE_RELATED), pk=pk)


def get_filed_message_for_user(user, pk) -> EmailMessage:
    message = get_message_for_user(user, pk)
    if message.status != EmailStatus.FILED:
        raise Http404("No email found.")
    return message


def get_mailbox_for_user(user, pk) -> Mailbox:
    return get_object_or_404(Mailbox.objects.visible_to(user).select_related("alliance"), pk=pk)
