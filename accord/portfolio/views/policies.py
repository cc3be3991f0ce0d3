import functools
import html

from django import forms
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accord.core import scoping
from accord.core.access import require_internal
from accord.core.views import paginate, render_list

from .. import workload as workload_model
from ..models import Alliance, AMTeam, TieringPolicy, WorkloadPolicy
from ..tiering import FACTOR_LABELS, STAGE_SCORES


class TeamFilterForm(scoping.Form):
    team = forms.ModelChoiceField(
        queryset=AMTeam.objects.all(),
        required=False,
        empty_label=gettext_lazy("All AM teams"),
        label=gettext_lazy("AM team"),
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
    # The people are paged; what each holds (and why their status) is fetched for this page only.
    page = paginate(request, loads)
    workload_model.attach_items(page.object_list, alliances=alliances, policy=policy)
    unassigned = (
        alliances.without_responsible_person()
        .select_related("am_team")
        .prefetch_related("partners")
        .order_by("tier", "name")
    )
    alliance_url = url_prefix("portfolio:alliance_detail")
    for load in page.object_list:
        load.chips_html = chips_html(load, alliance_url)
    context = {
        "form": form,
        "policy": policy,
        # The bar runs to twice the capacity so that "over" still has room to show how far over.
        "meter_max": policy.capacity_points * 2,
        "page": page,
        "loads": page.object_list,
        "people_count": len(loads),
        "over": [load for load in loads if load.status == workload_model.Status.OVER],
        "unassigned": unassigned,
        # The first few are listed; the portfolio list's filter has them all.
        "unassigned_shown": unassigned[:UNASSIGNED_SHOWN],
        "unassigned_count": unassigned.count(),
        # Links built from one reversed prefix, not one {% url %} per chip and person.
        "alliance_url": alliance_url,
        "person_url": url_prefix("people:person_detail"),
    }
    return render_list(
        request, "portfolio/workload.html", "portfolio/_workload_people.html", context, status
    )


UNASSIGNED_SHOWN = 25


def chips_html(load, alliance_url: str) -> str:
    """What a person holds as chips: built here, not by template tags, because a page of people
    holds a thousand alliances on a big portfolio (the same markup as the template had: every
    value escaped as format_html escapes it, the wording translated once per person, each number
    formatted once)."""
    if not load.items:
        return format_html('<span class="muted">{}</span>', _("nothing assigned"))
    title = _("Tier %(tier)s, %(stage)s, %(pct)s%% → %(points)s points")
    designated = html.escape(_(" (designated)"))
    number = functools.lru_cache(maxsize=None)(localize)
    url = html.escape(alliance_url)
    chips = [
        '<a class="chip{}" href="{}{}/" title="{}">{}{}</a>'.format(
            " t1" if item.tier == 1 else "",
            url,
            html.escape(str(item.alliance_id)),
            html.escape(
                title
                % {
                    "tier": number(item.tier),
                    "stage": item.stage,
                    "pct": number(item.allocation_pct),
                    "points": number(item.points),
                }
            ),
            html.escape(str(item.alliance_name)),
            designated if item.role == "designated_person" else "",
        )
        for item in load.items
    ]
    return mark_safe("".join(chips))  # noqa: S308 - every value escaped above


def url_prefix(name: str) -> str:
    """The path of `name` up to its one integer argument: prefix + pk + "/" is the URL."""
    path = reverse(name, args=[987654321])
    prefix, _sep, rest = path.partition("987654321")
    if rest != "/":
        raise ValueError(f"{name} does not end with its id")
    return prefix


@require_GET
def tiering_policy(request):
    require_internal(request.user, "Tiering")
    policy = TieringPolicy.load()
    weights = policy.weights()
    total = policy.weights_total() or 1
    factors = [
        {
            "key": key,
            "label": _(FACTOR_LABELS[key]),
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
            (stage.label, score, _(words)) for stage, (score, words) in STAGE_SCORES.items()
        ],
        "overridden": Alliance.objects.visible_to(request.user)
        .filter(tier_override__isnull=False)
        .select_related("tier_overridden_by")
        .order_by("name"),
    }
    return render(request, "portfolio/tiering.html", context)
