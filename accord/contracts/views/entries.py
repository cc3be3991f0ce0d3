"""Register entries (obligations, milestones, rights, restrictions): create, edit, delete, and
their detail pages with what each can do (complete, change state, exercise)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import add_errors
from accord.core.generic import Entity, calling, delete_entity, entity_of, perform
from accord.core.models import AuditEvent
from accord.portfolio.access import get_alliance_for_user, get_program_for_user
from accord.portfolio.forms import DeleteForm

from .. import access, actions, services
from ..actions import obligations
from ..forms import (
    CompleteForm,
    MilestoneForm,
    ObligationForm,
    RestrictionForm,
    RightForm,
    StateForm,
)
from ..models import (
    ImportFinding,
)
from .imports import confirmed_message, finding_for_form
from .register import _form_page, _prefill, register_edit

ENTITIES = {
    "obligation": Entity(
        "obligation", ObligationForm, access, actions, label=gettext_lazy("obligation")
    ),
    "milestone": Entity(
        "milestone", MilestoneForm, access, actions, label=gettext_lazy("milestone")
    ),
    "right": Entity("right", RightForm, access, actions, label=gettext_lazy("right")),
    "restriction": Entity(
        "restriction", RestrictionForm, access, actions, label=gettext_lazy("restriction")
    ),
}

# Whole sentences per kind of entry, for the translators (not "<label> saved.").
ADDED = {
    "obligation": gettext_lazy("Obligation “%(entry)s” added."),
    "milestone": gettext_lazy("Milestone “%(entry)s” added."),
    "right": gettext_lazy("Right “%(entry)s” added."),
    "restriction": gettext_lazy("Restriction “%(entry)s” added."),
}
SAVED = {
    "obligation": gettext_lazy("Obligation saved."),
    "milestone": gettext_lazy("Milestone saved."),
    "right": gettext_lazy("Right saved."),
    "restriction": gettext_lazy("Restriction saved."),
}
DELETED = {
    "obligation": gettext_lazy("Obligation “%(entry)s” deleted."),
    "milestone": gettext_lazy("Milestone “%(entry)s” deleted."),
    "right": gettext_lazy("Right “%(entry)s” deleted."),
    "restriction": gettext_lazy("Restriction “%(entry)s” deleted."),
}


def _entity(kind: str) -> Entity:
    return entity_of(ENTITIES, kind, _("No such kind of register entry."))


# --- Entries (obligations, milestones, rights, restrictions) --------------------------------


@require_http_methods(["GET", "POST"])
def entry_create(request, pk, kind):
    entity = _entity(kind)
    alliance = get_alliance_for_user(request.user, pk, write=True)
    initial = _prefill(request, kind)
    agreement_id = request.GET.get("agreement")
    if agreement_id and agreement_id.isdigit():
        initial["agreement"] = alliance.agreements.filter(pk=agreement_id).first()
    finding = finding_for_form(request, alliance)
    form = entity.form(request.POST or None, initial=initial, alliance=alliance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                entry = entity.create(
                    actor=request.user, alliance=alliance, data=form.action_data()
                )
                if finding is not None:
                    actions.import_finding_confirm(actor=request.user, finding=finding, entry=entry)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, ADDED[kind] % {"entry": entry})
            confirmed_message(request, finding, entry)
            return redirect(entry)
    context = {
        "alliance": alliance,
        "what": entity.label,
        "entry_kind": kind,
        "finding": finding,
    }
    return _form_page(request, "contracts/entry_form.html", context, form)


@require_http_methods(["GET", "POST"])
def entry_edit(request, kind, pk):
    entity = _entity(kind)
    return register_edit(
        request, entity, entity.get(request.user, pk, write=True), success=SAVED[kind]
    )


@require_http_methods(["GET", "POST"])
def entry_delete(request, kind, pk):
    entity = _entity(kind)
    entry = entity.get(request.user, pk, write=True)
    done = reverse("contracts:alliance_contracts", args=[entry.alliance_id])
    return delete_entity(
        request,
        entity,
        entry,
        form_class=DeleteForm,
        then=done,
        success=DELETED[kind] % {"entry": entry},
    )


def _detail(request, kind, entry, **extra):
    user = request.user
    context = {
        "alliance": entry.alliance,
        "kind": kind,
        "entry": entry,
        "can_edit": access.can_edit_register(user, entry.alliance),
        "can_check": access.can_check_conflicts(user),
        "source": ImportFinding.objects.confirmed_as(entry).first(),
        "history": AuditEvent.objects.for_object(entry).visible_to(user)[:20]
        if user.is_internal
        else [],
        **extra,
    }
    return render(request, f"contracts/{kind}_detail.html", context)


@require_GET
def obligation_detail(request, pk):
    obligation = access.get_obligation_for_user(request.user, pk)
    return _detail(
        request,
        "obligation",
        obligation,
        status=obligation.status_at(),
        variance=obligation.active_variance(),
        variances=obligation.variances.all().order_by("-starts_on", "-pk"),
        completions=obligation.completions.select_related("completed_by", "evidence_file"),
        complete_form=CompleteForm(initial={"completed_on": timezone.localdate()}),
        state_form=StateForm(),
        follows_meetings=obligations.follows_meetings(obligation),
    )


def _obligation_refused(request, obligation, *, complete_form, state_form):
    """The obligation's page again, with what was wrong with the completion or status form."""
    context = {
        "alliance": obligation.alliance,
        "kind": "obligation",
        "entry": obligation,
        "status": obligation.status_at(),
        "can_edit": True,
        "complete_form": complete_form,
        "state_form": state_form,
        "completions": obligation.completions.all(),
    }
    return render(request, "contracts/obligation_detail.html", context, status=400)


@require_POST
def obligation_complete(request, pk):
    obligation = access.get_obligation_for_user(request.user, pk, write=True)
    form = CompleteForm(request.POST, request.FILES)
    done = perform(
        request,
        form,
        lambda data: actions.obligation_complete(
            actor=request.user,
            obligation=obligation,
            completed_on=data["completed_on"],
            evidence=data["evidence"],
            evidence_upload=data.get("evidence_file"),
        ),
        success=_("Recorded as done."),
        then=obligation,
    )
    if done is not None:
        return done
    obligation.refresh_from_db()
    return _obligation_refused(request, obligation, complete_form=form, state_form=StateForm())


@require_POST
def obligation_state(request, pk):
    obligation = access.get_obligation_for_user(request.user, pk, write=True)
    form = StateForm(request.POST)
    done = perform(
        request,
        form,
        calling(
            actions.obligation_set_state,
            "state",
            "reason",
            actor=request.user,
            obligation=obligation,
        ),
        success=_("Status changed."),
        then=obligation,
    )
    if done is not None:
        return done
    return _obligation_refused(request, obligation, complete_form=CompleteForm(), state_form=form)


@require_GET
def milestone_detail(request, pk):
    milestone = access.get_milestone_for_user(request.user, pk)
    return _detail(request, "milestone", milestone, terms=milestone.defined_terms.all())


@require_GET
def right_detail(request, pk):
    right = access.get_right_for_user(request.user, pk)
    overlaps = services.right_conflicts(right) if access.can_check_conflicts(request.user) else []
    return _detail(
        request,
        "right",
        right,
        overlaps=overlaps,
        territories=right.territories.all(),
        notices=right.notice_obligations.all(),
        today=timezone.localdate(),
    )


@require_POST
def right_exercise(request, pk):
    right = access.get_right_for_user(request.user, pk, write=True)
    from django.utils.dateparse import parse_date

    exercised_on = parse_date(request.POST.get("exercised_on", "") or "")
    if exercised_on is None:
        messages.error(request, _("Exercised on: give the date (YYYY-MM-DD)."))
        return redirect(right)
    try:
        actions.right_exercise(
            actor=request.user,
            right=right,
            exercised_on=exercised_on,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(
            request,
            "; ".join(
                f"{k.replace('_', ' ').capitalize()}: {' '.join(v)}"
                for k, v in error.message_dict.items()
            ),
        )
    else:
        messages.success(request, _("Right recorded as exercised."))
    return redirect(right)


@require_GET
def restriction_detail(request, pk):
    restriction = access.get_restriction_for_user(request.user, pk)
    check = (
        services.restriction_conflicts(restriction, request.user)
        if access.can_check_conflicts(request.user)
        else None
    )
    return _detail(
        request, "restriction", restriction, check=check, territories=restriction.territories.all()
    )


@require_GET
def program_conflicts(request, pk):
    """The conflict panel of a program (shown on the program page after every save)."""
    program = get_program_for_user(request.user, pk)
    if not access.can_check_conflicts(request.user):
        raise PermissionDenied(_("Conflict checks are internal to our company."))
    return render(
        request,
        "contracts/program_conflicts.html",
        {
            "program": program,
            "alliance": program.alliance,
            "overlaps": services.program_conflicts(program),
        },
    )
