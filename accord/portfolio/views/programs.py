from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import add_errors
from accord.core.generic import (
    Entity,
    create_page,
    delete_view,
    edit_page,
    form_view,
    render_form,
)
from accord.core.models import AuditEvent
from accord.people import reauth, signatures

from .. import access, actions
from ..forms import ClearanceAmendForm, ClearanceSignForm, DeleteForm, ProgramForm
from ..models import Program

PROGRAM = Entity("program", ProgramForm, access, actions, form_scope=("alliance",))


def _clearance_context(request, program, sign_form=None):
    if not program.is_firewalled and not signatures.history(program, actions.CLEARANCE).exists():
        return {}
    content = actions.clearance_content(program)
    history = list(signatures.history(program, actions.CLEARANCE))
    for signature in history:
        signature.matches = signatures.verify_signature(signature, content)
    can_sign = access.can_sign_clearance(request.user, program)
    return {
        "clearance_signatures": history,
        "clearance_signed": any(s.is_current for s in history),
        "can_sign_clearance": can_sign,
        "sign_form": sign_form or (ClearanceSignForm() if can_sign else None),
    }


@require_GET
def program_detail(request, pk):
    program = access.get_program_for_user(request.user, pk)
    context = {
        **_clearance_context(request, program),
        "program": program,
        "alliance": program.alliance,
        "firewall_members": program.firewall_members.select_related("company")
        if program.is_firewalled
        else [],
        "can_edit": access.can_edit_program(request.user, program),
        "history": (
            AuditEvent.objects.for_object(program).select_related("content_type")[:20]
            if request.user.is_internal
            else []
        ),
    }
    return render(request, "portfolio/program_detail.html", context)


@require_http_methods(["GET", "POST"])
def program_create(request, pk):
    alliance = access.get_alliance_for_user(request.user, pk, write=True)
    return create_page(request, PROGRAM, alliance, "portfolio/program_form.html")


@require_POST
def program_clearance_sign(request, pk):
    program = access.get_program_for_user(request.user, pk)
    if not access.can_sign_clearance(request.user, program):
        raise PermissionDenied(_("You cannot sign this program's firewall clearance."))
    form = ClearanceSignForm(request.POST)
    if form.is_valid():
        try:
            signature = actions.program_sign_clearance(
                actor=request.user,
                program=program,
                meaning=form.cleaned_data["meaning"],
                **reauth.proof(request, form.cleaned_data),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Firewall clearance signed: %(signature)s.") % {"signature": signature}
            )
            return redirect("portfolio:program_detail", pk=program.pk)
    context = {
        "program": program,
        "alliance": program.alliance,
        "firewall_members": program.firewall_members.select_related("company"),
        "can_edit": access.can_edit_program(request.user, program),
        **_clearance_context(request, program, sign_form=form),
    }
    return render(request, "portfolio/program_detail.html", context, status=400)


def _program_or_alliance(user, program) -> str:
    """Where to go after a save: someone who just took themselves off a firewall can no longer
    see the program."""
    if Program.objects.visible_to(user).filter(pk=program.pk).exists():
        return reverse("portfolio:program_detail", args=[program.pk])
    return reverse("portfolio:alliance_detail", args=[program.alliance_id])


@require_http_methods(["GET", "POST"])
def program_clearance_amend(request, pk):
    program = access.get_program_for_user(request.user, pk, write=True)
    return form_view(
        request,
        ClearanceAmendForm(request.POST or None, program=program),
        lambda data: actions.program_amend_clearance(
            actor=request.user,
            program=program,
            is_firewalled=data["is_firewalled"],
            firewall_members=list(data["firewall_members"]),
            reason=data["reason"],
            expected_version=data.get("version"),
        ),
        success=_("Clearance amended: it needs signing again."),
        then=lambda _: _program_or_alliance(request.user, program),
        page=partial(
            render_form,
            request,
            "portfolio/clearance_amend.html",
            {"program": program, "alliance": program.alliance},
            conflict_key="conflict",
        ),
        on_conflict="overwrite",
    )


@require_http_methods(["GET", "POST"])
def program_edit(request, pk):
    program = access.get_program_for_user(request.user, pk, write=True)
    signed = signatures.is_signed(program, actions.CLEARANCE)
    form = PROGRAM.bound_form(request, program, clearance_signed=signed)
    return edit_page(
        request,
        PROGRAM,
        program,
        "portfolio/program_form.html",
        context={"alliance": program.alliance, "program": program},
        then=lambda _: _program_or_alliance(request.user, program),
        form=form,
    )


program_delete = delete_view(
    PROGRAM,
    form_class=DeleteForm,
    then=lambda program: reverse("portfolio:alliance_detail", args=[program.alliance_id]),
    allowed=lambda user, program: user.can_create_records,
    refused=gettext_lazy("You cannot delete programs."),
    invalid_status=200,
)
