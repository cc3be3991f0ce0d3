"""The milestone one-step actions: "Mark achieved" and "Mark slipped".

Small forms (htmx: the form replaces the row's buttons, the answer replaces the form), shown on
the milestone list and page and on the alliance page's key dates, instead of the whole
milestone form. The work is done by actions.milestone_mark_achieved / milestone_mark_slipped.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accord.core.forms import add_errors
from accord.core.views import is_htmx

from .. import access, actions
from ..forms import MilestoneAchievedForm, MilestoneSlippedForm

STEPS = {
    "achieved": {
        "form": MilestoneAchievedForm,
        "label": _("Mark achieved"),
        "done": _("%(title)s: Marked achieved."),
    },
    "slipped": {
        "form": MilestoneSlippedForm,
        "label": _("Mark slipped"),
        "done": _("%(title)s: Forecast moved."),
    },
}


def _next(request, milestone) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return milestone.get_absolute_url()


def _step(request, pk, step):
    milestone = access.get_milestone_for_user(request.user, pk, write=True)
    spec = STEPS[step]
    if request.method == "POST":
        form = spec["form"](request.POST, request.FILES)
    else:
        initial = {"achieved_on": timezone.localdate()} if step == "achieved" else {}
        form = spec["form"](initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if step == "achieved":
                actions.milestone_mark_achieved(
                    actor=request.user,
                    milestone=milestone,
                    achieved_on=data["achieved_on"],
                    evidence=data["evidence"],
                    evidence_url=data["evidence_url"],
                    evidence_upload=data.get("evidence_file"),
                )
            else:
                actions.milestone_mark_slipped(
                    actor=request.user,
                    milestone=milestone,
                    forecast_date=data["forecast_date"],
                    reason=data["reason"],
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            milestone.refresh_from_db()
            if is_htmx(request):
                return render(
                    request,
                    "contracts/_milestone_step_done.html",
                    {"milestone": milestone, "step": step},
                )
            messages.success(request, spec["done"] % {"title": milestone.title})
            return redirect(_next(request, milestone))
    context = {
        "milestone": milestone,
        "form": form,
        "step": step,
        "label": spec["label"],
        "next": _next(request, milestone),
    }
    template = (
        "contracts/_milestone_step_form.html"
        if is_htmx(request)
        else "contracts/milestone_step.html"
    )
    return render(request, template, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def milestone_mark_achieved(request, pk):
    return _step(request, pk, "achieved")


@require_http_methods(["GET", "POST"])
def milestone_mark_slipped(request, pk):
    return _step(request, pk, "slipped")
