"""Country know-how: the territory profiles list, a profile with the lessons tagged with its
territory, and keeping profiles (leaders and alliance managers)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.generic import (
    Entity,
    edit_view,
    filter_results,
    form_view,
    list_page,
    render_form,
)
from accord.core.models import AuditEvent

from .. import access, actions
from ..filters import TerritoryProfileFilter
from ..forms import TerritoryProfileForm
from ..models import Lesson, TerritoryProfile


@require_GET
def profile_list(request):
    queryset = TerritoryProfile.objects.visible_to(request.user).select_related(
        "territory", "owner"
    )
    found = filter_results(request, queryset, TerritoryProfileFilter)
    extra = {"today": timezone.localdate(), "can_keep": access.may_keep_profiles(request.user)}
    template, partial = "knowledge/territory_list.html", "knowledge/_territory_results.html"
    return list_page(request, found, template, partial, extra)


def _form(request, form, profile=None):
    """The profile's form; after a concurrent edit, `conflict` is the profile as saved now."""
    return render_form(
        request,
        "knowledge/territory_form.html",
        {"profile": profile},
        form,
        conflict_key="conflict",
    )


@require_http_methods(["GET", "POST"])
def profile_create(request):
    if not access.may_keep_profiles(request.user):
        raise PermissionDenied(_("Territory profiles are kept by leaders and alliance managers."))
    form = TerritoryProfileForm(request.POST or None, initial={"owner": request.user})
    return form_view(
        request,
        form,
        lambda data: actions.territory_profile_create(actor=request.user, data=form.action_data()),
        success=lambda profile: _("Profile of %(t)s added.") % {"t": profile.territory},
        then=lambda profile: profile,
        page=partial(_form, request),
    )


PROFILE = Entity(
    "profile",
    TerritoryProfileForm,
    access,
    actions,
    prefix="territory_profile",
    form_scope=(),
)

profile_edit = edit_view(
    PROFILE, "knowledge/territory_form.html", success=gettext_lazy("Profile saved.")
)


@require_GET
def profile_detail(request, pk):
    profile = access.get_territory_profile_for_user(request.user, pk)
    user = request.user
    lessons = (
        Lesson.objects.visible_to(user)
        .filter(territory=profile.territory)
        .select_related("alliance")
        .order_by("-recorded_on", "-pk")[:50]
    )
    return render(
        request,
        "knowledge/territory_detail.html",
        {
            "profile": profile,
            "lessons": lessons,
            "past_review": profile.review_on < timezone.localdate(),
            "can_keep": access.may_keep_profiles(user),
            "history": AuditEvent.objects.for_object(profile).visible_to(user)[:20]
            if user.is_internal
            else [],
        },
    )


@require_POST
def profile_delete(request, pk):
    profile = access.get_territory_profile_for_user(request.user, pk, write=True)
    try:
        actions.territory_profile_delete(
            actor=request.user, profile=profile, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(profile)
    messages.success(request, _("Profile deleted."))
    return redirect("knowledge:territory_list")
