"""The top search page: every kind of record the person may see, grouped by kind."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import search as top_search


@require_GET
def search_page(request):
    text = " ".join(request.GET.get("q", "").split())
    results = top_search.search(request.user, text)
    context = {
        "q": text,
        "results": results,
        "total": sum(kind.count for kind in results),
        "too_short": bool(text) and len(text) < top_search.MIN_LENGTH,
        "per_kind": top_search.PER_KIND,
    }
    return render(request, "reporting/search.html", context)
