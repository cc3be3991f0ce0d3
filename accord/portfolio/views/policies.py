from django import forms
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.core.access import require_internal

from .. import workload as workload_model
from ..models import Alliance, AMTeam, TieringPolicy, WorkloadPolicy
from ..tiering import FACTOR_LABELS, STAGE_SCORES


class TeamFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=AMTeam.objects.all(), required=False, empty_label="All AM teams", label="AM team"
    )


@require_GET
def workload(request):
    require_internal(request.user, "Workload")
    form = TeamFilterForm(request.GET or None)
    alliances = Alliance.objects.visible_to(request.user)
    status = 200
    if form.is_valid() and form.cleaned_data["team"]:
        alliances = alliances.filter(am_team=form.cleaned_data["team"])
    elif form.is_bound and not form.is_valid():
        status = 400
    policy = WorkloadPolicy.load()
    loads = workload_model.manager_loads(alliances=alliances, policy=policy)
    unassigned = (
        alliances.without_responsible_person()
        .select_related("am_team")
        .prefetch_related("partners")
        .order_by("tier", "name")
    )
    context = {
        "form": form,
        "policy": policy,
        # The bar runs to twice the capacity so that "over" still has room to show how far over.
        "meter_max": policy.capacity_points * 2,
        "loads": loads,
        "over": [load for load in loads if load.status == workload_model.Status.OVER],
        "unassigned": unassigned,
    }
    return render(request, "portfolio/workload.html", context, status=status)


@require_GET
def tiering_policy(request):
    require_internal(request.user, "Tiering")
    policy = TieringPolicy.load()
    weights = policy.weights()
    total = policy.weights_total() or 1
    factors = [
        {
            "key": key,
            "label": FACTOR_LABELS[key],
            "weight": weight,
            "share": round(100 * weight / total),
        }
        for key, weight in weights.items()
    ]
    distribution = {tier: 0 for tier in (1, 2, 3)}
    for row in (
        Alliance.objects.visible_to(request.user)
        .active()
        .values("tier")
        .order_by()
        .annotate(n=Count("pk"))
    ):
        distribution[row["tier"]] = row["n"]
    context = {
        "policy": policy,
        "factors": factors,
        "distribution": distribution,
        "stage_scores": [
            (stage.label, score, words) for stage, (score, words) in STAGE_SCORES.items()
        ],
        "overridden": Alliance.objects.visible_to(request.user)
        .filter(tier_override__isnull=False)
        .select_related("tier_overridden_by")
        .order_by("name"),
    }
    return render(request, "portfolio/tiering.html", context)
