"""Type-ahead choices for filters with long option lists (2,000 alliances, 300 partners).

The filter's drop-down is rendered with only the chosen option (see `filter_select`); as the
person types, accord.js asks here for the matching <option>s. Every option comes from the
person's scoped queryset, the same one the filter validates the id against.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import Alliance, Company

LIMIT = 30


def _alliances(user):
    return Alliance.objects.visible_to(user).order_by("name", "pk")


def _partners(user):
    return Company.objects.partners().visible_to(user).order_by("name", "pk")


SOURCES = {"alliances": _alliances, "partners": _partners}


@require_GET
def options(request, kind):
    source = SOURCES.get(kind)
    if source is None:
        raise Http404("No such list of choices.")
    text = request.GET.get("q", "").strip()[:100]
    found = source(request.user)
    if text:
        found = found.filter(name__icontains=text)
    rows = list(found.values_list("pk", "name")[: LIMIT + 1])
    return render(
        request,
        "portfolio/_choice_options.html",
        {"options": rows[:LIMIT], "more": len(rows) > LIMIT},
    )
