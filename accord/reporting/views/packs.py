"""Executive packs built in the background: ask for one (the page returns at once), watch its
progress, download it again later. Each pack is its requester's own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accord.core.access import require_internal
from accord.core.files import open_stored

from .. import pack_actions
from ..models import PackExport, PackFormat, PackStatus


def _mine(request, pk) -> PackExport:
    require_internal(request.user, "The executive pack")
    return get_object_or_404(
        PackExport.objects.visible_to(request.user).select_related("file"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def pack_list(request):
    require_internal(request.user, "The executive pack")
    status = 200
    if request.method == "POST":
        try:
            export = pack_actions.pack_request(
                actor=request.user, fmt=request.POST.get("format", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
        else:
            return redirect(export)
    exports = PackExport.objects.visible_to(request.user)[:20]
    # The format a link named (`?format=pdf`, from the old direct link) is offered first.
    wanted = request.GET.get("format", PackFormat.PPTX)
    formats = sorted(PackFormat.choices, key=lambda choice: choice[0] != wanted)
    return render(
        request,
        "reporting/pack_list.html",
        {"exports": exports, "formats": formats},
        status=status,
    )


@require_GET
def pack_detail(request, pk):
    return render(request, "reporting/pack_detail.html", {"export": _mine(request, pk)})


@require_GET
def pack_progress(request, pk):
    return render(request, "reporting/_pack_progress.html", {"export": _mine(request, pk)})


def file_response(export: PackExport) -> FileResponse:
    """A finished pack's file as a download (the page and the API both answer with this)."""
    if export.status != PackStatus.DONE or export.file is None:
        raise Http404("This pack is not ready.")
    try:
        handle = open_stored(export.file)
    except FileNotFoundError as error:
        raise Http404("This file is no longer in the storage.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export.filename,
        content_type=export.file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def pack_download(request, pk):
    return file_response(_mine(request, pk))
