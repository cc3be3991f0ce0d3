"""Joint scorecard and relaunch pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.exceptions import ConflictError
from accord.core.forms import add_errors
from accord.core.generic import form_view
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions, charts, hooks
from ..forms import ActualForm, EndorseForm, GoalForm, MetricForm, RelaunchStepForm, TargetForm
from ..models import HealthPolicy, JointGoal, Relaunch, RelaunchStatus, rag_status


def _flash_errors(request, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            label = "" if field == "__all__" else field.replace("_", " ").capitalize() + ": "
            for message in errors:
                messages.error(request, label + message)
    else:
        for message in error.messages:
            messages.error(request, message)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        messages.error(
            request,
            _("%(field)s: %(errors)s")
            % {"field": field.replace("_", " ").capitalize(), "errors": "; ".join(errors)},
        )


def _posted(request, form_class, action, success, /, **given) -> None:
    """A posted form whose data goes to `action(actor=, data=, **given)`, then `success` is
    said; else the form's errors, each as a message."""
    form = form_class(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    action(actor=request.user, **given, data=form.cleaned_data)
    messages.success(request, success)


def scorecard_rows(goals, policy):
    """Goals with their metrics, each metric's periods with RAG, latest status and chart."""
    rows = []
    for goal in goals:
        metrics = []
        for metric in goal.metrics.all():
            values = sorted(metric.values.all(), key=lambda v: v.period)
            tolerance = (
                metric.amber_tolerance_pct
                if metric.amber_tolerance_pct is not None
                else policy.amber_tolerance_pct
            )
            periods = [
                {
                    "value": v,
                    "rag": rag_status(
                        direction=metric.direction,
                        target=v.target,
                        actual=v.actual,
                        tolerance_pct=tolerance,
                    ),
                }
                for v in values
            ]
            reported = [p for p in periods if p["value"].actual is not None]
            metrics.append(
                {
                    "metric": metric,
                    "periods": periods,
                    "status": reported[-1]["rag"] if reported else "none",
                    "chart": charts.metric_trend(metric, values),
                    "chart_id": f"metric-{metric.pk}",
                }
            )
        rows.append({"goal": goal, "metrics": metrics})
    return rows


@require_http_methods(["GET", "POST"])
def scorecard(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    can_manage = access.can_manage_health(request.user, alliance)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(_("Only the people who run this alliance set its joint goals."))

    def page(form):
        goals = (
            JointGoal.objects.visible_to(request.user)
            .filter(alliance=alliance)
            .prefetch_related("metrics__values")
        )
        context = {
            "alliance": alliance,
            "rows": scorecard_rows(goals, HealthPolicy.load()),
            "can_manage": can_manage,
            "is_partner_member": access.is_partner_member(request.user, alliance.pk),
            "form": form if can_manage else None,
            "metric_form": MetricForm(),
            "endorse_form": EndorseForm(),
        }
        status = 400 if form.errors else 200
        return render(request, "health/scorecard.html", context, status=status)

    return form_view(
        request,
        form,
        lambda data: actions.goal_create(actor=request.user, alliance=alliance, data=data),
        success=_("Joint goal added."),
        then=reverse("health:scorecard", args=[alliance.pk]),
        page=page,
    )


@require_POST
def goal_op(request, pk, op):
    goal = access.get_goal_for_user(request.user, pk, write=True)
    try:
        if op == "endorse":
            success = _("JSC endorsement recorded.")
            _posted(request, EndorseForm, actions.goal_endorse, success, goal=goal)
        elif op == "metrics":
            _posted(request, MetricForm, actions.metric_create, _("Metric added."), goal=goal)
        elif op == "delete":
            actions.goal_delete(actor=request.user, goal=goal)
            messages.success(request, _("Joint goal deleted."))
        else:
            raise Http404
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect("health:scorecard", pk=goal.alliance_id)


@require_POST
def metric_op(request, pk, op):
    if op == "actual":
        metric = access.get_metric_for_user(request.user, pk, actuals=True)
        form = ActualForm(request.POST)
    elif op in ("target", "delete"):
        metric = access.get_metric_for_user(request.user, pk, write=True)
        form = TargetForm(request.POST)
    else:
        raise Http404
    alliance_id = metric.goal.alliance_id
    try:
        if op == "delete":
            actions.metric_delete(actor=request.user, metric=metric)
            messages.success(request, _("Metric deleted."))
        elif not form.is_valid():
            _form_errors(request, form)
        elif op == "target":
            actions.metric_set_target(actor=request.user, metric=metric, **form.cleaned_data)
            messages.success(
                request, _("Target for %(period)s saved.") % {"period": form.cleaned_data["period"]}
            )
        else:
            actions.metric_record_actual(actor=request.user, metric=metric, **form.cleaned_data)
            messages.success(
                request, _("Actual for %(period)s saved.") % {"period": form.cleaned_data["period"]}
            )
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect("health:scorecard", pk=alliance_id)


# --- Relaunch -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def relaunch_start(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    current = Relaunch.objects.filter(alliance=alliance).order_by("-created_at").first()
    if request.method == "GET":
        if current:
            return redirect("health:relaunch_step", pk=current.pk, step="overview")
        return render(
            request,
            "health/relaunch_start.html",
            {
                "alliance": alliance,
                "can_manage": access.can_manage_health(request.user, alliance),
            },
        )
    if not access.can_manage_health(request.user, alliance):
        raise PermissionDenied(_("Only the people who run this alliance lead its relaunch."))
    try:
        relaunch = actions.relaunch_start(actor=request.user, alliance=alliance)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("health:alliance_health", pk=alliance.pk)
    return redirect("health:relaunch_step", pk=relaunch.pk, step="context")


def _steps(relaunch):
    return [
        {"key": key, "label": label, "done": relaunch.step_done(key)}
        for key, label, _ in Relaunch.STEPS
    ]


@require_http_methods(["GET", "POST"])
def relaunch_step(request, pk, step):
    relaunch = access.get_relaunch_for_user(request.user, pk)
    alliance = relaunch.alliance
    can_manage = access.can_manage_health(request.user, alliance)
    editable = can_manage and relaunch.status == RelaunchStatus.IN_PROGRESS
    keys = Relaunch.step_keys()
    if step not in [*keys, "overview", "complete"]:
        raise Http404
    if request.method == "POST" and not editable:
        raise PermissionDenied(_("Only the people who run this alliance change its relaunch."))
    if step == "complete":
        if request.method != "POST":
            raise Http404
        try:
            actions.relaunch_complete(actor=request.user, relaunch=relaunch)
        except ValidationError as error:
            _flash_errors(request, error)
            return redirect("health:relaunch_step", pk=relaunch.pk, step="overview")
        messages.success(
            request, _("Relaunch completed. Now capture its lessons so they outlive the team.")
        )
        return redirect("health:relaunch_lesson", pk=relaunch.pk)
    form = goal_form = None
    if step == "goals":
        goal_form = GoalForm(request.POST or None) if editable else None
        if request.method == "POST" and goal_form.is_valid():
            try:
                actions.goal_create(
                    actor=request.user,
                    alliance=alliance,
                    data=goal_form.cleaned_data,
                    relaunch=relaunch,
                )
            except ValidationError as error:
                add_errors(goal_form, error)
            else:
                messages.success(request, _("Joint goal added."))
                return redirect("health:relaunch_step", pk=relaunch.pk, step="goals")
    elif step != "overview":
        form = RelaunchStepForm(
            request.POST or None,
            instance=relaunch,
            step=step,
            initial={"version": relaunch.version},
        )
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                actions.relaunch_update(
                    actor=request.user,
                    relaunch=relaunch,
                    data=data,
                    expected_version=form.cleaned_data.get("version"),
                )
            except (ValidationError, ConflictError) as error:
                add_errors(form, error)
            else:
                index = keys.index(step)
                following = keys[index + 1] if index + 1 < len(keys) else "overview"
                messages.success(request, _("Saved."))
                return redirect("health:relaunch_step", pk=relaunch.pk, step=following)
    context = {
        "alliance": alliance,
        "relaunch": relaunch,
        "step": step,
        "steps": _steps(relaunch),
        "form": form,
        "goal_form": goal_form,
        "editable": editable,
        "goals": relaunch.goals.all(),
        "step_label": dict((k, label) for k, label, _unused in Relaunch.STEPS).get(
            step, "Overview"
        ),
    }
    status = (
        400
        if (form is not None and form.errors) or (goal_form is not None and goal_form.errors)
        else 200
    )
    return render(request, "health/relaunch.html", context, status=status)


@require_GET
def relaunch_lesson(request, pk):
    """The hook for lessons learned: the lessons app's capture page, or the draft to copy."""
    relaunch = access.get_relaunch_for_user(request.user, pk)
    if relaunch.status != RelaunchStatus.COMPLETED:
        messages.error(request, _("Complete the relaunch first."))
        return redirect("health:relaunch_step", pk=relaunch.pk, step="overview")
    target = hooks.lesson_capture_url(relaunch) if request.user.is_internal else None
    if target:
        return redirect(target)
    return render(
        request,
        "health/relaunch_lesson.html",
        {
            "alliance": relaunch.alliance,
            "relaunch": relaunch,
            "draft": hooks.lesson_draft(relaunch),
        },
    )
