"""Brief me: the one-page brief on an alliance, or for one of its governance meetings, as a page
and as PDF. Internal: partner users get 404, as for anything outside their scope."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accord.core.cleaning import safe_filename
from accord.core.documents import PDF_TYPE
from accord.governance.models import Meeting
from accord.portfolio.models import Alliance

from .. import brief as briefs


def _internal(request):
    if not request.user.is_internal:
        raise Http404("No such page.")


def _respond(request, brief, fmt):
    if fmt == "pdf":
        reply = HttpResponse(briefs.pdf_bytes(brief), content_type=PDF_TYPE)
        name = safe_filename(f"brief-{brief.alliance.name}-{brief.today:%Y-%m-%d}.pdf")
        reply["Content-Disposition"] = f'attachment; filename="{name}"'
        return reply
    return render(request, "reporting/brief.html", {"brief": brief})


@require_GET
def alliance_brief(request, pk, fmt="html"):
    _internal(request)
    alliance = get_object_or_404(Alliance.objects.visible_to(request.user), pk=pk)
    return _respond(request, briefs.build(request.user, alliance), fmt)


@require_GET
def meeting_brief(request, pk, fmt="html"):
    _internal(request)
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("alliance", "committee"), pk=pk
    )
    return _respond(request, briefs.build(request.user, meeting.alliance, meeting), fmt)
