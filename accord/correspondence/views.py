"""The Correspondence pages: an alliance's (meeting's, issue's) address and filed email, one
email with its thread, the queue of held email, and the one-step actions on an email."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.views import stored_file_response
from accord.governance.access import get_issue_for_user, get_meeting_for_user
from accord.portfolio.access import can_edit_alliance, get_alliance_for_user

from . import actions
from .access import (
    get_filed_message_for_user,
    get_mailbox_for_user,
    get_message_for_user,
)
from .forms import ActionItemForm, LinkForm, ReasonForm
from .models import EmailMessage, EmailStatus

PAGE = 100


def _internal_only(user) -> None:
    # Partner users never see our correspondence: absent, like anything out of scope.
    if not user.is_internal:
        raise Http404("No correspondence found.")


def _listing(request, *, alliance, mailbox, messages, heading, back=None):
    can_manage = can_edit_alliance(request.user, alliance)
    held = EmailMessage.objects.held_for(request.user).filter(mailbox=mailbox).count()
    return render(
        request,
        "correspondence/list.html",
        {
            "alliance": alliance,
            "mailbox": mailbox,
            "emails": messages.select_related("sender").order_by("-received_at", "-pk")[:PAGE],
            "heading": heading,
            "back": back,
            "can_manage": can_manage,
            "held": held,
        },
    )


@require_GET
def alliance_correspondence(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    _internal_only(request.user)
    mailbox = actions.mailbox_get_or_create(actor=request.user, alliance=alliance)
    emails = EmailMessage.objects.visible_to(request.user).filter(alliance=alliance)
    return _listing(
        request, alliance=alliance, mailbox=mailbox, messages=emails, heading=_("Correspondence")
    )


def _record_correspondence(request, record, **target):
    """The correspondence of a meeting or an issue (`target` names it for its mailbox)."""
    _internal_only(request.user)
    mailbox = actions.mailbox_get_or_create(actor=request.user, alliance=record.alliance, **target)
    return _listing(
        request,
        alliance=record.alliance,
        mailbox=mailbox,
        messages=EmailMessage.objects.visible_to(request.user).filter(**target),
        heading=_("Correspondence · %(title)s") % {"title": record.title},
        back=record,
    )


@require_GET
def meeting_correspondence(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return _record_correspondence(request, meeting, meeting=meeting)


@require_GET
def issue_correspondence(request, pk):
    issue = get_issue_for_user(request.user, pk)
    return _record_correspondence(request, issue, issue=issue)


@require_POST
def mailbox_rotate(request, pk):
    mailbox = get_mailbox_for_user(request.user, pk)
    try:
        mailbox = actions.mailbox_rotate(actor=request.user, mailbox=mailbox)
    except PermissionDenied:
        raise
    flash.success(
        request,
        _("New address: %(address)s. The old one no longer files email.")
        % {"address": mailbox.address},
    )
    target = mailbox.meeting or mailbox.issue
    if target is not None:
        name = "correspondence:meeting" if mailbox.meeting_id else "correspondence:issue"
        return redirect(name, target.pk)
    return redirect("correspondence:alliance", mailbox.alliance_id)


@require_GET
def review(request):
    if not request.user.is_internal:
        raise PermissionDenied(_("Held email is reviewed by our alliance managers."))
    held = (
        EmailMessage.objects.held_for(request.user)
        .select_related("alliance", "meeting", "issue")
        .order_by("-received_at", "-pk")[:PAGE]
    )
    return render(request, "correspondence/review.html", {"emails": held})


@require_GET
def message_detail(request, pk):
    message = get_message_for_user(request.user, pk)
    can_manage = actions.can_manage_message(request.user, message)
    visible = EmailMessage.objects.visible_to(request.user)
    thread = (
        visible.of_thread(message).select_related("sender").order_by("received_at", "pk")
        if message.status == EmailStatus.FILED
        else []
    )
    link_form = LinkForm(message=message, user=request.user) if can_manage else None
    action_form = (
        ActionItemForm(message=message, user=request.user)
        if can_manage and message.status == EmailStatus.FILED
        else None
    )
    return _message_page(request, message, thread, can_manage, link_form, action_form)


def _message_page(request, message, thread, can_manage, link_form, action_form, status=200):
    context = {
        "message": message,
        "alliance": message.alliance,
        "attachments": message.attachments.all(),
        "thread": thread,
        "can_manage": can_manage,
        "link_form": link_form,
        "action_form": action_form,
    }
    return render(request, "correspondence/message.html", context, status=status)


def _manageable(request, pk, *, filed: bool):
    getter = get_filed_message_for_user if filed else get_message_for_user
    message = getter(request.user, pk)
    if not actions.can_manage_message(request.user, message):
        raise PermissionDenied(_("Only the people who run this alliance can do this."))
    return message


def _error_text(error: ValidationError) -> str:
    return (
        " ".join(message for messages in error.message_dict.values() for message in messages)
        if hasattr(error, "error_dict")
        else " ".join(error.messages)
    )


@require_POST
def message_review(request, pk, decision):
    message = _manageable(request, pk, filed=False)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    do = {"file": actions.email_file, "reject": actions.email_reject}.get(decision)
    if do is None:
        raise Http404("No such review.")
    try:
        do(actor=request.user, message=message, reason=reason)
    except ValidationError as error:
        flash.error(request, _error_text(error))
        return redirect(message.get_absolute_url())
    flash.success(request, _("Filed.") if decision == "file" else _("Rejected."))
    if decision == "file":
        return redirect(message.get_absolute_url())
    return redirect("correspondence:review")


@require_POST
def message_link(request, pk):
    message = _manageable(request, pk, filed=True)
    form = LinkForm(request.POST, message=message, user=request.user)
    if not form.is_valid():
        return _detail_with_errors(request, message, link_form=form)
    try:
        actions.email_link(
            actor=request.user,
            message=message,
            field=form.cleaned_data["field"],
            record=form.cleaned_data["record_obj"],
        )
    except ValidationError as error:
        form.add_error(None, _error_text(error))
        return _detail_with_errors(request, message, link_form=form)
    flash.success(request, _("Linked."))
    return redirect(message.get_absolute_url())


@require_POST
def message_action(request, pk):
    message = _manageable(request, pk, filed=True)
    form = ActionItemForm(request.POST, message=message, user=request.user)
    if not form.is_valid():
        return _detail_with_errors(request, message, action_form=form)
    try:
        action = actions.email_create_action(
            actor=request.user, message=message, data=form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, _error_text(error))
        return _detail_with_errors(request, message, action_form=form)
    flash.success(request, _("Action item “%(title)s” created.") % {"title": action.title})
    return redirect(action.get_absolute_url())


def _detail_with_errors(request, message, *, link_form=None, action_form=None):
    link_form = link_form or LinkForm(message=message, user=request.user)
    action_form = action_form or ActionItemForm(message=message, user=request.user)
    thread = EmailMessage.objects.visible_to(request.user).of_thread(message)
    thread = thread.order_by("received_at", "pk")
    return _message_page(request, message, thread, True, link_form, action_form, status=400)


@require_GET
def attachment_download(request, pk, attachment):
    message = get_message_for_user(request.user, pk)
    row = get_object_or_404(message.attachments.select_related("file"), pk=attachment)
    if row.file is None:
        raise Http404("This attachment was not kept.")
    return stored_file_response(row.file, row.file.original_name, row.file.content_type)


@require_GET
def original_download(request, pk):
    """The message exactly as received (.eml): for the alliance's managers, since it holds the
    unsanitised HTML and every attachment, refused ones included."""
    message = _manageable(request, pk, filed=False)
    if message.eml is None:
        raise Http404("The original was not kept.")
    return stored_file_response(message.eml, f"email-{message.pk}.eml", "message/rfc822")
