"""The old direct link to the executive pack (`/dashboard/pack.pptx`, `.pdf`).

A pack is built in the background (see packs.py): building it in the request held a web worker
for seconds. The old link, kept for bookmarks, answers at once with the packs page, where the
format it named is the one offered first.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from accord.core.access import require_internal

from ..models import PackFormat


@require_GET
def executive_pack(request, fmt):
    require_internal(request.user, "The executive pack")
    if fmt not in PackFormat.values:
        return HttpResponseBadRequest("format: choose pptx or pdf.")
    return redirect(f"{reverse('reporting:pack_list')}?format={fmt}")
