from functools import partial

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.core.generic import calling, delete_page, perform

from .. import access, actions
from ..forms import DeleteForm, DocumentForm
from ..models import AllianceDocument


@require_http_methods(["GET", "POST"])
def alliance_documents(request, pk):
    """An alliance's documents: list, upload (checked by content), download via /files/."""
    alliance = access.get_alliance_for_user(request.user, pk)
    can_upload = access.can_upload_document(request.user, alliance)
    form = None
    status = 200
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied(_("Only the alliance's team adds documents."))
        form = DocumentForm(request.POST, request.FILES, alliance=alliance, user=request.user)
        done = perform(
            request,
            form,
            calling(
                actions.document_upload,
                ("upload", "file"),
                "title",
                "program",
                actor=request.user,
                alliance=alliance,
            ),
            success=lambda document: _("“%(document)s” added.") % {"document": document},
            then=reverse("portfolio:alliance_documents", args=[alliance.pk]),
        )
        if done is not None:
            return done
        status = 400
    documents = (
        AllianceDocument.objects.visible_to(request.user)
        .filter(alliance=alliance)
        .select_related("program", "file", "uploaded_by")
    )
    context = {
        "alliance": alliance,
        "documents": documents,
        "form": form
        or (DocumentForm(alliance=alliance, user=request.user) if can_upload else None),
        "can_upload": can_upload,
        "can_edit": access.can_edit_alliance(request.user, alliance),
    }
    return render(request, "portfolio/alliance_documents.html", context, status=status)


@require_http_methods(["GET", "POST"])
def document_delete(request, pk, doc_pk):
    alliance = access.get_alliance_for_user(request.user, pk)
    document = access.get_document_for_user(request.user, doc_pk, alliance=alliance, write=True)
    return delete_page(
        request,
        document,
        partial(actions.document_delete, actor=request.user, document=document),
        form_class=DeleteForm,
        success=_("“%(document)s” deleted.") % {"document": document},
        then=reverse("portfolio:alliance_documents", args=[alliance.pk]),
        cancel_url=f"/alliances/{alliance.pk}/documents/",
    )
