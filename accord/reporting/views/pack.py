"""The executive pack (PowerPoint or PDF) for the person downloading it."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from accord.core.access import require_internal
from accord.core.documents import PDF_TYPE

from .. import pack


@require_GET
def executive_pack(request, fmt):
    require_internal(request.user, "The executive pack")
    if fmt not in ("pptx", "pdf"):
        return HttpResponseBadRequest("format: choose pptx or pdf.")
    built = pack.build(request.user)
    if fmt == "pptx":
        content, content_type = pack.to_pptx(built), pack.PPTX_TYPE
    else:
        content, content_type = pack.to_pdf_bytes(built), PDF_TYPE
    reply = HttpResponse(content, content_type=content_type)
    reply["Content-Disposition"] = (
        f'attachment; filename="executive-pack-{built.board.today:%Y-%m-%d}.{fmt}"'
    )
    return reply
