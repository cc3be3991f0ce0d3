from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accord.core.generic import calling, perform

from .. import access, actions
from ..forms import TemplateForm, TemplateVersionForm
from ..models import DocumentTemplate, TemplateUse


@require_GET
def template_list(request):
    if not request.user.is_internal:
        raise PermissionDenied(_("The templates library is internal to our company."))
    templates = (
        DocumentTemplate.objects.visible_to(request.user)
        .with_current()
        .annotate(use_count=Count("uses"))
    )
    return render(
        request,
        "knowledge/template_list.html",
        {"templates": templates, "can_edit": access.can_edit_library(request.user)},
    )


@require_http_methods(["GET", "POST"])
def template_create(request):
    if not access.can_edit_library(request.user):
        raise PermissionDenied(_("Only alliance leaders change the templates library."))
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        done = perform(
            request,
            form,
            lambda data: actions.template_create(
                actor=request.user,
                data={
                    "name": data["name"],
                    "kind": data["kind"],
                    "description": data["description"],
                },
                upload=data["file"],
                notes=data["notes"],
            ),
            success=lambda template: (
                _("“%(template)s” added to the library.") % {"template": template}
            ),
            then=lambda template: reverse("knowledge:template_detail", args=[template.pk]),
        )
        if done is not None:
            return done
    return render(
        request,
        "knowledge/template_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def template_detail(request, pk):
    template = access.get_template_for_user(request.user, pk)
    can_edit = access.can_edit_library(request.user)
    form = TemplateVersionForm(request.POST or None, request.FILES or None) if can_edit else None
    status = 200
    if request.method == "POST":
        template = access.get_template_for_user(request.user, pk, write=True)
        done = perform(
            request,
            form,
            calling(
                actions.template_version_add,
                ("upload", "file"),
                "notes",
                actor=request.user,
                template=template,
            ),
            success=lambda version: (
                _("Version %(number)s issued. Alliances keep their version until they adopt it.")
                % {"number": version.number}
            ),
            then=reverse("knowledge:template_detail", args=[template.pk]),
        )
        if done is not None:
            return done
        status = 400
    uses = (
        TemplateUse.objects.visible_to(request.user)
        .filter(template=template)
        .select_related("alliance", "version")
    )
    context = {
        "template": template,
        "versions": template.versions.select_related("file", "uploaded_by"),
        "uses": uses,
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "knowledge/template_detail.html", context, status=status)
