"""Survey pages: launching waves, inviting respondents, response rates, and answering."""

from collections import defaultdict
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.generic import form_view
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.models import Alliance

from .. import access, actions, charts, hooks
from ..forms import RespondentForm, WaveForm
from ..models import HealthPolicy, Respondent, Side
from ..results import previous_closed, wave_results


def _wave_data(form) -> dict:
    data = form.cleaned_data
    return {k: data[k] for k in ("title", "kind", "instrument", "opens_on", "closes_on")}


def _manageable_alliances(user):
    alliances = Alliance.objects.visible_to(user).active().order_by("name")
    if user.can_manage_portfolio:
        return alliances
    return alliances.managed_by(user)


@require_http_methods(["GET", "POST"])
def waves_new(request):
    """One survey round for several alliances at once."""
    if not request.user.is_internal or not request.user.can_create_records:
        raise PermissionDenied(_("Only alliance managers, leaders and admins launch surveys."))
    actions.instrument_install_default(actor=None)
    alliances = _manageable_alliances(request.user)
    form = WaveForm(request.POST or None, alliances=alliances)

    def create(data):
        return actions.waves_create(
            actor=request.user, alliances=data["alliances"], data=_wave_data(form)
        )

    def success(waves):
        return ngettext(
            "%(n)s draft wave(s) created: check the respondents, then launch.",
            "%(n)s draft wave(s) created: check the respondents, then launch.",
            len(waves),
        ) % {"n": len(waves)}

    return form_view(
        request,
        form,
        create,
        success=success,
        then=lambda waves: reverse("health:wave_detail", args=[waves[0].pk]),
        page=partial(_wave_form, request, {}),
    )


def _wave_form(request, context, form):
    return render(
        request,
        "health/wave_form.html",
        {"form": form, **context},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def wave_new(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    if not access.can_manage_health(request.user, alliance):
        raise PermissionDenied(_("Only the people who run this alliance launch its surveys."))
    actions.instrument_install_default(actor=None)
    form = WaveForm(request.POST or None, fixed_alliance=alliance)
    return form_view(
        request,
        form,
        lambda data: actions.wave_create(
            actor=request.user, alliance=alliance, data=_wave_data(form)
        ),
        success=_("Draft wave created: check the respondents, then launch."),
        then=lambda wave: reverse("health:wave_detail", args=[wave.pk]),
        page=partial(_wave_form, request, {"alliance": alliance}),
    )


def response_rates(wave) -> list[dict]:
    """Invited and answered per company and function (who answered what is never shown)."""
    rows = defaultdict(lambda: {"invited": 0, "answered": 0})
    for respondent in wave.respondents.select_related("company").order_by():
        for key in (
            (respondent.company.name, ""),
            (respondent.company.name, respondent.function_label),
        ):
            rows[key]["invited"] += 1
            rows[key]["answered"] += 1 if respondent.submitted_at else 0
    result = []
    for (company, function), counts in sorted(rows.items()):
        rate = round(100 * counts["answered"] / counts["invited"]) if counts["invited"] else 0
        result.append({"company": company, "function": function, **counts, "rate": rate})
    return result


@require_http_methods(["GET"])
def wave_detail(request, pk):
    wave = access.get_wave_for_user(request.user, pk)
    can_manage = access.can_manage_health(request.user, wave.alliance)
    previous = previous_closed(wave) if wave.closed_at else None
    result = wave_results(wave, previous=wave_results(previous) if previous else None)
    totals = wave.respondents.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    context = {
        "alliance": wave.alliance,
        "wave": wave,
        "result": result,
        "rates": response_rates(wave),
        "totals": totals,
        "can_manage": can_manage,
        "respondents": wave.respondents.select_related("company", "user") if can_manage else [],
        "respondent_form": RespondentForm(wave=wave) if can_manage and not wave.closed_at else None,
        "radar": charts.radar(result),
        "gap_chart": charts.gap_bars(result),
        "threshold": HealthPolicy.load().anonymity_threshold,
        "policy": HealthPolicy.load(),
        "lesson_url": (
            hooks.wave_lesson_url(wave) if wave.closed_at and request.user.is_internal else None
        ),
    }
    return render(request, "health/wave_detail.html", context)


@require_POST
def wave_op(request, pk, op):
    wave = access.get_wave_for_user(request.user, pk, write=True)
    try:
        if op == "launch":
            actions.wave_launch(actor=request.user, wave=wave)
            messages.success(request, _("Wave launched: invitations are on their way."))
        elif op == "close":
            actions.wave_close(actor=request.user, wave=wave)
            messages.success(request, _("Wave closed: the results are ready."))
        elif op == "remind":
            count = actions.send_reminders(wave=wave, force=True)
            messages.success(
                request,
                ngettext(
                    "Reminded %(count)s people who have not answered yet.",
                    "Reminded %(count)s people who have not answered yet.",
                    count,
                )
                % {"count": count},
            )
        elif op == "delete":
            actions.wave_delete(actor=request.user, wave=wave)
            messages.success(request, _("Draft wave deleted."))
            return redirect("health:alliance_health", pk=wave.alliance_id)
        elif op == "respondents":
            form = RespondentForm(request.POST, wave=wave)
            if not form.is_valid():
                for line in [f"{k}: {'; '.join(v)}" for k, v in form.errors.items()]:
                    messages.error(request, line)
                return redirect("health:wave_detail", pk=wave.pk)
            data = form.cleaned_data
            respondent = actions.respondent_add(
                actor=request.user,
                wave=wave,
                user=data["user"],
                name=data["name"],
                email=data["email"],
                function=data["function"],
                company=data["company"],
                language=data["language"],
            )
            messages.success(request, _("%(name)s invited.") % {"name": respondent.name})
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("health:wave_detail", pk=wave.pk)


@require_POST
def respondent_op(request, pk, op):
    respondent = access.get_respondent_for_user(request.user, pk)
    wave = respondent.wave
    try:
        if op == "remove":
            actions.respondent_remove(actor=request.user, respondent=respondent)
            messages.success(
                request, _("%(name)s removed from the wave.") % {"name": respondent.name}
            )
        elif op == "resend":
            actions.respondent_resend_link(actor=request.user, respondent=respondent)
            messages.success(
                request,
                _("A new personal link was emailed to %(name)s.") % {"name": respondent.name},
            )
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("health:wave_detail", pk=wave.pk)


@require_http_methods(["GET"])
def my_surveys(request):
    invitations = (
        Respondent.objects.filter(user=request.user, side=Side.OWN, wave__launched_at__isnull=False)
        .filter(wave__alliance__in=Alliance.objects.visible_to(request.user))
        .select_related("wave", "wave__alliance")
        .order_by("submitted_at", "-wave__opens_on")
    )
    return render(request, "health/my_surveys.html", {"invitations": invitations})


def _answer_page(request, respondent, *, post_url, status=200, errors=None):
    wave = respondent.wave
    values = request.POST if request.method == "POST" else respondent.draft or {}
    sections = []
    for item in wave.instrument.items_in_order():
        current = (
            values.get(f"item_{item.pk}") if request.method == "POST" else values.get(str(item.pk))
        )
        if current is not None and item.kind == "yesno" and request.method != "POST":
            current = {1: "yes", 0: "no"}.get(current, current)
        if not sections or sections[-1]["theme"] != item.theme:
            sections.append({"theme": item.theme, "category": item.theme.category, "items": []})
        sections[-1]["items"].append(
            {
                "item": item,
                "value": "" if current is None else str(current),
                "error": (errors or {}).get(f"item_{item.pk}"),
            }
        )
    return render(
        request,
        "health/answer.html",
        {
            "respondent": respondent,
            "wave": wave,
            "sections": sections,
            "post_url": post_url,
            "errors": errors or {},
            "threshold": HealthPolicy.load().anonymity_threshold,
        },
        status=status,
    )


def _handle_answers(request, respondent, post_url, done_url):
    answers = {
        key.removeprefix("item_"): value
        for key, value in request.POST.items()
        if key.startswith("item_")
    }
    submit = "submit" in request.POST
    try:
        actions.answers_save(respondent=respondent, answers=answers, submit=submit)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return _answer_page(request, respondent, post_url=post_url, status=400, errors=errors)
    if submit:
        return render(
            request, "health/answer_done.html", {"wave": respondent.wave, "done_url": done_url}
        )
    messages.success(request, _("Your answers are saved. Come back to finish and submit them."))
    return redirect(post_url)


@require_http_methods(["GET", "POST"])
def answer(request, pk):
    """A member of our staff answers a wave in Accord."""
    respondent = access.get_invitation_for_user(request.user, pk)
    post_url = request.path
    if respondent.submitted_at:
        return render(
            request, "health/answer_done.html", {"wave": respondent.wave, "already": True}
        )
    if not respondent.wave.is_open:
        return render(
            request, "health/link_error.html", {"reason": _("This survey is not open.")}, status=410
        )
    if request.method == "POST":
        return _handle_answers(request, respondent, post_url, "/surveys/")
    return _answer_page(request, respondent, post_url=post_url)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def link_answer(request, token):
    """A partner answers through their personal link, without an account."""
    try:
        respondent = actions.respondent_for_link(token)
    except actions.LinkError as error:
        return render(request, "health/link_error.html", {"reason": str(error)}, status=410)
    if respondent.language:  # chosen by whoever invited them, over the browser's
        translation.activate(respondent.language)
        request.LANGUAGE_CODE = translation.get_language()
    if request.method == "POST":
        response = _handle_answers(request, respondent, request.path, None)
    else:
        response = _answer_page(request, respondent, post_url=request.path)
    # The secret is in the path: the site-wide "same-origin" referrer policy keeps it from other
    # sites ("no-referrer" would make browsers send Origin: null and fail the CSRF check).
    response["X-Robots-Tag"] = "noindex"
    return response
