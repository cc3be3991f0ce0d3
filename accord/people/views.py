import zoneinfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import add_errors
from accord.core.locales import reader_zone_name
from accord.core.views import paginate, render_list

from . import access, actions, reauth
from .forms import ApiTokenForm, SettingsForm
from .hooks import memberships as alliance_memberships
from .models import Role, User


@require_GET
def people_list(request):
    people = User.objects.visible_to(request.user).filter(is_active=True).select_related("company")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(company__name__icontains=query)
        )
    role = request.GET.get("role", "")
    role_error = ""
    if role and role not in Role.values:
        role_error = _("Role: “%(role)s” is not a role. Choose one of: %(roles)s.") % {
            "role": role,
            "roles": ", ".join(Role.values),
        }
        people = people.none()
    elif role:
        people = people.filter(role=role)
    # Who runs how many of the alliances this viewer sees (the portfolio's memberships).
    people = people.annotate(responsible_for=alliance_memberships().responsible_for(request.user))
    page = paginate(request, people.order_by("company__kind", "last_name", "first_name"))
    context = {
        "page": page,
        "q": query,
        "role": role,
        "roles": Role.choices,
        "role_error": role_error,
    }
    return render_list(
        request,
        "people/people_list.html",
        "people/_people_results.html",
        context,
        status=400 if role_error else 200,
    )


@require_GET
def person_detail(request, pk):
    person = access.get_person_for_user(request.user, pk)
    memberships = alliance_memberships().seen_by(person, request.user)
    return render(
        request, "people/person_detail.html", {"person": person, "memberships": memberships}
    )


@require_http_methods(["GET", "POST"])
def token_list(request):
    form = ApiTokenForm(request.POST or None, user=request.user)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = actions.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
                read_only=form.read_only(),
                alliances=form.cleaned_data["alliances"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            form = ApiTokenForm(user=request.user)
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": request.user.api_tokens.prefetch_related("alliances"),
    }
    return render(request, "people/token_list.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def account_settings(request):
    """One's own settings: language, time zone and notifications."""
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        # The form's instance is the signed-in user: the action reads the stored values afresh.
        user = actions.user_update_preferences(
            actor=request.user, user=request.user, **form.cleaned_data
        )
        zone = user.time_zone or timezone.get_default_timezone_name()
        if user.language:  # the confirmation already speaks the language just chosen
            translation.activate(user.language)
        messages.success(
            request, _("Your settings are saved: times are shown in %(zone)s.") % {"zone": zone}
        )
        return redirect("people:account_settings")
    now = timezone.now().astimezone(zoneinfo.ZoneInfo(reader_zone_name(request.user)))
    context = {"form": form, "now": now, "zone": reader_zone_name(request.user)}
    return render(request, "people/settings.html", context, status=400 if form.errors else 200)


@require_POST
def token_revoke(request, pk):
    token = access.get_token_for_user(request.user, pk)
    actions.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("Token “%(name)s” revoked: scripts using it now get 401.") % {"name": token.name}
    )
    return redirect("people:token_list")


@require_POST
def sso_reauthenticate(request):
    """Send the signed-in person to sign in again at the identity provider, then back."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return reauth.start(request, next_url)
