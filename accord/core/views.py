import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def is_htmx(request) -> bool:
    return (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"
    )


def render_list(request, template: str, partial: str, context: dict, status: int = 200):
    """The whole page, or just the results when htmx refreshes them in place."""
    return render(request, partial if is_htmx(request) else template, context, status=status)


def paginate(request, queryset, *, default_size: int | None = None):
    sizes = settings.ACCORD_PAGE_SIZES
    try:
        size = int(request.GET.get("per_page", default_size or sizes[0]))
    except ValueError:
        size = sizes[0]
    if size not in sizes:
        size = sizes[0]
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def list_export(request, found, template: str, *, sheet, context: dict | None = None):
    """A list page's whole filtered result as XLSX: `found` is the list's own (filterset, results,
    status) and `sheet` is (filename, title, headers, rows), `rows(results)` yielding a list per
    record. On a bad filter, the list page with the filter's errors (400) instead."""
    from .exports import xlsx_response

    filterset, results, status = found
    if status != 200:
        page = {"filter": filterset, "page": paginate(request, results), "total": 0}
        return render(request, template, {**page, **(context or {})}, status=status)
    filename, title, headers, rows = sheet
    return xlsx_response(filename, title, headers, rows(results))


def confirm_preview(request, salt: str, do):
    """The confirm step of an import (upload → preview, nothing saved → confirm): `do(payload)`
    with what the preview signed (valid for an hour), which may itself refuse the payload with
    BadSignature. Returns (its result, None) or (None, the error messages)."""
    from django.core import signing
    from django.core.exceptions import ValidationError

    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=salt, max_age=3600)
        return do(payload), None
    except signing.BadSignature:
        return None, [_("The preview has expired or was altered: upload the file again.")]
    except ValidationError as error:
        return None, error.messages


@require_GET
def home(request):
    """Each person's front door: the page reporting registers (My week), else the portfolio."""
    from .registry import HOME_VIEWS

    if HOME_VIEWS:
        return HOME_VIEWS[0](request)
    return redirect("portfolio:alliance_list")


@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when every check passes, 503 naming the failed."""
    from django.http import JsonResponse

    from .healthcheck import run_checks

    report = run_checks()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@require_GET
def file_download(request, pk):
    """Every stored file is served through here: scoped like the alliance it belongs to."""
    from django.shortcuts import get_object_or_404

    from .models import StoredFile

    stored = get_object_or_404(StoredFile.objects.visible_to(request.user), pk=pk)
    return stored_file_response(stored, stored.original_name, stored.content_type)


def stored_file_response(stored, filename: str, content_type: str):
    """A stored file as a download that nothing renders or sniffs; a 404 naming the problem
    when the storage has lost it."""
    from django.http import FileResponse

    from .files import open_stored

    try:
        handle = open_stored(stored)
    except FileNotFoundError as error:
        logger.error("Stored file %s (%s) is missing from the storage", stored.pk, stored.path)
        raise Http404(_("This file is no longer in the storage.")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _audit_or_400(request):
    from django.core.exceptions import ValidationError

    from .audit_trail import scoped_events

    try:
        return scoped_events(request.user, request.GET), None
    except ValidationError as error:
        return None, error


@require_GET
def audit_trail(request):
    """The audit trail page: the whole trail for reviewers, or one alliance's or object's."""
    from .audit_trail import PDF_MAX_RECORDS, AuditFilterForm

    scoped, error = _audit_or_400(request)
    if error is not None:
        form = AuditFilterForm(request.GET)
        form.is_valid()
        return render(
            request,
            "core/audit_trail.html",
            {"form": form, "page": None, "title": _("Audit trail"), "error": error},
            status=400,
        )
    events, title, form = scoped
    page = paginate(request, events.order_by("-at", "-id"), default_size=50)
    context = {
        "form": form,
        "page": page,
        "title": title,
        "query": request.GET.urlencode(),
        "pdf_max": PDF_MAX_RECORDS,
    }
    return render_list(request, "core/audit_trail.html", "core/_audit_results.html", context)


@require_GET
def audit_export(request, fmt):
    from . import documents
    from .audit_trail import PDF_MAX_RECORDS, csv_response, pdf_document

    scoped, error = _audit_or_400(request)
    if error is not None:
        return HttpResponse(
            "; ".join(f"{k}: {v[0]}" for k, v in error.message_dict.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    events, title, _form = scoped
    if fmt == "csv":
        return csv_response(events, "audit-trail")
    total = events.count()
    if total > PDF_MAX_RECORDS:
        return HttpResponse(
            _(
                "The PDF holds at most %(most)s records and this selection has %(total)s: "
                "narrow it (dates, actor, alliance or object) or export CSV, which holds every "
                "record."
            )
            % {"most": PDF_MAX_RECORDS, "total": total},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return documents.response(pdf_document(events, title, request.user), "pdf", "audit-trail")
