from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accord.core.views import paginate
from accord.people.actions import user_update_preferences
from accord.portfolio.models import Alliance

from . import actions
from .forms import PreferencesForm
from .models import Notification


@require_GET
def inbox(request):
    notes = Notification.objects.for_user(request.user)
    show = request.GET.get("show", "unread")
    if show not in ("unread", "all"):
        show = "unread"
    if show == "unread":
        # Unread and still open: what the badge counts (done by someone else == not listed).
        notes = notes.badge()
    context = {
        "page": paginate(request, notes),
        "show": show,
        "form": PreferencesForm(instance=request.user),
        "unread_total": Notification.objects.for_user(request.user).badge().count(),
        # Where this person connects the team's chat: the alliances they run.
        "chat_alliances": (
            Alliance.objects.managed_by(request.user).order_by("name")
            if request.user.is_internal
            else Alliance.objects.none()
        ),
    }
    return render(request, "notifications/inbox.html", context)


@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    count = actions.mark_read(
        user=request.user, notification_ids=[int(i) for i in ids if i.isdigit()] if ids else None
    )
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked read.", "%(count)s notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect(request.POST.get("next") or "notifications:inbox")


@require_POST
def preferences(request):
    form = PreferencesForm(request.POST, instance=request.user)
    if form.is_valid():
        user_update_preferences(actor=request.user, user=request.user, **form.cleaned_data)
        messages.success(request, _("Your email preferences are saved."))
    return redirect("notifications:inbox")
