"""Tracker import: upload, check the columns and preview (a dry run), import, watch it run."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.access import require_internal
from accord.core.forms import add_errors
from accord.core.generic import attempt

from .. import actions, tracker
from ..forms import MappingForm, UploadForm
from ..models import ImportStatus, TrackerImport


def _importer(request):
    require_internal(request.user, "Importing a tracker")
    if not actions.can_import(request.user):
        raise PermissionDenied(_("Only the alliance leader imports a tracker."))


def _import(request, pk) -> TrackerImport:
    _importer(request)
    return get_object_or_404(TrackerImport.objects.select_related("file"), pk=pk)


@require_http_methods(["GET", "POST"])
def import_list(request):
    _importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                tracker_import = actions.import_upload(
                    actor=request.user, upload=form.cleaned_data["file"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect(tracker_import)
        status = 400
    imports = TrackerImport.objects.select_related("file", "created_by")[:20]
    return render(
        request, "reporting/import_list.html", {"form": form, "imports": imports}, status=status
    )


def _detail(request, tracker_import, form, status=200):
    preview = None
    if tracker_import.status == ImportStatus.UPLOADED and not form.errors:
        try:
            preview = tracker.run(tracker_import, request.user, commit=False)
        except ValidationError as error:
            add_errors(form, error)
            status = 400
    return render(
        request,
        "reporting/import_detail.html",
        {"imp": tracker_import, "form": form, "preview": preview, "Status": ImportStatus},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def import_detail(request, pk):
    tracker_import = _import(request, pk)
    if request.method == "GET":
        form = MappingForm(initial=tracker_import.mapping, headers=tracker_import.headers)
        return _detail(request, tracker_import, form)
    form = MappingForm(request.POST, headers=tracker_import.headers)

    def save(mapping):
        return actions.import_map(
            actor=request.user, tracker_import=tracker_import, mapping=mapping
        )

    return attempt(
        request,
        form,
        save,
        success=_("Columns saved: the preview below uses them."),
        then=lambda saved: saved,
        rerender=lambda status: _detail(request, tracker_import, form, status=status),
    )


@require_POST
def import_commit(request, pk):
    tracker_import = _import(request, pk)
    try:
        actions.import_commit(actor=request.user, tracker_import=tracker_import)
    except ValidationError as error:
        messages.error(request, _("; ").join(error.messages))
        return redirect(tracker_import)
    return redirect(tracker_import)


@require_GET
def import_progress(request, pk):
    tracker_import = _import(request, pk)
    return render(request, "reporting/_import_progress.html", {"imp": tracker_import})
