"""The register of one alliance: its agreements and every entry under them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import add_errors
from accord.core.generic import Entity, delete_view, edit_page, flash, render_form
from accord.core.models import AuditEvent
from accord.portfolio.access import get_alliance_for_user
from accord.portfolio.forms import DeleteForm

from .. import access, actions, services
from ..forms import (
    AgreementForm,
    DefinedTermForm,
    EventForm,
    UploadForm,
)
from ..models import (
    ContractEvent,
    ImportFinding,
    Milestone,
    Obligation,
    PresigningReview,
    Restriction,
    Right,
    State,
    sees_register,
)
from .imports import confirmed_message, finding_for_form

# --- The alliance's Contracts tab -----------------------------------------------------------

# The obligations in play the tab lists; the full list (filtered to the alliance) has the rest.
OBLIGATIONS_SHOWN = 20


@require_GET
def alliance_contracts(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    user = request.user
    if not sees_register(user):
        raise PermissionDenied(_("The contract register is internal to our company."))
    now = timezone.now()
    obligations = Obligation.objects.visible_to(user).filter(alliance=alliance)
    in_play = Q(state__in=(State.OPEN, State.IN_DISPUTE))
    counts = obligations.aggregate(in_play=Count("pk", filter=in_play), all=Count("pk"))
    context = {
        "alliance": alliance,
        "can_edit": access.can_edit_register(user, alliance),
        "agreements": alliance.agreements.select_related("amends").prefetch_related("parties"),
        # The obligations still in play (open or in dispute), those due first at the top and
        # those waiting for an event last; the rest, and the finished ones, are one link away
        # in the full list.
        "obligations": obligations.filter(in_play)
        .with_status(now)
        .select_related("agreement", "owner", "program")
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:OBLIGATIONS_SHOWN],
        "obligations_in_play": counts["in_play"],
        "obligations_finished": counts["all"] - counts["in_play"],
        "milestones": Milestone.objects.visible_to(user)
        .filter(alliance=alliance)
        .with_payment_status()
        .select_related("agreement", "payer", "payee", "program"),
        "rights": Right.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("agreement", "program"),
        "restrictions": Restriction.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("agreement")
        .prefetch_related("territories"),
        "events": ContractEvent.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("program"),
        "event_form": EventForm(alliance=alliance, user=user),
        "presigning_reviews": PresigningReview.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("created_by")[:10],
        "today": timezone.localdate(),
    }
    return render(request, "contracts/alliance_contracts.html", context)


@require_POST
def event_add(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    if not access.can_edit_register(request.user, alliance):
        raise PermissionDenied(_("You cannot record events for this alliance."))
    form = EventForm(request.POST, alliance=alliance, user=request.user)
    if form.is_valid():
        try:
            event = actions.event_record(actor=request.user, alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(event)s” recorded: what counts from it is now scheduled.")
                % {"event": event.name},
            )
            return redirect("contracts:alliance_contracts", pk=alliance.pk)
    for line in [
        _("%(field)s: %(error)s") % {"field": form.fields[f].label or f, "error": e}
        if f in form.fields
        else e
        for f, errs in form.errors.items()
        for e in errs
    ]:
        messages.error(request, line)
    return redirect("contracts:alliance_contracts", pk=alliance.pk)


@require_POST
def event_delete(request, pk):
    event = access.get_event_for_user(request.user, pk, write=True)
    reason = request.POST.get("reason", "")
    flash(
        request,
        lambda: actions.event_delete(actor=request.user, event=event, reason=reason),
        lambda _result: _("“%(event)s” removed.") % {"event": event.name},
    )
    return redirect("contracts:alliance_contracts", pk=event.alliance_id)


# --- Agreements -----------------------------------------------------------------------------


def _form_page(request, template, context, form):
    """A register form page; after a concurrent edit, `conflict` is the entry as saved now."""
    return render_form(request, template, context, form, conflict_key="conflict")


def register_edit(request, entity, obj, *, success=None):
    """The edit page of anything in the register (agreements, entries, variances, glossary
    terms): the shared entry form, the record as saved meanwhile after a concurrent edit."""
    context = {
        "alliance": obj.alliance,
        "what": entity.label,
        "entry_kind": entity.name,
        "object": obj,
    }
    template = "contracts/entry_form.html"
    return edit_page(request, entity, obj, template, context=context, success=success)


@require_http_methods(["GET", "POST"])
def agreement_create(request, pk):
    alliance = get_alliance_for_user(request.user, pk, write=True)
    finding = finding_for_form(request, alliance)
    initial = _prefill(request, "agreement")
    parties = [p for p in request.GET.getlist("parties") if p.isdigit()]
    if parties:
        initial["parties"] = parties
    form = AgreementForm(
        request.POST or None, initial=initial, alliance=alliance, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                agreement = actions.agreement_create(
                    actor=request.user, alliance=alliance, data=form.action_data()
                )
                if finding is not None:
                    actions.import_finding_confirm(
                        actor=request.user, finding=finding, entry=agreement
                    )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Agreement “%(agreement)s” added.") % {"agreement": agreement}
            )
            confirmed_message(request, finding, agreement)
            return redirect(agreement)
    context = {
        "alliance": alliance,
        "what": AGREEMENT.label,
        "entry_kind": "agreement",
        "finding": finding,
    }
    return _form_page(request, "contracts/entry_form.html", context, form)


PREFILL = {
    "agreement": {
        "title",
        "effective_date",
        "signature_date",
        "governing_law",
        "renewal_notice_days",
        "expiry_date",
        "renewal_term_months",
        "auto_renews",
    },
    "restriction": {"kind", "title", "clause_text"},
    "right": {"kind", "title", "clause_text"},
    "obligation": {
        "title",
        "description",
        "category",
        "rule",
        "recur_period",
        "recur_offset_days",
        "trigger_event",
        "event_offset_days",
        "notice_days",
        "business_days",
    },
    "milestone": {
        "kind",
        "title",
        "definition",
        "trigger_event",
        "amount_status",
        "amount",
        "currency",
    },
}


def _prefill(request, what: str) -> dict:
    """Initial values passed in the address, e.g. from the import page's suggestions."""
    return {k: v[:5000] for k, v in request.GET.items() if k in PREFILL.get(what, ())}


@require_GET
def agreement_detail(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    user = request.user
    alliance = agreement.alliance
    can_edit = access.can_edit_register(user, alliance)
    now = timezone.now()
    context = {
        "alliance": alliance,
        "agreement": agreement,
        "can_edit": can_edit,
        "parties": agreement.parties.all(),
        "documents": agreement.documents.all(),
        "amendments": agreement.amendments.all(),
        "terms": agreement.defined_terms.all(),
        "obligations": Obligation.objects.visible_to(user)
        .filter(agreement=agreement)
        .with_status(now)
        .select_related("owner"),
        "milestones": Milestone.objects.visible_to(user)
        .filter(agreement=agreement)
        .with_payment_status(),
        "rights": Right.objects.visible_to(user).filter(agreement=agreement),
        "restrictions": Restriction.objects.filter(agreement=agreement).prefetch_related(
            "territories"
        ),
        "conflicts": services.agreement_conflicts(agreement, user)
        if access.can_check_conflicts(user)
        else [],
        "term_form": DefinedTermForm() if can_edit else None,
        "upload_form": UploadForm() if can_edit else None,
        "history": AuditEvent.objects.for_object(agreement)[:20] if user.is_internal else [],
        "source": ImportFinding.objects.confirmed_as(agreement).first(),
    }
    return render(request, "contracts/agreement_detail.html", context)


AGREEMENT = Entity("agreement", AgreementForm, access, actions, label=gettext_lazy("agreement"))


@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    return register_edit(
        request,
        AGREEMENT,
        AGREEMENT.get(request.user, pk, write=True),
        success=_("Agreement saved."),
    )


agreement_delete = delete_view(
    AGREEMENT,
    form_class=DeleteForm,
    then=lambda agreement: reverse("contracts:alliance_contracts", args=[agreement.alliance_id]),
    success=lambda agreement: _("Agreement “%(agreement)s” deleted.") % {"agreement": agreement},
)


@require_POST
def term_add(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk, write=True)
    form = DefinedTermForm(request.POST)
    if form.is_valid():
        try:
            actions.defined_term_create(
                actor=request.user, agreement=agreement, data=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(term)s” added to the defined terms.") % {"term": form.cleaned_data["term"]},
            )
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(
                request,
                _("%(field)s: %(error)s")
                % {
                    "field": form.fields[field].label
                    if field in form.fields
                    else field.capitalize(),
                    "error": error,
                },
            )
    return redirect(agreement)


@require_POST
def term_delete(request, pk):
    term = access.get_defined_term_for_user(request.user, pk, write=True)
    actions.defined_term_delete(
        actor=request.user, term=term, reason="removed from the defined terms"
    )
    messages.success(request, _("“%(term)s” removed.") % {"term": term})
    return redirect(term.agreement)


@require_POST
def document_upload(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk, write=True)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        flash(
            request,
            lambda: actions.agreement_attach(
                actor=request.user, agreement=agreement, upload=form.cleaned_data["file"]
            ),
            lambda stored: _("“%(file)s” attached.") % {"file": stored},
        )
    else:
        messages.error(
            request,
            _("File: %(errors)s")
            % {"errors": "; ".join(form.errors.get("file", [_("choose a file")]))},
        )
    return redirect(agreement)
