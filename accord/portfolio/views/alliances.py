from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core import freshness
from accord.core.access import require_internal
from accord.core.exceptions import ConflictError
from accord.core.forms import add_errors
from accord.core.generic import (
    Entity,
    delete_view,
    edit_view,
    filter_results,
    form_view,
    list_views,
    render_form,
)
from accord.core.models import AuditEvent
from accord.core.views import paginate, render_list

from .. import access, actions, exports
from .. import status as rag
from ..filters import AllianceFilter
from ..forms import (
    AllianceForm,
    AllocationForm,
    DeleteForm,
    MemberForm,
    ObjectiveForm,
    StatusOverrideForm,
    TierClearForm,
    TierOverrideForm,
)
from ..models import Alliance, AllianceObjective, StrategicPriority, Tier, TieringPolicy


def _alliances(request):
    """The portfolio list's (filterset, results, status): a bad filter shows what was wrong with
    it (400) instead of silently listing everything."""
    alliances = Alliance.objects.visible_to(request.user).with_list_data(request.user)
    return filter_results(request, alliances, AllianceFilter)


# The portfolio list, and the same as XLSX (with the same filters and order as the page).
alliance_list, alliance_export = list_views(
    _alliances,
    "portfolio/alliance_list.html",
    "portfolio/_alliance_results.html",
    sheet=lambda request, results: exports.portfolio_xlsx(results, request.user),
    extra=lambda request: {"can_create": access.can_create_alliance(request.user)},
)


@require_GET
def alliance_detail(request, pk):
    alliance = access.get_alliance_for_user(request.user, pk)
    # Read once for the page and the panels that ask for them (conflicts, relevant lessons).
    prefetch_related_objects([alliance], "territories", "therapeutic_areas")
    user = request.user
    programs = access.alliance_programs(user, alliance)
    members = alliance.members.select_related("user", "user__company").order_by(
        "role", "user__last_name"
    )
    can_edit = access.can_edit_alliance(user, alliance)
    # What the other apps say of the alliance (its status with reasons, key dates, recent
    # events) is kept until anything changes (accord.core.freshness), as are its panels.
    told = freshness.kept(
        "alliance-overview",
        user,
        (alliance.pk, timezone.localdate()),
        lambda: {
            "status": rag.alliance_status(alliance, user),
            "key_dates": rag.key_dates(alliance, user),
            "recent_events": rag.recent_events(alliance, user),
        },
    )
    context = {
        "alliance": alliance,
        # First: the status with its reasons, what is overdue and coming, the figures.
        "status": told["status"],
        "status_rules": rag.rules(),
        "can_override_status": access.can_override_status(user, alliance),
        "status_form": StatusOverrideForm(),
        "key_dates": told["key_dates"],
        "recent_events": told["recent_events"],
        "partners": alliance.partners.all(),
        "programs": programs,
        "members": members,
        "objectives": alliance.objectives.select_related("priority"),
        "objective_priorities": StrategicPriority.objects.filter(is_active=True),
        "can_edit": can_edit,
        "can_override": access.can_override_tier(user),
    }
    return render(request, "portfolio/alliance_detail.html", context)


@require_POST
def alliance_status(request, pk):
    """Override the derived status with a reason ("override"), or let it apply again ("clear")."""
    alliance = access.get_alliance_for_user(request.user, pk)
    if not access.can_override_status(request.user, alliance):
        raise PermissionDenied(_("Only the people who run this alliance override its status."))
    form = StatusOverrideForm(request.POST)
    clearing = "clear" in request.POST
    if form.is_valid():
        try:
            if clearing:
                actions.alliance_clear_status_override(
                    actor=request.user, alliance=alliance, reason=form.cleaned_data["reason"]
                )
            else:
                actions.alliance_override_status(
                    actor=request.user,
                    alliance=alliance,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        for field, errors in form.errors.items():
            label = _("Status") if field == "__all__" else field.replace("_", " ").capitalize()
            messages.error(
                request, _("%(field)s: %(errors)s") % {"field": label, "errors": " ".join(errors)}
            )
    elif clearing:
        messages.success(request, _("The derived status applies again."))
    else:
        messages.success(
            request,
            _("Status set to %(status)s by hand.") % {"status": form.cleaned_data["status"]},
        )
    return redirect("portfolio:alliance_detail", pk=alliance.pk)


@require_http_methods(["GET", "POST"])
def alliance_create(request):
    if not access.can_create_alliance(request.user):
        raise PermissionDenied(_("Only alliance leaders, managers and admins create alliances."))
    can_assign = access.can_assign_responsibility(request.user)
    form = AllianceForm(request.POST or None, can_assign=can_assign)
    return form_view(
        request,
        form,
        lambda data: actions.alliance_create(
            actor=request.user, data=form.action_data(), responsible=form.responsible()
        ),
        success=lambda alliance: (
            _("Alliance “%(alliance)s” created: %(tier)s.")
            % {"alliance": alliance, "tier": alliance.get_tier_display()}
        ),
        then=lambda alliance: alliance,
        page=partial(render_form, request, "portfolio/alliance_form.html", {}),
    )


ALLIANCE = Entity("alliance", AllianceForm, access, actions, form_scope=())

alliance_edit = edit_view(ALLIANCE, "portfolio/alliance_form.html")


alliance_delete = delete_view(
    ALLIANCE,
    form_class=DeleteForm,
    then=lambda alliance: reverse("portfolio:alliance_list"),
    allowed=access.may_manage_portfolio,
    refused=gettext_lazy("Only alliance leaders and admins delete alliances."),
    invalid_status=200,
)


@require_http_methods(["GET", "POST"])
def alliance_tier(request, pk):
    """The tier explained factor by factor, and the leader's override."""
    alliance = access.get_alliance_for_user(request.user, pk)
    require_internal(request.user, "Tiering")
    can_override = access.can_override_tier(request.user)
    form = TierOverrideForm(
        request.POST if "override" in request.POST else None,
        initial={"tier": alliance.tier, "version": alliance.version},
    )
    clear_form = TierClearForm(
        request.POST if "clear" in request.POST else None, initial={"version": alliance.version}
    )
    conflict = None
    if request.method == "POST":
        if not can_override:
            raise PermissionDenied(_("Only alliance leaders override tiers."))
        target = form if "override" in request.POST else clear_form
        if target.is_valid():
            try:
                if target is form:
                    actions.alliance_override_tier(
                        actor=request.user,
                        alliance=alliance,
                        tier=form.cleaned_data["tier"],
                        reason=form.cleaned_data["reason"],
                        expected_version=form.cleaned_data.get("version"),
                    )
                    messages.success(
                        request,
                        _("Tier set to Tier %(tier)s.") % {"tier": form.cleaned_data["tier"]},
                    )
                else:
                    actions.alliance_clear_tier_override(
                        actor=request.user,
                        alliance=alliance,
                        reason=clear_form.cleaned_data["reason"],
                        expected_version=clear_form.cleaned_data.get("version"),
                    )
                    messages.success(request, _("The computed tier applies again."))
            except ConflictError as error:
                add_errors(target, error)
                conflict = Alliance.objects.get(pk=alliance.pk)
                target.data = target.data.copy()
                target.data["version"] = conflict.version
            except ValidationError as error:
                add_errors(target, error)
            else:
                return redirect("portfolio:alliance_tier", pk=alliance.pk)
    context = {
        "alliance": alliance,
        "form": form,
        "clear_form": clear_form,
        "can_override": can_override,
        "tiers": Tier,
        "policy": TieringPolicy.load(),
    }
    context["conflict"] = conflict
    status = 409 if conflict else (400 if (form.errors or clear_form.errors) else 200)
    return render(request, "portfolio/alliance_tier.html", context, status=status)


@require_GET
def alliance_history(request, pk):
    alliance = access.get_alliance_for_user(request.user, pk)
    require_internal(request.user, "The change history")
    events = (
        AuditEvent.objects.for_alliance(alliance.pk)
        .visible_to(request.user)
        .select_related("content_type")
    )
    page = paginate(request, events, default_size=50)
    return render_list(
        request,
        "portfolio/alliance_history.html",
        "portfolio/_history_results.html",
        {"alliance": alliance, "page": page},
    )


# --- Team -----------------------------------------------------------------------------------


def _team_context(request, alliance, form=None):
    can_manage = access.can_manage_team(request.user, alliance)
    can_assign = access.can_assign_responsibility(request.user)
    return {
        "alliance": alliance,
        "members": alliance.members.select_related("user", "user__company").order_by(
            "role", "user__last_name"
        ),
        "can_manage": can_manage,
        "can_assign": can_assign,
        "form": form
        or (MemberForm(alliance=alliance, can_assign=can_assign) if can_manage else None),
    }


@require_http_methods(["GET", "POST"])
def alliance_team(request, pk):
    alliance = access.get_alliance_for_user(request.user, pk)
    form = None
    status = 200
    if request.method == "POST":
        if not access.can_manage_team(request.user, alliance):
            raise PermissionDenied(_("You cannot change this alliance's team."))
        can_assign = access.can_assign_responsibility(request.user)
        form = MemberForm(request.POST, alliance=alliance, can_assign=can_assign)
        if form.is_valid():
            try:
                member = actions.member_add(
                    actor=request.user,
                    alliance=alliance,
                    user=form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                    allocation_pct=form.cleaned_data["allocation_pct"],
                )
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("%(person)s added as %(role)s.")
                    % {"person": member.user, "role": member.get_role_display().lower()},
                )
                form = None
        else:
            status = 400
    context = _team_context(request, alliance, form)
    template = (
        "portfolio/_team.html"
        if request.headers.get("HX-Request")
        else "portfolio/alliance_team.html"
    )
    return render(request, template, context, status=status)


@require_POST
def member_remove(request, pk, member_pk):
    alliance = access.get_alliance_for_user(request.user, pk)
    member = access.get_member_for_user(request.user, alliance, member_pk)
    actions.member_remove(actor=request.user, member=member)
    messages.success(
        request,
        _("%(person)s is no longer %(role)s.")
        % {"person": member.user, "role": member.get_role_display().lower()},
    )
    template = (
        "portfolio/_team.html"
        if request.headers.get("HX-Request")
        else "portfolio/alliance_team.html"
    )
    return render(request, template, _team_context(request, alliance))


@require_POST
def member_allocation(request, pk, member_pk):
    alliance = access.get_alliance_for_user(request.user, pk)
    member = access.get_member_for_user(request.user, alliance, member_pk)
    form = AllocationForm(request.POST)
    if form.is_valid():
        actions.member_update(
            actor=request.user, member=member, allocation_pct=form.cleaned_data["allocation_pct"]
        )
        messages.success(
            request,
            _("%(person)s's allocation is now %(pct)s%%.")
            % {"person": member.user, "pct": form.cleaned_data["allocation_pct"]},
        )
    else:
        messages.error(
            request,
            _("Allocation: %(errors)s") % {"errors": "; ".join(form.errors["allocation_pct"])},
        )
    return redirect("portfolio:alliance_team", pk=alliance.pk)


# --- Strategic objectives -------------------------------------------------------------------


@require_POST
def objective_add(request, pk):
    alliance = access.get_alliance_for_user(request.user, pk, write=True)
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        actions.objective_add(
            actor=request.user,
            alliance=alliance,
            priority=form.cleaned_data["priority"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Objective added."))
    else:
        for field, errors in form.errors.items():
            messages.error(
                request,
                _("%(field)s: %(errors)s")
                % {"field": field.capitalize(), "errors": "; ".join(errors)},
            )
    return redirect("portfolio:alliance_detail", pk=alliance.pk)


@require_POST
def objective_remove(request, pk, objective_pk):
    alliance = access.get_alliance_for_user(request.user, pk, write=True)
    objective = get_object_or_404(AllianceObjective, alliance=alliance, pk=objective_pk)
    actions.objective_remove(actor=request.user, objective=objective)
    messages.success(request, _("Objective removed."))
    return redirect("portfolio:alliance_detail", pk=alliance.pk)
